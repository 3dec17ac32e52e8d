"""Who pays for a cost item: the policy's own rules, as code plus data.

Pure module: no Flask, no database. Parties are always named from the case's point of view:
"claimant" is the user (the consumer who complained), "respondent" is Qtrax (the business) --
also in arbitration, whoever filed the AAA demand (that is ``filed_by``).

Each party's share is integer cents, and the two shares always sum to the item, so a cap is
met to the cent; a percentage is only ever shown, worked out from the cents. A percentage
counsel types is turned into cents once, by :func:`split_cents`.
Nothing here is legal advice; each allocation carries its rule code, source and whether that
source was verified, so the case page can show them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from qtrax_disputes.core.money import check_within_limit

from .schedules import (
    ARBITRATION,
    CONSUMER_FILING_FEE,
    COST_KIND_LABELS,
    COST_KINDS,
    MEDIATION,
    SETTLEMENT,
    STAGES,
    FeeSchedule,
    format_cents,
)

FULL = 10_000  # basis points in 100%: the precision of a percentage counsel types

CLAIMANT = "claimant"
RESPONDENT = "respondent"
PARTIES: tuple[str, ...] = (CLAIMANT, RESPONDENT)

# --- rule codes -------------------------------------------------------------------------------

POLICY_MEDIATION_USER_PAYS = "POLICY_MEDIATION_USER_PAYS"
POLICY_MEDIATION_SHARED = "POLICY_MEDIATION_SHARED"
POLICY_MEDIATION_BUSINESS_PAYS = "POLICY_MEDIATION_BUSINESS_PAYS"
POLICY_MEDIATION_INCURRED = "POLICY_MEDIATION_INCURRED"
ATTORNEY_FEES_OWN = "ATTORNEY_FEES_OWN"
AAA_CONSUMER_CAP = "AAA_CONSUMER_CAP"
AAA_BUSINESS_PAYS_REST = "AAA_BUSINESS_PAYS_REST"
AAA_NO_SCHEDULE = "AAA_NO_SCHEDULE"
COURT_OWN = "COURT_OWN"
WITNESS_OWN = "WITNESS_OWN"
TRANSCRIPT_OWN = "TRANSCRIPT_OWN"
SETTLEMENT_TERMS = "SETTLEMENT_TERMS"
OVERRIDE = "OVERRIDE"
OVERRIDE_AWARD = "OVERRIDE_AWARD"

# --- sources and texts (data, quoted where they are quotations) -------------------------------

POLICY_MEDIATION_QUOTE = (
    "any costs and fees other than attorney fees associated with mediation will be at the "
    "user's sole expense"
)
POLICY_SOURCE = "Qtrax privacy policy, Governing law (dispute clause)"
MEDIATION_PROTOCOL_NOTE = (
    "Note for counsel: the AAA Consumer Due Process Protocol, Principle 6 (reasonable cost), "
    "puts this user-pays term at risk; the AAA may refuse to administer unless the business "
    "waives it. Information, not advice."
)
AAA_SOURCE = "AAA Consumer Arbitration Rules, Costs of Arbitration (consumer fee schedule)"
AAA_WHO_PAYS = (
    "the consumer pays only the capped filing fee; the business pays the rest, "
    "arbitrator compensation included"
)
DESIGN_SOURCE = "Qtrax Disputes design (the policy's clause is silent)"
# docs/costs.md § Arbitration: the AAA consumer cap, mark S: the wording is the Commercial Rules'
# (R-54); the Consumer Rules' own expenses provision is still to be checked, so this rule is never
# shown as verified.
WITNESS_SOURCE = (
    "AAA rules' expenses provision (Commercial R-54 wording; Consumer rule to check) [mark S]"
)
WITNESS_RULE = "each side pays for the witnesses it produces, unless the award says otherwise"
# No source says who pays a transcript (docs/costs.md § Arbitration: the AAA consumer cap). A
# transcript is not a witness's expense, so the witness rule cannot be stretched to it; the
# incurring side keeps it as a design default.
TRANSCRIPT_SOURCE = DESIGN_SOURCE + " [mark design]"
SETTLEMENT_SOURCE = "The signed settlement (its terms state the amount Qtrax pays)"


@dataclass(frozen=True)
class MediationTerms:
    """What the governing dispute clause says of mediation costs other than attorney fees
    (policies/versions.py MEDIATION_COSTS): "user", "shared", "business" or "incurred"."""

    rule: str = "user"
    words: str = POLICY_MEDIATION_QUOTE
    source: str = POLICY_SOURCE


# The 2013 policy's term, which governs unless a case's confirmed clause says otherwise.
USER_PAYS = MediationTerms()


@dataclass(frozen=True)
class Allocation:
    """Each party's share of one cost item, and the rule that decided it."""

    claimant_cents: int
    respondent_cents: int
    rule_code: str
    explanation: str
    source: str
    verified: bool

    def __post_init__(self) -> None:
        _check_amount(self.claimant_cents)
        _check_amount(self.respondent_cents)

    @property
    def shares(self) -> tuple[int, int]:
        return self.claimant_cents, self.respondent_cents


