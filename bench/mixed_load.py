#!/usr/bin/env python3
"""Mixed load: staff browsing, public filings and document downloads at once (issue 11).

Target: with 50 concurrent users for 60 s against gunicorn (2 workers) on loopback, over a
database of ~2,000 demo cases, no response is a 5xx and no filing is lost (a filing answered
302 whose case is not in the database afterwards).

Run from the project root with the project's virtualenv:

    .venv/bin/python bench/mixed_load.py                        # 60 s, 50 users, SQLite
    .venv/bin/python bench/mixed_load.py --seconds 120 --users 50 --cases 2000
    .venv/bin/python bench/mixed_load.py --worker-class gthread --threads 4
    .venv/bin/python bench/mixed_load.py \
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/qtrax_bench_mixed

Set-up (not timed), on a throw-away instance (temporary directory; with --database-url a
dedicated PostgreSQL database, dropped and created afresh and dropped at the end; `test` and
the maintenance databases are refused):

1. ``flask --app app db upgrade``, ``flask --app app demo seed --cases N`` and one counsel
   user from ``flask --app app users create``;
2. a sample of case numbers and of (case number, document id) pairs is read from the
   database; gunicorn starts with 2 workers (sync unless told otherwise);
3. each virtual user signs in through /login (CSRF token + cookie).

Then every user loops, without think time, over a weighted random mix of operations:

| kind       | request                                                     | weight |
|------------|-------------------------------------------------------------|--------|
| cases_list | GET /cases                                                  | 15     |
| search     | GET /cases?q=<surname, story word or number prefix>         | 15     |
| case_page  | GET /cases/<number>                                         | 20     |
| deadlines  | GET /deadlines                                              | 10     |
| download   | GET /cases/<number>/documents/<id>                          | 25     |
| filing     | GET /complaint + POST multipart /complaint (small PDF), as  | 15     |
|            | a member of the public (own cookie jar, no sign-in)         |        |

Reported per kind: operations/s (completed within the window / seconds), latency median and
p95, 5xx answers, other unexpected answers and transport errors. After the run every filing
answered 302 is looked up through the app's models (its unique account marker and the case
number from the session): lost = answered 302 but no case in the database. The document and
its stored file are checked too.

Prints a summary table and writes bench/results/mixed_load-<timestamp>.json.
Exit status: 0 when there was no 5xx, no lost filing and no transport error; 1 otherwise;
2 when the benchmark could not be set up. Standard library only (threads + http.client).
"""

from __future__ import annotations

import argparse
import json
import random
import secrets
import shutil
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import loadlib as L  # noqa: E402

STAFF_EMAIL = "load-counsel@example.com"
KINDS = {  # kind: weight
    "cases_list": 15,
    "search": 15,
    "case_page": 20,
    "deadlines": 10,
    "download": 25,
    "filing": 15,
}
SEARCH_TERMS = ["Smith", "Patel", "Garcia", "Nguyen", "Okafor", "spam", "breach", "deleted",
                "Ana", "Omar", "QD-2026", "QD-2025", "example"]

_SAMPLE = r"""
import json, random
from sqlalchemy import select
from qtrax_disputes.web.app import create_app
from qtrax_disputes.web.extensions import db
from qtrax_disputes.cases.models import Case
from qtrax_disputes.documents.models import Document

app = create_app()
with app.app_context():
    numbers = db.session.scalars(select(Case.number)).all()
    docs = db.session.execute(select(Case.number, Document.id)
                              .join(Document, Document.case_id == Case.id)
                              .where(Document.deleted_at.is_(None))).all()
    rng = random.Random(11)
    print(json.dumps({"cases": len(numbers),
                      "numbers": rng.sample(numbers, min(500, len(numbers))),
                      "documents": [list(d) for d in rng.sample(docs, min(500, len(docs)))]}))
"""


