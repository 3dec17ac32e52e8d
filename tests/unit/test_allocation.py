"""Who pays: the policy's clause, the AAA consumer fee schedule, and counsel's overrides.

Amounts are worked out by hand in each test, in cents.
"""

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qtrax_disputes.costs.allocation import (
    AAA_BUSINESS_PAYS_REST,
    AAA_CONSUMER_CAP,
    AAA_NO_SCHEDULE,
    ATTORNEY_FEES_OWN,
    COURT_OWN,
    OVERRIDE,
    OVERRIDE_AWARD,
    POLICY_MEDIATION_USER_PAYS,
    SETTLEMENT_TERMS,
    TRANSCRIPT_OWN,
    WITNESS_OWN,
    Allocation,
    allocate,
    override,
    percent_of,
    rescale,
    split_cents,
)
from qtrax_disputes.costs.schedules import (
    AAA_CONSUMER_2020,
    COST_KINDS,
    SCHEDULES,
    FeeSchedule,
    schedule_in_force,
)

FILED_2026 = date(2026, 2, 10)


def alloc(
    stage,
    kind,
    amount,
    *,
    incurred_by="claimant",
    filed_by="claimant",
    on=FILED_2026,
    schedule=AAA_CONSUMER_2020,
    **extra,
):
    return allocate(
        stage,
        kind,
        incurred_by=incurred_by,
        filed_by=filed_by,
        amount_cents=amount,
        incurred_on=on,
        schedule=schedule,
        **extra,
    )


def cents(allocation, amount):
    assert sum(allocation.shares) == amount
    return allocation.shares


# --- mediation: the user pays everything except attorney fees ----------------------------------


def test_a_1250_dollar_mediator_fee_is_all_on_the_claimant():
    a = alloc("mediation", "mediator_fee", 1_250_00, incurred_by="respondent")
    assert cents(a, 1_250_00) == (125_000, 0)
    assert a.rule_code == POLICY_MEDIATION_USER_PAYS
    assert "any costs and fees other than attorney fees associated with mediation" in (
        a.explanation
    )
    assert "Principle 6" in a.explanation  # the Due Process Protocol note for counsel
    assert a.verified is True


# A settlement is not a cost of mediation: the rule below, not the policy's, decides it.
@pytest.mark.parametrize("kind", [k for k in COST_KINDS if k not in ("attorney_fee",
                                                                     "settlement")])
def test_every_mediation_kind_but_attorney_fees_is_the_users(kind):
    a = alloc("mediation", kind, 333_33, incurred_by="respondent")
    assert (a.rule_code, cents(a, 333_33)) == (POLICY_MEDIATION_USER_PAYS, (333_33, 0))


# --- a settlement: Qtrax pays what it agreed to, at any stage ----------------------------------


@pytest.mark.parametrize("stage", ["mediation", "arbitration", "court"])
@pytest.mark.parametrize("incurred_by", ["claimant", "respondent"])
def test_a_settlement_is_qtraxs_to_pay_at_every_stage(stage, incurred_by):
    a = alloc(stage, "settlement", 2_500_00, incurred_by=incurred_by)
    assert (a.rule_code, cents(a, 2_500_00), a.verified) == (SETTLEMENT_TERMS, (0, 250_000),
                                                             True)
    assert "signed settlement" in a.source


# --- attorney fees: whoever incurred them, at every stage --------------------------------------


@pytest.mark.parametrize("stage", ["mediation", "arbitration", "court"])
def test_claimants_attorney_fee_is_the_claimants(stage):
    a = alloc(stage, "attorney_fee", 4_000_00, incurred_by="claimant")
    assert a.rule_code == ATTORNEY_FEES_OWN
    assert cents(a, 4_000_00) == (400_000, 0)


@pytest.mark.parametrize("stage", ["mediation", "arbitration", "court"])
def test_respondents_attorney_fee_is_the_respondents(stage):
    a = alloc(stage, "attorney_fee", 7_500_00, incurred_by="respondent")
    assert a.rule_code == ATTORNEY_FEES_OWN
    assert cents(a, 7_500_00) == (0, 750_000)


# --- arbitration: consumer capped at the consumer filing fee; business pays the rest ----------


def test_a_500_dollar_filing_fee_when_the_consumer_filed_in_2026():
    # $200 consumer + $300 business (one arbitrator) billed as one $500 item.
    schedule = schedule_in_force(FILED_2026)
    a = alloc("arbitration", "aaa_consumer_filing_fee", 500_00, schedule=schedule)
    assert a.rule_code == AAA_CONSUMER_CAP
    assert cents(a, 500_00) == (20_000, 30_000)
    assert "AAA_CONSUMER_2020_11_01" in a.source
    assert a.verified is True


