"""Who pays for a cost item: the policy's own rules, as code plus data.

Pure module: no Flask, no database. Parties are always named from the case's point of view:
"claimant" is the user (the consumer who complained), "respondent" is Qtrax (the business) --
also in arbitration, whoever filed the AAA demand (that is ``filed_by``).

Shares are basis points (10000 = 100%) and always sum to 10000. Money is integer cents.
:func:`split_cents` turns a share into cents; :func:`totals` sums a ledger and always balances.
Nothing here is legal advice; each allocation carries its rule code, source and whether that
source was verified, so the case page can show them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..money import check_within_limit
from .schedules import (
    ARBITRATION,
    CONSUMER_FILING_FEE,
    COST_KINDS,
    MEDIATION,
    STAGES,
    FeeSchedule,
    format_cents,
)

FULL = 10_000  # basis points in 100%

CLAIMANT = "claimant"
RESPONDENT = "respondent"
PARTIES: tuple[str, ...] = (CLAIMANT, RESPONDENT)

# --- rule codes -------------------------------------------------------------------------------

POLICY_MEDIATION_USER_PAYS = "POLICY_MEDIATION_USER_PAYS"
ATTORNEY_FEES_OWN = "ATTORNEY_FEES_OWN"
AAA_CONSUMER_CAP = "AAA_CONSUMER_CAP"
AAA_BUSINESS_PAYS_REST = "AAA_BUSINESS_PAYS_REST"
AAA_NO_SCHEDULE = "AAA_NO_SCHEDULE"
COURT_OWN = "COURT_OWN"
OVERRIDE = "OVERRIDE"
OVERRIDE_AWARD = "OVERRIDE_AWARD"

RULE_CODES: tuple[str, ...] = (
    POLICY_MEDIATION_USER_PAYS,
    ATTORNEY_FEES_OWN,
    AAA_CONSUMER_CAP,
    AAA_BUSINESS_PAYS_REST,
    AAA_NO_SCHEDULE,
    COURT_OWN,
    OVERRIDE,
    OVERRIDE_AWARD,
)

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


@dataclass(frozen=True)
class Allocation:
    """Each party's share of one cost item, and the rule that decided it."""

    claimant_bp: int
    respondent_bp: int
    rule_code: str
    explanation: str
    source: str
    verified: bool

    def __post_init__(self) -> None:
        _check_bp(self.claimant_bp, "claimant share")
        _check_bp(self.respondent_bp, "respondent share")
        if self.claimant_bp + self.respondent_bp != FULL:
            raise ValueError(
                "The shares must add up to 100% (10000 basis points); got "
                f"{self.claimant_bp} + {self.respondent_bp}."
            )

    def split(self, amount_cents: int) -> tuple[int, int]:
        """(claimant cents, respondent cents) of ``amount_cents`` under this allocation."""
        return split_cents(amount_cents, self.claimant_bp)


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
    return value  # type: ignore[return-value]


def _all_to(party: str) -> tuple[int, int]:
    return (FULL, 0) if party == CLAIMANT else (0, FULL)


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


