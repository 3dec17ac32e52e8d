"""Time the weekly report against a large, seeded database (issue 8).

Seeds N cases (default 100,000) with their stage history, deadlines and cost items using
SQLAlchemy Core bulk inserts, then times, for week 2026-W47 (the last complete week on
2026-11-25):

* ``weekly_figures(week, generated_on)``: the data behind the HTML report; target < 1 s;
* ``render_pdf(figures, generated_at)``: the printable PDF (WeasyPrint); target < 5 s;

and counts the SQL statements one ``weekly_figures`` call issues. A per-function breakdown
of reports/queries.py and the slowest statements are printed too; with ``--explain`` (or when
a target fails) the query plan of the slowest statement is printed.

Run from the project root::

    .venv/bin/python bench/report_timing.py                      # SQLite file in a temp dir
    .venv/bin/python bench/report_timing.py --cases 10000
    .venv/bin/python bench/report_timing.py \
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/qtrax_bench

For PostgreSQL the named database is dropped and created afresh, and dropped again at the end
(``--keep`` keeps it). The database named ``test`` (and the maintenance databases) are refused.

Exit status: 0 when both targets pass, 1 when one fails, 2 when the run could not be set up.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(Path(__file__).resolve().parent))

import loadlib as L  # noqa: E402  (results files and machine facts, as the other benchmarks)
from sqlalchemy import create_engine, event, insert, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

TODAY = date(2026, 11, 25)
GENERATED_AT = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
FIRST_FILING = date(2025, 1, 1)
LAST_FILING = date(2026, 11, 22)
LAST_EVENT = date(2026, 11, 24)  # nothing is recorded after "yesterday"
HTML_TARGET_S = 1.0
PDF_TARGET_S = 5.0
BATCH = 5000
SEED = 20261125
REFUSED_DATABASES = {"test", "postgres", "template0", "template1"}

DEADLINE_TITLES = (
    "Acknowledge the complaint", "Triage decision", "Request mediation",
    "Propose a mediator", "AAA answer due", "Exchange of information",
    "Submit documents", "Award due", "Move to confirm the award", "Pay the award",
)
COST_KINDS = {
    "mediation": ("mediator_fee", "venue", "other"),
    "arbitration": ("aaa_consumer_filing_fee", "case_management_fee", "arbitrator_compensation"),
    "court": ("index_number_fee", "motion_fee", "other"),
}


# --- Seeding ----------------------------------------------------------------------------------

def _token(n: int) -> str:
    return hashlib.sha256(f"bench-case-{n}".encode()).hexdigest()


def _road_history(rng: random.Random, filed_on: date, road: tuple[str, ...]):
    """A list of (stage, date) along the main road, maybe with an ending; dates increase."""
    wanted = rng.randint(2, 10)
    room = (LAST_EVENT - filed_on).days  # days available after filing
    wanted = max(1, min(wanted, room + 1))
    ending = None
    if wanted >= 2 and rng.random() < 0.36:  # the most recent cases cannot end: ~35% overall
        ending = rng.choices(("closed", "withdrawn", "settled"), weights=(3, 3, 4))[0]
    if ending == "settled" and wanted < 5:  # settling needs mediation to have been requested
        ending = "withdrawn"
    tail = {None: [], "closed": ["closed"], "withdrawn": ["withdrawn"],
            "settled": ["settled", "closed"]}[ending]
    on_road = wanted - len(tail)
    stages = list(road[:on_road]) + tail
    steps = len(stages) - 1
    max_gap = max(1, min(40, room // max(steps, 1)))
    dates = [filed_on]
    for _ in range(steps):
        dates.append(min(dates[-1] + timedelta(days=rng.randint(1, max_gap)), LAST_EVENT))
    return list(zip(stages, dates, strict=True)), ending


def seed(db, n_cases: int, log) -> dict:
    from qtrax_disputes.auth.models import User
    from qtrax_disputes.cases import workflow as wf
    from qtrax_disputes.cases.categories import CATEGORIES
    from qtrax_disputes.cases.models import Case, CaseEvent
    from qtrax_disputes.costs.models import CostItem
    from qtrax_disputes.deadlines.models import Deadline

    rng = random.Random(SEED)
    categories = [code for code, _ in CATEGORIES]
    cat_weights = [8, 6, 7, 1, 4, 6, 9, 2, 3]
    stamp = datetime(2026, 11, 1, tzinfo=UTC)
    counts = {}
    started = time.perf_counter()

    def flush(table, rows):
        for i in range(0, len(rows), BATCH):
            db.session.execute(insert(table), rows[i:i + BATCH])

    users = [{"id": i, "email": f"staff{i:02d}@qtrax.example", "name": f"Staff {i:02d}",
              "password_hash": "x", "role": "staff", "active": True, "session_version": 1,
              "created_at": stamp, "last_login_at": None, "feed_token_hash": None,
              "reminder_days": 7, "report_subscribed": False} for i in range(1, 21)]
    flush(User.__table__, users)
    counts["users"] = len(users)

    span = (LAST_FILING - FIRST_FILING).days
    per_year = defaultdict(int)
    event_id = deadline_id = cost_id = 0
    case_rows, event_rows, deadline_rows, cost_rows = [], [], [], []
    totals = defaultdict(int)
    ended = 0

    def drain(force=False):
        for table, rows, name in ((Case.__table__, case_rows, "cases"),
                                  (CaseEvent.__table__, event_rows, "case_events"),
                                  (Deadline.__table__, deadline_rows, "deadlines"),
                                  (CostItem.__table__, cost_rows, "cost_items")):
            if rows and (force or len(rows) >= BATCH):
                flush(table, rows)
                totals[name] += len(rows)
                rows.clear()

    filing_days = sorted(FIRST_FILING + timedelta(days=rng.randint(0, span))
                         for _ in range(n_cases))
    for case_id, filed_on in enumerate(filing_days, start=1):
        per_year[filed_on.year] += 1
        number = f"QD-{filed_on.year}-{per_year[filed_on.year]:06d}"
        category = rng.choices(categories, weights=cat_weights)[0]
        child = category == "child_under_13" or rng.random() < 0.02
        history, ending = _road_history(rng, filed_on, wf.ROAD)
        closed_on = history[-1][1] if ending else None
        ended += bool(ending)
        assignee = rng.randint(1, 20) if rng.random() < 0.85 else None
        created = datetime(filed_on.year, filed_on.month, filed_on.day, 15, tzinfo=UTC)
        case_rows.append({
            "id": case_id, "number": number, "stage": history[-1][0], "category": category,
            "complainant_name": f"Complainant {case_id}",
            "complainant_email": f"c{case_id}@example.com", "complainant_phone": "",
            "account_identifier": "", "summary": f"Seeded complaint {case_id}",
            "description": "Seeded for the weekly report benchmark.",
            "desired_resolution": "", "incident_on": filed_on - timedelta(days=10),
            "is_child_data": child, "amount_claimed_cents": rng.randint(0, 50) * 10000 or None,
            "assigned_to_id": assignee, "possible_duplicate_of_id": None,
            "status_token_hash": _token(case_id), "status_token_expires_at": None,
            "filed_on": filed_on, "created_at": created, "updated_at": created,
            "closed_on": closed_on, "aaa_rules": None, "version": 1,
        })
        previous = None
        for stage, on in history:
            event_id += 1
            event_rows.append({
                "id": event_id, "case_id": case_id, "kind": stage, "from_stage": previous,
                "to_stage": stage, "occurred_on": on,
                "recorded_at": datetime(on.year, on.month, on.day, 16, tzinfo=UTC),
                "actor": "system" if stage == "filed" else "Staff",
                "actor_user_id": None if stage == "filed" else assignee, "note": "",
                "data": {}, "visible_to_claimant": False,
            })
            previous = stage
        # ~3 deadlines: open ones in the future, and past ones mostly done, some overdue.
        for _ in range(rng.choice((2, 3, 3, 4))):
            deadline_id += 1
            due = filed_on + timedelta(days=rng.randint(3, 150))
            status, done_on = "open", None
            if closed_on and due > closed_on:
                status = rng.choice(("closed", "waived"))
            elif due <= TODAY:
                roll = rng.random()
                if roll < 0.80:
                    status = "done"
                    done_on = min(due + timedelta(days=rng.randint(-7, 3)), TODAY)
                elif roll < 0.90:
                    status = "waived"
            deadline_rows.append({
                "id": deadline_id, "case_id": case_id, "rule_code": None, "rule_version": "",
                "title": rng.choice(DEADLINE_TITLES), "act": None, "trigger_event_id": None,
                "trigger_on": None, "raw_due_on": due, "due_on": due, "regime": "none",
                "explanation": "", "source": "", "verified": rng.random() < 0.9,
                "concerns_claimant": False, "status": status, "created_at": created,
                "done_at": (datetime(done_on.year, done_on.month, done_on.day, 17, tzinfo=UTC)
                            if done_on else None),
                "done_on": done_on, "done_by_id": assignee if done_on else None,
                "waive_reason": "Seeded" if status == "waived" else "",
            })
        # ~1.5 cost items.
        for _ in range(rng.choice((0, 1, 1, 2, 2, 3))):
            cost_id += 1
            stage = rng.choices(("mediation", "arbitration", "court"), weights=(6, 3, 1))[0]
            amount = rng.randint(1, 2000) * 125
            claimant = amount * rng.choice((0, 0, 1, 2, 4)) // 4
            incurred = min(filed_on + timedelta(days=rng.randint(0, 200)), LAST_EVENT)
            cost_rows.append({
                "id": cost_id, "case_id": case_id, "stage": stage,
                "kind": rng.choice(COST_KINDS[stage]), "description": "Seeded cost",
                "amount_cents": amount, "currency": "USD",
                "incurred_on": incurred, "incurred_by": rng.choice(("claimant", "respondent")),
                "claimant_share_cents": claimant, "respondent_share_cents": amount - claimant,
                "rule_code": "SEED", "rule_source": "", "explanation": "", "verified": True,
                "override_reason": "", "overridden_by_id": None, "status": "confirmed",
                "created_at": created, "version": 1,
            })
        if len(event_rows) >= BATCH:  # cases first, so foreign keys always point back
            drain(force=True)
        if case_id % 20000 == 0:
            log(f"  seeded {case_id:,} cases ({time.perf_counter() - started:.1f} s)")
    drain(force=True)
    db.session.commit()

    if db.engine.dialect.name == "postgresql":  # explicit ids: move the sequences past them
        with db.engine.begin() as conn:
            for table in ("users", "cases", "case_events", "deadlines", "cost_items"):
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                  f"(SELECT max(id) FROM {table}))"))
    counts.update(totals)
    counts["ended cases"] = ended
    counts["seconds"] = time.perf_counter() - started
    return counts


# --- Measuring --------------------------------------------------------------------------------

class StatementLog:
    """Counts and times every statement sent to the database, with its SQL."""

    def __init__(self, engine):
        self.engine = engine
        self.entries: list[tuple[float, str, object]] = []
        self._started = None
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)

    def _before(self, conn, cursor, statement, parameters, context, executemany):
        self._started = time.perf_counter()

    def _after(self, conn, cursor, statement, parameters, context, executemany):
        self.entries.append((time.perf_counter() - self._started, statement, parameters))

    def reset(self):
        self.entries = []


def timed(fn, runs: int, warmup: int = 1, after=None):
    for _ in range(warmup):
        fn()
        if after:
            after()
    seconds = []
    result = None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        seconds.append(time.perf_counter() - t0)
        if after:
            after()
    return seconds, result


def explain(db, statement: str, parameters) -> str:
    dialect = db.engine.dialect.name
    prefix = "EXPLAIN QUERY PLAN " if dialect == "sqlite" else "EXPLAIN (ANALYZE, BUFFERS) "
    with db.engine.connect() as conn:
        rows = conn.exec_driver_sql(prefix + statement, parameters).all()
    if dialect == "sqlite":
        return "\n".join(f"{row[0]:>4} {row[1]:>4} {row[3]}" for row in rows)
    return "\n".join(row[0] for row in rows)


def breakdown(db, stmts: StatementLog, week, runs: int = 3):
    from qtrax_disputes.reports import queries as q

    year_start = date(week.end.year, 1, 1)
    parts = {
        "filed": lambda: q.filed(week),
        "stage_changes": lambda: q.stage_changes(week),
        "open_by_stage": lambda: q.open_by_stage(week),
        "durations": lambda: q.durations(week),
        "deadlines": lambda: q.deadlines(week),
        "costs (week + year to date)": lambda: (q.costs(week.start, week.end),
                                                q.costs(year_start, week.end)),
        "workload": lambda: q.workload(week),
        "trend": lambda: q.trend(week),
    }
    results = []
    for name, fn in parts.items():
        stmts.reset()
        seconds, _ = timed(fn, runs, warmup=0, after=db.session.rollback)
        per_call = len(stmts.entries) // runs
        grouped = defaultdict(list)  # the same statement, once per run
        for secs, sql, params in stmts.entries:
            grouped[(sql, repr(params))].append((secs, params))
        statements = sorted(
            ((statistics.median(s for s, _ in runs_), sql, runs_[0][1])
             for (sql, _), runs_ in grouped.items()), key=lambda e: -e[0])
        results.append((name, statistics.median(seconds), per_call, statements))
    return results


def pdf_details(app, figures: dict, log, trimmed: bool) -> None:
    """Where the PDF's time goes: the template vs WeasyPrint, pages, and the deadline rows."""
    import copy

    from flask import render_template
    from weasyprint import CSS, HTML

    from qtrax_disputes.reports.operations import render_pdf, stylesheet_path

    dl = figures["deadlines"]
    rows = {k: len(dl[k]) for k in ("missed", "due_next_week", "overdue")}
    with app.test_request_context():
        t0 = time.perf_counter()
        html = render_template("reports/weekly_print.html", f=figures,
                               generated_at=GENERATED_AT)
        t1 = time.perf_counter()
        # What export.as_pdf does, in its two steps: layout, then writing the PDF.
        document = HTML(string=html).render(stylesheets=[CSS(filename=stylesheet_path())])
        t2 = time.perf_counter()
        document.write_pdf()
        t3 = time.perf_counter()
        log(f"  render_template {t1 - t0:.3f} s ({len(html):,} chars); WeasyPrint layout "
            f"{t2 - t1:.3f} s, write {t3 - t2:.3f} s; {len(document.pages)} pages; "
            "deadline rows: " + ", ".join(f"{k} {n}" for k, n in rows.items()))
        if trimmed:
            for keep in (0, 50):
                small = copy.deepcopy(figures)
                for k in rows:
                    small["deadlines"][k] = small["deadlines"][k][:keep]
                t0 = time.perf_counter()
                render_pdf(small, GENERATED_AT)
                log(f"  render_pdf with each deadline list cut to {keep} rows: "
                    f"{time.perf_counter() - t0:.3f} s")