def test_a_filing_fee_below_the_cap_is_the_consumers_in_full():
    a = alloc("arbitration", "aaa_consumer_filing_fee", 200_00)
    assert cents(a, 200_00) == (20_000, 0)


def test_three_arbitrators_the_consumer_still_pays_only_200():
    # $200 + $425 = $625: consumer 20000, business 42500.
    a = alloc("arbitration", "aaa_consumer_filing_fee", 625_00)
    assert cents(a, 625_00) == (20_000, 42_500)


def test_an_odd_filing_fee_meets_the_cap_to_the_cent():
    # $300.01 against the $200 cap: the consumer pays $200.00, the business $100.01.
    a = alloc("arbitration", "aaa_consumer_filing_fee", 300_01)
    assert cents(a, 300_01) == (20_000, 10_001)


def test_a_later_225_dollar_cap_is_met_to_the_cent_on_a_525_dollar_item():
    later = replace(AAA_CONSUMER_2020, code="LATER", consumer_filing_fee_cents=225_00)
    a = alloc("arbitration", "aaa_consumer_filing_fee", 525_00, schedule=later)
    assert cents(a, 525_00) == (22_500, 30_000)


def test_the_cap_is_per_case_not_per_item():
    # The consumer's $200 was charged on an earlier item: a second consumer fee item is all
    # the business's.
    a = alloc("arbitration", "aaa_consumer_filing_fee", 300_00,
              consumer_filing_fees_already_cents=200_00)
    assert (a.claimant_cents, cents(a, 300_00)) == (0, (0, 30_000))
    # Half the cap used: $250 item -> consumer $100, business $150.
    b = alloc("arbitration", "aaa_consumer_filing_fee", 250_00,
              consumer_filing_fees_already_cents=100_00)
    assert cents(b, 250_00) == (10_000, 15_000)


def test_when_the_business_files_it_pays_the_whole_filing_fee():
    a = alloc("arbitration", "aaa_consumer_filing_fee", 500_00, filed_by="respondent")
    assert (a.rule_code, a.claimant_cents) == (AAA_BUSINESS_PAYS_REST, 0)
    assert cents(a, 500_00) == (0, 50_000)


def test_filing_before_any_schedule_puts_the_fee_on_the_business_unverified():
    on = date(2020, 10, 31)
    assert schedule_in_force(on) is None
    a = alloc("arbitration", "aaa_consumer_filing_fee", 500_00, on=on, schedule=None)
    assert (a.rule_code, a.claimant_cents, a.verified) == (AAA_NO_SCHEDULE, 0, False)
    assert "2020-10-31" in a.explanation


def test_a_schedule_change_on_the_boundary_date_changes_the_cap():
    later = FeeSchedule(
        code="LATER",
        title="Later schedule",
        effective_on=date(2026, 3, 1),
        source="admin entry",
        mark="V",
        verified=True,
        consumer_filing_fee_cents=225_00,
        business_filing_fee_one_arbitrator_cents=None,
        business_filing_fee_three_arbitrators_cents=None,
        business_files_one_cents=None,
        business_files_three_cents=None,
        notes="",
    )
    data = (*SCHEDULES, later)
    day_before, boundary = date(2026, 2, 28), date(2026, 3, 1)
    old = alloc(
        "arbitration",
        "aaa_consumer_filing_fee",
        500_00,
        on=day_before,
        schedule=schedule_in_force(day_before, data),
    )
    new = alloc(
        "arbitration",
        "aaa_consumer_filing_fee",
        500_00,
        on=boundary,
        schedule=schedule_in_force(boundary, data),
    )
    assert cents(old, 500_00) == (20_000, 30_000)
    assert cents(new, 500_00) == (22_500, 27_500)  # 22500/50000 = 4500 bp


@pytest.mark.parametrize(
    "kind",
    [
        "aaa_business_filing_fee",
        "aaa_clause_review_fee",
        "aaa_case_management_fee",
        "arbitrator_compensation",
        "room",
        "expert",
        "other",
        "mediator_fee",
        "court_fee",
    ],
)
def test_every_other_arbitration_cost_is_the_business(kind):
    a = alloc("arbitration", kind, 1_400_00, incurred_by="claimant")
    assert (a.rule_code, a.claimant_cents) == (AAA_BUSINESS_PAYS_REST, 0)
    assert cents(a, 1_400_00) == (0, 140_000)


# --- witnesses and transcripts in arbitration: the side that produced or ordered them -----------


def test_the_consumers_witness_expenses_of_612_37_are_the_consumers_not_the_business():
    # docs/costs.md § Arbitration: the AAA consumer cap [S]: each side pays for the witnesses it
    # produces.
    a = alloc("arbitration", "witness", 612_37, incurred_by="claimant")
    assert cents(a, 612_37) == (61_237, 0)
    assert a.rule_code == WITNESS_OWN
    assert a.verified is False  # a secondary source: shown as unverified
    assert "Commercial R-54 wording; Consumer rule to check" in a.source
    assert "[mark S]" in a.source
    assert "unless the award says otherwise" in a.explanation


