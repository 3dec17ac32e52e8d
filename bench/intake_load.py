#!/usr/bin/env python3
"""Complaint intake under load: filings per second with a 1 MiB attachment (issue 10, item 2).

Target: at least 50 filings/s with 20 concurrent clients against gunicorn with 2 workers,
and no filing lost.

Run from the project root with the project's virtualenv:

    .venv/bin/python bench/intake_load.py                         # 300 filings, SQLite
    .venv/bin/python bench/intake_load.py --filings 600 --clients 20
    .venv/bin/python bench/intake_load.py --worker-class gthread --threads 4
    .venv/bin/python bench/intake_load.py \
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/qtrax_bench_intake

What it does, against a throw-away instance (temporary directory for uploads and, by
default, the SQLite database; with --database-url a dedicated PostgreSQL database that is
dropped and created afresh, and dropped at the end; `test` and the maintenance databases
are refused):

1. ``flask --app app db upgrade``; starts ``gunicorn -w 2`` (sync workers unless told
   otherwise) on a free loopback port, with the complaint rate limit raised out of the way;
2. N filings by C client threads. Each filing is what a browser does: GET /complaint (CSRF
   token + session cookie), then POST /complaint as multipart/form-data with every field of
   the form (website, the honeypot, empty) and one attachment: ``%PDF-1.4\\n`` followed by
   random bytes (1 MiB by default, different for every filing so none is deduplicated);
3. filings/s = filings answered 302 / wall time of the batch; the batch is run R times
   (--rounds, 3) one after another on the same server, and the median is judged; latency of
   a filing = GET + POST; the POST alone is reported too;
4. afterwards, through the app's models (create_app in a subprocess): every filing answered
   302 has its case (found by its unique account marker, with the case number from the
   session), a document with the sha256 of the bytes sent, and that file in UPLOAD_DIR with
   the right size. Total cases and documents are counted as well.

Prints a summary table and writes bench/results/intake_load-<timestamp>.json.
Exit status: 0 when the target is met and nothing is lost or failed; 1 otherwise; 2 when the
benchmark could not be set up. Standard library only (threads + http.client).
"""

from __future__ import annotations

import argparse
import secrets
import shutil
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import loadlib as L  # noqa: E402

