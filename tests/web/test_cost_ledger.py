"""The case's costs read as a ledger: one aligned row per cost, totals per party to the cent,
and each rule's text told once as a numbered note that the rows point at."""

from __future__ import annotations

import re
from datetime import date

import pytest

from qtrax_disputes.costs import rule_notes
from qtrax_disputes.costs.models import CostItem
from qtrax_disputes.web.extensions import db

from ..conftest import page_text
from ..factories import make_case, make_cost
from .tables import table

COLUMNS = ["Date", "Item", "Stage", "Amount", "Complainant's share", "Qtrax's share", "Paid",
           "Rule"]


@pytest.fixture
def ledger_case(app):
    """Two mediation costs under one rule, a transcript and an attorney fee under others."""
    with app.app_context():
        made = make_case("mediation_requested")
        make_cost(made, kind="room", amount_cents=300_01, description="Room hire",
                  incurred_on=date(2026, 1, 12))
        make_cost(made, kind="mediator_fee", amount_cents=1_250_00,
                  description="Mediator, 2 sessions", incurred_on=date(2026, 1, 14))
        make_cost(made, kind="transcript", stage="arbitration", amount_cents=99,
                  description="Copies", incurred_on=date(2026, 1, 15))
        make_cost(made, kind="attorney_fee", amount_cents=2_000_00, incurred_by="respondent",
                  incurred_on=date(2026, 1, 16))
        return made.number


def ledger_of(client, number) -> dict:
    return table(client.get(f"/cases/{number}?section=costs").get_data(as_text=True), "Ledger")


def test_each_cost_is_one_row_under_the_ledgers_columns(client, auth, ledger_case):
    auth.login("staff")
    ledger = ledger_of(client, ledger_case)
    assert ledger["thead"] == [COLUMNS]
    rows = ledger["tbody"]
    assert [r[1].split(" Amount from")[0] for r in rows] == [
        "Room hire", "Mediator, 2 sessions", "Copies", "Attorney fee"]  # a kind by its label
    assert rows[0][:7] == ["Mon 2026-01-12", "Room hire", "Mediation", "$300.01",
                           "$300.01 100%", "$0.00 0%", "$0.00"]
    assert rows[3][2:6] == ["Mediation", "$2,000.00", "$0.00 0%", "$2,000.00 100%"]


def test_the_totals_per_party_add_up_to_the_cent(client, auth, ledger_case):
    auth.login("staff")
    (total,) = ledger_of(client, ledger_case)["tfoot"]
    assert total == ["Total", "$3,551.00", "$1,551.00", "$2,000.00", "$0.00", ""]
    html = client.get(f"/cases/{ledger_case}?section=costs").get_data(as_text=True)
    per_party = table(html, "Totals per party")["tbody"]
    assert per_party[:2] == [["Complainant", "$1,551.00", "$0.00", "$1,551.00"],
                             ["Qtrax", "$2,000.00", "$0.00", "$2,000.00"]]


def test_a_rules_text_is_told_once_and_every_row_points_at_its_note(client, auth, ledger_case):
    auth.login("staff")
    html = client.get(f"/cases/{ledger_case}?section=costs").get_data(as_text=True)
    text = page_text(client.get(f"/cases/{ledger_case}?section=costs"))
    # Room hire and mediator fee share the policy's rule: one note, cited twice.
    assert text.count("So the complainant bears mediation costs in full.") == 1
    assert text.count("Attorney fees are borne by the party that incurred them") == 1
    rules = [r[7] for r in ledger_of(client, ledger_case)["tbody"]]
    assert rules[0] == rules[1] == "Policy: the complainant pays [1]"
    assert rules[2].startswith("Who ordered it pays [2]") and "unverified rule" in rules[2]
    assert rules[3].startswith("Own attorney fees [3]")
    notes = re.findall(r'<li id="cost-note-(\d+)">', html)
    assert notes == ["1", "2", "3"]
    # No item's own long explanation is repeated under its row.
    assert "this cost (Room / venue)" not in text and "POLICY_MEDIATION_USER_PAYS" not in text