def fmt(seconds: list[float]) -> str:
    return f"min {min(seconds):.3f} s, median {statistics.median(seconds):.3f} s"


# --- Database setup ---------------------------------------------------------------------------

def prepare_postgres(url) -> None:
    name = url.database
    if not name or name in REFUSED_DATABASES:
        raise SystemExit(f"refusing to use the PostgreSQL database {name!r}: "
                         "give a dedicated one, e.g. .../qtrax_bench")
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()


def drop_postgres(url) -> None:
    name = url.database
    if name in REFUSED_DATABASES:
        return
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--database-url", default=None,
                        help="default: a SQLite file in a temporary directory")
    parser.add_argument("--explain", action="store_true",
                        help="print the plan of the slowest statement even when both pass")
    parser.add_argument("--plans", type=int, default=5,
                        help="how many of the slowest statements to explain (default 5)")
    parser.add_argument("--keep", action="store_true",
                        help="keep the temporary directory / PostgreSQL database")
    args = parser.parse_args()

    def log(message=""):
        print(message, flush=True)

    tmp = Path(tempfile.mkdtemp(prefix="qtrax-report-bench-"))
    url = args.database_url or f"sqlite:///{tmp / 'bench.db'}"
    parsed = make_url(url)
    is_pg = parsed.get_backend_name() == "postgresql"
    try:
        if is_pg:
            prepare_postgres(parsed)
    except SystemExit:
        raise
    except Exception as exc:  # noqa: BLE001
        log(f"could not prepare the database: {exc}")
        return 2

    from flask_migrate import upgrade

    from qtrax_disputes.reports.operations import render_pdf
    from qtrax_disputes.reports.queries import weekly_figures
    from qtrax_disputes.reports.weeks import Week
    from qtrax_disputes.web.app import create_app
    from qtrax_disputes.web.extensions import db

    week = Week.last_complete(TODAY)
    assert week == Week(2026, 47), week
    status = 2
    try:
        app = create_app({
            "SQLALCHEMY_DATABASE_URI": url, "INSTANCE_PATH": str(tmp),
            "REPORT_DIR": str(tmp / "reports"), "UPLOAD_DIR": str(tmp / "uploads"),
            "SECRET_KEY": "bench",
        })
        with app.app_context():
            log(f"Database: {parsed.render_as_string(hide_password=True)}")
            t0 = time.perf_counter()
            upgrade(directory=str(ROOT / "migrations"))
            log(f"Schema (flask_migrate.upgrade): {time.perf_counter() - t0:.1f} s")

            log(f"Seeding {args.cases:,} cases (random seed {SEED}) ...")
            counts = seed(db, args.cases, log)
            t0 = time.perf_counter()
            if is_pg:  # what autovacuum would have done by the time anyone reads a report
                with db.engine.connect().execution_options(
                        isolation_level="AUTOCOMMIT") as conn:
                    conn.execute(text("VACUUM ANALYZE"))
                log(f"VACUUM ANALYZE: {time.perf_counter() - t0:.1f} s")
            log(f"Seeded in {counts.pop('seconds'):.1f} s: " + ", ".join(
                f"{n:,} {name}" for name, n in counts.items()))

            stmts = StatementLog(db.engine)
            log(f"\nWeek {week.label} ({week.start} to {week.end}), generated on {TODAY}")

            html_s, figures = timed(lambda: weekly_figures(week, TODAY), runs=5,
                                    after=db.session.rollback)
            stmts.reset()
            weekly_figures(week, TODAY)
            db.session.rollback()
            n_statements = len(stmts.entries)
            log(f"weekly_figures: {fmt(html_s)} (1 warm-up + 5 runs); "
                f"{n_statements} SQL statements per call")
            log(f"  filed {figures['filed']['total']}, stage changes "
                f"{figures['stage_changes']['total']}, open {figures['open']['total']}, "
                f"closed {figures['durations']['closed_count']}, overdue rows "
                f"{len(figures['deadlines']['overdue'])}")

            with app.test_request_context():
                pdf_s, pdf = timed(lambda: render_pdf(figures, GENERATED_AT), runs=3)
            log(f"render_pdf: {fmt(pdf_s)} (1 warm-up + 3 runs); {len(pdf):,} bytes")

            html_ok = statistics.median(html_s) < HTML_TARGET_S
            pdf_ok = statistics.median(pdf_s) < PDF_TARGET_S
            pdf_details(app, figures, log, trimmed=not pdf_ok or args.explain)
            log("\nPer function of reports/queries.py (median of 3):")
            parts = breakdown(db, stmts, week)
            for name, seconds, n, statements in parts:
                log(f"  {name:<28} {seconds:7.3f} s  {n:2d} statements  (each: " + ", ".join(
                    f"{st[0]:.3f}" for st in statements) + " s)")
            if args.explain or not (html_ok and pdf_ok):
                slow = sorted(((st, name) for name, _, _, sts in parts for st in sts),
                              key=lambda x: -x[0][0])[:args.plans]
                for i, ((secs, sql, params), name) in enumerate(slow, start=1):
                    log(f"\n--- Slow statement {i}: {name}, median {secs:.3f} s ---")
                    log(sql.strip())
                    log(f"parameters: {params!r}")
                    log("Plan:")
                    log(explain(db, sql, params))

            log("")
            log(f"HTML data (weekly_figures) median {statistics.median(html_s):.3f} s "
                f"< {HTML_TARGET_S:.0f} s: {'PASS' if html_ok else 'FAIL'}")
            log(f"PDF (render_pdf)            median {statistics.median(pdf_s):.3f} s "
                f"< {PDF_TARGET_S:.0f} s: {'PASS' if pdf_ok else 'FAIL'}")
            status = 0 if html_ok and pdf_ok else 1
            path = L.write_results(f"report_timing-{'postgresql' if is_pg else 'sqlite'}", {
                "benchmark": "report_timing", "issue": "10 item 3",
                "database": parsed.render_as_string(hide_password=True),
                "week": week.label, "generated_on": TODAY, "seeded": counts,
                "weekly_figures_s": html_s, "weekly_figures_median_s":
                    statistics.median(html_s), "statements_per_call": n_statements,
                "render_pdf_s": pdf_s, "render_pdf_median_s": statistics.median(pdf_s),
                "pdf_bytes": len(pdf),
                "per_function": [{"function": name, "median_s": seconds, "statements": n}
                                 for name, seconds, n, _ in parts],
                "targets": {"weekly_figures_s": HTML_TARGET_S, "render_pdf_s": PDF_TARGET_S},
                "machine": L.machine_info(),
                "result": "PASS" if status == 0 else "FAIL",
            })
            log(f"results: {path.relative_to(ROOT)}")
            db.session.remove()
            db.engine.dispose()
    finally:
        if is_pg and not args.keep:
            try:
                drop_postgres(parsed)
            except Exception as exc:  # noqa: BLE001
                log(f"could not drop {parsed.database}: {exc}")
        if args.keep:
            log(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
