"""What the complainant's status page reads: their case, never anything else."""

from __future__ import annotations

import hmac
from collections.abc import Sequence
from datetime import date

from flask_babel import gettext
from sqlalchemy import or_, select

from qtrax_disputes.core.clock import today
from qtrax_disputes.web.extensions import db
from qtrax_disputes.web.formatting import long_date

from ..cases import stages_public, workflow
from ..cases.models import Case, CaseEvent, NeutralProposal
from ..deadlines import public_words
from ..deadlines.models import OPEN, Deadline
from ..documents.models import Document
from .models import StatusLink
from .tokens import hash_token


def case_for_token(token: str) -> Case | None:
    if not token or len(token) > 200:
        return None
    token_hash = hash_token(token)
    case = db.session.scalar(select(Case).where(Case.status_token_hash == token_hash))
    # The lookup is by hash; the comparison below keeps the final check constant-time.
    if case is not None and hmac.compare_digest(case.status_token_hash, token_hash):
        return case
    # A link an update email carried (outbox/complainant_updates.py).
    link = db.session.scalar(select(StatusLink).where(StatusLink.token_hash == token_hash))
    if link is None or not hmac.compare_digest(link.token_hash, token_hash):
        return None
    return db.session.get(Case, link.case_id)


def claimant_documents(case: Case) -> Sequence[Document]:
    return db.session.scalars(
        select(Document).where(
            Document.case_id == case.id,
            Document.visible_to_claimant.is_(True),
            Document.privileged.is_(False),
            Document.deleted_at.is_(None),
        ).order_by(Document.uploaded_at, Document.id)
    ).all()


def claimant_document(case: Case, document_id: int) -> Document | None:
    return db.session.scalar(
        select(Document).where(
            Document.id == document_id,
            Document.case_id == case.id,
            Document.visible_to_claimant.is_(True),
            Document.privileged.is_(False),
            Document.deleted_at.is_(None),
        )
    )


def _ready_for_the_complainant(proposal: NeutralProposal) -> bool:
    """A mediator is put to the complainant once Qtrax has proposed them, their disclosures are
    on record and the conflict check has nothing uncleared: they answer with that in view."""
    return (proposal.kind == "mediator" and proposal.status == "open"
            and proposal.proposed_by != "claimant" and proposal.claimant_answer == ""
            and proposal.conflict_checked
            and (not proposal.conflict_hits or bool(proposal.conflict_cleared_reason)))


def _mediator_proposals(case: Case) -> Sequence[NeutralProposal]:
    return db.session.scalars(
        select(NeutralProposal).where(NeutralProposal.case_id == case.id,
                                      NeutralProposal.kind == "mediator")
        .order_by(NeutralProposal.proposed_on, NeutralProposal.id)
    ).all()


def answerable_proposal(case: Case, proposal_id: int) -> NeutralProposal | None:
    proposal = db.session.get(NeutralProposal, proposal_id)
    if proposal is None or proposal.case_id != case.id:
        return None
    return proposal if _ready_for_the_complainant(proposal) else None


def mediator_choice(case: Case) -> dict:
    """Where the choice of mediator stands, as the complainant sees it: who is proposed to
    them, whom they proposed and Qtrax has not answered, and the mediator agreed."""
    proposals = _mediator_proposals(case)
    return {
        "to_answer": [p for p in proposals if _ready_for_the_complainant(p)],
        "theirs": [p for p in proposals if p.status == "open" and p.proposed_by == "claimant"],
        "agreed": next((p for p in proposals if p.status == "agreed"), None),
    }


def _dates_ahead(case: Case) -> list[str]:
    """The open deadlines that concern the complainant, each as its public sentence. A rule
    without one (Qtrax's own tasks, a deadline set by hand) is not shown."""
    deadlines = db.session.scalars(
        select(Deadline).where(Deadline.case_id == case.id, Deadline.status == OPEN,
                               Deadline.concerns_claimant.is_(True),
                               # an unverified rule is never shown to the public
                               Deadline.verified.is_(True),
                               # a window past its date has lapsed: nothing is upcoming
                               or_(Deadline.due_on >= today(), Deadline.goes_overdue))
        .order_by(Deadline.due_on, Deadline.id)
    ).all()
    sentences: list[str] = []
    for deadline in deadlines:
        said = public_words.sentence(deadline.rule_code, deadline.due_on, translate=gettext,
                                     say_date=long_date)
        if said and said not in sentences:
            sentences.append(said)
    return sentences


def _stages_reached(case: Case) -> list[tuple[str, date]]:
    """Key dates: the day each stage was reached, in order; steps within a stage are not."""
    events = db.session.scalars(
        select(CaseEvent).where(CaseEvent.case_id == case.id,
                                CaseEvent.to_stage.is_not(None),
                                CaseEvent.to_stage != workflow.FILED)
        .order_by(CaseEvent.occurred_on, CaseEvent.id)
    ).all()
    reached: list[tuple[str, date]] = [(stages_public.describe(workflow.FILED).title,
                                        case.filed_on)]
    for event in events:
        title = stages_public.describe(event.to_stage or "").title
        if reached[-1][0] != title:
            reached.append((title, event.occurred_on))
    return reached


def status_view(case: Case) -> dict:
    from ..mass.settlement import offer_for_claimant
    from ..policies.case_policy import governing_for
    from ..policies.plain import for_complainant

    return {
        "case": case,
        "policy": for_complainant(governing_for(case)),
        "stage": stages_public.describe(case.stage),
        "reached": _stages_reached(case),
        "dates_ahead": _dates_ahead(case),
        "mediator": mediator_choice(case),
        "settlement": offer_for_claimant(case),
        "documents": claimant_documents(case),
    }