def _largest_bp_within(amount_cents: int, cap_cents: int) -> int:
    """The largest share (bp) whose claimant cents under :func:`split_cents` stay <= the cap.

    A share in whole basis points cannot always hit the cap to the cent: on an item larger
    than the cap the consumer may then pay up to ``amount / 10000`` cents less than the cap
    (e.g. $300.01 -> $199.99), never more. The difference falls on the business.
    """
    if amount_cents <= cap_cents:
        return FULL
    if cap_cents <= 0:
        return 0
    low = cap_cents * FULL // amount_cents  # amount*low/FULL <= cap, so it rounds to <= cap
    high = low + 1
    if high <= FULL and split_cents(amount_cents, high)[0] <= cap_cents:
        return high
    return low


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
) -> Allocation:
    """Decide who bears one cost item.

    ``incurred_by``: the party that incurred the cost (decides attorney fees and court costs).
    ``filed_by``: who filed the AAA demand (decides the consumer's filing fee).
    ``incurred_on``: for the AAA filing fee, the filing date of the demand.
    ``schedule``: the AAA fee schedule in force on the filing date (see
    ``schedules.schedule_in_force``), or None when none is known.
    ``consumer_filing_fees_already_cents``: AAA fees already put on the consumer by other items
    of the same case, so the cap applies to the case as a whole and not once per item.
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

    if kind == "attorney_fee":
        return _attorney_fee(stage, incurred_by)
    if stage == MEDIATION:
        return _mediation(kind)
    if stage == ARBITRATION:
        if kind == CONSUMER_FILING_FEE:
            return _consumer_filing_fee(
                filed_by=filed_by,
                amount_cents=amount_cents,
                incurred_on=incurred_on,
                schedule=schedule,
                already_cents=_check_amount(consumer_filing_fees_already_cents),
            )
        return _business_pays_rest(kind)
    return _court(incurred_by)  # stage == COURT: STAGES is exhausted


def _attorney_fee(stage: str, incurred_by: str) -> Allocation:
    claimant_bp, respondent_bp = _all_to(incurred_by)
    return Allocation(
        claimant_bp,
        respondent_bp,
        ATTORNEY_FEES_OWN,
        f"Attorney fees are borne by the party that incurred them (here the {incurred_by}), "
        f"at every stage ({stage}). The policy excludes attorney fees from the user's mediation "
        "costs and says nothing more; an award that shifts fees is entered as an override "
        "citing the award.",
        DESIGN_SOURCE + "; " + POLICY_SOURCE,
        False,
    )


def _mediation(kind: str) -> Allocation:
    return Allocation(
        FULL,
        0,
        POLICY_MEDIATION_USER_PAYS,
        f'The policy: "{POLICY_MEDIATION_QUOTE}." So the claimant (the user) bears this '
        f"{kind.replace('_', ' ')} in full. {MEDIATION_PROTOCOL_NOTE}",
        POLICY_SOURCE,
        True,
    )


def _consumer_filing_fee(
    *,
    filed_by: str,
    amount_cents: int,
    incurred_on: date,
    schedule: FeeSchedule | None,
    already_cents: int,
) -> Allocation:
    on = incurred_on.isoformat()
    if filed_by == RESPONDENT:
        return Allocation(
            0,
            FULL,
            AAA_BUSINESS_PAYS_REST,
            f"The business filed the demand ({on}): under the AAA consumer fee schedule the "
            "business pays the filing fees; the consumer pays none of them.",
            _schedule_source(schedule),
            schedule.verified if schedule is not None else False,
        )
    if schedule is None or schedule.consumer_filing_fee_cents is None:
        # The rule (consumer capped, business pays the rest) is verified, but the cap is not
        # known for this date. Putting it all on the business never overcharges the consumer;
        # it is marked unverified so counsel adds the schedule or overrides with the invoice.
        missing = (
            f"no AAA consumer fee schedule is in force on the filing date {on}"
            if schedule is None
            else f"the schedule {schedule.code} states no consumer filing fee"
        )
        return Allocation(
            0,
            FULL,
            AAA_NO_SCHEDULE,
            f"The consumer filed, but {missing}, so the consumer's cap is unknown. The whole "
            "fee is put on the business for now, which never charges the consumer more than "
            "any cap; add the schedule in force on that date, or override with the invoice.",
            AAA_SOURCE,
            False,
        )
    cap = schedule.consumer_filing_fee_cents
    remaining = max(cap - already_cents, 0)
    claimant_bp = _largest_bp_within(amount_cents, remaining) if amount_cents else FULL
    claimant_cents, respondent_cents = split_cents(amount_cents, claimant_bp)
    already = (
        f" ({format_cents(already_cents)} of it already charged on other items)"
        if already_cents
        else ""
    )
    return Allocation(
        claimant_bp,
        FULL - claimant_bp,
        AAA_CONSUMER_CAP,
        f"The consumer filed on {on}; under {schedule.title} the consumer pays at most the "
        f"consumer filing fee of {format_cents(cap)}{already} and the business pays the rest "
        f"({AAA_WHO_PAYS}). Of this item: consumer {format_cents(claimant_cents)}, business "
        f"{format_cents(respondent_cents)}.",
        _schedule_source(schedule),
        schedule.verified,
    )


def _business_pays_rest(kind: str) -> Allocation:
    return Allocation(
        0,
        FULL,
        AAA_BUSINESS_PAYS_REST,
        f"Arbitration under the AAA Consumer Rules: {AAA_WHO_PAYS}. So the business bears this "
        f"{kind.replace('_', ' ')} in full, unless the award reallocates it (enter an override "
        "citing the award).",
        AAA_SOURCE,
        True,
    )


def _court(incurred_by: str) -> Allocation:
    claimant_bp, respondent_bp = _all_to(incurred_by)
    return Allocation(
        claimant_bp,
        respondent_bp,
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


def override(claimant_bp: int, reason: str, *, award_citation: str | None = None) -> Allocation:
    """Counsel's split of an item, with the reason that is audited and shown.

    With ``award_citation`` (e.g. "Award of 2026-05-04, para. 12") it records an award that
    reallocates fees. Raises ValueError with a message fit for the form on bad input.
    """
    claimant_bp = _check_bp(claimant_bp, "claimant share")
    if not isinstance(reason, str) or not reason.strip():
        raise ValueError("An override needs a reason.")
    reason = reason.strip()
    if award_citation is not None and (
        not isinstance(award_citation, str) or not award_citation.strip()
    ):
        raise ValueError("An award override needs the award's citation.")
    if award_citation:
        return Allocation(
            claimant_bp,
            FULL - claimant_bp,
            OVERRIDE_AWARD,
            f"Split set by the award ({award_citation.strip()}): {reason}",
            award_citation.strip(),
            True,
        )
    return Allocation(
        claimant_bp,
        FULL - claimant_bp,
        OVERRIDE,
        f"Split set by counsel: {reason}",
        "counsel override",
        False,
    )