def test_qtraxs_witness_of_1_800_is_qtraxs():
    a = alloc("arbitration", "witness", 1_800_00, incurred_by="respondent")
    assert cents(a, 1_800_00) == (0, 180_000)
    assert a.rule_code == WITNESS_OWN


def test_a_witness_fee_never_uses_up_the_consumers_filing_fee_cap():
    # The cap is on the AAA's fees; a witness is a party's own expense, outside it: with $200
    # already charged, the consumer's $95.50 witness is still all the consumer's.
    a = alloc("arbitration", "witness", 95_50, incurred_by="claimant",
              consumer_filing_fees_already_cents=200_00)
    assert cents(a, 95_50) == (9_550, 0)


def test_an_award_that_says_otherwise_moves_a_witness_by_an_override_citing_it():
    # The consumer's $1,000.01 witness, the award puts 75% on the business:
    # claimant 25% of 100001 = 25000.25 -> 25000; business 75001.
    a = override(1_000_01, 2_500, "The award shifts the witness expenses.",
                 award_citation="Award of 2026-09-14, para. 8")
    assert cents(a, 1_000_01) == (25_000, 75_001)
    assert a.rule_code == OVERRIDE_AWARD


@pytest.mark.parametrize(
    ("party", "expected"), [("claimant", (34_010, 0)), ("respondent", (0, 34_010))]
)
def test_a_transcript_is_the_ordering_sides_as_a_design_default(party, expected):
    # No source says who pays a transcript (docs/costs.md § Arbitration: the AAA consumer cap): kept
    # with the side that ordered it, marked design.
    a = alloc("arbitration", "transcript", 340_10, incurred_by=party)
    assert cents(a, 340_10) == expected
    assert a.rule_code == TRANSCRIPT_OWN
    assert a.verified is False
    assert "[mark design]" in a.source


def test_a_witness_in_mediation_still_falls_under_the_policys_user_pays_clause():
    # The policy: every mediation cost but attorney fees is the user's, whoever produced it.
    a = alloc("mediation", "witness", 250_00, incurred_by="respondent")
    assert cents(a, 250_00) == (25_000, 0)
    assert a.rule_code == POLICY_MEDIATION_USER_PAYS


# --- court: each side its own (design default; the clause is silent) ---------------------------


@pytest.mark.parametrize(
    ("party", "expected"), [("claimant", (4_500, 0)), ("respondent", (0, 4_500))]
)
def test_court_costs_each_side_its_own(party, expected):
    a = alloc("court", "court_fee", 45_00, incurred_by=party)
    assert a.rule_code == COURT_OWN
    assert a.verified is False
    assert cents(a, 45_00) == expected


# --- bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"amount": -1}, "cannot be negative"),
        ({"amount": "12.50"}, "whole number of cents"),
        ({"amount": 12.5}, "whole number of cents"),
        ({"stage": "appeal"}, "Unknown stage"),
        ({"kind": "pizza"}, "Unknown cost kind"),
        ({"incurred_by": "mediator"}, "incurred_by"),
        ({"filed_by": "aaa"}, "filed_by"),
    ],
)
def test_bad_items_are_refused_with_a_clear_message(changes, message):
    args = {"stage": "arbitration", "kind": "aaa_consumer_filing_fee", "amount": 500_00, **changes}
    stage, kind, amount = args.pop("stage"), args.pop("kind"), args.pop("amount")
    with pytest.raises(ValueError, match=message):
        alloc(stage, kind, amount, **args)


# --- overrides ---------------------------------------------------------------------------------


def test_override_with_a_reason():
    a = override(1_000_00, 2_500, "  settlement term 4: user pays a quarter  ")
    assert a.rule_code == OVERRIDE
    assert a.explanation.endswith("settlement term 4: user pays a quarter")
    assert cents(a, 1_000_00) == (25_000, 75_000)


def test_an_award_that_reallocates_fees_is_an_override_citing_the_award():
    a = override(300_00, 0, "arbitrator shifted the filing fee",
                 award_citation="Award 2026-05-04 ¶12")
    assert a.rule_code == OVERRIDE_AWARD
    assert a.source == "Award 2026-05-04 ¶12"
    assert a.claimant_cents == 0


