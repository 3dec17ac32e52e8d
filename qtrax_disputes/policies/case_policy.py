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
