"""The privacy policy's versions, its promises and its dispute clause, as data.

Pure module: no Flask, no database. The policy may be changed at any time, and information
collected before a change "will be used according to the rules and laws that applied at the
time the information was collected" (docs/road.md § Which version of the policy governs): so
a dispute is judged by the version in force when the information was given, and each version is
kept whole, its clause as parameters.

A version is known by the day it took effect, which is unique: shipped versions (shipped.py)
and those an admin adds are the same kind of thing and a case names either the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

# Who pays the costs of mediation other than attorney fees (each side always pays its own
# attorney). The words are how the case page and the cost list say it.
MEDIATION_COSTS: dict[str, str] = {
    "user": "the user pays every mediation cost but attorney fees",
    "shared": "mediation costs are shared equally",
    "business": "Qtrax pays the mediation costs",
    "incurred": "each side pays the mediation costs it incurred",
}


@dataclass(frozen=True)
class Term:
    """One parameter of a dispute clause, with the short words of the policy it rests on."""

    value: str | bool
    words: str = ""


# The parameters of a dispute clause, in the order the clause reads, with their labels.
CLAUSE_TERMS: tuple[tuple[str, str], ...] = (
    ("governing_law", "Governing law"),
    ("mediation_first", "Mediation first"),
    ("mediation_place", "Where mediation takes place"),
    ("mediator_chosen", "How the mediator is chosen"),
    ("mediation_costs", "Who pays mediation costs other than attorney fees"),
    ("arbitration_provider", "Arbitration provider"),
    ("arbitration_rules", "Arbitration rules"),
    ("arbitration_place", "Where arbitration takes place"),
    ("judgment", "Judgment on the award"),
)
CLAUSE_TERM_LABELS = dict(CLAUSE_TERMS)


@dataclass(frozen=True)
class DisputeClause:
    terms: Mapping[str, Term]

    def __post_init__(self) -> None:
        missing = [name for name, _ in CLAUSE_TERMS if name not in self.terms]
        if missing:
            raise ValueError(f"A dispute clause needs every term; missing: {', '.join(missing)}.")
        unknown = sorted(set(self.terms) - set(CLAUSE_TERM_LABELS))
        if unknown:
            raise ValueError(f"Unknown dispute clause terms: {', '.join(unknown)}.")
        if not isinstance(self.terms["mediation_first"].value, bool):
            raise ValueError("mediation_first is yes or no.")
        if self.terms["mediation_costs"].value not in MEDIATION_COSTS:
            raise ValueError(
                f"mediation_costs must be one of {', '.join(MEDIATION_COSTS)}, "
                f"not {self.terms['mediation_costs'].value!r}.")

    def __getitem__(self, name: str) -> str | bool:
        return self.terms[name].value

    @property
    def mediation_first(self) -> bool:
        return bool(self["mediation_first"])

    @property
    def mediation_costs(self) -> str:
        return str(self["mediation_costs"])

    def shown(self, name: str) -> str:
        """A term's value as a person reads it."""
        value = self[name]
        if name == "mediation_first":
            return "yes" if value else "no"
        if name == "mediation_costs":
            return MEDIATION_COSTS[str(value)]
        return str(value)

    def to_data(self) -> dict[str, dict[str, str | bool]]:
        return {name: {"value": t.value, "words": t.words} for name, t in self.terms.items()}

    @classmethod
    def from_data(cls, data: Mapping[str, Mapping[str, Any]]) -> DisputeClause:
        return cls({name: Term(item["value"], item.get("words", ""))
                    for name, item in data.items()})


@dataclass(frozen=True)
class Promise:
    """Something the policy promises, that complaints of the named categories test."""

    code: str
    title: str
    words: str
    categories: tuple[str, ...] = ()


@dataclass(frozen=True)
class ClauseRisk:
    """A reason the clause may not do what it says, for counsel (never shown to the public)."""

    title: str
    words: str  # the policy's words the risk rests on
    why: str
    # The mark of the analysis (docs/README.md § Marks): "U" for counsel's reading, not a holding.
    mark: str


@dataclass(frozen=True)
class PolicyVersion:
    effective_on: date  # the version's key
    posted_on: date | None
    title: str
    source: str  # where the text was read: an archived copy, the firm's records
    clause: DisputeClause
    promises: tuple[Promise, ...] = ()
    archived_on: date | None = None  # the date of the archived copy the words were read from
    text: str = ""  # the full text, word for word, when it has been loaded
    note: str = ""  # e.g. that its clause was copied from the previous version, to review
    risks: tuple[ClauseRisk, ...] = field(default=())

    @property
    def key(self) -> str:
        return self.effective_on.isoformat()

    def with_text(self, text: str) -> PolicyVersion:
        return replace(self, text=text)


