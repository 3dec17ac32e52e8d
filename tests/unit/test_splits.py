"""Splitting an amount in cents: the parts always add up, an exact half cent goes to the
business, a refund (a negative amount) splits as the mirror of the charge, and the consumer's
filing-fee cap is met to the cent (the consumer pays while the total stays <= the cap)."""

from __future__ import annotations

from datetime import date

import pytest

from qtrax_disputes.costs.allocation import (
    allocate,
    percent_of,
    rescale,
    split_cents,
)
from qtrax_disputes.costs.schedules import AAA_CONSUMER_2020

CAP = 20_000  # the 2020 schedule's consumer filing fee: $200.00


@pytest.mark.parametrize(
    ("amount", "bp", "expected", "why"),
    [
        (101, 5000, (50, 51), "50.5 -> 50: the odd cent to the business"),
        (-101, 5000, (-50, -51), "a refund mirrors it: -50.5 -> -50, the business -51"),
        (-100, 2500, (-25, -75), "a quarter of a $1 refund"),
        (-1, 10000, (-1, 0), "all of a one-cent refund to the claimant"),
        (-3, 3333, (-1, -2), "-0.9999 rounds to -1, not to 0"),
        (-2, 2501, (-1, -1), "-0.5002: more than half a cent, rounded away from zero"),
        (2, 2501, (1, 1), "0.5002: more than half a cent, rounded up"),
        (2, 2500, (0, 2), "exactly half a cent: down, to the business"),
        (0, 5000, (0, 0), "nothing to split"),
    ],
)
def test_split_cents(amount, bp, expected, why):
    assert split_cents(amount, bp) == expected, why
    assert sum(split_cents(amount, bp)) == amount


@pytest.mark.parametrize("amount", [1.5, True, "100"])
def test_only_whole_cents_are_split(amount):
    with pytest.raises(ValueError, match=r"^The amount must be a whole number of cents\.$"):
        split_cents(amount, 5000)


@pytest.mark.parametrize("bp", [-1, 10001])
def test_a_share_outside_0_to_100_percent_is_refused(bp):
    with pytest.raises(ValueError, match=r"^The claimant share must be between 0 and 10000"):
        split_cents(100, bp)


@pytest.mark.parametrize("bp", [0, 10000])
def test_zero_and_one_hundred_percent_are_shares(bp):
    assert split_cents(100, bp) == ((0, 100) if bp == 0 else (100, 0))


def filing_fee(amount, already=0):
    return allocate(
        "arbitration", "aaa_consumer_filing_fee", incurred_by="claimant",
        amount_cents=amount, incurred_on=date(2027, 3, 1), schedule=AAA_CONSUMER_2020,
        consumer_filing_fees_already_cents=already,
    ).shares


@pytest.mark.parametrize(
    ("amount", "already", "expected", "why"),
    [
        (CAP, 0, (CAP, 0), "exactly the cap: the consumer pays all of it"),
        (CAP + 1, 0, (CAP, 1), "one cent over: that cent is the business's"),
        (CAP - 1, 0, (CAP - 1, 0), "one cent under: all the consumer's"),
        (500, CAP - 1, (1, 499), "one cent of the cap left"),
        (500, CAP, (0, 500), "the cap met already"),
        (500, CAP + 700, (0, 500), "over the cap already (an override): nothing more"),
    ],
)
def test_the_consumers_cap_is_met_to_the_cent(amount, already, expected, why):
    assert filing_fee(amount, already) == expected, why


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [
        (200, 300, "66.67"),
        (1, 1, "100"),
        (1, 20000, "0.01"),  # 0.005% exactly: half a hundredth rounds up when shown
        (1, 20001, "0"),  # just under half a hundredth
        (150, 300, "50"),
        (5, 0, "0"),
    ],
)
def test_percent_of(part, whole, expected):
    assert percent_of(part, whole) == expected


@pytest.mark.parametrize(
    ("claimant", "old", "new", "expected"),
    [
        (1, 1, 300, (300, 0)),  # all of a one-cent item stays all
        (1, 3, 300, (100, 200)),
        (1, 2, 101, (50, 51)),  # the half cent to the respondent
        (5, 0, 300, (0, 300)),
    ],
)
def test_rescale_keeps_counsels_fraction(claimant, old, new, expected):
    assert rescale(claimant, old, new) == expected