def _check_bp(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"The {what} must be a whole number of basis points (0 to 10000).")
    if not 0 <= value <= FULL:
        raise ValueError(f"The {what} must be between 0 and 10000 basis points (0% to 100%).")
    return value


def _check_amount(amount_cents: object) -> int:
    if isinstance(amount_cents, bool) or not isinstance(amount_cents, int):
        raise ValueError("The amount must be a whole number of cents.")
    if amount_cents < 0:
        raise ValueError("The amount cannot be negative.")
    # A typed amount is refused by its form; this catches one worked out, e.g. rate × hours.
    return check_within_limit(amount_cents)


def _check_party(value: object, what: str) -> str:
    if value not in PARTIES:
        raise ValueError(f"{what} must be 'claimant' or 'respondent', not {value!r}.")
    return value


def _all_to(party: str, amount_cents: int) -> tuple[int, int]:
    return (amount_cents, 0) if party == CLAIMANT else (0, amount_cents)


# --- rounding ---------------------------------------------------------------------------------


def split_cents(amount_cents: int, claimant_bp: int) -> tuple[int, int]:
    """Split ``amount_cents`` by ``claimant_bp``; the two parts always add up to the amount.

    Rounding: the claimant's share is rounded to the nearest cent, and an exact half cent is
    rounded *down* -- so the odd cent of an even split goes to the respondent (the business),
    never to the consumer. The respondent gets the remainder. Example: 101 cents at 50% is
    50 for the claimant and 51 for the respondent.
    """
    if isinstance(amount_cents, bool) or not isinstance(amount_cents, int):
        raise ValueError("The amount must be a whole number of cents.")
    _check_bp(claimant_bp, "claimant share")
    sign = -1 if amount_cents < 0 else 1  # refunds/credits split the same way, mirrored
    quotient, remainder = divmod(abs(amount_cents) * claimant_bp, FULL)
    if remainder * 2 > FULL:  # more than half a cent: round up; exactly half: down
        quotient += 1
    claimant = sign * quotient
    return claimant, amount_cents - claimant


# --- the rules --------------------------------------------------------------------------------


