"""Correcting and deleting a cost: counsel's, through the cost's own page; a refused form
keeps what was typed with the reason next to the field; each change is audited."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from qtrax_disputes.audit.models import AuditEntry
from qtrax_disputes.cases.models import CaseEvent
from qtrax_disputes.costs.models import CostItem
from qtrax_disputes.web.extensions import db

from ..conftest import page_text
from ..factories import make_case, make_cost


@pytest.fixture
def cost(app):
    """A $100.00 room hire the complainant incurred in mediation, on a case in mediation."""
    with app.app_context():
        made = make_case("mediation_requested")
        item = make_cost(made, kind="room", amount_cents=100_00, description="Room hire")
        return made.number, item.id, item.version


def form(version, **changes):
    data = {"version": str(version), "stage": "mediation", "kind": "room",
            "description": "Room hire", "amount": "100.00", "incurred_on": "2026-01-10",
            "incurred_by": "claimant", "mediator": ""}
    data.update(changes)
    return data


def item(app, item_id) -> CostItem | None:
    with app.app_context():
        row = db.session.get(CostItem, item_id)
        if row is not None:
            db.session.expunge(row)
        return row


def audit(app, action: str) -> list[AuditEntry]:
    with app.app_context():
        rows = db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)).all()
        for row in rows:
            db.session.expunge(row)
        return rows


def error_next_to(html: str, field_id: str) -> str:
    """The message the page shows under the field (the field macro's ``<id>-error``)."""
    found = re.search(rf'<p class="error" id="{field_id}-error">(.*?)</p>', html, re.S)
    return found.group(1).strip() if found else ""


def test_counsel_corrects_a_cost_and_the_change_is_audited_with_before_and_after(
        app, client, auth, cost):
    number, item_id, version = cost
    counsel = auth.login("counsel")
    page = client.get(f"/costs/{item_id}/edit")
    assert page.status_code == 200 and 'value="100.00"' in page.get_data(as_text=True)

    response = client.post(f"/costs/{item_id}/edit", data=form(
        version, amount="125.50", description="Room hire, two days"))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/cases/{number}?section=costs#costs")
    saved = item(app, item_id)
    assert (saved.amount_cents, saved.description, saved.shares) == (
        125_50, "Room hire, two days", (125_50, 0))  # mediation: the complainant's cost
    (entry,) = audit(app, "cost.edited")
    assert entry.actor_user_id == counsel
    assert entry.detail["before"]["amount_cents"] == 100_00
    assert entry.detail["after"]["amount_cents"] == 125_50
    assert "Cost saved." in page_text(client.get(f"/cases/{number}?section=costs"))


@pytest.mark.parametrize("typed, field, message", [
    ({"amount": "twelve"}, "amount", "amount"),
    ({"amount": "0"}, "amount", "The amount must be more than zero."),
    ({"incurred_on": ""}, "incurred_on", "Enter the date."),
])
def test_a_refused_correction_keeps_what_was_typed_and_says_why_next_to_the_field(
        app, client, auth, cost, typed, field, message):
    _, item_id, version = cost
    auth.login("counsel")
    response = client.post(f"/costs/{item_id}/edit", data=form(
        version, description="Room hire, as typed", **typed))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message.lower() in error_next_to(html, field).lower()
    assert 'value="Room hire, as typed"' in html  # what was typed is still there
    assert item(app, item_id).amount_cents == 100_00  # nothing changed
    assert audit(app, "cost.edited") == []


def test_a_correction_of_a_cost_changed_meanwhile_is_refused(app, client, auth, cost):
    number, item_id, version = cost
    auth.login("counsel")
    assert client.post(f"/costs/{item_id}/edit", data=form(version, amount="110")) \
        .status_code == 302
    stale = client.post(f"/costs/{item_id}/edit", data=form(version, amount="90"))
    assert stale.status_code == 302
    assert item(app, item_id).amount_cents == 110_00
    costs = page_text(client.get(f"/cases/{number}?section=costs"))
    assert "Someone else changed this cost" in costs


def test_counsel_deletes_a_cost_with_a_reason_on_the_timeline_and_in_the_audit_log(
        app, client, auth, cost):
    number, item_id, _ = cost
    counsel = auth.login("counsel")
    response = client.post(f"/costs/{item_id}/delete", data={"reason": "Entered twice."})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/cases/{number}?section=costs#costs")
    assert item(app, item_id) is None
    (entry,) = audit(app, "cost.deleted")
    assert entry.actor_user_id == counsel
    assert (entry.detail["reason"], entry.detail["amount_cents"]) == ("Entered twice.", 100_00)
    with app.app_context():
        note = db.session.scalar(select(CaseEvent.note).where(CaseEvent.kind == "cost_deleted"))
    assert note == "Cost deleted: Room hire ($100.00). Reason: Entered twice."
    assert "Cost deleted." in page_text(client.get(f"/cases/{number}?section=costs"))


def test_a_deletion_without_a_reason_is_refused_next_to_the_reason(app, client, auth, cost):
    _, item_id, _ = cost
    auth.login("counsel")
    response = client.post(f"/costs/{item_id}/delete", data={"reason": "   "})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert error_next_to(html, "reason") == "Say why the cost is deleted."
    assert 'value="100.00"' in html  # the edit form is still filled in
    assert item(app, item_id) is not None
    assert audit(app, "cost.deleted") == []


@pytest.mark.parametrize("role", ["viewer", "staff"])
def test_only_counsel_may_correct_or_delete_a_cost(app, client, auth, cost, role):
    _, item_id, version = cost
    auth.login(role)
    assert client.get(f"/costs/{item_id}/edit").status_code == 403
    assert client.post(f"/costs/{item_id}/edit", data=form(version, amount="1")) \
        .status_code == 403
    assert client.post(f"/costs/{item_id}/delete", data={"reason": "Mine now."}) \
        .status_code == 403
    assert item(app, item_id).amount_cents == 100_00
    assert audit(app, "cost.edited") == audit(app, "cost.deleted") == []
