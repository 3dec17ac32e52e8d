"""The rules behind a ledger's splits, each told once as a numbered note.

Pure module: no Flask, no database. Every cost item carries the rule that split it and a text
written for that one item ("this room", "here the claimant", the item's cents). Under every
row of a ledger those texts repeat nearly word for word; a reader wants the rule once, and the
row's own figures already say what the rule did to it. So a rule is told here in general terms,
once per ledger, and each row points at its note by number. Counsel's overrides are the
exception: each has its own reason, so each is its own note.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from . import allocation as a

# What the "rule" column says: a few words, never the code (the code is the CSV's and the audit's).
RULE_NAMES: dict[str, str] = {
    a.POLICY_MEDIATION_USER_PAYS: "Policy: the complainant pays",
    a.POLICY_MEDIATION_SHARED: "Policy: shared equally",
    a.POLICY_MEDIATION_BUSINESS_PAYS: "Policy: Qtrax pays",
    a.POLICY_MEDIATION_INCURRED: "Policy: who incurred it pays",
    a.ATTORNEY_FEES_OWN: "Own attorney fees",
    a.AAA_CONSUMER_CAP: "AAA consumer cap",
    a.AAA_BUSINESS_PAYS_REST: "AAA: the business pays",
    a.AAA_NO_SCHEDULE: "AAA: cap unknown",
    a.COURT_OWN: "Own court costs",
    a.WITNESS_OWN: "Own witnesses",
    a.TRANSCRIPT_OWN: "Who ordered it pays",
    a.SETTLEMENT_TERMS: "The settlement's terms",
    a.OVERRIDE: "Counsel's split",
    a.OVERRIDE_AWARD: "The award's split",
}

_MEDIATION_SO = {
    a.POLICY_MEDIATION_USER_PAYS: "So the complainant bears mediation costs in full.",
    a.POLICY_MEDIATION_SHARED: "So each side bears half (an odd cent goes to the business).",
    a.POLICY_MEDIATION_BUSINESS_PAYS: "So Qtrax bears mediation costs in full.",
    a.POLICY_MEDIATION_INCURRED: "So the side that incurred a mediation cost bears it.",
}

_GENERAL: dict[str, str] = {
    a.ATTORNEY_FEES_OWN: (
        "Attorney fees are borne by the party that incurred them, at every stage. The policy "
        "excludes attorney fees from the user's mediation costs and says nothing more; an award "
        "that shifts fees is entered as an override citing the award."),
    a.AAA_CONSUMER_CAP: (
        "Under the AAA consumer fee schedule in force on the demand's filing date, "
        f"{a.AAA_WHO_PAYS}. The cap counts for the case as a whole, not once per item."),
    a.AAA_BUSINESS_PAYS_REST: (
        f"Arbitration under the AAA Consumer Rules: {a.AAA_WHO_PAYS}. So the business bears "
        "these costs in full, unless the award reallocates them (an override citing the award)."),
    a.AAA_NO_SCHEDULE: (
        "No AAA consumer fee schedule known for the filing date states the consumer's cap, so "
        "the whole fee is put on the business for now, which never charges the consumer more "
        "than any cap; add the schedule in force on that date, or override with the invoice."),
    a.COURT_OWN: (
        "Court costs: each side bears its own. The policy's clause only says judgment on the "
        "award may be entered in any court with jurisdiction; it is silent on court costs. A "
        "design default, not a verified rule; a court's order is entered as an override."),
    a.WITNESS_OWN: (
        f"Witness expenses: {a.WITNESS_RULE}. If the award says otherwise, enter an override "
        "citing the award. Secondary source; the Consumer Rules' own provision is still to be "
        "checked."),
    a.TRANSCRIPT_OWN: (
        "A transcript is borne by the side that ordered it. No source states who pays for a "
        "transcript; this is a design default, not a rule, and the witness rule is not "
        "stretched to it. An award that says otherwise is entered as an override."),
    a.SETTLEMENT_TERMS: (
        "A settlement is Qtrax's to pay: the amount the signed settlement states, owed to the "
        "complainant whatever the stage. It is not a cost of the proceeding that the policy or "
        "the AAA's fee schedule splits."),
}


class Ruled(Protocol):
    """What a note needs of a cost item (CostItem has it)."""

    id: int
    rule_code: str
    rule_source: str
    explanation: str
    verified: bool


@dataclass(frozen=True)
class Note:
    number: int
    text: str
    source: str
    verified: bool


@dataclass
class Notes:
    """The ledger's notes in order, and which note each item's row points at."""

    notes: list[Note] = field(default_factory=list)
    of_item: dict[int, Note] = field(default_factory=dict)


def rule_name(rule_code: str) -> str:
    return RULE_NAMES.get(rule_code, "Other rule")


def _policy_words(explanation: str) -> str:
    """The clause's words a mediation item quotes (allocation writes 'The policy: "…." '):
    each item keeps the words of the version that split it, so two versions make two notes."""
    head, quote_start, rest = explanation.partition('The policy: "')
    if head or not quote_start:
        return ""
    words, end, _ = rest.partition('." ')
    return words if end else ""


def rule_text(item: Ruled) -> str:
    """The rule of ``item`` in general terms; an override's own reason stays its own."""
    code = item.rule_code
    if code in _MEDIATION_SO:
        words = _policy_words(item.explanation)
        quoted = f"The policy: “{words}.” " if words else ""
        return quoted + _MEDIATION_SO[code]
    # Unknown codes and overrides: the item's own words are the rule.
    return _GENERAL.get(code, item.explanation)


def notes_for(items: Iterable[Ruled]) -> Notes:
    """One note per distinct rule (its text and source), numbered in the order rows cite them."""
    result = Notes()
    seen: dict[tuple[str, str, bool], Note] = {}
    for item in items:
        text = rule_text(item)
        key = (text, item.rule_source, item.verified)
        note = seen.get(key)
        if note is None:
            note = seen[key] = Note(len(seen) + 1, text, item.rule_source, item.verified)
            result.notes.append(note)
        result.of_item[item.id] = note
    return result
