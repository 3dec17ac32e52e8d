"""Mass arbitration at scale: importing a wave, a bulk step, the mass page and its case list.

What the issue asks (figures in bench/README.md):
- a mass of 20,000 claimants imports in under 60 s, its memory within 100 MB of the idle app;
- a bulk step for 5,000 cases, every event, deadline and audit entry written, under 60 s;
- the mass page at 20,000 members under 100 ms median; the case list filtered to it under 30 ms.

Set-up (not timed): a throw-away instance (SQLite in a temporary folder, or with
--database-url a dedicated PostgreSQL database, dropped and made afresh); a CSV of --rows
claimants written from one template, as coordinated counsel file them.

Timed, each as the operator runs it (`flask --app app mass ...` in a child process):
1. `mass import` of the --rows claimants at "arbitration demanded" (mediation waived): wall
   time, and the child's peak resident memory against an idle `flask` process of the app;
2. `mass import` of --step-cases more at "filed" into a second mass, then `mass step` of that
   mass to triage: the step's wall time;
3. gunicorn with one sync worker, a counsel signed in: GET /masses/<id> and
   GET /cases?mass=<id> --requests times each (the first one dropped), median and p90.
   READ_CACHE_SECONDS=0, so every page is computed afresh.

Usage: .venv/bin/python bench/mass_scale.py [--rows 20000] [--step-cases 5000]
       [--requests 21] [--database-url postgresql+psycopg://.../qtrax_bench_mass]
"""

from __future__ import annotations

import argparse
import csv
import re
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import loadlib as L  # noqa: E402

TEMPLATE = ("Qtrax shared my listening history with advertisers after I opted out of data "
            "sharing in my settings. Claimant {i} seeks statutory damages under the policy.")


def write_csv(path: Path, rows: int, prefix: str) -> None:
    with path.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["name", "email", "account", "claim", "incident date", "demand filed",
                         "counsel", "counsel email"])
        for i in range(rows):
            writer.writerow([f"Claimant {prefix}{i}", f"{prefix}{i}@claimants.example",
                             f"{prefix}user{i}", TEMPLATE.format(i=i), "2026-03-01",
                             "2026-10-05", "Coordinated Claims LLP", "intake@cc.example"])


def timed_cli(args: list[str], env: dict[str, str]) -> tuple[float, int, str]:
    """(seconds, peak resident kB of the command, its output); GNU time reads the peak."""
    started = time.perf_counter()
    result = subprocess.run(["/usr/bin/time", "-f", "maxrss_kb=%M",
                             str(L.BIN_DIR / "flask"), "--app", "app", *args],
                            cwd=L.PROJECT_ROOT, env=env, capture_output=True, text=True,
                            timeout=7200)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise L.BenchError(f"flask {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    peak = re.search(r"maxrss_kb=(\d+)", result.stderr)
    return seconds, int(peak.group(1)) if peak else 0, result.stdout


def mass_id(env: dict[str, str], name: str) -> int:
    out = subprocess.run([str(L.BIN_DIR / "python"), "-c", (
        "from qtrax_disputes.web.app import create_app\n"
        "from qtrax_disputes.mass.queries import mass_named\n"
        f"app = create_app()\nwith app.app_context(): print(mass_named({name!r}).id)")],
        cwd=L.PROJECT_ROOT, env=env, capture_output=True, text=True, check=True)
    return int(out.stdout.strip().splitlines()[-1])


def page_times(client: L.Client, path: str, requests: int) -> dict:
    seconds = []
    for _ in range(requests):
        started = time.perf_counter()
        status, _, _ = client.get(path)
        seconds.append(time.perf_counter() - started)
        if status != 200:
            raise L.BenchError(f"GET {path} answered {status}")
    kept = seconds[1:]  # the first request warms the worker
    return {"median_ms": round(statistics.median(kept) * 1000, 1),
            "p90_ms": round(L.percentile(kept, 90) * 1000, 1), "requests": len(kept)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--step-cases", type=int, default=5_000)
    parser.add_argument("--requests", type=int, default=21)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    tmp = L.new_tmp()
    if args.database_url:
        L.prepare_postgres(args.database_url)
    env = L.bench_env(tmp, args.database_url)
    env["READ_CACHE_SECONDS"] = "0"  # every page computed afresh, not read from the cache
    server = None
    try:
        L.run_cli(["db", "upgrade"], env)
        L.create_user(env, "counsel@bench.example", "counsel")
        _, idle_kb, _ = timed_cli(["mass", "list"], env)
        wave, steps = tmp / "wave.csv", tmp / "steps.csv"
        write_csv(wave, args.rows, "w")
        write_csv(steps, args.step_cases, "s")

        print(f"importing {args.rows:,} claimants ...", flush=True)
        import_s, import_kb, out = timed_cli(
            ["mass", "import", str(wave), "--mass", "Wave", "--stage", "arbitration_demanded",
             "--mediation-waived"], env)
        if f"Imported {args.rows} cases" not in out:
            raise L.BenchError(f"the import did not import every row:\n{out[-2000:]}")

        timed_cli(["mass", "import", str(steps), "--mass", "Steps", "--stage", "filed"], env)
        print(f"stepping {args.step_cases:,} cases to triage ...", flush=True)
        step_s, _, out = timed_cli(["mass", "step", "Steps", "--to", "triage", "--on",
                                    date.today().isoformat(), "--yes"], env)
        moved = re.search(r"Moved (\d+)", out)
        if not moved or int(moved.group(1)) != args.step_cases:
            raise L.BenchError(f"the bulk step did not move every case:\n{out[-2000:]}")

        server = L.Server(env, tmp, workers=1)
        server.wait_ready()
        client = L.Client("127.0.0.1", server.port, timeout=120)
        L.log_in(client, "counsel@bench.example")
        the_mass = mass_id(env, "Wave")
        results = {
            "database": L.redact_url(args.database_url), "rows": args.rows,
            "step_cases": args.step_cases,
            "import_seconds": round(import_s, 1),
            "import_rows_per_second": round(args.rows / import_s),
            "import_peak_mb": round(import_kb / 1024, 1) if import_kb else None,
            "idle_app_mb": round(idle_kb / 1024, 1) if idle_kb else None,
            "bulk_step_seconds": round(step_s, 1),
            "bulk_step_cases_per_second": round(args.step_cases / step_s),
            "mass_page": page_times(client, f"/masses/{the_mass}", args.requests),
            "case_list_filtered": page_times(client, f"/cases?mass={the_mass}&state=all",
                                             args.requests),
            "machine": L.machine_info(),
        }
    finally:
        if server:
            server.stop()
        if args.database_url:
            L.drop_postgres(args.database_url)
    for key, value in results.items():
        if key != "machine":
            print(f"{key}: {value}")
    print(f"results: {L.write_results('mass_scale', results)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