@pytest.mark.parametrize(
    ("bp", "reason", "message"),
    [
        (5_000, "", "needs a reason"),
        (5_000, "   ", "needs a reason"),
        (-1, "x", "between 0 and 10000"),
        (10_001, "x", "between 0 and 10000"),
        ("50", "x", "whole number of basis points"),
        (50.0, "x", "whole number of basis points"),
        (True, "x", "whole number of basis points"),
    ],
)
def test_bad_overrides_are_refused(bp, reason, message):
    with pytest.raises(ValueError, match=message):
        override(100_00, bp, reason)


def test_a_negative_share_is_refused():
    with pytest.raises(ValueError, match="cannot be negative"):
        Allocation(-1, 101, OVERRIDE, "x", "x", False)


@pytest.mark.parametrize(
    ("claimant", "old", "new", "expected"),
    [
        (25_00, 100_00, 200_00, (50_00, 150_00)),  # a quarter stays a quarter
        (1, 2, 3, (1, 2)),  # half of 3 cents is 1.5: the half cent goes to the respondent
        (2, 3, 4, (3, 1)),  # two thirds of 4 cents is 2.67 -> 3
        (0, 0, 5_00, (0, 5_00)),
    ],
)
def test_an_overridden_split_keeps_its_fraction_of_a_corrected_amount(
        claimant, old, new, expected):
    assert rescale(claimant, old, new) == expected


@pytest.mark.parametrize(
    ("part", "whole", "shown"),
    [(200_00, 300_00, "66.67"), (100_00, 300_00, "33.33"), (300_00, 300_00, "100"),
     (20_000, 30_001, "66.66"), (0, 0, "0"), (1, 8, "12.5")],
)
def test_a_percentage_is_only_shown_worked_out_from_the_cents(part, whole, shown):
    assert percent_of(part, whole) == shown


# --- rounding ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "bp", "expected"),
    [
        (101, 5_000, (50, 51)),  # exact half cent: the odd cent goes to the respondent
        (1, 5_000, (0, 1)),
        (3, 5_000, (1, 2)),
        (100, 3_333, (33, 67)),  # 33.33 -> 33
        (10, 3_333, (3, 7)),  # 3.333 -> 3
        (2, 7_500, (1, 1)),  # 2 * 0.75 = 1.5, an exact half: the claimant gets 1
        (7, 6_667, (5, 2)),  # 4.6669 -> 5
        (1_000_01, 3_333, (33_330, 66_671)),  # 100001 * 0.3333 = 33330.3333 -> 33330
        (1_250_00, 10_000, (125_000, 0)),
        (1_250_00, 0, (0, 125_000)),
    ],
)
def test_odd_cent_splits_always_sum(amount, bp, expected):
    claimant, respondent = split_cents(amount, bp)
    assert claimant + respondent == amount
    assert (claimant, respondent) == expected


# --- properties --------------------------------------------------------------------------------

amounts = st.integers(min_value=0, max_value=10**12)
shares = st.integers(min_value=0, max_value=10_000)


@given(amounts, shares)
def test_split_cents_always_sums_to_the_amount(amount, bp):
    claimant, respondent = split_cents(amount, bp)
    assert claimant + respondent == amount
    assert 0 <= claimant <= amount
    # Nearest cent: never more than half a cent from the exact share.
    assert abs(claimant * 10_000 - amount * bp) <= 5_000


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=10**9))
def test_the_consumer_never_pays_more_than_the_remaining_cap(amount, already):
    a = alloc("arbitration", "aaa_consumer_filing_fee", amount,
              consumer_filing_fees_already_cents=already)
    claimant, respondent = a.shares
    assert claimant <= max(200_00 - already, 0)
    assert claimant + respondent == amount


def test_the_filing_fee_text_speaks_of_a_demand_only_when_the_case_has_one():
    # No demand recorded: the schedule comes from the item's date, and the text says so.
    a = alloc("arbitration", "aaa_consumer_filing_fee", 500_00)
    assert a.explanation.startswith(
        "No demand is recorded on this case yet; taking the consumer as the filer and "
        "2026-02-10, this item's date, as the filing date; under "
    )
    fee = "aaa_consumer_filing_fee"
    b = alloc("arbitration", fee, 500_00, filed_by="respondent", schedule=None)
    assert "filed the demand" not in b.explanation
    c = alloc("arbitration", fee, 500_00, on=date(2020, 10, 31), schedule=None)
    assert "no demand is recorded on this case yet" in c.explanation
    # A demand filed Feb 3 and a fee item dated Feb 10: the text names the filing, Feb 3.
    d = alloc("arbitration", "aaa_consumer_filing_fee", 500_00, demand_on=date(2026, 2, 3))
    assert d.explanation.startswith("The consumer filed the demand on 2026-02-03; under ")
    e = alloc(
        "arbitration", fee, 500_00, filed_by="respondent", demand_on=date(2026, 2, 3)
    )
    assert e.explanation.startswith("The business filed the demand on 2026-02-03: ")
