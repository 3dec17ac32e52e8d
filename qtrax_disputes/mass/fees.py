"""What the AAA bills a mass of consumer arbitrations, as dated data with marks.

The facts, their sources and marks: docs/mass_arbitration.md § Fees.

Pure module: no Flask, no database. Two schedules are known. Under the 2020 consumer fee
schedule, multiple filings by the same counsel pay filing fees by tier (the 1st to 500th case
at one rate, the 501st to 1,500th at a lower one...). From 2024-01-15 the Mass Arbitration
Supplementary Rules have a schedule of their own: a flat initiation fee, per-case fees
credited against it, an arbitrator appointment fee and a final fee per case heard. Every
amount carries its mark and source; one no source states is ``None`` and is shown as not
known, never guessed, and an admin may enter it (``with_amounts``).

Amounts are integer cents. A forecast adds what the business pays if N cases reach a stage;
the claimants' own filing fees are listed apart, as they fall on the claimants.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date

BUSINESS = "business"
CLAIMANTS = "claimants"

# The stages a forecast can reach, in order: each includes what the ones before it cost.
FILED = "filed"
APPOINTED = "appointed"
HEARD = "heard"
REACHES: tuple[str, ...] = (FILED, APPOINTED, HEARD)
REACH_LABELS = {FILED: "filed", APPOINTED: "to arbitrator appointment", HEARD: "to a hearing"}

MARK_BADGES = {"V": "verified", "S": "secondary source, unverified", "U": "unverified"}
NOT_KNOWN = "amount not known: an administrator can enter it"


@dataclass(frozen=True)
class Tier:
    """The fee for each case numbered ``first`` to ``last`` (None: every case after)."""

    first: int
    last: int | None
    cents: int


@dataclass(frozen=True)
class Fee:
    """One fee of a schedule: who pays it, when it falls due, how much, and how sure we are.

    ``per`` is "mass" (once), "case" (each case that reaches ``due_at``) or "hour".
    ``tiers`` replaces ``cents`` for a per-case fee that falls as more cases are filed.
    """

    code: str
    label: str
    payer: str
    due_at: str
    per: str
    cents: int | None
    mark: str
    source: str
    tiers: tuple[Tier, ...] = ()
    # The per-case fees credited against a flat fee (the 2024 initiation fee): the flat fee is
    # what is paid until the per-case fees it covers exceed it.
    credited_against: str | None = None

    def __post_init__(self) -> None:
        if self.mark not in MARK_BADGES:
            raise ValueError(f"{self.code}: mark must be V, S or U, not {self.mark!r}.")
        if not self.source.strip():
            raise ValueError(f"{self.code}: a fee needs its source.")
        if self.due_at not in REACHES or self.per not in {"mass", "case", "hour"}:
            raise ValueError(f"{self.code}: unknown due_at {self.due_at!r} or per {self.per!r}.")
        if self.cents is not None and (isinstance(self.cents, bool) or self.cents < 0):
            raise ValueError(f"{self.code}: cents must be whole and 0 or more.")
        _check_tiers(self.code, self.tiers)

    @property
    def known(self) -> bool:
        return self.cents is not None or bool(self.tiers)

    @property
    def badge(self) -> str:
        """What staff see beside the amount: '' when verified."""
        if not self.known:
            return NOT_KNOWN
        return "" if self.mark == "V" else MARK_BADGES[self.mark]

    def for_cases(self, count: int) -> int | None:
        """What this fee comes to for ``count`` cases (once, for a per-mass fee)."""
        if count <= 0:
            return 0
        if self.per == "mass":
            return self.cents
        if self.per == "hour":
            return None  # by the hour: not a function of the number of cases
        if self.tiers:
            return tiered_total(self.tiers, count)
        return None if self.cents is None else self.cents * count


def _check_tiers(code: str, tiers: tuple[Tier, ...]) -> None:
    expected = 1
    for i, tier in enumerate(tiers):
        if tier.first != expected or (tier.last is not None and tier.last < tier.first):
            raise ValueError(f"{code}: tiers must run on from case 1 without gaps.")
        if tier.last is None and i != len(tiers) - 1:
            raise ValueError(f"{code}: only the last tier can be open-ended.")
        expected = (tier.last or 0) + 1


def tiered_total(tiers: Iterable[Tier], count: int) -> int:
    """The sum over cases 1..count, each case at the rate of the tier it falls in."""
    total = 0
    for tier in tiers:
        if count < tier.first:
            break
        last = count if tier.last is None else min(count, tier.last)
        total += (last - tier.first + 1) * tier.cents
    return total


@dataclass(frozen=True)
class MassFeeSchedule:
    code: str
    title: str
    effective_on: date
    source: str
    fees: tuple[Fee, ...]

    def fee(self, code: str) -> Fee:
        return next(f for f in self.fees if f.code == code)

    def with_amounts(self, cents_by_code: Mapping[str, int | None], *,
                     source: str) -> MassFeeSchedule:
        """This schedule with amounts an administrator entered: each such amount is marked U
        with the administrator's source, as nobody here has checked it."""
        fees = tuple(
            replace(f, cents=cents_by_code[f.code], mark="U", source=source)
            if f.code in cents_by_code and not f.tiers else f
            for f in self.fees)
        return replace(self, fees=fees)