MIB = 1024 * 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--filings", type=int, default=300, help="number of filings (300)")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients (20)")
    parser.add_argument("--size-kb", type=int, default=1024,
                        help="attachment size in KiB (1024 = 1 MiB)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    parser.add_argument("--worker-class", choices=("sync", "gthread"), default="sync",
                        help="gunicorn worker class (sync)")
    parser.add_argument("--threads", type=int, default=4, help="threads per gthread worker")
    parser.add_argument("--target", type=float, default=50.0, help="filings/s target (50)")
    parser.add_argument("--rounds", type=int, default=3,
                        help="batches of --filings, one after another; the median is judged (3)")
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

        server = L.Server(env, tmp, workers=args.workers, worker_class=args.worker_class,
                          threads=args.threads)
        server.wait_ready()
        print(f"server: {server.description} on 127.0.0.1:{server.port}")

        # Warm-up: one filing per worker process (imports, templates, connection pools).
        run_id = "bench-" + secrets.token_hex(4)
        size = args.size_kb * 1024
        warm = [L.Filing(f"{run_id}-warm{i}", L.pdf_bytes(size)).run("127.0.0.1", server.port)
                for i in range(args.workers * 2)]
        if not all(f.ok for f in warm):
            bad = next(f for f in warm if not f.ok)
            raise L.BenchError(f"warm-up filing failed: {bad.error}\n{server.log_tail()}")

        print(f"filing {args.rounds} x {args.filings} complaints with {args.clients} clients, "
              f"{size / MIB:.2f} MiB attachment each ...")
        # Attachments are generated by the client threads just before each filing.
        def one(i: int) -> L.Filing:
            return L.Filing(f"{run_id}-{i:06d}", L.pdf_bytes(size)).run("127.0.0.1",
                                                                         server.port)

        # Several rounds against the same server, one after another: one round can meet a
        # checkpoint or an index merge, so the figure judged is the rounds' median.
        filings, rates, walls = [], [], []
        for round_no in range(args.rounds):
            started = time.perf_counter()
            with ThreadPoolExecutor(max_workers=args.clients) as pool:
                batch = list(pool.map(one, range(round_no * args.filings,
                                                 (round_no + 1) * args.filings)))
            walls.append(time.perf_counter() - started)
            rates.append(sum(f.ok for f in batch) / walls[-1] if walls[-1] else 0.0)
            print(f"  round {round_no + 1}: {rates[-1]:.1f} filings/s", flush=True)
            filings += batch
        wall = sum(walls)

        ok = [f for f in filings if f.ok]
        errors = [f for f in filings if not f.ok]
        rate = statistics.median(rates)
        total = L.latency_summary([f.total_s for f in ok])
        post = L.latency_summary([f.post_s for f in ok])
        get = L.latency_summary([f.get_s for f in filings if f.status is not None])
        by_error: dict[str, int] = {}
        for f in errors:
            key = (f.error or f"status {f.status}")[:120]
            by_error[key] = by_error.get(key, 0) + 1

        found = L.inspect_database(env, run_id)
        check = L.verify_filings(warm + filings, found)
        expected_cases = len(ok) + len(warm)
        count_ok = (found["total_cases"] == expected_cases
                    and found["total_documents"] == expected_cases
                    and found["files_on_disk"] == expected_cases)
        none_lost = (check["lost_filings"] == 0 and check["documents_missing"] == 0
                     and check["files_missing_or_wrong_size"] == 0
                     and check["case_number_mismatch"] == 0 and count_ok)
        server_errors = server.count_in_log(r"Traceback|Exception on ")

        print()
        L.print_table(["measure", "value"], [
            ["server", server.description],
            ["database", "postgresql" if args.database_url else "sqlite"],
            ["clients", args.clients],
            ["filings sent", len(filings)],
            ["filings accepted (302)", len(ok)],
            ["errors", len(errors)],
            ["wall time", f"{wall:.2f} s"],
            ["filings/s, median of rounds", f"{rate:.1f}  (target >= {args.target:g}; rounds "
                                            + ", ".join(f"{r:.1f}" for r in rates) + ")"],
            ["filing latency median / p95", f"{total['median_ms']} / {total['p95_ms']} ms"],
            ["  POST only median / p95", f"{post['median_ms']} / {post['p95_ms']} ms"],
            ["  GET only median / p95", f"{get['median_ms']} / {get['p95_ms']} ms"],
            ["cases in DB (incl. warm-up)", f"{found['total_cases']} (expected "
                                            f"{expected_cases})"],
            ["documents in DB", f"{found['total_documents']} (expected {expected_cases})"],
            ["files in UPLOAD_DIR", f"{found['files_on_disk']} (expected {expected_cases})"],
            ["lost filings", check["lost_filings"]],
            ["documents missing / files missing", f"{check['documents_missing']} / "
                                                  f"{check['files_missing_or_wrong_size']}"],
            ["tracebacks in server log", server_errors],
        ])
        for message, n in sorted(by_error.items(), key=lambda kv: -kv[1]):
            print(f"  error x{n}: {message}")
        met = rate >= args.target
        verdict = "PASS" if met and not errors and none_lost else "FAIL"
        print(f"\nresult: {verdict}  (throughput {'met' if met else 'MISSED'}; "
              f"{'none lost' if none_lost else 'FILINGS LOST OR INCOMPLETE'}; "
              f"{len(errors)} errors)")

        path = L.write_results("intake_load", {
            "benchmark": "intake_load", "issue": "10 item 2",
            "server": server.description, "server_cmd": server.cmd[1:],
            "database": "postgresql" if args.database_url else "sqlite",
            "database_url": L.redact_url(args.database_url),
            "clients": args.clients, "filings_per_round": args.filings,
            "attachment_bytes": size,
            "warmup_filings": len(warm),
            "rounds": args.rounds, "round_filings_per_s": [round(r, 2) for r in rates],
            "round_wall_s": [round(w, 3) for w in walls],
            "wall_s": round(wall, 3), "filings_per_s": round(rate, 2),
            "target_filings_per_s": args.target, "target_met": met,
            "accepted": len(ok), "errors": len(errors), "error_kinds": by_error,
            "latency_filing": total, "latency_post": post, "latency_get": get,
            "db": {k: found[k] for k in ("total_cases", "total_documents", "files_on_disk")},
            "verification": check, "none_lost": none_lost,
            "server_tracebacks": server_errors,
            "machine": L.machine_info(), "result": verdict,
        })
        print(f"results: {path.relative_to(L.PROJECT_ROOT)}")
        if errors or server_errors:
            print("--- server log (tail) ---\n" + server.log_tail(40), file=sys.stderr)
        return 0 if verdict == "PASS" else 1
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
