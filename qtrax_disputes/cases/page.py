"""Everything the case page shows, gathered with a fixed number of queries."""

from __future__ import annotations

from sqlalchemy import select

from ..deadlines.models import Deadline
from ..documents.models import Document
from ..extensions import db
from . import queries, stages_public, workflow
from .categories import label as category_label
from .models import Case


def case_page_context(case: Case) -> dict:
    documents = db.session.scalars(
        select(Document).where(Document.case_id == case.id)
        .order_by(Document.uploaded_at.desc(), Document.id.desc())
    ).all()
    deadlines = db.session.scalars(
        select(Deadline).where(Deadline.case_id == case.id)
        .order_by(Deadline.status, Deadline.due_on)
    ).all()
    return {
        "case": case,
        "category_text": category_label(case.category),
        "stage_label": workflow.STAGE_LABELS.get(case.stage, case.stage),
        "public_stage": stages_public.describe(case.stage),
        "events": queries.timeline(case),
        "documents": documents,
        "deadlines": deadlines,
    }
