"""What the complainant's status page reads: their case, never anything else."""

from __future__ import annotations

import hmac
from collections.abc import Sequence

from sqlalchemy import or_, select

from qtrax_disputes.core.clock import today
from qtrax_disputes.web.extensions import db

from ..cases import event_labels, stages_public, workflow
from ..cases.models import Case, CaseEvent
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


def status_view(case: Case) -> dict:
    events = db.session.scalars(
        select(CaseEvent).where(CaseEvent.case_id == case.id,
                                CaseEvent.visible_to_claimant.is_(True))
        .order_by(CaseEvent.occurred_on, CaseEvent.id)
    ).all()
    upcoming = db.session.scalars(
        select(Deadline).where(Deadline.case_id == case.id, Deadline.status == OPEN,
                               Deadline.concerns_claimant.is_(True),
                               # an unverified rule is never shown to the public
                               Deadline.verified.is_(True),
                               # a window past its date has lapsed: nothing is upcoming
                               or_(Deadline.due_on >= today(), Deadline.goes_overdue))
        .order_by(Deadline.due_on)
    ).all()
    from ..policies.case_policy import governing_for
    from ..policies.plain import for_complainant

    return {
        "case": case,
        "policy": for_complainant(governing_for(case)),
        "stage": stages_public.describe(case.stage),
        "stage_titles": {e.to_stage: stages_public.describe(e.to_stage).title
                         for e in events if e.to_stage},
        "events": events,
        "event_label": event_labels.label,  # an entry's words, never its code
        "filed_kind": workflow.FILED,  # the filing has its own line, from the case
        "upcoming": upcoming,
        "documents": claimant_documents(case),
    }