def allocate(
    stage: str,
    kind: str,
    *,
    incurred_by: str,
    filed_by: str = CLAIMANT,
    amount_cents: int,
    incurred_on: date,
    schedule: FeeSchedule | None,
    consumer_filing_fees_already_cents: int = 0,
    demand_on: date | None = None,
    mediation: MediationTerms = USER_PAYS,
) -> Allocation:
    """Decide who bears one cost item.

    ``incurred_by``: the party that incurred the cost (decides attorney fees, court costs, and
    in arbitration the witnesses it produced and the transcripts it ordered).
    ``filed_by``: who filed the AAA demand (decides the consumer's filing fee).
    ``incurred_on``: the item's date; for the AAA filing fee, the schedule's date when the case
    has no demand yet.
    ``demand_on``: the filing date of the case's demand, None when none is recorded (the text
    then says so instead of speaking of a demand the case does not have).
    ``schedule``: the AAA fee schedule in force on the filing date (see
    ``schedules.schedule_in_force``), or None when none is known.
    ``consumer_filing_fees_already_cents``: AAA fees already put on the consumer by other items
    of the same case, so the cap applies to the case as a whole and not once per item.
    ``mediation``: the governing clause's term on mediation costs (the case's policy version).
    """
    if stage not in STAGES:
        raise ValueError(f"Unknown stage {stage!r}; expected one of {', '.join(STAGES)}.")
    if kind not in COST_KINDS:
        raise ValueError(f"Unknown cost kind {kind!r}.")
    _check_party(incurred_by, "incurred_by")
    _check_party(filed_by, "filed_by")
    amount_cents = _check_amount(amount_cents)
    if not isinstance(incurred_on, date):
        raise ValueError("The date the cost was incurred is required.")

    if kind == SETTLEMENT:
        return _settlement(amount_cents)
    if kind == "attorney_fee":
        return _attorney_fee(stage, incurred_by, amount_cents)
    if stage == MEDIATION:
        return _mediation(kind, amount_cents, incurred_by, mediation)
    if stage == ARBITRATION:
        if kind == CONSUMER_FILING_FEE:
            return _consumer_filing_fee(
                filed_by=filed_by,
                amount_cents=amount_cents,
                incurred_on=incurred_on,
                schedule=schedule,
                already_cents=_check_amount(consumer_filing_fees_already_cents),
                demand_on=demand_on,
            )
        if kind == "witness":
            return _witness(incurred_by, amount_cents)
        if kind == "transcript":
            return _transcript(incurred_by, amount_cents)
        return _business_pays_rest(kind, amount_cents)
    return _court(incurred_by, amount_cents)  # stage == COURT: STAGES is exhausted


def _settlement(amount_cents: int) -> Allocation:
    # Not a cost of mediation, arbitration or court that the policy or the AAA's schedule
    # splits: the amount Qtrax agreed to pay, whatever the stage and whoever enters it.
    return Allocation(
        0,
        amount_cents,
        SETTLEMENT_TERMS,
        "A settlement: Qtrax pays the complainant the amount the signed settlement states. "
        "It is not a cost of the proceeding that the policy or the AAA's fee schedule splits.",
        SETTLEMENT_SOURCE,
        True,
    )


def _attorney_fee(stage: str, incurred_by: str, amount_cents: int) -> Allocation:
    return Allocation(
        *_all_to(incurred_by, amount_cents),
        ATTORNEY_FEES_OWN,
        f"Attorney fees are borne by the party that incurred them (here the {incurred_by}), "
        f"at every stage ({stage}). The policy excludes attorney fees from the user's mediation "
        "costs and says nothing more; an award that shifts fees is entered as an override "
        "citing the award.",
        DESIGN_SOURCE + "; " + POLICY_SOURCE,
        False,
    )


