"""A mediator's charge, worked out by hand."""

import pytest

from qtrax_disputes.costs.charges import mediator_charge, parse_hours


def test_hours_times_rate():
    # 3.5 h × $450.00 = $1,575.00
    charge = mediator_charge(name="Pat", hourly_cents=45000, hours=350)
    assert charge.amount_cents == 157500
    assert charge.description == "Mediator Pat: 3.5 h × $450.00"


def test_the_minimum_hours_are_billed_when_the_session_is_shorter():
    # 2 h booked against a 4 h minimum at $375.00 → 4 × 375 = $1,500.00
    assert mediator_charge(name="Pat", hourly_cents=37500, hours=200,
                           minimum_hours=400).amount_cents == 150000


def test_a_cancellation_fee_is_added():
    # 0 h held, no minimum, $250.00 cancellation fee
    assert mediator_charge(name="Pat", hourly_cents=40000, hours=0,
                           cancellation_fee_cents=25000).amount_cents == 25000


def test_a_half_cent_rounds_up():
    # 0.01 h × $0.50 = 0.5 cent → 1 cent
    assert mediator_charge(name="Pat", hourly_cents=50, hours=1).amount_cents == 1


@pytest.mark.parametrize("text, hundredths", [("3", 300), ("3.5", 350), ("0.25", 25)])
def test_hours_are_read_exactly(text, hundredths):
    assert parse_hours(text) == hundredths


@pytest.mark.parametrize("text", ["", "-1", "three", "1.234"])
def test_bad_hours_are_refused(text):
    with pytest.raises(ValueError, match="Enter hours as a number"):
        parse_hours(text)
