"""Fee schedules as data: each amount with its mark, admins add schedules, the unverified shows.

The 2020 schedule's filing fees are verified; the $250 clause review fee, the $2,500 hearing
deposit and the $1,400 case management fee are secondary-source figures (docs/costs.md § Fee
schedules), so staff see them marked unverified wherever they are used, and the complainant never
does.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from qtrax_disputes.audit.models import AuditEntry
from qtrax_disputes.core.clock import frozen
from qtrax_disputes.costs.models import FeeScheduleRecord
from qtrax_disputes.web.extensions import db

from ..conftest import page_text
from .helpers import file_complaint, filed_number_and_token
from .test_costs import add_cost, items
from .test_money import error_next_to
from .test_road import move

UNVERIFIED = "secondary source, unverified"


@pytest.fixture
def filed(app, client, auth):
    """A complaint filed on 2026-01-05, and its status link."""
    with frozen(datetime(2026, 1, 5, 15, 0, tzinfo=UTC)):
        file_complaint(client, incident_on="2025-12-20")
        number, token = filed_number_and_token(client)
    return number, token


@pytest.fixture
def clause_registered(app):
    saved = app.config["AAA_CLAUSE_REGISTERED"]
    yield app.config
    app.config["AAA_CLAUSE_REGISTERED"] = saved


def schedule_data(**changes) -> dict:
    data = {"code": "AAA_CONSUMER_2026_07", "title": "AAA consumer schedule (2026-07-01)",
            "effective_on": "2026-07-01", "source": "AAA Consumer Fee Schedule, amended",
            "mark": "V", "consumer_filing_fee": "225", "business_filing_fee_one": "350",
            "clause_review_fee": "275.50", "clause_review_fee_mark": "S",
            "clause_review_fee_source": "A 2026 AAA letter to Qtrax",
            "case_management_fee": "", "arbitrator_deposit": "", "arbitrator_compensation": ""}
    data.update(changes)
    return data


def demand(client, app, number, on, **fields):
    move(client, app, number, "triage", "2026-01-06")
    response = move(client, app, number, "arbitration_demanded", on, mediation_waived="y",
                    **fields)
    assert response.status_code == 302, page_text(response)


def proposed_by_kind(app) -> dict[str, tuple[int, str, tuple[int, int], str]]:
    return {i.kind: (i.amount_cents, i.incurred_by, i.shares, i.amount_mark)
            for i in items(app).values() if i.status == "proposed"}


# --- the admin's fee schedule form ------------------------------------------------------------


def test_an_admin_adds_a_schedule_in_dollars_stored_as_cents_with_its_marks_and_audit(
        app, client, auth):
    auth.login("admin")
    with frozen(datetime(2026, 6, 1, 15, 0, tzinfo=UTC)):
        response = client.post("/costs/schedules", data=schedule_data())
    assert response.status_code == 302, page_text(response)
    with app.app_context():
        row = db.session.scalars(select(FeeScheduleRecord)).one()
        assert (row.effective_on, row.mark) == (date(2026, 7, 1), "V")
        # $225 -> 22500 cents; $350 -> 35000; $275.50 -> 27550.
        assert (row.consumer_filing_fee_cents, row.business_filing_fee_one_arbitrator_cents,
                row.clause_review_fee_cents) == (22_500, 35_000, 27_550)
        assert row.case_management_fee_cents is None  # left empty: never guessed
        assert row.amount_marks == {"clause_review_fee_cents": {
            "mark": "S", "source": "A 2026 AAA letter to Qtrax"}}
        audit = db.session.scalars(select(AuditEntry).where(
            AuditEntry.action == "fee_schedule.added")).one()
        assert audit.detail["clause_review_fee_cents"] == 27_550
        assert audit.detail["effective_on"] == "2026-07-01"
    page = page_text(client.get("/costs/schedules"))
    # Listed with each amount's own mark: the filing fee verified, the review fee not.
    assert "Consumer filing fee (the consumer files) $225.00 verified" in page
    assert f"$275.50 {UNVERIFIED} A 2026 AAA letter to Qtrax" in page


def test_a_mark_without_its_source_is_refused_next_to_the_field_and_the_form_keeps_the_input(
        app, client, auth):
    auth.login("admin")
    response = client.post("/costs/schedules", data=schedule_data(
        clause_review_fee_source="", title="Typed <title> kept"))
    assert response.status_code == 400
    assert error_next_to(response, "clause_review_fee_source") == (
        "An amount with its own mark needs its own source.")
    html = response.get_data(as_text=True)
    assert 'value="Typed &lt;title&gt; kept"' in html
    assert 'value="275.50"' in html
    assert re.search(r'<option selected value="S">Secondary source</option>', html)
    with app.app_context():
        assert db.session.scalars(select(FeeScheduleRecord)).all() == []
        assert db.session.scalars(select(AuditEntry).where(
            AuditEntry.action == "fee_schedule.added")).all() == []


def test_a_mark_for_an_amount_not_entered_and_a_source_without_a_mark_are_refused(
        app, client, auth):
    auth.login("admin")
    response = client.post("/costs/schedules", data=schedule_data(
        case_management_fee_mark="U", case_management_fee_source="A summary",
        arbitrator_deposit="2,500", arbitrator_deposit_source="A letter"))
    assert response.status_code == 400
    assert error_next_to(response, "case_management_fee_mark") == (
        "Enter the amount this mark is for.")
    assert error_next_to(response, "arbitrator_deposit_mark") == (
        "Choose how sure the amount is, by its own source.")


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"code": "AAA_CONSUMER_2020_11_01"}, "code", "A schedule already has this code."),
    ({"effective_on": "2020-11-01"}, "effective_on",
     "A schedule already takes effect on this date."),
])
def test_a_code_or_date_already_taken_is_refused_next_to_its_field(
        app, client, auth, changes, field, message):
    auth.login("admin")
    response = client.post("/costs/schedules", data=schedule_data(**changes))
    assert response.status_code == 400
    assert error_next_to(response, field) == message


def test_only_an_admin_reaches_the_fee_schedules(app, client, auth):
    auth.login("counsel")
    assert client.get("/costs/schedules").status_code == 403
    assert client.post("/costs/schedules", data=schedule_data()).status_code == 403


# --- an admin's schedule applies to cases filed from its date ---------------------------------


def test_a_case_filed_after_an_admins_schedule_gets_its_amounts_and_their_marks(
        app, client, auth, filed):
    number, _ = filed
    auth.login("admin")
    client.post("/costs/schedules", data=schedule_data())
    auth.logout()
    auth.login("counsel")
    with frozen(datetime(2026, 7, 2, 15, 0, tzinfo=UTC)):
        demand(client, app, number, "2026-07-01", claim_amount="10,000")
        fees = proposed_by_kind(app)
        # The new schedule's $225 / $350 (verified) and its $275.50 review fee (mark S); it
        # states no case management fee, so none is proposed; a $10,000 claim is a desk case.
        assert fees == {
            "aaa_consumer_filing_fee": (22_500, "claimant", (22_500, 0), "V"),
            "aaa_business_filing_fee": (35_000, "respondent", (0, 35_000), "V"),
            "aaa_clause_review_fee": (27_550, "respondent", (0, 27_550), "S"),
        }
        page = page_text(client.get(f"/cases/{number}?section=costs"))
    assert f"$275.50 (Wed 2026-07-01) {UNVERIFIED}" in page
    assert "The amount is not verified: A 2026 AAA letter to Qtrax." in page


# --- the demand's proposed fees -----------------------------------------------------------------


def test_a_hearing_demand_proposes_the_2020_fees_with_the_secondary_ones_marked(
        app, client, auth, filed):
    number, token = filed
    auth.login("counsel")
    with frozen(datetime(2026, 3, 3, 15, 0, tzinfo=UTC)):
        demand(client, app, number, "2026-03-02", hearing_requested="y")
        assert proposed_by_kind(app) == {
            "aaa_consumer_filing_fee": (200_00, "claimant", (200_00, 0), "V"),
            "aaa_business_filing_fee": (300_00, "respondent", (0, 300_00), "V"),
            "aaa_clause_review_fee": (250_00, "respondent", (0, 250_00), "S"),
            "aaa_case_management_fee": (1_400_00, "respondent", (0, 1_400_00), "S"),
            "arbitrator_compensation": (2_500_00, "respondent", (0, 2_500_00), "S"),
        }
        page = page_text(client.get(f"/cases/{number}?section=costs"))
        # The three proposals from secondary sources, each with its badge and its source.
        assert page.count(f"(Mon 2026-03-02) {UNVERIFIED}") == 3
        assert page.count("The amount is not verified:") == 3
        assert "2019 AAA letter" in page
        # The complainant's own page never shows a mark or the unverified wording.
        auth.logout()
        public = page_text(client.get(f"/status/{token}")).lower()
    for wording in ("unverified", "secondary source", "not verified", "2019 aaa letter",
                    "$250.00", "$2,500.00"):
        assert wording not in public


def test_a_registered_clause_brings_no_review_fee_and_a_desk_case_no_deposit(
        app, client, auth, filed, clause_registered):
    number, _ = filed
    clause_registered["AAA_CLAUSE_REGISTERED"] = True
    auth.login("counsel")
    with frozen(datetime(2026, 3, 3, 15, 0, tzinfo=UTC)):
        demand(client, app, number, "2026-03-02", claim_amount="25,000")  # <= $25,000: desk
    assert sorted(proposed_by_kind(app)) == [
        "aaa_business_filing_fee", "aaa_case_management_fee", "aaa_consumer_filing_fee"]


def test_confirmed_the_secondary_amount_stays_marked_until_the_invoice_corrects_it(
        app, client, auth, filed):
    number, _ = filed
    auth.login("counsel")
    with frozen(datetime(2026, 3, 3, 15, 0, tzinfo=UTC)):
        demand(client, app, number, "2026-03-02", claim_amount="5,000")
        review = next(i for i in items(app).values() if i.kind == "aaa_clause_review_fee")
        client.post(f"/costs/{review.id}/confirm", data={"version": str(review.version)})
        page = page_text(client.get(f"/cases/{number}?section=costs"))
        assert "amount unverified" in page
        assert "Amount from the fee schedule, secondary source: A 2019 AAA letter" in page
        assert "$250.00 amount unverified" in page_text(client.get("/costs"))
        rows = list(csv.DictReader(io.StringIO(client.get(f"/cases/{number}/costs.csv")
                                               .get_data(as_text=True).lstrip("\ufeff"))))
        assert [(r["amount"], r["amount_mark"]) for r in rows] == [("250.00", "S")]
        assert "2019 AAA letter" in rows[0]["amount_source"]
        review = items(app)[review.description]
        response = client.post(f"/costs/{review.id}/edit", data={
            "version": str(review.version), "stage": "arbitration",
            "kind": "aaa_clause_review_fee", "description": review.description,
            "amount": "300", "incurred_on": "2026-03-02", "incurred_by": "respondent",
            "mediator": ""})
        assert response.status_code == 302, page_text(response)
        corrected = items(app)[review.description]
        assert (corrected.amount_cents, corrected.shares, corrected.amount_mark) == (
            300_00, (0, 300_00), "")
        assert "amount unverified" not in page_text(client.get(f"/cases/{number}?section=costs"))


# --- the cost form ------------------------------------------------------------------------------


def test_the_cost_form_lists_the_schedules_amounts_with_the_unverified_marked(
        app, client, auth, filed):
    number, _ = filed
    auth.login("counsel")
    with frozen(datetime(2026, 6, 1, 15, 0, tzinfo=UTC)):
        page = page_text(client.get(f"/cases/{number}?section=costs"))
    form = page[page.index("Add a cost"):]
    assert "AAA Consumer Arbitration fee schedule (2020-11-01), in force on Mon 2026-06-01" in form
    assert "Consumer filing fee (the consumer files): $200.00 verified" in form
    assert f"Clause review fee (clause not registered; business pays): $250.00 {UNVERIFIED}" \
        in form
    assert f"Case management fee (business pays): $1,400.00 {UNVERIFIED}" in form
    assert f"hearing case (business pays): $2,500.00 {UNVERIFIED}" in form


# --- witnesses and transcripts through the cost form ------------------------------------------


def test_witnesses_are_the_producing_sides_and_a_transcript_the_ordering_sides(
        app, client, auth, filed):
    number, _ = filed
    auth.login("counsel")
    with frozen(datetime(2026, 6, 1, 15, 0, tzinfo=UTC)):
        for description, kind, amount, by in (
                ("Claimant's witness travel", "witness", "612.37", "claimant"),
                ("Qtrax's engineer as witness", "witness", "1,800", "respondent"),
                ("Hearing transcript", "transcript", "340.10", "claimant")):
            response = add_cost(client, number, stage="arbitration", kind=kind,
                                description=description, amount=amount, incurred_by=by,
                                incurred_on="2026-05-20")
            assert response.status_code == 302, page_text(response)
        ledger = items(app)
        assert ledger["Claimant's witness travel"].shares == (61_237, 0)
        assert ledger["Qtrax's engineer as witness"].shares == (0, 180_000)
        assert ledger["Hearing transcript"].shares == (34_010, 0)
        assert ledger["Claimant's witness travel"].rule_code == "WITNESS_OWN"
        page = page_text(client.get(f"/cases/{number}?section=costs"))
    assert "Commercial R-54 wording; Consumer rule to check) [mark S]" in page
    assert "[mark design]" in page
    # Complainant 612.37 + 340.10 = 952.47; Qtrax 1,800.00; all 2,752.47.
    assert "Complainant $952.47 $0.00 $952.47" in page
    assert "Qtrax $1,800.00 $0.00 $1,800.00" in page
    assert "All $2,752.47" in page


# --- one lookup of the demand per cost write --------------------------------------------------


def test_a_cost_write_reads_the_first_demand_once(app, client, auth, filed):
    from .test_query_budget import counting

    number, _ = filed
    auth.login("counsel")
    with frozen(datetime(2026, 3, 3, 15, 0, tzinfo=UTC)):
        demand(client, app, number, "2026-03-02", claim_amount="5,000")
        with counting(app) as statements:
            response = add_cost(client, number, stage="arbitration",
                                kind="aaa_consumer_filing_fee", amount="150",
                                incurred_on="2026-03-02", incurred_by="claimant")
    assert response.status_code == 302, page_text(response)
    demand_reads = [s for s in statements if "FROM case_events" in s and "kind" in s]
    assert len(demand_reads) == 1, demand_reads