def _mediation(kind: str, amount_cents: int, incurred_by: str,
               terms: MediationTerms) -> Allocation:
    what = f"cost ({COST_KIND_LABELS[kind]})"
    quoted = f'The policy: "{terms.words}." ' if terms.words else ""
    if terms.rule == "user":
        return Allocation(amount_cents, 0, POLICY_MEDIATION_USER_PAYS,
                          f"{quoted}So the claimant (the user) bears this {what} in full. "
                          f"{MEDIATION_PROTOCOL_NOTE}", terms.source, True)
    if terms.rule == "shared":
        return Allocation(*split_cents(amount_cents, FULL // 2), POLICY_MEDIATION_SHARED,
                          f"{quoted}So each side bears half of this {what} (an odd cent goes "
                          "to the business).", terms.source, True)
    if terms.rule == "business":
        return Allocation(0, amount_cents, POLICY_MEDIATION_BUSINESS_PAYS,
                          f"{quoted}So the respondent (Qtrax) bears this {what} in full.",
                          terms.source, True)
    if terms.rule == "incurred":
        return Allocation(*_all_to(incurred_by, amount_cents), POLICY_MEDIATION_INCURRED,
                          f"{quoted}So the side that incurred this {what} (the {incurred_by}) "
                          "bears it.", terms.source, True)
    raise ValueError(f"Unknown mediation cost term {terms.rule!r}.")


def _consumer_filing_fee(
    *,
    filed_by: str,
    amount_cents: int,
    incurred_on: date,
    schedule: FeeSchedule | None,
    already_cents: int,
    demand_on: date | None,
) -> Allocation:
    on = (demand_on or incurred_on).isoformat()
    filer = "business" if filed_by == RESPONDENT else "consumer"
    if demand_on is not None:
        filed = f"The {filer} filed the demand on {on}"
        date_is = f"the filing date {on}"
    else:
        # Fees can be entered before the demand is recorded: the schedule then comes from the
        # item's date, and the text must not invent a filing.
        filed = (
            f"No demand is recorded on this case yet; taking the {filer} as the filer and "
            f"{on}, this item's date, as the filing date"
        )
        date_is = f"{on}, this item's date (no demand is recorded on this case yet)"
    if filed_by == RESPONDENT:
        return Allocation(
            0,
            amount_cents,
            AAA_BUSINESS_PAYS_REST,
            f"{filed}: under the AAA consumer fee schedule the business pays the filing "
            "fees; the consumer pays none of them.",
            _schedule_source(schedule),
            schedule.verified if schedule is not None else False,
        )
    if schedule is None or schedule.consumer_filing_fee_cents is None:
        # The rule (consumer capped, business pays the rest) is verified, but the cap is not
        # known for this date. Putting it all on the business never overcharges the consumer;
        # it is marked unverified so counsel adds the schedule or overrides with the invoice.
        missing = (
            f"no AAA consumer fee schedule is in force on {date_is}"
            if schedule is None
            else f"the schedule {schedule.code} states no consumer filing fee"
        )
        return Allocation(
            0,
            amount_cents,
            AAA_NO_SCHEDULE,
            f"{filed}, but {missing}, so the consumer's cap is unknown. The whole "
            "fee is put on the business for now, which never charges the consumer more than "
            "any cap; add the schedule in force on that date, or override with the invoice.",
            AAA_SOURCE,
            False,
        )
    cap = schedule.consumer_filing_fee_cents
    remaining = max(cap - already_cents, 0)
    claimant_cents = min(amount_cents, remaining)
    respondent_cents = amount_cents - claimant_cents
    already = (
        f" ({format_cents(already_cents)} of it already charged on other items)"
        if already_cents
        else ""
    )
    return Allocation(
        claimant_cents,
        respondent_cents,
        AAA_CONSUMER_CAP,
        f"{filed}; under {schedule.title} the consumer pays at most the "
        f"consumer filing fee of {format_cents(cap)}{already} and the business pays the rest "
        f"({AAA_WHO_PAYS}). Of this item: consumer {format_cents(claimant_cents)}, business "
        f"{format_cents(respondent_cents)}.",
        _schedule_source(schedule),
        schedule.verified,
    )


def _business_pays_rest(kind: str, amount_cents: int) -> Allocation:
    return Allocation(
        0,
        amount_cents,
        AAA_BUSINESS_PAYS_REST,
        f"Arbitration under the AAA Consumer Rules: {AAA_WHO_PAYS}. So the business bears this "
        f"cost ({COST_KIND_LABELS[kind]}) in full, unless the award reallocates it (enter an "
        "override citing the award).",
        AAA_SOURCE,
        True,
    )


def _witness(incurred_by: str, amount_cents: int) -> Allocation:
    # A party's own expense, not one of the AAA's fees: the consumer cap does not reach it, and
    # before this rule these expenses were wrongly all put on the business.
    return Allocation(
        *_all_to(incurred_by, amount_cents),
        WITNESS_OWN,
        f"Witness expenses: {WITNESS_RULE}. The {incurred_by} produced this witness, so the "
        f"{incurred_by} bears it. If the award says otherwise, enter an override citing the "
        "award. Secondary source; the Consumer Rules' own provision is still to be checked.",
        WITNESS_SOURCE,
        False,
    )


def _transcript(incurred_by: str, amount_cents: int) -> Allocation:
    return Allocation(
        *_all_to(incurred_by, amount_cents),
        TRANSCRIPT_OWN,
        f"Transcript: borne by the side that ordered it (here the {incurred_by}). No source "
        "states who pays for a transcript; this is a design default, not a rule, and the "
        "witness rule is not stretched to it. An award that says otherwise is entered as an "
        "override citing the award.",
        TRANSCRIPT_SOURCE,
        False,
    )


def _court(incurred_by: str, amount_cents: int) -> Allocation:
    return Allocation(
        *_all_to(incurred_by, amount_cents),
        COURT_OWN,
        f"Court costs: each side bears its own (here the {incurred_by}). The policy's clause "
        "only says judgment on the award may be entered in any court with jurisdiction; it is "
        "silent on court costs. A design default, not a verified rule; a court's order is "
        "entered as an override.",
        DESIGN_SOURCE,
        False,
    )


def _schedule_source(schedule: FeeSchedule | None) -> str:
    if schedule is None:
        return AAA_SOURCE
    return f"{schedule.source} [{schedule.code}, mark {schedule.mark}]"


# --- overrides --------------------------------------------------------------------------------


def percent_of(part_cents: int, whole_cents: int) -> str:
    """'66.67' for 200 of 300 cents: a share shown as a percentage, to two places."""
    if whole_cents <= 0:
        return "0"
    hundredths, remainder = divmod(part_cents * FULL, whole_cents)
    if remainder * 2 >= whole_cents:
        hundredths += 1
    whole, fraction = divmod(hundredths, 100)
    return f"{whole}.{fraction:02d}".rstrip("0").rstrip(".")


def rescale(claimant_cents: int, old_amount_cents: int, new_amount_cents: int) -> tuple[int, int]:
    """Counsel's split carried over to a corrected amount: the claimant keeps the same fraction,
    rounded as :func:`split_cents` rounds (an exact half cent goes to the respondent)."""
    _check_amount(new_amount_cents)
    if old_amount_cents <= 0:
        return 0, new_amount_cents
    quotient, remainder = divmod(new_amount_cents * claimant_cents, old_amount_cents)
    if remainder * 2 > old_amount_cents:
        quotient += 1
    return quotient, new_amount_cents - quotient


def override(amount_cents: int, claimant_bp: int, reason: str, *,
             award_citation: str | None = None) -> Allocation:
    """Counsel's split of an item, given as the claimant's percentage (in basis points) and
    stored in cents, with the reason that is audited and shown.

    With ``award_citation`` (e.g. "Award of 2026-05-04, para. 12") it records an award that
    reallocates fees. Raises ValueError with a message fit for the form on bad input.
    """
    claimant_bp = _check_bp(claimant_bp, "claimant share")
    claimant_cents, respondent_cents = split_cents(_check_amount(amount_cents), claimant_bp)
    if not isinstance(reason, str) or not reason.strip():
        raise ValueError("An override needs a reason.")
    reason = reason.strip()
    if award_citation is not None and (
        not isinstance(award_citation, str) or not award_citation.strip()
    ):
        raise ValueError("An award override needs the award's citation.")
    if award_citation:
        return Allocation(
            claimant_cents,
            respondent_cents,
            OVERRIDE_AWARD,
            f"Split set by the award ({award_citation.strip()}): {reason}",
            award_citation.strip(),
            True,
        )
    return Allocation(
        claimant_cents,
        respondent_cents,
        OVERRIDE,
        f"Split set by counsel: {reason}",
        "counsel override",
        False,
    )