_AAA_2020 = ("AAA Consumer Arbitration Rules, Costs of Arbitration (2020-11-01), multiple "
             "consumer case filings, as transcribed in a 2021 law-firm summary")

AAA_MULTIPLE_CASES_2020 = MassFeeSchedule(
    code="AAA_MULTIPLE_CONSUMER_2020_11_01",
    title="AAA multiple consumer case filings (2020-11-01 schedule)",
    effective_on=date(2020, 11, 1),
    source=_AAA_2020,
    fees=(
        Fee("business_filing", "Business filing fee per case", BUSINESS, FILED, "case", None,
            "S", _AAA_2020, tiers=(Tier(1, 500, 30_000), Tier(501, 1_500, 22_500),
                                   Tier(1_501, 3_000, 15_000), Tier(3_001, None, 7_500))),
        Fee("consumer_filing", "Claimant filing fee per case", CLAIMANTS, FILED, "case", None,
            "S", _AAA_2020, tiers=(Tier(1, 500, 10_000), Tier(501, None, 5_000))),
        Fee("case_management", "Case management fee per case (before appointment)", BUSINESS,
            APPOINTED, "case", 140_000, "S",
            "AAA 2020 consumer fee schedule as reported in 2021 and 2024 law-firm summaries"),
        Fee("arbitrator_deposit", "Arbitrator compensation deposit per case heard", BUSINESS,
            HEARD, "case", 250_000, "S",
            "A 2019 AAA letter; \"minimum $2,500\" in a 2021 summary"),
    ),
)

_NOT_STATED = "Not stated in the summaries read; enter it from the AAA's invoice"
_MASS_2024 = ("AAA Mass Arbitration Supplementary Rules and consumer mass arbitration fee "
              "schedule (amended 2024-01-15), as reported in two summaries")

AAA_MASS_2024 = MassFeeSchedule(
    code="AAA_MASS_CONSUMER_2024_01_15",
    title="AAA consumer mass arbitration fee schedule (2024-01-15)",
    effective_on=date(2024, 1, 15),
    source=_MASS_2024,
    fees=(
        Fee("initiation", "Initiation fee (once; per-case fees are credited against it)",
            BUSINESS, FILED, "mass", 812_500, "S", _MASS_2024),
        Fee("business_per_case", "Business per-case filing fee", BUSINESS, FILED, "case",
            None, "U", _NOT_STATED,
            credited_against="initiation"),
        Fee("claimant_per_case", "Claimant filing fee per case", CLAIMANTS, FILED, "case", None,
            "U", _NOT_STATED),
        Fee("arbitrator_appointment", "Arbitrator appointment fee per case", BUSINESS,
            APPOINTED, "case", 45_000, "S",
            "Derived from one example in a summary: $22,500 for 50 cases"),
        Fee("final_fee", "Final fee per case that goes to a hearing", BUSINESS, HEARD, "case",
            None, "U", _NOT_STATED),
        Fee("process_arbitrator", "Process arbitrator's compensation (hourly)", BUSINESS,
            FILED, "hour", None, "U", _NOT_STATED),
    ),
)

