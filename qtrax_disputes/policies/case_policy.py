"""Which version of the policy governs a case, and the risks to its clause counsel should see."""

from __future__ import annotations

from ..cases.models import Case
from .queries import all_versions
from .versions import ClauseRisk, Governing, governing


def governing_for(case: Case, versions=None) -> Governing:
    """One query for the versions (or none, when the caller has them)."""
    return governing(versions if versions is not None else all_versions(),
                     given_from=case.information_given_on,
                     given_to=case.information_given_until, filed_on=case.filed_on,
                     confirmed_on=case.clause_version_on, confirmed_reason=case.clause_reason)


def clause_risks(policy: Governing) -> tuple[ClauseRisk, ...]:
    version = policy.clause_version
    return version.risks if version else ()


def mediation_terms(case: Case, versions=None):
    """The governing clause's term on mediation costs, as the cost allocation takes it."""
    from ..costs.allocation import USER_PAYS, MediationTerms

    version = governing_for(case, versions).clause_version
    if version is None:
        return USER_PAYS
    term = version.clause.terms["mediation_costs"]
    return MediationTerms(str(term.value), term.words,
                          f"Privacy policy in force from {version.key}, dispute clause")
