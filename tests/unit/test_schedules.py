"""Fee schedules are dated data: the one in force on the filing date applies."""

from dataclasses import FrozenInstanceError, replace
from datetime import date

import pytest

from qtrax_disputes.costs.schedules import (
    AAA_CONSUMER_2020,
    COST_KIND_LABELS,
    COST_KINDS,
    FILING_FEE_AMOUNTS,
    NOT_VERIFIED,
    SCHEDULES,
    STAGE_LABELS,
    STAGES,
    AmountMark,
    FeeSchedule,
    format_cents,
    schedule_in_force,
)

# An admin-added schedule, entered as data (the $225 figure is only an example here).
LATER = FeeSchedule(
    code="AAA_CONSUMER_2026_03_01",
    title="AAA Consumer fee schedule (2026-03-01)",
    effective_on=date(2026, 3, 1),
    source="entered by an admin from the AAA's published schedule",
    mark="V",
    verified=True,
    consumer_filing_fee_cents=22_500,
    business_filing_fee_one_arbitrator_cents=35_000,
    business_filing_fee_three_arbitrators_cents=50_000,
    business_files_one_cents=55_000,
    business_files_three_cents=70_000,
    notes="",
)


def test_only_the_verified_2020_schedule_ships():
    assert SCHEDULES == (AAA_CONSUMER_2020,)
    s = AAA_CONSUMER_2020
    assert s.effective_on == date(2020, 11, 1)
    assert (s.mark, s.verified) == ("V", True)
    # $200 consumer; $300 / $425 business when the consumer files; $500 / $625 business files.
    assert s.consumer_filing_fee_cents == 200_00
    assert s.business_filing_fee_one_arbitrator_cents == 300_00
    assert s.business_filing_fee_three_arbitrators_cents == 425_00
    assert s.business_files_one_cents == 500_00
    assert s.business_files_three_cents == 625_00
    assert s.source


def test_unverified_amounts_are_not_invented():
    s = AAA_CONSUMER_2020
    assert s.arbitrator_compensation_cents is None  # per day: no source states it
    assert format_cents(s.arbitrator_compensation_cents) == (
        "not verified; enter the actual invoice")
    assert s.amount("arbitrator_compensation_cents").badge == NOT_VERIFIED
    assert NOT_VERIFIED in s.notes


def test_the_2020_filing_fees_are_verified_and_the_three_business_fees_are_secondary():
    s = AAA_CONSUMER_2020
    for name in FILING_FEE_AMOUNTS:
        amount = s.amount(name)
        assert (amount.mark, amount.verified, amount.badge) == ("V", True, "")
        assert amount.source == s.source
    # docs/costs.md § Fee schedules, rows marked S: $250, $2,500, $1,400, each with its own source.
    for name, cents, source_says in (
        ("clause_review_fee_cents", 250_00, "2019 AAA letter"),
        ("arbitrator_deposit_cents", 2_500_00, "minimum $2,500"),
        ("case_management_fee_cents", 1_400_00, "2021 and 2024"),
    ):
        amount = s.amount(name)
        assert amount.cents == cents
        assert (amount.mark, amount.verified) == ("S", False)
        assert amount.badge == "secondary source, unverified"
        assert source_says in amount.source
    assert s.all_verified is False  # the fee schedule page says so beside it


def test_an_amount_with_its_own_mark_needs_its_own_source_and_a_known_name():
    with pytest.raises(ValueError, match="needs its own source"):
        AmountMark("S", "  ")
    with pytest.raises(ValueError, match="mark must be one of"):
        AmountMark("X", "a letter")
    with pytest.raises(ValueError, match="no amount is called"):
        replace(LATER, amount_marks={"filing_fee": AmountMark("S", "a letter")})


def test_an_admin_schedule_without_own_marks_gives_every_amount_the_schedules_mark():
    later = replace(LATER, mark="S", verified=False, clause_review_fee_cents=300_00)
    amount = later.amount("clause_review_fee_cents")
    assert (amount.cents, amount.mark, amount.source) == (30_000, "S", LATER.source)


def test_schedules_are_frozen():
    with pytest.raises(FrozenInstanceError):
        AAA_CONSUMER_2020.consumer_filing_fee_cents = 0  # type: ignore[misc]


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2020, 10, 31), None),  # the day before the first schedule: none in force
        (date(2019, 1, 1), None),
        (date(2020, 11, 1), AAA_CONSUMER_2020),  # its effective day
        (date(2026, 1, 15), AAA_CONSUMER_2020),
    ],
)
def test_shipped_schedule_selection(on, expected):
    assert schedule_in_force(on) is expected


@pytest.mark.parametrize(
    ("on", "expected_code"),
    [
        (date(2026, 2, 28), "AAA_CONSUMER_2020_11_01"),  # the day before: the old one still
        (date(2026, 3, 1), "AAA_CONSUMER_2026_03_01"),  # the boundary day: the new one
        (date(2027, 6, 30), "AAA_CONSUMER_2026_03_01"),
    ],
)
def test_admin_added_schedule_is_honoured_on_its_boundary(on, expected_code):
    # Order of the data does not matter.
    chosen = schedule_in_force(on, (LATER, *SCHEDULES))
    assert chosen is not None
    assert chosen.code == expected_code


def test_a_case_filed_under_the_old_schedule_keeps_it():
    filed = date(2025, 12, 1)
    assert schedule_in_force(filed, (*SCHEDULES, LATER)).consumer_filing_fee_cents == 200_00


def test_two_schedules_on_the_same_day_are_refused():
    twin = replace(LATER, code="TWIN")
    with pytest.raises(ValueError, match="Several fee schedules"):
        schedule_in_force(date(2026, 3, 1), (LATER, twin))


def test_filing_fees_by_who_files():
    s = AAA_CONSUMER_2020
    assert s.filing_fees(filed_by="claimant") == (200_00, 300_00)
    assert s.filing_fees(filed_by="claimant", arbitrators=3) == (200_00, 425_00)
    assert s.filing_fees(filed_by="respondent") == (0, 500_00)
    assert s.filing_fees(filed_by="respondent", arbitrators=3) == (0, 625_00)
    with pytest.raises(ValueError, match="one or three arbitrators"):
        s.filing_fees(filed_by="claimant", arbitrators=2)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"mark": "X"}, "mark"),
        ({"source": " "}, "source"),
        ({"consumer_filing_fee_cents": -1}, "whole cents"),
        ({"consumer_filing_fee_cents": 2.5}, "whole cents"),
    ],
)
def test_bad_schedule_data_is_refused(changes, message):
    with pytest.raises(ValueError, match=message):
        replace(LATER, **changes)


def test_kinds_and_stages_have_labels():
    assert STAGES == ("mediation", "arbitration", "court")
    assert set(STAGE_LABELS) == set(STAGES)
    assert COST_KINDS == (
        "mediator_fee",
        "room",
        "aaa_consumer_filing_fee",
        "aaa_business_filing_fee",
        "aaa_clause_review_fee",
        "aaa_case_management_fee",
        "arbitrator_compensation",
        "attorney_fee",
        "expert",
        "witness",
        "transcript",
        "court_fee",
        "settlement",
        "other",
    )
    assert set(COST_KIND_LABELS) == set(COST_KINDS)


@pytest.mark.parametrize(
    ("cents", "text"),
    [(125_000, "$1,250.00"), (5, "$0.05"), (0, "$0.00"), (-1050, "-$10.50")],
)
def test_format_cents(cents, text):
    assert format_cents(cents) == text
