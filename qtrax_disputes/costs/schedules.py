"""AAA fee schedules as dated data, and the vocabulary of cost items.

Pure module: no Flask, no database. A fee schedule is data with an effective date and a source
(docs/costs.md § Fee schedules), never a literal in the allocation code. The app ships only the
schedule that was checked in its source; admins add later schedules as data (rows in the
database), and the web layer passes them to :func:`schedule_in_force` together with
:data:`SCHEDULES`.

Amounts are integer cents, USD. An amount no source states (arbitrator compensation per day)
is ``None`` and shown as :data:`NOT_VERIFIED` -- it is never guessed. An amount read only in a
secondary source carries its own mark and source (:class:`AmountMark`), so it is shown as
unverified wherever it is used, even inside a schedule whose filing fees are verified.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
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
    "witness",
    "transcript",
    "court_fee",
    "settlement",
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
    "witness": "Witness expenses",
    "transcript": "Transcript",
    "court_fee": "Court fee",
    "settlement": "Settlement owed to the complainant",
    "other": "Other",
}

# What a settlement binds Qtrax to pay the complainant: on the ledger so that what is owed and
# what was paid are kept like any cost, but not a cost of the proceeding any rule splits.
SETTLEMENT = "settlement"

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

# Shown wherever an amount is not in any verified source (docs/costs.md § Fee schedules, mark U).
NOT_VERIFIED = "not verified; enter the actual invoice"

MARKS: dict[str, str] = {
    "V": "checked in the named source",
    "S": "secondary source",
    "U": "unverified",
}
# How staff read a mark next to an amount: anything but V is not verified.
MARK_BADGES: dict[str, str] = {
    "V": "verified",
    "S": "secondary source, unverified",
    "U": "unverified",
}

# The amounts a schedule states, in the order the fee schedule page lists them.
AMOUNT_LABELS: dict[str, str] = {
    "consumer_filing_fee_cents": "Consumer filing fee (the consumer files)",
    "business_filing_fee_one_arbitrator_cents": "Business filing fee, consumer files, one "
    "arbitrator",
    "business_filing_fee_three_arbitrators_cents": "Business filing fee, consumer files, three "
    "arbitrators",
    "business_files_one_cents": "Business files, one arbitrator",
    "business_files_three_cents": "Business files, three arbitrators",
    "clause_review_fee_cents": "Clause review fee (clause not registered; business pays)",
    "case_management_fee_cents": "Case management fee (business pays)",
    "arbitrator_deposit_cents": "Arbitrator compensation deposit, hearing case (business pays)",
    "arbitrator_compensation_cents": "Arbitrator compensation",
}
FILING_FEE_AMOUNTS: tuple[str, ...] = tuple(AMOUNT_LABELS)[:5]

# The cost kind each scheduled amount is billed as, for the cost form's reference list.
AMOUNT_KINDS: dict[str, str] = {
    "consumer_filing_fee_cents": CONSUMER_FILING_FEE,
    "business_filing_fee_one_arbitrator_cents": "aaa_business_filing_fee",
    "business_filing_fee_three_arbitrators_cents": "aaa_business_filing_fee",
    "business_files_one_cents": "aaa_business_filing_fee",
    "business_files_three_cents": "aaa_business_filing_fee",
    "clause_review_fee_cents": "aaa_clause_review_fee",
    "case_management_fee_cents": "aaa_case_management_fee",
    "arbitrator_deposit_cents": "arbitrator_compensation",
    "arbitrator_compensation_cents": "arbitrator_compensation",
}


def _check_mark(mark: str, what: str) -> None:
    if mark not in MARKS:
        raise ValueError(f"{what} mark must be one of V, S, U, not {mark!r}.")


@dataclass(frozen=True)
class AmountMark:
    """How sure one amount is and where it was read, when that differs from its schedule."""

    mark: str
    source: str

    def __post_init__(self) -> None:
        _check_mark(self.mark, "An amount's")
        if not self.source.strip():
            raise ValueError("An amount with its own mark needs its own source.")


@dataclass(frozen=True)
class ScheduledAmount:
    """One amount of a schedule with the mark and source that belong to it."""

    name: str
    label: str
    cents: int | None
    mark: str
    source: str

    @property
    def verified(self) -> bool:
        return self.mark == "V" and self.cents is not None

    @property
    def badge(self) -> str:
        """What staff see beside the amount: '' when verified."""
        if self.cents is None:
            return NOT_VERIFIED
        return "" if self.verified else MARK_BADGES[self.mark]


# --- schedules --------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeeSchedule:
    """One AAA consumer fee schedule, in force from ``effective_on`` until the next one."""

    code: str
    title: str
    effective_on: date
    source: str
    mark: str  # "V", "S" or "U" (docs/README.md § Marks): the mark of its filing fees
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
    # Billed to the business when its clause is not in the AAA's Consumer Clause Registry.
    clause_review_fee_cents: int | None = None
    # The deposit toward the arbitrator's compensation in a case that goes to a hearing.
    arbitrator_deposit_cents: int | None = None
    # Amount name -> its own mark and source, where they differ from the schedule's.
    amount_marks: Mapping[str, AmountMark] = field(default_factory=dict)

    def __post_init__(self) -> None:
        _check_mark(self.mark, "Fee schedule")
        for name, marked in self.amount_marks.items():
            if name not in AMOUNT_LABELS:
                raise ValueError(f"Fee schedule {self.code}: no amount is called {name!r}.")
            if not isinstance(marked, AmountMark):
                raise ValueError(f"Fee schedule {self.code}: {name} needs an AmountMark.")
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
            "clause_review_fee_cents",
            "arbitrator_deposit_cents",
        ):
            value = getattr(self, name)
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(
                    f"Fee schedule {self.code}: {name} must be whole cents (0 or more) or empty."
                )

    def amount(self, name: str) -> ScheduledAmount:
        """One amount with its own mark and source, or the schedule's when it has none."""
        if name not in AMOUNT_LABELS:
            raise ValueError(f"No scheduled amount is called {name!r}.")
        marked = self.amount_marks.get(name) or AmountMark(self.mark, self.source)
        cents = getattr(self, name)
        # An amount the schedule does not state is unknown, whatever the schedule's own mark.
        return ScheduledAmount(name, AMOUNT_LABELS[name], cents,
                               marked.mark if cents is not None else "U", marked.source)

    def amounts(self) -> tuple[ScheduledAmount, ...]:
        return tuple(self.amount(name) for name in AMOUNT_LABELS)

    @property
    def all_verified(self) -> bool:
        """Whether every amount the schedule states is verified (the page's badge)."""
        return all(a.verified for a in self.amounts() if a.cents is not None)

    def filing_fee_names(self, *, filed_by: str, arbitrators: int = 1) -> tuple[str | None, str]:
        """The amount names of (consumer's, business's) filing fee, as :meth:`filing_fees`."""
        if arbitrators not in (1, 3):
            raise ValueError("AAA filing fees are scheduled for one or three arbitrators.")
        if filed_by == "claimant":
            return "consumer_filing_fee_cents", (
                "business_filing_fee_one_arbitrator_cents" if arbitrators == 1
                else "business_filing_fee_three_arbitrators_cents")
        if filed_by == "respondent":
            return None, ("business_files_one_cents" if arbitrators == 1
                          else "business_files_three_cents")
        raise ValueError(f"filed_by must be 'claimant' or 'respondent', not {filed_by!r}.")

    def filing_fees(self, *, filed_by: str, arbitrators: int = 1) -> tuple[int | None, int | None]:
        """(consumer cents, business cents) of the filing fees, as this schedule states them.

        ``filed_by`` is "claimant" (the consumer) or "respondent" (the business).
        """
        consumer, business = self.filing_fee_names(filed_by=filed_by, arbitrators=arbitrators)
        return (getattr(self, consumer) if consumer else 0), getattr(self, business)


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
    # docs/costs.md § Fee schedules, rows marked S: read in secondary sources only, so each carries
    # its own mark and is shown to staff as unverified wherever it is used.
    case_management_fee_cents=140_000,  # $1,400
    clause_review_fee_cents=25_000,  # $250
    arbitrator_deposit_cents=250_000,  # $2,500
    amount_marks={
        "case_management_fee_cents": AmountMark(
            "S", "AAA 2020 consumer fee schedule as reported in 2021 and 2024 law-firm "
            "summaries (business pays, before the arbitrator is appointed)"),
        "clause_review_fee_cents": AmountMark(
            "S", "A 2019 AAA letter: consumer clause review fee when the business has not "
            "registered its clause with the AAA Consumer Clause Registry (business pays)"),
        "arbitrator_deposit_cents": AmountMark(
            "S", "The same 2019 AAA letter; also \"minimum $2,500\" in a 2021 summary "
            "(business pays, hearing case)"),
    },
    notes="The consumer pays only the capped filing fee; the business pays the rest, "
    "arbitrator compensation included. Arbitrator compensation per day: "
    + NOT_VERIFIED
    + ".",
)

# Only the schedule whose filing fees were verified ships; its secondary-source amounts carry
# their own marks. A later consumer fee ("typically $225", undated, secondary source) is
# deliberately absent: an admin adds it with its source and effective date.
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