class Recorder:
    """Thread-safe list of (kind, end time, latency, outcome)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.rows: list[tuple[str, float, float, str]] = []
        self.filings: list[L.Filing] = []
        self.samples_5xx: list[str] = []

    def add(self, kind: str, ended: float, latency: float, outcome: str, note: str = ""):
        with self.lock:
            self.rows.append((kind, ended, latency, outcome))
            if outcome == "5xx" and len(self.samples_5xx) < 10:
                self.samples_5xx.append(f"{kind}: {note}")


def outcome_of(status: int | None, expected: tuple[int, ...]) -> str:
    if status is None:
        return "transport"
    if status >= 500:
        return "5xx"
    return "ok" if status in expected else "unexpected"


def user_loop(uid: int, port: int, staff: L.Client, sample: dict, stop_at: float,
              rec: Recorder, run_id: str, attachment_kb: int) -> None:
    rng = random.Random(uid)
    kinds, weights = list(KINDS), list(KINDS.values())
    n = 0
    while time.perf_counter() < stop_at:
        kind = rng.choices(kinds, weights)[0]
        n += 1
        if kind == "filing":
            marker = f"{run_id}-u{uid:02d}-{n:05d}"
            filing = L.Filing(marker, L.pdf_bytes(attachment_kb * 1024)).run("127.0.0.1",
                                                                              port)
            ended = time.perf_counter()
            if filing.error and filing.status is None:
                outcome = "transport"
            else:
                outcome = outcome_of(filing.status, (302, 303))
                if outcome == "ok" and not filing.ok:
                    outcome = "unexpected"
            with rec.lock:
                rec.filings.append(filing)
            rec.add(kind, ended, filing.total_s, outcome, filing.error or "")
            continue
        if kind == "cases_list":
            path = "/cases" if rng.random() < 0.7 else f"/cases?page={rng.randint(2, 10)}"
        elif kind == "search":
            path = "/cases?" + urllib.parse.urlencode({"q": rng.choice(SEARCH_TERMS)})
        elif kind == "case_page":
            path = f"/cases/{rng.choice(sample['numbers'])}"
        elif kind == "deadlines":
            path = "/deadlines"
        else:
            number, doc_id = rng.choice(sample["documents"])
            path = f"/cases/{number}/documents/{doc_id}"
        started = time.perf_counter()
        try:
            status, _, _body = staff.get(path)
            note = f"GET {path} -> {status}"
        except Exception as exc:  # noqa: BLE001 - counted as a transport error
            status, note = None, f"GET {path}: {type(exc).__name__}: {exc}"
        ended = time.perf_counter()
        outcome = outcome_of(status, (200,))
        rec.add(kind, ended, ended - started, outcome, note)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60, help="measured duration (60)")
    parser.add_argument("--users", type=int, default=50, help="concurrent users (50)")
    parser.add_argument("--cases", type=int, default=2000, help="demo cases seeded (2000)")
    parser.add_argument("--attachment-kb", type=int, default=20,
                        help="size of the filings' PDF attachment in KiB (20)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    parser.add_argument("--worker-class", choices=("sync", "gthread"), default="sync",
                        help="gunicorn worker class (sync)")
    parser.add_argument("--threads", type=int, default=4, help="threads per gthread worker")
    parser.add_argument("--database-url", default=None,
                        help="PostgreSQL URL of a dedicated database (dropped and recreated); "
                             "default: SQLite in the temporary directory")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir / database")
    args = parser.parse_args(argv)

    tmp = L.new_tmp()
    server = None
    pg_created = False
    try:
        if args.database_url:
            L.prepare_postgres(args.database_url)
            pg_created = True
        env = L.bench_env(tmp, args.database_url)
        print(f"instance: {tmp}  database: {L.redact_url(args.database_url)}")
        L.run_cli(["db", "upgrade"], env)
        t0 = time.perf_counter()
        L.run_cli(["demo", "seed", "--cases", str(args.cases)], env)
        print(f"seeded {args.cases} demo cases in {time.perf_counter() - t0:.1f} s")
        L.create_user(env, STAFF_EMAIL, "counsel")
        result = subprocess.run([sys.executable, "-c", _SAMPLE], cwd=L.PROJECT_ROOT, env=env,
                                capture_output=True, text=True, timeout=300)
        if result.returncode != 0:
            raise L.BenchError(f"could not sample the database:\n{result.stderr[-3000:]}")
        sample = json.loads(result.stdout.strip().splitlines()[-1])
        if not sample["numbers"] or not sample["documents"]:
            raise L.BenchError("the seeded database has no cases or no documents")

        server = L.Server(env, tmp, workers=args.workers, worker_class=args.worker_class,
                          threads=args.threads)
        server.wait_ready()
        print(f"server: {server.description} on 127.0.0.1:{server.port}; "
              f"{sample['cases']} cases in the database")

        staff_clients = []
        for _ in range(args.users):
            client = L.Client("127.0.0.1", server.port, timeout=120)
            L.log_in(client, STAFF_EMAIL)
            staff_clients.append(client)
        # Warm-up (not counted): every page kind once per worker.
        for _ in range(args.workers):
            for path in ("/cases", "/deadlines", f"/cases/{sample['numbers'][0]}"):
                staff_clients[0].get(path)

        run_id = "mixed-" + secrets.token_hex(4)
        rec = Recorder()
        print(f"{args.users} users for {args.seconds:g} s ...")
        started = time.perf_counter()
        stop_at = started + args.seconds
        threads = [threading.Thread(target=user_loop, daemon=True, args=(
            i, server.port, staff_clients[i], sample, stop_at, rec, run_id,
            args.attachment_kb)) for i in range(args.users)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(args.seconds + 180)
        wall = time.perf_counter() - started

        found = L.inspect_database(env, run_id)
        check = L.verify_filings(rec.filings, found)
        server_tracebacks = server.count_in_log(r"Traceback|Exception on ")

        per_kind = {}
        table = []
        in_window = [r for r in rec.rows if r[1] <= stop_at]
        for kind in [*KINDS, "all"]:
            rows = [r for r in rec.rows if kind == "all" or r[0] == kind]
            window_ok = [r for r in in_window if (kind == "all" or r[0] == kind)
                         and r[3] == "ok"]
            lat = L.latency_summary([r[2] for r in rows if r[3] == "ok"])
            counts = {o: sum(1 for r in rows if r[3] == o)
                      for o in ("ok", "5xx", "unexpected", "transport")}
            rate = len(window_ok) / args.seconds
            per_kind[kind] = {"ops_per_s": round(rate, 2), "completed": len(rows), **counts,
                              "latency": lat}
            table.append([kind, len(rows), f"{rate:.1f}", lat["median_ms"], lat["p95_ms"],
                          counts["5xx"], counts["unexpected"], counts["transport"]])
        total_5xx = per_kind["all"]["5xx"]
        transport = per_kind["all"]["transport"]
        lost = check["lost_filings"]

        print()
        print(f"{server.description}, {'postgresql' if args.database_url else 'sqlite'}, "
              f"{sample['cases']} seeded cases, {args.users} users, {args.seconds:g} s "
              f"(all threads done after {wall:.1f} s)")
        L.print_table(["kind", "done", "ops/s", "median ms", "p95 ms", "5xx", "unexpected",
                       "transport"], table)
        print("(a filing is 2 requests: GET /complaint + POST /complaint; its latency is both)")
        print()
        L.print_table(["check", "value"], [
            ["5xx answers", f"{total_5xx} (must be 0)"],
            ["filings answered 302", check["accepted_filings"]],
            ["  cases found in DB", check["cases_found"]],
            ["  lost filings", f"{lost} (must be 0)"],
            ["  documents / files missing", f"{check['documents_missing']} / "
                                            f"{check['files_missing_or_wrong_size']}"],
            ["transport errors", transport],
            ["tracebacks in server log", server_tracebacks],
        ])
        for sample_5xx in rec.samples_5xx:
            print(f"  5xx: {sample_5xx}")
        failed = total_5xx or lost or transport or check["documents_missing"] \
            or check["files_missing_or_wrong_size"]
        verdict = "FAIL" if failed else "PASS"
        print(f"\nresult: {verdict}")

        path = L.write_results("mixed_load", {
            "benchmark": "mixed_load", "issue": "11",
            "server": server.description, "server_cmd": server.cmd[1:],
            "database": "postgresql" if args.database_url else "sqlite",
            "database_url": L.redact_url(args.database_url),
            "seeded_cases": sample["cases"], "users": args.users, "seconds": args.seconds,
            "weights": KINDS, "attachment_bytes": args.attachment_kb * 1024,
            "wall_s": round(wall, 2), "per_kind": per_kind,
            "total_5xx": total_5xx, "transport_errors": transport,
            "filings": check, "lost_filings": lost, "samples_5xx": rec.samples_5xx,
            "server_tracebacks": server_tracebacks,
            "machine": L.machine_info(), "result": verdict,
        })
        print(f"results: {path.relative_to(L.PROJECT_ROOT)}")
        if failed:
            print("--- server log (tail) ---\n" + server.log_tail(40), file=sys.stderr)
        return 1 if failed else 0
    except L.BenchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        if server is not None:
            server.stop()
        if pg_created and not args.keep:
            try:
                L.drop_postgres(args.database_url)
            except Exception as exc:  # noqa: BLE001 - report, do not mask the result
                print(f"warning: could not drop the database: {exc}", file=sys.stderr)
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
