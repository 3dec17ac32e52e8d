"""Gathering what the stage machine looks at from a case's record."""

from __future__ import annotations

from sqlalchemy import select

from qtrax_disputes.web.extensions import db

from . import aaa, steps
from . import event_kinds as ek
from . import workflow as wf
from .models import Case, CaseEvent, NeutralProposal


def kinds_on_timeline(case: Case) -> set[str]:
    return set(db.session.scalars(select(CaseEvent.kind).where(CaseEvent.case_id == case.id)))


def latest_event(case: Case, kind: str) -> CaseEvent | None:
    return db.session.scalars(
        select(CaseEvent).where(CaseEvent.case_id == case.id, CaseEvent.kind == kind)
        .order_by(CaseEvent.occurred_on.desc(), CaseEvent.id.desc()).limit(1)
    ).first()


def recorded_facts(case: Case, versions=None) -> wf.CaseFacts:
    """The facts already on record; a step's own form adds the rest. ``versions``: the
    policy's versions when the caller has read them already (the case page has)."""
    agreed = set(db.session.scalars(
        select(NeutralProposal.kind).where(NeutralProposal.case_id == case.id,
                                           NeutralProposal.status == "agreed")))
    kinds = kinds_on_timeline(case)
    impasse = latest_event(case, wf.IMPASSE) if wf.IMPASSE in kinds else None
    suspended = latest_event(case, wf.SUSPENDED) if case.stage == wf.SUSPENDED else None
    return _facts(case, versions, agreed=agreed, kinds=kinds,
                  impasse_on=impasse.occurred_on if impasse else None,
                  suspended_from=suspended.from_stage if suspended else None)


def facts_of_new_case(case: Case, versions, kinds: set[str]) -> wf.CaseFacts:
    """``recorded_facts`` of a new case whose timeline so far holds only events of ``kinds``
    (its filing and the first steps it walked, none of them an impasse or a suspension), read
    from nothing but the case itself: a chunk of imported cases is written together."""
    if kinds & {wf.IMPASSE, wf.SUSPENDED}:
        raise ValueError("an impasse or a suspension needs the case's recorded facts")
    return _facts(case, versions, agreed=set(), kinds=kinds, impasse_on=None,
                  suspended_from=None)


def _facts(case: Case, versions, *, agreed: set[str], kinds: set[str], impasse_on,
           suspended_from) -> wf.CaseFacts:
    from ..policies.case_policy import governing_for

    clause = governing_for(case, versions).clause
    return wf.CaseFacts(
        mediation_required=clause.mediation_first if clause else True,
        mediator_accepted_by_both="mediator" in agreed,
        confidentiality_signed=ek.CONFIDENTIALITY_SIGNED in kinds,
        impasse_on=impasse_on,
        arbitrator_named="arbitrator" in agreed,
        suspended_from=suspended_from,
    )


def open_rule_codes(case: Case) -> set[str]:
    from ..deadlines.models import OPEN, Deadline

    return set(db.session.scalars(select(Deadline.rule_code).where(
        Deadline.case_id == case.id, Deadline.status == OPEN,
        Deadline.rule_code.is_not(None))))


def side_steps_offered(case: Case, role: str) -> list[steps.SideStep]:
    """The steps within the stage this role may record on this case now."""
    return steps.side_steps_for(
        case.stage, role, is_child_case=case.is_child_data,
        kinds_on_timeline=kinds_on_timeline(case),
        open_rules=open_rule_codes(case),
        suspension_known=aaa.court_application_suspension(case.aaa_rules) is not None)
