"""The weekly report against a week whose every figure was worked out by hand.

The week is 2026-W10: Monday 2026-03-02 to Sunday 2026-03-08.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from qtrax_disputes.auth.models import User
from qtrax_disputes.cases.models import Case, CaseEvent
from qtrax_disputes.core.clock import frozen
from qtrax_disputes.costs.allocation import split_cents
from qtrax_disputes.costs.models import CostItem
from qtrax_disputes.deadlines.models import Deadline
from qtrax_disputes.reports.queries import weekly_figures
from qtrax_disputes.reports.weeks import Week
from qtrax_disputes.web.extensions import db

W10 = Week(2026, 10)
D = date.fromisoformat


def add_case(number, filed_on, category, road, *, child=False, closed_on=None, assignee=None):
    case = Case(number=number, stage=road[-1][0], category=category, complainant_name=number,
                complainant_email=f"{number.lower()}@example.com", summary=number,
                description=number, is_child_data=child, status_token_hash=number.ljust(64, "x"),
                filed_on=D(filed_on), closed_on=D(closed_on) if closed_on else None,
                assigned_to=assignee)
    db.session.add(case)
    db.session.flush()
    previous = None
    for stage, on in road:
        db.session.add(CaseEvent(case_id=case.id, kind=stage, from_stage=previous,
                                 to_stage=stage, occurred_on=D(on), actor="system"))
        previous = stage
    return case


def add_deadline(case, title, due_on, status="open", done_on=None):
    db.session.add(Deadline(case_id=case.id, title=title, due_on=D(due_on), status=status,
                            done_on=D(done_on) if done_on else None))


def add_cost(case, stage, amount, bp, on, status="confirmed"):
    db.session.add(CostItem(case_id=case.id, stage=stage, kind="other", amount_cents=amount,
                            claimant_share_cents=split_cents(amount, bp)[0],
                            respondent_share_cents=split_cents(amount, bp)[1], incurred_on=D(on),
                            incurred_by="claimant", rule_code="TEST", status=status))


@pytest.fixture
def known_week(app):
    with app.app_context():
        ann = User(email="ann@qtrax.example", name="Ann", role="staff", password_hash="x")
        bob = User(email="bob@qtrax.example", name="Bob", role="staff", password_hash="x")
        db.session.add_all([ann, bob])
        a = add_case("QD-2026-000001", "2026-03-02", "email_sold", [
            ("filed", "2026-03-02"), ("triage", "2026-03-03"),
            ("mediation_requested", "2026-03-05")], assignee=ann)
        add_case("QD-2026-000002", "2026-03-04", "child_under_13", [
            ("filed", "2026-03-04"), ("triage", "2026-03-06"), ("withdrawn", "2026-03-07")],
            child=True, closed_on="2026-03-07")
        c = add_case("QD-2026-000003", "2026-01-05", "cookies_tracking", [
            ("filed", "2026-01-05"), ("triage", "2026-01-12"),
            ("mediation_requested", "2026-02-02"), ("settled", "2026-03-03"),
            ("closed", "2026-03-06")], closed_on="2026-03-06")
        d = add_case("QD-2026-000004", "2026-02-23", "email_sold", [
            ("filed", "2026-02-23"), ("triage", "2026-03-09")], assignee=ann)
        e = add_case("QD-2026-000005", "2026-03-08", "other", [("filed", "2026-03-08")],
                     assignee=bob)
        add_case("QD-2026-000006", "2026-03-09", "other", [("filed", "2026-03-09")])

        add_deadline(a, "Met on time", "2026-03-04", "done", "2026-03-04")
        add_deadline(a, "Still open", "2026-03-05")
        add_deadline(d, "Done late", "2026-03-06", "done", "2026-03-09")
        add_deadline(e, "Next week", "2026-03-12")
        add_deadline(d, "Overdue from before", "2026-02-27")
        add_deadline(a, "Waived", "2026-03-07", "waived")
        add_deadline(a, "Late, done this week", "2026-03-01", "done", "2026-03-02")

        add_cost(a, "mediation", 100001, 10000, "2026-03-03")
        add_cost(c, "arbitration", 50000, 4000, "2026-03-04")
        add_cost(c, "mediation", 101, 5000, "2026-03-08")
        add_cost(a, "court", 10000, 0, "2026-02-10")
        add_cost(a, "arbitration", 99999, 0, "2026-03-05", status="proposed")
        db.session.commit()
    with frozen(datetime(2026, 3, 10, 15, 0, tzinfo=UTC)):
        yield


@pytest.fixture
def figures(app, known_week):
    with app.app_context():
        return weekly_figures(W10, date(2026, 3, 10))


def test_filings_by_category_with_child_cases_apart(figures):
    assert figures["filed"]["total"] == 3  # cases 1, 2 and 5 (Sunday 03-08 counts)
    assert figures["filed"]["child"] == 1
    assert sorted((c, n) for c, _, n in figures["filed"]["by_category"]) == [
        ("child_under_13", 1), ("email_sold", 1), ("other", 1)]


def test_stage_changes_and_outcomes(figures):
    # Case 1: triage, mediation requested; case 2: triage, withdrawn; case 3: settled, closed.
    assert figures["stage_changes"]["total"] == 6
    assert {s: n for s, _, n in figures["stage_changes"]["by_stage"]} == {
        "triage": 2, "mediation_requested": 1, "settled": 1, "withdrawn": 1, "closed": 1}
    assert figures["outcomes"] == {"settled": 1, "award_issued": 0, "withdrawn": 1,
                                   "dismissed": 0, "closed": 1}


def test_open_cases_by_the_stage_they_were_at_when_the_week_ended(figures):
    # Case 4 moved to triage on 03-09, after the week: it counts as filed.
    assert figures["open"]["total"] == 3
    assert {s: n for s, _, n in figures["open"]["by_stage"]} == {
        "filed": 2, "mediation_requested": 1}


def test_days_to_closure_and_in_each_stage(figures):
    d = figures["durations"]
    # Closed this week: case 2 after 3 days, case 3 after 60 (Jan 5 → Mar 6: 26 + 28 + 6).
    assert (d["closed_count"], d["median_days"], d["p90_days"]) == (2, 3, 60)
    # Stays that ended this week: filed 1 (case 1) and 2 (case 2); triage 2 and 1;
    # mediation requested 29 (case 3, Feb 2 → Mar 3); settled 3 (case 3).
    assert {s: (n, m, p) for s, _, n, m, p in d["by_stage"]} == {
        "filed": (2, 1, 2), "triage": (2, 1, 2), "mediation_requested": (1, 29, 29),
        "settled": (1, 3, 3)}


def test_deadlines_met_missed_next_week_and_overdue(figures):
    dl = figures["deadlines"]
    assert dl["met"] == 1
    assert (dl["missed_count"], dl["due_next_week_count"], dl["overdue_count"]) == (2, 1, 2)
    assert [(m["case"], m["title"]) for m in dl["missed"]] == [
        ("QD-2026-000001", "Still open"), ("QD-2026-000004", "Done late")]
    assert [m["title"] for m in dl["due_next_week"]] == ["Next week"]
    assert [m["title"] for m in dl["overdue"]] == ["Overdue from before", "Still open"]


def test_costs_this_week_and_year_to_date(figures):
    week, ytd = figures["costs"]["week"], figures["costs"]["ytd"]
    # Mediation: 1,000.01 to the complainant; 1.01 split 0.50 / 0.51 (the odd cent to Qtrax).
    # Arbitration: 500.00 at 40% → 200.00 / 300.00. The proposed item is not counted.
    assert week["by_stage"] == [["mediation", 100051, 51, 100102],
                                ["arbitration", 20000, 30000, 50000]]
    assert (week["claimant"], week["respondent"], week["total"]) == (120051, 30051, 150102)
    # Year to date adds February's court fee of 100.00, all Qtrax's.
    assert (ytd["claimant"], ytd["respondent"], ytd["total"]) == (120051, 40051, 160102)


def test_workload_per_assignee(figures):
    assert figures["workload"] == [
        {"assignee": "Ann", "open_cases": 2, "overdue": 2, "due_next_week": 0},
        {"assignee": "Bob", "open_cases": 1, "overdue": 0, "due_next_week": 1},
        {"assignee": "Unassigned", "open_cases": 1, "overdue": 0, "due_next_week": 0},
    ]


def test_the_week_against_the_previous_one_and_the_four_week_average(figures):
    compare = figures["trend"]["compare"]
    assert compare["filed"] == {"this": 3, "previous": 1, "avg4": 0.25}  # W06–W09: 0,0,0,1
    assert compare["stage_changes"] == {"this": 6, "previous": 0, "avg4": 0.25}  # W06: 1
    assert compare["closed"] == {"this": 2, "previous": 0, "avg4": 0.0}
    assert compare["costs_cents"] == {"this": 150102, "previous": 0, "avg4": 2500.0}
    filings = dict(figures["trend"]["filings_12_weeks"])
    assert len(filings) == 12 and list(filings)[-1] == "2026-W10"
    assert (filings["2026-W02"], filings["2026-W09"], filings["2026-W10"]) == (1, 1, 3)
    assert sum(filings.values()) == 5


# --- the page, its exports and its snapshot -------------------------------------------------

import csv  # noqa: E402
import io  # noqa: E402

from sqlalchemy import select  # noqa: E402

from qtrax_disputes.audit.models import AuditEntry  # noqa: E402
from qtrax_disputes.reports.models import WeeklyReport  # noqa: E402

from ..conftest import page_text  # noqa: E402


def test_the_page_defaults_to_the_last_complete_week(client, auth, known_week):
    auth.login("viewer")
    text = page_text(client.get("/reports/weekly"))  # the clock says Tuesday 2026-03-10
    assert "Weekly report 2026-W10" in text
    assert "Cases filed: 3 (1 concerning a child under 13)" in text
    assert "Deadlines met: 1; missed: 2" in text
    assert "median 3, 90th percentile 60" in text
    assert "Costs incurred this week: $1,501.02" in text
    assert "2026-W09" in text and "2026-W11" in text  # previous and next week links
    html = client.get("/reports/weekly?week=2026-W10").get_data(as_text=True)
    assert html.count("<svg") == 3 and "<script" not in html.split("</header>")[1]


def test_a_bad_week_says_so_and_shows_the_last_complete_one(client, auth, known_week):
    auth.login("viewer")
    text = page_text(client.get("/reports/weekly?week=2026-W99"))
    assert "2026 has no week 99." in text and "Weekly report 2026-W10" in text


def test_the_csv_parses_and_holds_every_table(client, auth, known_week):
    auth.login("viewer")
    body = client.get("/reports/weekly.csv?week=2026-W10").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows[0][:2] == ["Qtrax Disputes weekly report", "2026-W10"]
    titles = [r[0] for r in rows if r and r[0].startswith(("Cases filed", "Workload"))]
    assert "Cases filed: 3 (1 concerning a child under 13)" in titles and "Workload" in titles
    assert ["Ann", "2", "2", "0"] in rows


def test_the_pdf_opens_and_shows_the_headline_figures(client, auth, known_week):
    from pypdf import PdfReader

    auth.login("viewer")
    response = client.get("/reports/weekly.pdf?week=2026-W10")
    assert response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Weekly report 2026-W10" in text
    assert "Cases filed: 3 (1 concerning a child under 13)" in text
    assert "Costs incurred this week: $1,501.02" in text
    assert f"Page 1 of {len(reader.pages)}" in text and "week 2026-W10" in text


def test_a_stored_report_reads_the_same_after_cases_change(app, client, auth, known_week):
    auth.login("counsel")
    response = client.post("/reports/weekly/regenerate?week=2026-W10")
    assert response.status_code == 302
    with app.app_context():
        case = db.session.scalars(select(Case).where(Case.number == "QD-2026-000005")).one()
        case.filed_on = date(2026, 3, 20)  # the case changes after the report was stored
        db.session.commit()
    text = page_text(client.get("/reports/weekly?week=2026-W10"))
    assert "Stored report" in text and "Cases filed: 3" in text
    client.post("/reports/weekly/regenerate?week=2026-W10")
    assert "Cases filed: 2 (1 concerning" in page_text(client.get("/reports/weekly?week=2026-W10"))
    with app.app_context():
        assert db.session.query(WeeklyReport).count() == 1
        actions = db.session.scalars(select(AuditEntry.action).where(
            AuditEntry.action.like("report.%")).order_by(AuditEntry.id)).all()
    assert actions == ["report.generated", "report.regenerated"]
    assert "2026-W10" in page_text(client.get("/reports"))


def test_only_counsel_may_store_a_report(client, auth, known_week):
    auth.login("staff")
    assert client.post("/reports/weekly/regenerate?week=2026-W10").status_code == 403


def test_the_command_for_cron_writes_each_format_and_emails_subscribers(
        app, runner, tmp_path, known_week):
    with app.app_context():
        ann = db.session.scalars(select(User).where(User.name == "Ann")).one()
        ann.report_subscribed = True
        db.session.commit()
    out = tmp_path / "w10.pdf"
    result = runner.invoke(args=["report", "weekly", "--week", "2026-W10", "--format", "pdf",
                                 "--output", str(out), "--email"])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF")
    assert "queued for 1 subscriber(s)" in result.output
    csv_out = runner.invoke(args=["report", "weekly", "--week", "2026-W10", "--format", "csv"])
    assert "Cases filed: 3 (1 concerning a child under 13)" in csv_out.output
    again = runner.invoke(args=["report", "weekly", "--week", "2026-W10", "--email"])
    assert "queued for 0 subscriber(s)" in again.output  # never twice the same week
    bad = runner.invoke(args=["report", "weekly", "--week", "2026-47"])
    assert bad.exit_code != 0 and "YYYY-Www" in bad.output


def test_long_lists_are_shortened_on_the_page_but_whole_in_the_csv(client, auth, known_week,
                                                                    monkeypatch):
    from qtrax_disputes.reports import present

    monkeypatch.setattr(present, "SHOWN_ROWS", 1)
    monkeypatch.setattr(present.tables, "__defaults__", (1,))
    auth.login("viewer")
    text = page_text(client.get("/reports/weekly?week=2026-W10"))
    assert "Overdue at the week's end: 2" in text and "… and 1 more" in text
    body = client.get("/reports/weekly.csv?week=2026-W10").get_data(as_text=True)
    assert "Overdue from before" in body and "Still open" in body


def test_a_window_that_lapsed_unused_is_neither_missed_nor_overdue(app, known_week):
    with app.app_context():
        a = db.session.query(Case).filter_by(number="QD-2026-000001").one()
        db.session.add_all([
            Deadline(case_id=a.id, title="Lapsed window", due_on=D("2026-03-04"),
                     obligation="window"),
            Deadline(case_id=a.id, title="Window Qtrax will act on", due_on=D("2026-03-04"),
                     obligation="window", will_act_at=datetime(2026, 3, 2, 15, tzinfo=UTC)),
        ])
        db.session.commit()
        dl = weekly_figures(W10, date(2026, 3, 10))["deadlines"]
        workload = weekly_figures(W10, date(2026, 3, 10))["workload"]
    # The known week's 2 missed and 2 overdue, plus the window Qtrax decided to use.
    assert (dl["missed_count"], dl["overdue_count"]) == (3, 3)
    assert "Lapsed window" not in [m["title"] for m in dl["missed"] + dl["overdue"]]
    assert workload[0] == {"assignee": "Ann", "open_cases": 2, "overdue": 3,
                           "due_next_week": 0}
