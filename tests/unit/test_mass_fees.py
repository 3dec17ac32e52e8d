"""The AAA's fees for a mass, worked out by hand (docs/mass_arbitration.md § Fees)."""

from datetime import date

import pytest

from qtrax_disputes.mass import fees
from qtrax_disputes.mass.fees import (
    AAA_MASS_2024,
    AAA_MULTIPLE_CASES_2020,
    APPOINTED,
    BUSINESS,
    CLAIMANTS,
    FILED,
    HEARD,
    Fee,
    Tier,
    forecast,
    incurred,
    schedule_for,
    tiered_total,
)


def test_2000_cases_filed_under_the_2020_tiers():
    # Business: cases 1-500 at $300, 501-1,500 at $225, 1,501-2,000 at $150.
    business = 500 * 300_00 + 1_000 * 225_00 + 500 * 150_00
    assert business == 450_000_00
    # Claimants: the first 500 at $100, the other 1,500 at $50.
    claimants = 500 * 100_00 + 1_500 * 50_00
    result = forecast(AAA_MULTIPLE_CASES_2020, 2_000, FILED)
    assert result.total(BUSINESS) == business
    assert result.total(CLAIMANTS) == claimants == 125_000_00


def test_2000_cases_to_appointment_and_to_a_hearing_under_the_2020_schedule():
    filing = 450_000_00
    case_management = 2_000 * 1_400_00  # $2,800,000
    deposit = 2_000 * 2_500_00  # $5,000,000
    assert forecast(AAA_MULTIPLE_CASES_2020, 2_000, APPOINTED).total() == filing + case_management
    assert forecast(AAA_MULTIPLE_CASES_2020, 2_000, HEARD).total() == \
        filing + case_management + deposit == 8_250_000_00


@pytest.mark.parametrize(("count", "cents"), [
    (0, 0), (1, 300_00), (500, 150_000_00), (501, 150_000_00 + 225_00),
    (1_500, 150_000_00 + 225_000_00), (3_000, 150_000_00 + 225_000_00 + 225_000_00),
    (3_001, 600_000_00 + 75_00), (31_000, 600_000_00 + 28_000 * 75_00),
])
def test_each_case_pays_the_rate_of_its_own_tier(count, cents):
    assert tiered_total(AAA_MULTIPLE_CASES_2020.fee("business_filing").tiers, count) == cents


def test_the_2024_schedule_bills_an_initiation_fee_and_appointment_fees_and_says_what_is_unknown():
    filed = forecast(AAA_MASS_2024, 2_000, FILED)
    assert filed.total() == 8_125_00
    assert {f.code for f in filed.unknown()} == {"business_per_case", "process_arbitrator"}
    appointed = forecast(AAA_MASS_2024, 2_000, APPOINTED)
    assert appointed.total() == 8_125_00 + 2_000 * 450_00
    assert "final_fee" in {f.code for f in forecast(AAA_MASS_2024, 2_000, HEARD).unknown()}
    assert appointed.unverified  # every amount here is from a secondary source or unknown


def test_per_case_fees_are_credited_against_the_initiation_fee():
    entered = AAA_MASS_2024.with_amounts({"business_per_case": 100_00}, source="AAA invoice")
    # 50 cases at $100 = $5,000, within the $8,125 already paid: nothing more.
    assert forecast(entered, 50, FILED).total() == 8_125_00
    # 200 cases at $100 = $20,000: that is what is paid, the initiation fee credited.
    assert forecast(entered, 200, FILED).total() == 20_000_00


def test_an_amount_an_admin_enters_is_marked_unverified_with_their_source():
    entered = AAA_MASS_2024.with_amounts({"final_fee": 1_000_00}, source="AAA letter of 2026-05-01")
    fee = entered.fee("final_fee")
    assert (fee.cents, fee.mark, fee.source) == (1_000_00, "U", "AAA letter of 2026-05-01")
    assert fee.badge == "unverified"
    assert AAA_MASS_2024.fee("final_fee").badge == fees.NOT_KNOWN


def test_the_schedule_follows_the_day_the_mass_was_filed():
    assert schedule_for(date(2024, 1, 14)) is AAA_MULTIPLE_CASES_2020
    assert schedule_for(date(2024, 1, 15)) is AAA_MASS_2024
    assert schedule_for(date(2020, 10, 31)) is None


def test_fees_incurred_count_only_the_cases_that_reached_each_stage():
    so_far = incurred(AAA_MULTIPLE_CASES_2020, {FILED: 600, APPOINTED: 10, HEARD: 0})
    assert so_far.total() == 500 * 300_00 + 100 * 225_00 + 10 * 1_400_00


def test_tiers_with_a_gap_are_refused():
    with pytest.raises(ValueError):
        Fee("x", "x", BUSINESS, FILED, "case", None, "S", "src",
            tiers=(Tier(1, 10, 1), Tier(12, None, 1)))
