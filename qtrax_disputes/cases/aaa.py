"""Facts of AAA arbitration the road depends on, as dated data with their sources.

Pure data: no Flask. Marks as in docs/README.md § Marks: V checked in the source, S secondary,
U unverified.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# Which rule set governs is decided by the demand's filing date (docs/road.md § Arbitration under
# the AAA).
RULE_SETS: dict[str, str] = {
    "2025": "AAA Consumer Arbitration Rules and Mediation Procedures (2025-05-01)",
    "2014": "AAA Consumer Arbitration Rules (2014-09-01)",
    "commercial": "AAA Commercial Arbitration Rules (2022-09-01) — business users only",
}
# The date each set took effect: the version a rule under that set follows.
RULE_SET_VERSIONS: dict[str, str] = {
    "2025": "2025-05-01",
    "2014": "2014-09-01",
    "commercial": "2022-09-01",
}
CONSUMER_2025_FROM = date(2025, 5, 1)


def rule_set_for(filed_on: date) -> str:
    """The consumer rule set in force on the filing date of the demand."""
    return "2025" if filed_on >= CONSUMER_2025_FROM else "2014"


@dataclass(frozen=True)
class Threshold:
    cents: int
    source: str
    mark: str


# Claims at or under this amount are decided on documents alone ("desk") unless a hearing is
# requested or ordered. [V] for both consumer rule sets (docs/road.md § Arbitration under the AAA).
DESK_THRESHOLD = Threshold(2_500_000, "AAA Consumer Arbitration Rules, documents-only procedure",
                           "V")


def documents_only(claim_cents: int | None, hearing_requested: bool) -> bool:
    if hearing_requested or claim_cents is None:
        return False
    return claim_cents <= DESK_THRESHOLD.cents


@dataclass(frozen=True)
class ProtocolRisk:
    principle: str
    term: str
    why: str


# Terms of the policy's dispute clause the AAA may refuse to administer unless Qtrax waives them
# (Consumer Due Process Protocol; principles [V], analysis per docs/road.md § The clause the road
# follows).
DUE_PROCESS_RISKS: tuple[ProtocolRisk, ...] = (
    ProtocolRisk("Principle 6 (reasonable cost)",
                 "the user pays every mediation cost but attorney fees",
                 "the Protocol expects the consumer's costs of dispute resolution to be "
                 "reasonable; shifting all mediation costs to the user may not be."),
    ProtocolRisk("Principle 7 (reasonably convenient location)",
                 "mediation and arbitration must take place in New York City",
                 "a consumer living elsewhere may be entitled to a convenient location; "
                 "the 2025 rules make hearings virtual by default."),
    ProtocolRisk("Principle 3 (independent administration)",
                 "mandatory mediation not administered by an independent institution",
                 "the Protocol expects mediation to be administered by an independent "
                 "ADR institution."),
)


@dataclass(frozen=True)
class Suspension:
    days: int
    source: str
    mark: str


# A court application (to stay or to compel) made at the outset: the AAA suspends the arbitration
# for this many calendar days (docs/road.md § Arbitration under the AAA, [V] for both consumer
# sets). The commercial rules' period is not known: no value is invented, so none applies.
COURT_APPLICATION_SUSPENSION: dict[str, Suspension] = {
    "2014": Suspension(30, "AAA Consumer Arbitration Rules (2014-09-01)", "V"),
    "2025": Suspension(90, "AAA Consumer Arbitration Rules and Mediation Procedures "
                           "(2025-05-01)", "V"),
}


def court_application_suspension(ruleset: str | None) -> Suspension | None:
    """How long the AAA suspends the arbitration for a court application under this set."""
    return COURT_APPLICATION_SUSPENSION.get(str(ruleset or "").strip()[:4])