def test_an_override_is_its_own_note_with_its_reason(app, client, auth, ledger_case):
    auth.login("counsel")
    with app.app_context():
        room = db.session.scalar(db.select(CostItem).where(CostItem.description == "Room hire"))
        item_id, version = room.id, room.version
    response = client.post(f"/costs/{item_id}/override", data={
        "version": str(version), "claimant_percent": "50", "respondent_percent": "50",
        "reason": "Agreed at the first session", "award_citation": ""})
    assert response.status_code == 302
    rows = ledger_of(client, ledger_case)["tbody"]
    assert rows[0][4:6] == ["$150.00 50%", "$150.01 50%"]  # the odd cent to the business
    assert rows[0][7].startswith("Counsel's split [1]")
    assert rows[1][7].startswith("Policy: the complainant pays [2]")
    text = page_text(client.get(f"/cases/{ledger_case}?section=costs"))
    assert text.count("Split set by counsel: Agreed at the first session") == 1


def test_a_payment_is_recorded_from_the_ledgers_one_form(app, client, auth, ledger_case):
    auth.login("staff")
    with app.app_context():
        room = db.session.scalar(db.select(CostItem).where(CostItem.description == "Room hire"))
        item_id = room.id
    response = client.post(f"/cases/{ledger_case}/costs/payments", data={
        "pay-item": str(item_id), "pay-party": "claimant", "pay-amount": "100.01",
        "pay-paid_on": "2026-01-20", "pay-note": "Card"})
    assert response.status_code == 302
    ledger = ledger_of(client, ledger_case)
    assert ledger["tbody"][0][6] == "$100.01"
    assert ledger["tfoot"][0][4] == "$100.01"
    assert "$100.01 paid by the complainant toward Room hire (Card)" in page_text(
        client.get(f"/cases/{ledger_case}?section=costs"))


def test_a_payment_for_another_cases_cost_is_refused(app, client, auth, ledger_case):
    with app.app_context():
        other = make_cost(make_case("mediation_requested"), description="Theirs")
        other_id = other.id
    auth.login("staff")
    response = client.post(f"/cases/{ledger_case}/costs/payments", data={
        "pay-item": str(other_id), "pay-party": "claimant", "pay-amount": "10",
        "pay-paid_on": "2026-01-20", "pay-note": ""})
    assert response.status_code == 400
    assert "The payment was not recorded" in page_text(response)


def test_a_viewer_cannot_record_a_payment(app, client, auth, ledger_case):
    auth.login("viewer")
    assert "Record a payment" not in page_text(client.get(f"/cases/{ledger_case}?section=costs"))
    response = client.post(f"/cases/{ledger_case}/costs/payments", data={})
    assert response.status_code == 403


class _Item:
    def __init__(self, id, rule_code, rule_source="s", explanation="", verified=True):
        self.id, self.rule_code, self.rule_source = id, rule_code, rule_source
        self.explanation, self.verified = explanation, verified


def test_two_policy_versions_words_make_two_notes():
    words = 'The policy: "{}." So the claimant (the user) bears this cost (Room / venue) in full.'
    notes = rule_notes.notes_for([
        _Item(1, "POLICY_MEDIATION_USER_PAYS", explanation=words.format("old words")),
        _Item(2, "POLICY_MEDIATION_USER_PAYS", explanation=words.format("old words")),
        _Item(3, "POLICY_MEDIATION_USER_PAYS", explanation=words.format("new words")),
    ])
    assert [n.number for n in notes.notes] == [1, 2]
    assert notes.of_item[1] is notes.of_item[2] is notes.notes[0]
    assert notes.notes[1].text.startswith("The policy: “new words.”")


def test_the_cost_pages_name_rules_and_stages_by_label_not_code(app, client, auth, ledger_case):
    auth.login("counsel")
    everywhere = page_text(client.get("/costs"))
    assert "Policy: the complainant pays" in everywhere and "Mediation" in everywhere
    assert "POLICY_MEDIATION_USER_PAYS" not in everywhere and " mediation " not in everywhere
    with app.app_context():
        item_id = db.session.scalar(db.select(CostItem.id).where(CostItem.kind == "attorney_fee"))
    split = page_text(client.get(f"/costs/{item_id}/override"))
    assert "Attorney fee — $2,000.00. Now: Own attorney fees" in split
    assert "ATTORNEY_FEES_OWN" not in split and "attorney_fee" not in split
