"""AAA fee schedules as dated data, and the vocabulary of cost items.

Pure module: no Flask, no database. A fee schedule is data with an effective date and a source
(DOMAIN.md section 3), never a literal in the allocation code. The app ships only the schedule
that was checked in its source; admins add later schedules as data (rows in the database), and
the web layer passes them to :func:`schedule_in_force` together with :data:`SCHEDULES`.

Amounts are integer cents, USD. An amount nobody has verified (the AAA case management fee,
arbitrator compensation) is ``None`` and shown as :data:`NOT_VERIFIED` -- it is never guessed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

# --- stages and kinds -------------------------------------------------------------------------

MEDIATION = "mediation"
ARBITRATION = "arbitration"
COURT = "court"

STAGES: tuple[str, ...] = (MEDIATION, ARBITRATION, COURT)
STAGE_LABELS: dict[str, str] = {
    MEDIATION: "Mediation",
    ARBITRATION: "Arbitration",
    COURT: "Court",
}

COST_KINDS: tuple[str, ...] = (
    "mediator_fee",
    "room",
    "aaa_consumer_filing_fee",
    "aaa_business_filing_fee",
    "aaa_clause_review_fee",
    "aaa_case_management_fee",
    "arbitrator_compensation",
    "attorney_fee",
    "expert",
    "transcript",
    "court_fee",
    "other",
)
COST_KIND_LABELS: dict[str, str] = {
    "mediator_fee": "Mediator fee",
    "room": "Room / venue",
    "aaa_consumer_filing_fee": "AAA filing fee: the consumer's",
    "aaa_business_filing_fee": "AAA filing fee: the business's",
    "aaa_clause_review_fee": "AAA clause review fee",
    "aaa_case_management_fee": "AAA case management fee",
    "arbitrator_compensation": "Arbitrator compensation or deposit",
    "attorney_fee": "Attorney fee",
    "expert": "Expert",
    "transcript": "Transcript",
    "court_fee": "Court fee",
    "other": "Other",
}

# What the AAA bills on a case, each item named for whose fee it is. Only the consumer's own
# filing fee can fall on the consumer, and only up to the cap; the rest is the business's.
CONSUMER_FILING_FEE = "aaa_consumer_filing_fee"
AAA_FEE_KINDS: tuple[str, ...] = (
    CONSUMER_FILING_FEE,
    "aaa_business_filing_fee",
    "aaa_clause_review_fee",
    "aaa_case_management_fee",
    "arbitrator_compensation",
)

# Shown wherever an amount is not in any verified source (DOMAIN.md section 3, mark U).
NOT_VERIFIED = "not verified; enter the actual invoice"

MARKS: dict[str, str] = {
    "V": "checked in the named source",
    "S": "secondary source",
    "U": "unverified",
}


# --- schedules --------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeeSchedule:
    """One AAA consumer fee schedule, in force from ``effective_on`` until the next one."""

    code: str
    title: str
    effective_on: date
    source: str
    mark: str  # "V", "S" or "U" (DOMAIN.md marks)
    verified: bool
    # What the consumer pays when the consumer files: the cap on the consumer's share.
    consumer_filing_fee_cents: int | None
    # What the business pays when the consumer files, by number of arbitrators.
    business_filing_fee_one_arbitrator_cents: int | None
    business_filing_fee_three_arbitrators_cents: int | None
    # What the business pays when the business files, by number of arbitrators.
    business_files_one_cents: int | None
    business_files_three_cents: int | None
    notes: str = ""
    # Never invented: None until an admin enters a schedule whose source states them.
    case_management_fee_cents: int | None = None
    arbitrator_compensation_cents: int | None = None

    def __post_init__(self) -> None:
        if self.mark not in MARKS:
            raise ValueError(f"Fee schedule mark must be one of V, S, U, not {self.mark!r}.")
        if not self.code.strip():
            raise ValueError("A fee schedule needs a code.")
        if not self.source.strip():
            raise ValueError("A fee schedule needs a source (where its amounts were read).")
        for name in (
            "consumer_filing_fee_cents",
            "business_filing_fee_one_arbitrator_cents",
            "business_filing_fee_three_arbitrators_cents",
            "business_files_one_cents",
            "business_files_three_cents",
            "case_management_fee_cents",
            "arbitrator_compensation_cents",
        ):
            value = getattr(self, name)
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(
                    f"Fee schedule {self.code}: {name} must be whole cents (0 or more) or empty."
                )

    def filing_fees(self, *, filed_by: str, arbitrators: int = 1) -> tuple[int | None, int | None]:
        """(consumer cents, business cents) of the filing fees, as this schedule states them.

        ``filed_by`` is "claimant" (the consumer) or "respondent" (the business).
        """
        if arbitrators not in (1, 3):
            raise ValueError("AAA filing fees are scheduled for one or three arbitrators.")
        if filed_by == "claimant":
            business = (
                self.business_filing_fee_one_arbitrator_cents
                if arbitrators == 1
                else self.business_filing_fee_three_arbitrators_cents
            )
            return self.consumer_filing_fee_cents, business
        if filed_by == "respondent":
            business = (
                self.business_files_one_cents
                if arbitrators == 1
                else self.business_files_three_cents
            )
            return 0, business
        raise ValueError(f"filed_by must be 'claimant' or 'respondent', not {filed_by!r}.")


AAA_CONSUMER_2020 = FeeSchedule(
    code="AAA_CONSUMER_2020_11_01",
    title="AAA Consumer Arbitration fee schedule (2020-11-01)",
    effective_on=date(2020, 11, 1),
    source="AAA Consumer Arbitration Rules, Costs of Arbitration (fee schedule amended and "
    "effective November 1, 2020)",
    mark="V",
    verified=True,
    consumer_filing_fee_cents=20_000,  # $200
    business_filing_fee_one_arbitrator_cents=30_000,  # $300
    business_filing_fee_three_arbitrators_cents=42_500,  # $425
    business_files_one_cents=50_000,  # $500
    business_files_three_cents=62_500,  # $625
    notes="The consumer pays only the capped filing fee; the business pays the rest, "
    "arbitrator compensation included. Case management fee and arbitrator compensation: "
    + NOT_VERIFIED
    + ".",
)

# Only verified schedules ship. A later consumer fee ("typically $225", undated, secondary
# source) is deliberately absent: an admin adds it with its source and effective date.
SCHEDULES: tuple[FeeSchedule, ...] = (AAA_CONSUMER_2020,)


def schedule_in_force(on: date, schedules: Iterable[FeeSchedule] = SCHEDULES) -> FeeSchedule | None:
    """The schedule with the latest ``effective_on`` on or before ``on``; None if none yet.

    ``on`` is the filing date of the demand, so a case filed under an older schedule keeps it.
    Admin-added schedules are passed in as data and honoured exactly like the shipped one.
    Two schedules with the same effective date are ambiguous data: refuse rather than guess.
    """
    candidates = [s for s in schedules if s.effective_on <= on]
    if not candidates:
        return None
    latest = max(s.effective_on for s in candidates)
    in_force = [s for s in candidates if s.effective_on == latest]
    if len({s.code for s in in_force}) > 1:
        codes = ", ".join(sorted(s.code for s in in_force))
        raise ValueError(f"Several fee schedules take effect on {latest.isoformat()}: {codes}.")
    return in_force[0]


def format_cents(cents: int | None) -> str:
    """'$1,250.00' for 125000; the not-verified text for None."""
    if cents is None:
        return NOT_VERIFIED
    sign = "-" if cents < 0 else ""
    dollars, rest = divmod(abs(cents), 100)
    return f"{sign}${dollars:,}.{rest:02d}"
