"""The cost ledger: who pays what under the policy and the AAA schedule, paid and owed."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from qtrax_disputes.audit.models import AuditEntry
from qtrax_disputes.cases.models import CaseEvent
from qtrax_disputes.core.clock import frozen
from qtrax_disputes.costs.models import CostItem, CostPayment
from qtrax_disputes.neutrals.models import Neutral
from qtrax_disputes.web.extensions import db

from ..conftest import page_text
from .tables import table
from .test_road import case_row, move

NOW = datetime(2026, 6, 1, 15, 0, tzinfo=UTC)


@pytest.fixture
def case_number(new_case, auth):
    number = new_case(filed_on=date(2026, 1, 5), incident_on=date(2025, 12, 20))
    with frozen(NOW):
        auth.login("counsel")
        yield number


def add_cost(client, number, **fields):
    data = {"stage": "mediation", "kind": "mediator_fee", "description": "", "amount": "",
            "incurred_on": "2026-02-10", "incurred_by": "claimant", "mediator": ""}
    data.update(fields)
    return client.post(f"/cases/{number}/costs", data=data)


def items(app) -> dict[str, CostItem]:
    with app.app_context():
        rows = db.session.scalars(select(CostItem)).all()
        for row in rows:
            db.session.expunge(row)
    return {row.description: row for row in rows}


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_a_ledger_across_stages_with_an_override_and_payments(app, client, case_number):
    n = case_number
    # Mediation: the policy puts every cost but attorney fees on the user.
    assert add_cost(client, n, description="Mediator, 2 sessions",
                    amount="1,250.00").status_code == 302
    add_cost(client, n, kind="room", description="Room hire", amount="300.01")
    add_cost(client, n, kind="attorney_fee", description="Our counsel, mediation",
             amount="2,000", incurred_by="respondent")
    add_cost(client, n, kind="attorney_fee", description="Claimant's counsel, mediation",
             amount="900", incurred_by="claimant")
    ledger = items(app)
    assert ledger["Mediator, 2 sessions"].shares == (125000, 0)
    assert ledger["Mediator, 2 sessions"].rule_code == "POLICY_MEDIATION_USER_PAYS"
    assert ledger["Room hire"].shares == (30001, 0)
    assert ledger["Our counsel, mediation"].shares == (0, 200000)
    assert ledger["Claimant's counsel, mediation"].shares == (90000, 0)

    # The demand brings the AAA filing fees of the 2020-11-01 schedule, proposed to confirm.
    move(client, app, n, "triage", "2026-01-06")
    move(client, app, n, "arbitration_demanded", "2026-03-02", mediation_waived="y")
    proposed = {d: i for d, i in items(app).items() if i.status == "proposed"}
    consumer = next(i for d, i in proposed.items() if "consumer" in d)
    business = next(i for d, i in proposed.items() if "business" in d)
    assert (consumer.amount_cents, consumer.shares) == (20000, (20000, 0))
    assert (business.amount_cents, business.shares) == (30000, (0, 30000))
    assert "Proposed:" in page_text(client.get(f"/cases/{n}?section=costs"))
    for item in (consumer, business):
        client.post(f"/costs/{item.id}/confirm", data={"version": str(item.version)})

    # An award reallocates the business's filing fee half and half.
    response = client.post(f"/costs/{business.id}/override", data={
        "version": str(items(app)[business.description].version),
        "claimant_percent": "50", "respondent_percent": "50",
        "reason": "The award shifts half the filing fee to the claimant.",
        "award_citation": "Award of 2026-05-28, ¶ 12"})
    assert response.status_code == 302, page_text(response)
    overridden = items(app)[business.description]
    assert overridden.shares == (15000, 15000) and overridden.rule_code == "OVERRIDE_AWARD"

    # Court costs: each side its own (the clause is silent; marked unverified).
    add_cost(client, n, stage="court", kind="court_fee", description="Index number fee",
             amount="210", incurred_by="respondent", incurred_on="2026-05-30")

    # Payments per party.
    mediator = items(app)["Mediator, 2 sessions"]
    client.post(f"/cases/{n}/costs/payments", data={"pay-item": str(mediator.id),
        "pay-party": "claimant", "pay-amount": "1,000",
        "pay-paid_on": "2026-02-11"})
    client.post(f"/cases/{n}/costs/payments", data={"pay-item": str(consumer.id),
        "pay-party": "claimant", "pay-amount": "200",
        "pay-paid_on": "2026-03-02"})

    # Claimant incurred: 1250 + 300.01 + 900 + 200 + 150 = 2800.01; paid 1200.
    # Qtrax incurred: 2000 + 150 + 210 = 2360.00; paid 0. All: 5160.01.
    text = page_text(client.get(f"/cases/{n}?section=costs"))
    assert "Complainant $2,800.01 $1,200.00 $1,600.01" in text
    assert "Qtrax $2,360.00 $0.00 $2,360.00" in text
    assert "All $5,160.01 $1,200.00 $3,960.01" in text

    rows = list(csv.DictReader(io.StringIO(
        client.get(f"/cases/{n}/costs.csv").get_data(as_text=True).lstrip("\ufeff"))))
    assert len(rows) == 7

    def total(column):
        return sum(int(r[column].replace(".", "")) for r in rows)

    assert total("claimant_amount") == 280001 and total("respondent_amount") == 236000
    assert total("amount") == total("claimant_amount") + total("respondent_amount")
    assert total("claimant_paid") == 120000 and total("claimant_outstanding") == 160001

    with app.app_context():
        actions = db.session.scalars(select(AuditEntry.action)).all()
    # Five typed; five proposed by the demand: the two filing fees, the clause review fee
    # (the clause is not registered), the case management fee, the deposit (no claim amount,
    # so not a desk case).
    assert actions.count("cost.added") == 10
    assert actions.count("cost.confirmed") == 2
    assert actions.count("cost.overridden") == 1 and actions.count("cost.paid") == 2


def test_a_mediators_charge_comes_from_the_roster_rate(app, client, case_number):
    with app.app_context():
        neutral = Neutral(name="Maria Ortiz", kind="mediator", organisation="Hudson ADR",
                          location="New York, NY", hourly_rate_cents=45000)
        db.session.add(neutral)
        db.session.commit()
        neutral_id = neutral.id
    response = add_cost(client, case_number, mediator=str(neutral_id), hours="3.5",
                        minimum_hours="4", cancellation_fee="")
    assert response.status_code == 302, page_text(response)
    (item,) = items(app).values()
    # The 4-hour minimum applies: 4 × $450.00 = $1,800.00, all on the complainant.
    assert item.amount_cents == 180000 and item.shares == (180000, 0)
    assert item.description == "Mediator Maria Ortiz: 4 h × $450.00; minimum 4 h"


@pytest.mark.parametrize("fields, message", [
    ({"amount": "-5"}, "Enter an amount in dollars"),
    ({"amount": "abc"}, "Enter an amount in dollars"),
    ({"amount": "0"}, "The amount must be more than zero."),
    ({"amount": ""}, "Enter the amount, or choose a mediator and the hours."),
    ({"amount": "10", "incurred_on": ""}, "Enter the date."),
])
def test_bad_amounts_are_refused_next_to_the_field(app, client, case_number, fields, message):
    response = add_cost(client, case_number, description="Typed text stays", **fields)
    assert response.status_code == 400
    assert message in page_text(response)
    assert 'value="Typed text stays"' in response.get_data(as_text=True)
    assert count(app, CostItem) == 0


def test_an_override_must_sum_to_100_percent_and_give_a_reason(app, client, case_number):
    add_cost(client, case_number, description="Mediator", amount="100")
    item = items(app)["Mediator"]
    url = f"/costs/{item.id}/override"
    base = {"version": str(item.version), "award_citation": ""}
    response = client.post(url, data={**base, "claimant_percent": "60",
                                      "respondent_percent": "30", "reason": "Agreed."})
    assert "The shares must add up to 100%." in page_text(response)
    response = client.post(url, data={**base, "claimant_percent": "60",
                                      "respondent_percent": "40", "reason": ""})
    assert "Give the reason for changing the split." in page_text(response)
    assert items(app)["Mediator"].shares == (10000, 0)
    with app.app_context():
        assert db.session.scalar(select(func.count(AuditEntry.id)).where(
            AuditEntry.action == "cost.overridden")) == 0


def test_a_payment_must_be_positive(app, client, case_number):
    add_cost(client, case_number, description="Mediator", amount="100")
    item = items(app)["Mediator"]
    response = client.post(f"/cases/{case_number}/costs/payments", data={"pay-item": str(item.id),
        "pay-party": "claimant", "pay-amount": "-1",
        "pay-paid_on": "2026-02-11"})
    assert response.status_code == 400
    assert count(app, CostPayment) == 0


def test_csv_cells_never_run_as_formulas(app, client, case_number):
    add_cost(client, case_number, description='=HYPERLINK("http://x.example","click")',
             amount="10")
    body = client.get(f"/cases/{case_number}/costs.csv").get_data(as_text=True)
    row = list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))[0]
    assert row["description"].startswith("'=HYPERLINK")
    assert row["amount"] == "10.00"


def test_the_ledger_across_cases_for_a_date_range(app, client, case_number):
    add_cost(client, case_number, description="February", amount="10",
             incurred_on="2026-02-10")
    add_cost(client, case_number, description="April", amount="20", incurred_on="2026-04-10")
    body = client.get("/costs/ledger.csv?from=2026-03-01&to=2026-04-30").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))
    assert [r["description"] for r in rows] == ["April"]
    assert "April" in page_text(client.get("/costs?from=2026-03-01"))


def test_a_case_keeps_the_schedule_in_force_on_its_filing_date(app, client, auth, case_number):
    auth.logout()
    auth.login("admin")
    response = client.post("/costs/schedules", data={
        "code": "AAA_CONSUMER_2026_03", "title": "AAA consumer schedule (test)",
        "effective_on": "2026-03-01", "source": "AAA Consumer Fee Schedule, amended",
        "mark": "S", "consumer_filing_fee": "225", "business_filing_fee_one": "350"})
    assert response.status_code == 302, page_text(response)
    # Filed the day before the new schedule: the 2020 schedule's $200 stays.
    move(client, app, case_number, "triage", "2026-01-06")
    move(client, app, case_number, "arbitration_demanded", "2026-02-28", mediation_waived="y")
    fees = sorted(i.amount_cents for i in items(app).values()
                  if i.kind.endswith("filing_fee"))
    assert fees == [20000, 30000]


def test_a_filing_fee_on_a_case_without_a_demand_does_not_speak_of_one(app, client, case_number):
    response = add_cost(client, case_number, stage="arbitration", kind="aaa_consumer_filing_fee",
                        description="Filing fee paid ahead", amount="200.00")
    assert response.status_code == 302, page_text(response)
    text = items(app)["Filing fee paid ahead"].explanation
    assert text.startswith("No demand is recorded on this case yet")
    assert "filed on" not in text and "filed the demand" not in text

    # Once the demand is recorded, the text names its filing date, not the item's date.
    move(client, app, case_number, "triage", "2026-01-06")
    move(client, app, case_number, "arbitration_demanded", "2026-02-20", mediation_waived="y")
    add_cost(client, case_number, stage="arbitration", kind="aaa_consumer_filing_fee",
             description="Filing fee again", amount="100.00", incurred_on="2026-03-02")
    assert items(app)["Filing fee again"].explanation.startswith(
        "The consumer filed the demand on 2026-02-20")


def test_staff_record_payments_but_only_counsel_changes_costs(app, client, auth,
                                                               case_number):
    add_cost(client, case_number, description="Mediator", amount="100")
    item = items(app)["Mediator"]
    auth.logout()
    staff_id = auth.login("staff")
    assert add_cost(client, case_number, amount="5").status_code == 403
    assert client.get(f"/costs/{item.id}/override").status_code == 403
    response = client.post(f"/cases/{case_number}/costs/payments", data={"pay-item": str(item.id),
        "pay-party": "claimant", "pay-amount": "100",
        "pay-paid_on": "2026-02-11"})
    assert response.status_code == 302
    assert recorders(app) == [staff_id]  # the payment keeps who recorded it


def recorders(app) -> list[int | None]:
    with app.app_context():
        return list(db.session.scalars(select(CostPayment.recorded_by_id)
                                       .order_by(CostPayment.id)))


def test_a_deposit_keeps_who_recorded_it(app, client, auth, case_number):
    auth.logout()
    counsel_id = auth.login("counsel")
    assert add_cost(client, case_number, description="Mediator", amount="100",
                    deposit="40").status_code == 302
    assert recorders(app) == [counsel_id]


def propose(app, number) -> tuple[int, int]:
    """A cost a step proposes (as the AAA fees of a demand are), waiting for staff."""
    from qtrax_disputes.cases.models import Case
    from qtrax_disputes.costs.operations import ItemValues, propose_item

    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.number == number))
        item = propose_item(case, ItemValues("arbitration", "aaa_consumer_filing_fee",
                                             "Proposed fee", 20000, NOW.date(), "claimant"))
        db.session.commit()
        return item.id, item.version


def confirmations(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(AuditEntry.id)).where(
            AuditEntry.action == "cost.confirmed"))


def test_confirming_a_cost_takes_its_version_and_happens_once(app, client, case_number):
    item_id, version = propose(app, case_number)

    response = client.post(f"/costs/{item_id}/confirm", data={}, follow_redirects=True)
    assert "Someone else changed this cost" in page_text(response)  # no version: stale
    assert items(app)["Proposed fee"].status == "proposed"

    response = client.post(f"/costs/{item_id}/confirm", data={"version": str(version)},
                           follow_redirects=True)
    assert "Cost confirmed." in page_text(response)
    assert items(app)["Proposed fee"].status == "confirmed"

    # The same page sent again (a second click) is refused as stale; sent with the current
    # version it has nothing left to do. Either way one confirmation is on record.
    response = client.post(f"/costs/{item_id}/confirm", data={"version": str(version)},
                           follow_redirects=True)
    assert "Someone else changed this cost" in page_text(response)
    current = items(app)["Proposed fee"].version
    assert client.post(f"/costs/{item_id}/confirm",
                       data={"version": str(current)}).status_code == 302
    assert confirmations(app) == 1


# --- the AAA fees follow who filed the demand and before how many arbitrators -------------


def demand(client, app, number, **fields):
    move(client, app, number, "triage", "2026-01-06")
    return move(client, app, number, "arbitration_demanded", "2026-03-02",
                mediation_waived="y", **fields)


def proposed(app, *, filing_fees_only=True) -> list[tuple[int, str, tuple[int, int]]]:
    return sorted((i.amount_cents, i.incurred_by, i.shares) for i in items(app).values()
                  if i.status == "proposed"
                  and (i.kind.endswith("filing_fee") or not filing_fees_only))


def test_when_qtrax_files_before_three_arbitrators_qtrax_pays_625_and_the_consumer_nothing(
        app, client, case_number):
    response = demand(client, app, case_number, filed_by="respondent", arbitrators="3")
    assert response.status_code == 302, page_text(response)
    assert proposed(app) == [(62500, "respondent", (0, 62500))]
    with app.app_context():
        data = db.session.scalar(select(CaseEvent.data).where(
            CaseEvent.kind == "arbitration_demanded"))
    assert (data["filed_by"], data["arbitrators"]) == ("respondent", "3")


def test_when_qtrax_files_before_one_arbitrator_qtrax_pays_500(app, client, case_number):
    demand(client, app, case_number, filed_by="respondent", arbitrators="1")
    assert proposed(app) == [(50000, "respondent", (0, 50000))]


def test_when_the_consumer_files_before_three_arbitrators_the_business_fee_is_425(
        app, client, case_number):
    demand(client, app, case_number, filed_by="claimant", arbitrators="3")
    assert proposed(app) == [(20000, "claimant", (20000, 0)),
                             (42500, "respondent", (0, 42500))]


def test_a_number_of_arbitrators_the_schedule_does_not_know_is_refused_at_the_field(
        app, client, case_number):
    move(client, app, case_number, "triage", "2026-01-06")
    response = move(client, app, case_number, "arbitration_demanded", "2026-03-02",
                    mediation_waived="y", arbitrators="2", aaa_case_number="01-26-7")
    assert response.status_code == 400
    assert "Not a valid choice" in page_text(response)
    assert 'value="01-26-7"' in response.get_data(as_text=True)
    assert case_row(app, case_number).stage == "triage" and proposed(app) == []


# --- each AAA fee is its owner's; the cap is the consumer's, on the case as a whole ----------


def test_the_business_fee_entered_first_never_uses_the_consumers_cap(app, client, case_number):
    for kind, amount, by in (("aaa_business_filing_fee", "300", "respondent"),
                             ("aaa_consumer_filing_fee", "200", "claimant")):
        response = add_cost(client, case_number, stage="arbitration", kind=kind,
                            description=kind, amount=amount, incurred_by=by,
                            incurred_on="2026-03-02")
        assert response.status_code == 302, page_text(response)
    ledger = items(app)
    assert ledger["aaa_business_filing_fee"].shares == (0, 30000)
    assert ledger["aaa_consumer_filing_fee"].shares == (20000, 0)


def test_the_cap_limits_the_consumers_aaa_fees_on_the_whole_case(app, client, case_number):
    for description, amount in (("First", "100"), ("Second", "200")):
        add_cost(client, case_number, stage="arbitration", kind="aaa_consumer_filing_fee",
                 description=description, amount=amount, incurred_on="2026-03-02")
    ledger = items(app)
    # $200 cap: $100 on the first item leaves $100 of the second for the consumer.
    assert ledger["First"].shares == (10000, 0)
    assert ledger["Second"].shares == (10000, 10000)


def test_everything_else_the_aaa_bills_is_the_business(app, client, case_number):
    for kind in ("aaa_clause_review_fee", "aaa_case_management_fee", "arbitrator_compensation"):
        add_cost(client, case_number, stage="arbitration", kind=kind, description=kind,
                 amount="250", incurred_by="claimant", incurred_on="2026-03-02")
    assert {d: i.shares for d, i in items(app).items()} == {
        "aaa_clause_review_fee": (0, 25000), "aaa_case_management_fee": (0, 25000),
        "arbitrator_compensation": (0, 25000)}


# --- shares are cents: a cap is met to the cent ----------------------------------------------


def test_a_consumer_fee_of_300_01_puts_exactly_200_on_the_consumer(app, client, case_number):
    add_cost(client, case_number, stage="arbitration", kind="aaa_consumer_filing_fee",
             description="Filing fee", amount="300.01", incurred_on="2026-03-02")
    assert items(app)["Filing fee"].shares == (20000, 10001)
    page = client.get(f"/cases/{case_number}?section=costs").get_data(as_text=True)
    (row,) = table(page, "Ledger")["tbody"]
    # The percentages are worked out from the cents, for reading: 20000 / 30001 = 66.66%.
    assert row[3:6] == ["$300.01", "$200.00 66.66%", "$100.01 33.34%"]


def test_what_the_cap_leaves_is_met_to_the_cent_on_the_next_item(app, client, case_number):
    for description, amount in (("First", "150"), ("Second", "150")):
        add_cost(client, case_number, stage="arbitration", kind="aaa_consumer_filing_fee",
                 description=description, amount=amount, incurred_on="2026-03-02")
    # $200 cap: $150 on the first leaves exactly $50.00 of the second for the consumer.
    assert items(app)["Second"].shares == (5000, 10000)


def test_an_overridden_split_keeps_its_fraction_when_the_amount_is_corrected(
        app, client, case_number):
    add_cost(client, case_number, description="Mediator", amount="100")
    item = items(app)["Mediator"]
    client.post(f"/costs/{item.id}/override", data={
        "version": str(item.version), "claimant_percent": "25", "respondent_percent": "75",
        "reason": "Settlement term 4.", "award_citation": ""})
    item = items(app)["Mediator"]
    response = client.post(f"/costs/{item.id}/edit", data={
        "version": str(item.version), "stage": "mediation", "kind": "mediator_fee",
        "description": "Mediator", "amount": "200.02", "incurred_on": "2026-02-10",
        "incurred_by": "claimant", "mediator": ""})
    assert response.status_code == 302, page_text(response)
    # A quarter of $200.02 is $50.005: the half cent goes to Qtrax.
    assert items(app)["Mediator"].shares == (5000, 15002)


# --- the migration to cents: today's split kept to the cent, the business's fee its own ------

OLD_ROWS = [  # description, kind, amount, claimant bp, incurred by, override reason
    ("Room", "room", 300_01, 10_000, "claimant", ""),
    ("Even split", "other", 101, 5_000, "claimant", "Agreed."),  # 50.5: the half cent to Qtrax
    ("A third", "other", 100, 3_333, "claimant", "Agreed."),  # 33.33 -> 33
    ("Consumer's", "aaa_filing_fee", 300_01, 6_666, "claimant", ""),  # 19998.67 -> 19999
    ("Business's", "aaa_filing_fee", 300_00, 6_666, "respondent", ""),
    ("Awarded", "aaa_filing_fee", 300_00, 5_000, "respondent", "Award, para. 3."),
]


@pytest.mark.commits  # Alembic migrates on a connection of its own
def test_the_migration_keeps_todays_splits_to_the_cent_and_the_business_fee_its_own(
        app, case_number):
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import column, table

    from qtrax_disputes.cases.models import Case

    old = table("cost_items", *(column(name) for name in (
        "case_id", "stage", "kind", "description", "amount_cents", "currency", "incurred_on",
        "incurred_by", "claimant_bp", "respondent_bp", "rule_code", "rule_source",
        "explanation", "verified", "override_reason", "status", "created_at", "version")))
    with app.app_context():
        case_id = db.session.scalar(select(Case.id).where(Case.number == case_number))
        db.session.remove()
        downgrade(revision="0014")
        try:
            with db.engine.begin() as conn:
                for description, kind, amount, bp, by, reason in OLD_ROWS:
                    conn.execute(old.insert().values(
                        case_id=case_id, stage="arbitration", kind=kind,
                        description=description, amount_cents=amount, currency="USD",
                        incurred_on=NOW.date(), incurred_by=by, claimant_bp=bp,
                        respondent_bp=10_000 - bp, rule_code="AAA_CONSUMER_CAP",
                        rule_source="", explanation="", verified=True, override_reason=reason,
                        status="confirmed", created_at=NOW, version=1))
        finally:
            upgrade()
    migrated = {d: (i.kind, i.shares) for d, i in items(app).items()}
    assert migrated == {
        "Room": ("room", (300_01, 0)),
        "Even split": ("other", (50, 51)),
        "A third": ("other", (33, 67)),
        "Consumer's": ("aaa_consumer_filing_fee", (199_99, 100_02)),
        "Business's": ("aaa_business_filing_fee", (0, 300_00)),  # today's rule was wrong
        "Awarded": ("aaa_business_filing_fee", (150_00, 150_00)),  # the award's split holds
    }


# --- the policy's mediation rule, told apart from "whoever incurred it pays" -----------------


def test_a_mediation_room_qtrax_booked_is_the_users_and_qtraxs_lawyer_is_qtraxs(
        app, client, case_number):
    add_cost(client, case_number, kind="room", description="Room Qtrax booked", amount="400",
             incurred_by="respondent")
    add_cost(client, case_number, kind="attorney_fee", description="Qtrax's counsel",
             amount="1,500", incurred_by="respondent")
    ledger = items(app)
    assert ledger["Room Qtrax booked"].shares == (40000, 0)
    assert ledger["Qtrax's counsel"].shares == (0, 150000)
    text = page_text(client.get(f"/cases/{case_number}?section=costs"))
    assert "Complainant $400.00 $0.00 $400.00" in text
    assert "Qtrax $1,500.00 $0.00 $1,500.00" in text


def test_a_cost_reads_by_its_rule_words_and_source_not_its_code(app, client, case_number):
    assert add_cost(client, case_number, description="Mediator, one session",
                    amount="900.00").status_code == 302
    (item,) = items(app).values()
    text = page_text(client.get(f"/cases/{case_number}?section=costs"))
    assert f"Source: {item.rule_source}." in text
    assert item.rule_code not in text  # the code is the CSV's and the audit's
