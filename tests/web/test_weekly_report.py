"""The weekly report against a week whose every figure was worked out by hand.

The week is 2026-W10: Monday 2026-03-02 to Sunday 2026-03-08.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from qtrax_disputes.auth.models import User
from qtrax_disputes.cases.models import Case, CaseEvent
from qtrax_disputes.clock import frozen
from qtrax_disputes.costs.models import CostItem
from qtrax_disputes.deadlines.models import Deadline
from qtrax_disputes.extensions import db
from qtrax_disputes.reports.queries import weekly_figures
from qtrax_disputes.reports.weeks import Week

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
                            claimant_bp=bp, respondent_bp=10000 - bp, incurred_on=D(on),
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
