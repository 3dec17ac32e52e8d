"""The policy as the complainant reads it: which version applies, and the road its clause lays
down, in plain words. Pure: no Flask, no database; nothing for counsel (risks, reasons) here."""

from __future__ import annotations

from dataclasses import dataclass

from .versions import DisputeClause, Governing, PolicyVersion

_YOU_PAY = {
    "user": "you pay the costs of mediation, except each side's own lawyer",
    "shared": "you and Qtrax share the costs of mediation equally; each side pays its own "
              "lawyer",
    "business": "Qtrax pays the costs of mediation; each side pays its own lawyer",
    "incurred": "each side pays the costs of mediation it runs up, and its own lawyer",
}


@dataclass(frozen=True)
class PlainPolicy:
    version: PolicyVersion | None  # the one whose promises count; None while it is checked
    checking: bool  # the legal team is still settling which version applies
    road: tuple[str, ...]


def road(clause: DisputeClause) -> tuple[str, ...]:
    steps = []
    if clause.mediation_first:
        steps.append(f"First, mediation in {clause['mediation_place']} with a mediator "
                     f"{clause['mediator_chosen']}; {_YOU_PAY[clause.mediation_costs]}.")
    arbitration = (f"binding arbitration in {clause['arbitration_place']} with the "
                   f"{clause['arbitration_provider']}")
    steps.append(f"Then, if mediation does not resolve it, {arbitration}." if clause.mediation_first
                 else f"The dispute goes to {arbitration}; mediation is not required first.")
    steps.append(f"A court may then turn the arbitrator's award into a judgment "
                 f"({clause['judgment']}).")
    return tuple(steps)


def for_complainant(policy: Governing) -> PlainPolicy:
    checking = policy.needs_counsel
    clause = policy.clause
    return PlainPolicy(version=None if checking else policy.collection.version,
                       checking=checking, road=road(clause) if clause and not checking else ())