SCHEDULES: tuple[MassFeeSchedule, ...] = (AAA_MULTIPLE_CASES_2020, AAA_MASS_2024)


def schedule_for(filed_on: date, schedules: Iterable[MassFeeSchedule] = SCHEDULES
                 ) -> MassFeeSchedule | None:
    """The schedule a mass filed on ``filed_on`` is billed under: the latest in force then."""
    in_force = [s for s in schedules if s.effective_on <= filed_on]
    return max(in_force, key=lambda s: s.effective_on) if in_force else None


@dataclass(frozen=True)
class ForecastLine:
    fee: Fee
    cases: int
    cents: int | None  # None: the amount is not known


@dataclass(frozen=True)
class Forecast:
    schedule: MassFeeSchedule
    cases: int
    reach: str
    lines: tuple[ForecastLine, ...]

    def total(self, payer: str = BUSINESS) -> int:
        """The known part of what ``payer`` pays; see ``unknown`` for what it leaves out."""
        return sum(line.cents or 0 for line in self.lines if line.fee.payer == payer)

    def unknown(self, payer: str = BUSINESS) -> tuple[Fee, ...]:
        return tuple(line.fee for line in self.lines
                     if line.fee.payer == payer and line.cents is None)

    @property
    def unverified(self) -> bool:
        return any(line.fee.mark != "V" for line in self.lines)


def forecast(schedule: MassFeeSchedule, cases: int, reach: str) -> Forecast:
    """What is billed if ``cases`` cases are filed and all of them reach ``reach``."""
    if reach not in REACHES:
        raise ValueError(f"Unknown stage {reach!r}; choose one of {', '.join(REACHES)}.")
    reached = REACHES[: REACHES.index(reach) + 1]
    lines = [ForecastLine(f, cases, f.for_cases(cases)) for f in schedule.fees
             if f.due_at in reached]
    lines = _credit(lines)
    return Forecast(schedule, cases, reach, tuple(lines))


def _credit(lines: list[ForecastLine]) -> list[ForecastLine]:
    """A flat fee that per-case fees are credited against: the larger of the two is paid,
    shown on the flat fee's line; the per-case line then shows nothing more to pay."""
    by_code = {line.fee.code: line for line in lines}
    out = []
    for line in lines:
        target = line.fee.credited_against
        if target and target in by_code:
            flat = by_code[target]
            if line.cents is not None and flat.cents is not None and line.cents > flat.cents:
                by_code[target] = ForecastLine(flat.fee, flat.cases, line.cents)
            out.append(ForecastLine(line.fee, line.cases, 0 if line.cents is not None else None))
        else:
            out.append(line)
    return [by_code.get(line.fee.code, line) if line.fee.per == "mass" else line
            for line in out]


def incurred(schedule: MassFeeSchedule, counts: Mapping[str, int]) -> Forecast:
    """What has fallen due so far, from how many cases have reached each stage
    (``counts[FILED]`` filed, ``counts[APPOINTED]`` appointed, ``counts[HEARD]`` heard)."""
    lines = [ForecastLine(f, counts.get(f.due_at, 0), f.for_cases(counts.get(f.due_at, 0)))
             for f in schedule.fees]
    return Forecast(schedule, counts.get(FILED, 0), FILED, tuple(_credit(lines)))
