"""Each allocation rule of costs/allocation.py, in full: both shares, its code, the sentence the
case page shows, its source and whether that source is verified."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from qtrax_disputes.costs.allocation import Allocation, MediationTerms, allocate, override
from qtrax_disputes.costs.schedules import AAA_CONSUMER_2020

ON = date(2027, 3, 1)
DEMAND_ON = date(2027, 2, 1)
POLICY = "Qtrax privacy policy, Governing law (dispute clause)"
DESIGN = "Qtrax Disputes design (the policy's clause is silent)"
AAA = "AAA Consumer Arbitration Rules, Costs of Arbitration (consumer fee schedule)"
SCHEDULE_2020 = (
    "AAA Consumer Arbitration Rules, Costs of Arbitration (fee schedule amended and effective "
    "November 1, 2020) [AAA_CONSUMER_2020_11_01, mark V]"
)
WHO_PAYS = (
    "the consumer pays only the capped filing fee; the business pays the rest, arbitrator "
    "compensation included"
)
QUOTE = (
    'The policy: "any costs and fees other than attorney fees associated with mediation will '
    "be at the user's sole expense.\" "
)


def cost(stage, kind, amount, *, by="claimant", **kw):
    kw.setdefault("schedule", AAA_CONSUMER_2020)
    return allocate(stage, kind, incurred_by=by, amount_cents=amount, incurred_on=ON, **kw)


def test_attorney_fees_stay_with_the_side_that_incurred_them():
    assert cost("mediation", "attorney_fee", 1000, by="respondent") == Allocation(
        0, 1000, "ATTORNEY_FEES_OWN",
        "Attorney fees are borne by the party that incurred them (here the respondent), at "
        "every stage (mediation). The policy excludes attorney fees from the user's mediation "
        "costs and says nothing more; an award that shifts fees is entered as an override "
        "citing the award.",
        f"{DESIGN}; {POLICY}", False)


@pytest.mark.parametrize(
    ("rule", "shares", "code", "sentence"),
    [
        ("user", (1001, 0), "POLICY_MEDIATION_USER_PAYS",
         "So the claimant (the user) bears this cost (Mediator fee) in full. Note for counsel: the "
         "AAA Consumer Due Process Protocol, Principle 6 (reasonable cost), puts this "
         "user-pays term at risk; the AAA may refuse to administer unless the business waives "
         "it. Information, not advice."),
        ("shared", (500, 501), "POLICY_MEDIATION_SHARED",
         "So each side bears half of this cost (Mediator fee) (an odd cent goes to the business)."),
        ("business", (0, 1001), "POLICY_MEDIATION_BUSINESS_PAYS",
         "So the respondent (Qtrax) bears this cost (Mediator fee) in full."),
        ("incurred", (0, 1001), "POLICY_MEDIATION_INCURRED",
         "So the side that incurred this cost (Mediator fee) (the respondent) bears it."),
    ],
)
def test_mediation_costs_follow_the_clauses_term(rule, shares, code, sentence):
    terms = MediationTerms(rule=rule)
    got = cost("mediation", "mediator_fee", 1001, by="respondent", mediation=terms)
    assert got == Allocation(*shares, code, QUOTE + sentence, POLICY, True)


def test_a_clause_without_quoted_words_is_not_quoted():
    terms = MediationTerms(rule="shared", words="", source="Policy of 2020, clause 9")
    got = cost("mediation", "mediator_fee", 1001, mediation=terms)
    assert got == Allocation(
        500, 501, "POLICY_MEDIATION_SHARED",
        "So each side bears half of this cost (Mediator fee) (an odd cent goes to the business).",
        "Policy of 2020, clause 9", True)


def test_an_unknown_mediation_term_is_refused():
    with pytest.raises(ValueError, match=r"^Unknown mediation cost term 'half'\.$"):
        cost("mediation", "room", 100, mediation=MediationTerms(rule="half"))


def test_the_consumer_pays_the_filing_fee_up_to_the_cap_left_on_the_case():
    got = cost("arbitration", "aaa_consumer_filing_fee", 30000, demand_on=DEMAND_ON,
               consumer_filing_fees_already_cents=1000)
    assert got == Allocation(
        19000, 11000, "AAA_CONSUMER_CAP",
        "The consumer filed the demand on 2027-02-01; under AAA Consumer Arbitration fee "
        "schedule (2020-11-01) the consumer pays at most the consumer filing fee of $200.00 "
        "($10.00 of it already charged on other items) and the business pays the rest "
        f"({WHO_PAYS}). Of this item: consumer $190.00, business $110.00.",
        SCHEDULE_2020, True)


def test_with_nothing_charged_before_the_text_does_not_mention_earlier_items():
    got = cost("arbitration", "aaa_consumer_filing_fee", 20000, demand_on=DEMAND_ON)
    assert got.shares == (20000, 0)
    assert got.explanation == (
        "The consumer filed the demand on 2027-02-01; under AAA Consumer Arbitration fee "
        "schedule (2020-11-01) the consumer pays at most the consumer filing fee of $200.00 "
        f"and the business pays the rest ({WHO_PAYS}). Of this item: consumer $200.00, "
        "business $0.00.")


def test_when_the_business_files_it_pays_the_filing_fees():
    got = cost("arbitration", "aaa_consumer_filing_fee", 30000, filed_by="respondent",
               demand_on=DEMAND_ON)
    assert got == Allocation(
        0, 30000, "AAA_BUSINESS_PAYS_REST",
        "The business filed the demand on 2027-02-01: under the AAA consumer fee schedule the "
        "business pays the filing fees; the consumer pays none of them.",
        SCHEDULE_2020, True)


def test_when_the_business_files_with_no_schedule_known_the_source_is_unverified():
    got = cost("arbitration", "aaa_consumer_filing_fee", 30000, filed_by="respondent",
               schedule=None)
    assert got == Allocation(
        0, 30000, "AAA_BUSINESS_PAYS_REST",
        "No demand is recorded on this case yet; taking the business as the filer and "
        "2027-03-01, this item's date, as the filing date: under the AAA consumer fee "
        "schedule the business pays the filing fees; the consumer pays none of them.",
        AAA, False)


def test_with_no_schedule_in_force_the_business_bears_the_fee_for_now():
    got = cost("arbitration", "aaa_consumer_filing_fee", 30000, schedule=None)
    assert got == Allocation(
        0, 30000, "AAA_NO_SCHEDULE",
        "No demand is recorded on this case yet; taking the consumer as the filer and "
        "2027-03-01, this item's date, as the filing date, but no AAA consumer fee schedule "
        "is in force on 2027-03-01, this item's date (no demand is recorded on this case "
        "yet), so the consumer's cap is unknown. The whole fee is put on the business for "
        "now, which never charges the consumer more than any cap; add the schedule in force "
        "on that date, or override with the invoice.",
        AAA, False)


def test_with_no_schedule_in_force_on_the_demands_date_that_date_is_named():
    got = cost("arbitration", "aaa_consumer_filing_fee", 30000, schedule=None,
               demand_on=DEMAND_ON)
    assert got.explanation.startswith(
        "The consumer filed the demand on 2027-02-01, but no AAA consumer fee schedule is in "
        "force on the filing date 2027-02-01, so the consumer's cap is unknown.")


def test_a_schedule_without_a_consumer_fee_leaves_the_cap_unknown():
    schedule = replace(AAA_CONSUMER_2020, consumer_filing_fee_cents=None)
    got = cost("arbitration", "aaa_consumer_filing_fee", 30000, schedule=schedule,
               demand_on=DEMAND_ON)
    assert got.rule_code == "AAA_NO_SCHEDULE"
    assert got.shares == (0, 30000)
    assert got.explanation.startswith(
        "The consumer filed the demand on 2027-02-01, but the schedule "
        "AAA_CONSUMER_2020_11_01 states no consumer filing fee, so the consumer's cap is "
        "unknown.")


def test_other_arbitration_costs_are_the_business():
    assert cost("arbitration", "room", 1000) == Allocation(
        0, 1000, "AAA_BUSINESS_PAYS_REST",
        f"Arbitration under the AAA Consumer Rules: {WHO_PAYS}. So the business bears this "
        "cost (Room / venue) in full, unless the award reallocates it (enter an override "
        "citing the award).",
        AAA, True)


def test_a_witness_is_paid_by_the_side_that_produced_it():
    assert cost("arbitration", "witness", 1000) == Allocation(
        1000, 0, "WITNESS_OWN",
        "Witness expenses: each side pays for the witnesses it produces, unless the award "
        "says otherwise. The claimant produced this witness, so the claimant bears it. If the "
        "award says otherwise, enter an override citing the award. Secondary source; the "
        "Consumer Rules' own provision is still to be checked.",
        "AAA rules' expenses provision (Commercial R-54 wording; Consumer rule to check) "
        "[mark S]", False)


def test_a_transcript_is_paid_by_the_side_that_ordered_it():
    assert cost("arbitration", "transcript", 1000, by="respondent") == Allocation(
        0, 1000, "TRANSCRIPT_OWN",
        "Transcript: borne by the side that ordered it (here the respondent). No source "
        "states who pays for a transcript; this is a design default, not a rule, and the "
        "witness rule is not stretched to it. An award that says otherwise is entered as an "
        "override citing the award.",
        f"{DESIGN} [mark design]", False)


def test_court_costs_stay_with_the_side_that_incurred_them():
    assert cost("court", "court_fee", 1000, by="respondent") == Allocation(
        0, 1000, "COURT_OWN",
        "Court costs: each side bears its own (here the respondent). The policy's clause only "
        "says judgment on the award may be entered in any court with jurisdiction; it is "
        "silent on court costs. A design default, not a verified rule; a court's order is "
        "entered as an override.",
        DESIGN, False)


def test_counsels_override_is_unverified_and_an_awards_is_verified():
    assert override(1001, 5000, " agreed at the hearing ") == Allocation(
        500, 501, "OVERRIDE", "Split set by counsel: agreed at the hearing",
        "counsel override", False)
    assert override(1001, 5000, " fees shifted ",
                    award_citation=" Award of 2027-05-04, para. 12 ") == Allocation(
        500, 501, "OVERRIDE_AWARD",
        "Split set by the award (Award of 2027-05-04, para. 12): fees shifted",
        "Award of 2027-05-04, para. 12", True)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: cost("appeal", "room", 1),
         r"^Unknown stage 'appeal'; expected one of mediation, arbitration, court\.$"),
        (lambda: cost("court", "lunch", 1), r"^Unknown cost kind 'lunch'\.$"),
        (lambda: cost("court", "room", 1, by="user"),
         r"^incurred_by must be 'claimant' or 'respondent', not 'user'\.$"),
        (lambda: cost("court", "room", 1, filed_by="qtrax"),
         r"^filed_by must be 'claimant' or 'respondent', not 'qtrax'\.$"),
        (lambda: cost("court", "room", -1), r"^The amount cannot be negative\.$"),
        (lambda: cost("court", "room", 1.5), r"^The amount must be a whole number of cents\.$"),
        (lambda: allocate("court", "room", incurred_by="claimant", amount_cents=1,
                          incurred_on=None, schedule=None),
         r"^The date the cost was incurred is required\.$"),
        (lambda: override(100, 5000, "  "), r"^An override needs a reason\.$"),
        (lambda: override(100, 5000, "why", award_citation="  "),
         r"^An award override needs the award's citation\.$"),
        (lambda: override(100, 5000, "why", award_citation=12),
         r"^An award override needs the award's citation\.$"),
        (lambda: override(100, 10001, "why"),
         r"^The claimant share must be between 0 and 10000 basis points \(0% to 100%\)\.$"),
        (lambda: override(100, 50.0, "why"),
         r"^The claimant share must be a whole number of basis points \(0 to 10000\)\.$"),
    ],
)
def test_bad_input_is_refused_with_a_sentence_for_the_form(call, message):
    with pytest.raises(ValueError, match=message):
        call()
