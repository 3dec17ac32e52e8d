"""Money: every amount field takes up to one stated maximum and says so next to the field;
the largest amount is kept to the cent on both databases."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from qtrax_disputes.cases.models import Case
from qtrax_disputes.core.clock import frozen
from qtrax_disputes.costs.models import CostItem, CostPayment, FeeScheduleRecord
from qtrax_disputes.neutrals.models import Neutral
from qtrax_disputes.web.extensions import db

from ..conftest import page_text
from .helpers import file_complaint
from .test_cases import edit_values
from .test_costs import add_cost
from .test_neutrals import neutral_data

LARGEST = "9,999,999,999.99"
LARGEST_CENTS = 999_999_999_999
TOO_MUCH = "Enter an amount of at most $9,999,999,999.99."
# One cent over the limit, and a 20-digit amount that no 64-bit integer holds.
BEYOND = ["10,000,000,000.00", "99999999999999999999"]


def error_next_to(response, field_id: str) -> str:
    """The message the field macro shows under the field with this id ('' when none)."""
    match = re.search(rf'<p class="error" id="{re.escape(field_id)}-error">(.*?)</p>',
                      response.get_data(as_text=True), re.S)
    return match.group(1).strip() if match else ""


@pytest.fixture
def case_number(new_case, auth):
    number = new_case(filed_on=date(2026, 1, 5), incident_on=date(2025, 12, 20))
    with frozen(datetime(2026, 6, 1, 15, 0, tzinfo=UTC)):
        auth.login("admin")
        yield number


def stored(app, column):
    with app.app_context():
        return db.session.scalars(select(column)).all()


@pytest.mark.parametrize("amount", BEYOND)
def test_the_public_complaint_refuses_more_than_the_maximum_next_to_the_field(
        app, client, amount):
    response = file_complaint(client, amount=amount, name="Typed Name")
    assert response.status_code == 200  # the form again, not the receipt
    assert error_next_to(response, "amount") == TOO_MUCH
    assert f'value="{amount}"' in response.get_data(as_text=True)
    assert 'value="Typed Name"' in response.get_data(as_text=True)
    assert stored(app, Case.id) == []


def test_the_public_complaint_keeps_the_largest_amount_to_the_cent(app, client):
    # Above 2^31 cents ($21,474,836.48), which a 32-bit column refused on PostgreSQL.
    response = file_complaint(client, amount=LARGEST)
    assert response.status_code == 302, page_text(response)
    assert stored(app, Case.amount_claimed_cents) == [LARGEST_CENTS]


@pytest.mark.parametrize("amount", BEYOND)
def test_a_case_edit_refuses_more_than_the_maximum(app, client, case_number, amount):
    version = stored(app, Case.version)[0]
    response = client.post(f"/cases/{case_number}/edit", data=edit_values(
        amount_claimed=amount, version=version))
    assert response.status_code == 400
    assert error_next_to(response, "amount_claimed") == TOO_MUCH
    assert stored(app, Case.amount_claimed_cents) == [None]


@pytest.mark.parametrize("amount", BEYOND)
def test_a_cost_and_a_payment_refuse_more_than_the_maximum(app, client, case_number, amount):
    response = add_cost(client, case_number, amount=amount, description="Room")
    assert response.status_code == 400
    assert error_next_to(response, "cost-amount") == TOO_MUCH
    assert stored(app, CostItem.id) == []

    assert add_cost(client, case_number, amount=LARGEST,
                    description="Room").status_code == 302
    (item_id,) = stored(app, CostItem.id)
    assert stored(app, CostItem.amount_cents) == [LARGEST_CENTS]
    response = client.post(f"/cases/{case_number}/costs/payments", data={"pay-item": str(item_id),
        "pay-party": "claimant", "pay-amount": amount,
        "pay-paid_on": "2026-02-11"})
    assert response.status_code == 400
    assert error_next_to(response, "pay-amount") == TOO_MUCH
    assert stored(app, CostPayment.id) == []


def test_a_mediators_charge_worked_out_beyond_the_maximum_is_refused(app, client,
                                                                     case_number):
    with app.app_context():
        neutral = Neutral(name="Dear Mediator", kind="mediator", hourly_rate_cents=LARGEST_CENTS)
        db.session.add(neutral)
        db.session.commit()
        neutral_id = neutral.id
    response = add_cost(client, case_number, mediator=str(neutral_id), hours="2")
    assert response.status_code == 400
    assert error_next_to(response, "cost-amount") == TOO_MUCH
    assert stored(app, CostItem.id) == []


@pytest.mark.parametrize("field", ["hourly_rate", "daily_rate"])
def test_a_neutrals_rates_refuse_more_than_the_maximum(app, client, auth, field):
    auth.login("admin")
    response = client.post("/neutrals/new", data=neutral_data(**{field: BEYOND[1]}))
    assert response.status_code == 400
    assert error_next_to(response, field) == TOO_MUCH
    assert stored(app, Neutral.id) == []


def test_a_fee_schedule_refuses_more_than_the_maximum(app, client, auth):
    auth.login("admin")
    response = client.post("/costs/schedules", data={
        "code": "AAA_TEST", "title": "Test schedule", "effective_on": "2026-03-01",
        "source": "A test", "mark": "S", "consumer_filing_fee": BEYOND[1]})
    assert response.status_code == 400
    assert error_next_to(response, "consumer_filing_fee") == TOO_MUCH
    assert stored(app, FeeScheduleRecord.id) == []
