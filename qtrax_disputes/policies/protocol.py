"""Which of the AAA Consumer Due Process Protocol's risks a dispute clause raises
(docs/road.md § The clause the road follows): the Protocol's principles are fixed; whether a
clause offends them follows its terms. Pure: no Flask, no database."""

from __future__ import annotations

from collections.abc import Callable

from ..cases import aaa
from .versions import DisputeClause

# Which terms of a clause each Due Process Protocol principle puts at risk (cases/aaa.py).
_PROTOCOL_TERMS: dict[str, Callable[[DisputeClause], bool]] = {
    "Principle 6 (reasonable cost)": lambda c: c.mediation_costs == "user",
    "Principle 7 (reasonably convenient location)":
        lambda c: "New York City" in f"{c['mediation_place']} {c['arbitration_place']}",
    "Principle 3 (independent administration)": lambda c: c.mediation_first,
}


def protocol_risks(clause: DisputeClause | None) -> tuple[aaa.ProtocolRisk, ...]:
    """The Protocol's risks the clause's own terms raise (all of them when no clause is known)."""
    if clause is None:
        return aaa.DUE_PROCESS_RISKS
    return tuple(r for r in aaa.DUE_PROCESS_RISKS if _raised_by(r.principle, clause))


def _raised_by(principle: str, clause: DisputeClause) -> bool:
    # A principle no term speaks to stays a risk: the clause cannot clear it.
    test = _PROTOCOL_TERMS.get(principle)
    return test is None or test(clause)