@dataclass(frozen=True)
class InForce:
    """The version a day falls under, with the reason, or why counsel must choose."""

    version: PolicyVersion | None
    reason: str
    counsel_chooses: bool = False


def ordered(versions: Iterable[PolicyVersion]) -> list[PolicyVersion]:
    """Versions oldest first; two with the same effective day are ambiguous data: refused."""
    result = sorted(versions, key=lambda v: v.effective_on)
    days = [v.effective_on for v in result]
    if len(set(days)) != len(days):
        raise ValueError("Two policy versions take effect on the same day.")
    return result


def version_on(versions: Iterable[PolicyVersion], on: date) -> PolicyVersion | None:
    """The version in force on ``on``: the latest that took effect on or before it."""
    earlier = [v for v in ordered(versions) if v.effective_on <= on]
    return earlier[-1] if earlier else None


def in_force_for(versions: Iterable[PolicyVersion], given_from: date | None,
                 given_to: date | None = None) -> InForce:
    """The version that governs information given on ``given_from`` (to ``given_to``, when it
    was given over a span), said with the reason; counsel chooses when there is no one answer."""
    known = ordered(versions)
    if given_from is None:
        return InForce(None, "the day the information was given is not known: counsel chooses",
                       counsel_chooses=True)
    if not known:
        return InForce(None, "no version of the policy is recorded: counsel chooses",
                       counsel_chooses=True)
    last = given_to or given_from
    if last < given_from:
        given_from, last = last, given_from
    first_version = version_on(known, given_from)
    if first_version is None:
        return InForce(None, (f"information given {given_from.isoformat()}, before the earliest "
                              f"known version ({known[0].effective_on.isoformat()}): counsel "
                              "chooses"), counsel_chooses=True)
    last_version = version_on(known, last)
    # Not None: a version in force on the earlier day is still known on a later one.
    assert last_version is not None
    if last_version is not first_version:
        return InForce(first_version, (
            f"information given from {given_from.isoformat()} to {last.isoformat()}, across the "
            f"versions in force since {first_version.key} and since {last_version.key}: "
            "counsel chooses"), counsel_chooses=True)
    given = (given_from.isoformat() if last == given_from
             else f"from {given_from.isoformat()} to {last.isoformat()}")
    return InForce(first_version,
                   f"information given {given}: the version in force since {first_version.key}")


def clause_changes(old: DisputeClause, new: DisputeClause) -> list[tuple[str, str, str]]:
    """(label, old, new) for each term of the clause that differs, in the clause's order."""
    return [(label, old.shown(name), new.shown(name)) for name, label in CLAUSE_TERMS
            if old[name] != new[name]]


@dataclass(frozen=True)
class Governing:
    """Which version governs a case: the promises are those of the version in force when the
    information was given; the procedure follows the clause counsel confirms, proposed from
    that version (or, when it is not known, the one in force on the filing day)."""

    collection: InForce
    at_filing: PolicyVersion | None
    confirmed: PolicyVersion | None = None
    confirmed_reason: str = ""

    @property
    def clause_version(self) -> PolicyVersion | None:
        return self.confirmed or self.collection.version or self.at_filing

    @property
    def clause(self) -> DisputeClause | None:
        version = self.clause_version
        return version.clause if version else None

    @property
    def basis(self) -> str:
        if self.confirmed is not None:
            return "confirmed by counsel"
        if self.collection.version is not None:
            return "proposed: the version in force when the information was given"
        return ("proposed: the version in force on the filing day, since the version in force "
                "when the information was given is not settled")

    @property
    def clauses_differ(self) -> bool:
        """Whether the filing-day version (accepted by continued use) has another clause."""
        given, filed = self.collection.version, self.at_filing
        return bool(given and filed and given.effective_on != filed.effective_on
                    and clause_changes(given.clause, filed.clause))

    @property
    def needs_counsel(self) -> bool:
        return self.confirmed is None and (self.collection.counsel_chooses or self.clauses_differ)


def governing(versions: Iterable[PolicyVersion], *, given_from: date | None,
              given_to: date | None, filed_on: date, confirmed_on: date | None = None,
              confirmed_reason: str = "") -> Governing:
    known = ordered(versions)
    confirmed = next((v for v in known if v.effective_on == confirmed_on), None)
    return Governing(in_force_for(known, given_from, given_to), version_on(known, filed_on),
                     confirmed, confirmed_reason)
