"""Reads of documents: a case's list with version history, the privilege log."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select

from qtrax_disputes.web.extensions import db

from ..auth.roles import STAFF, at_least
from .models import Document

# As the privilege log: what was withheld as privileged is for those who work the case.
PRIVILEGED_ROLE = STAFF


def sees_privileged(role: str) -> bool:
    return at_least(role, PRIVILEGED_ROLE)


@dataclass
class Listed:
    document: Document  # the latest version
    history: list[Document] = field(default_factory=list)  # older versions, newest first


def case_documents(case, tag: str = "", include_deleted: bool = False,
                   include_privileged: bool = False) -> list[Listed]:
    """The latest version of each document, with its earlier versions: one query."""
    query = select(Document).where(Document.case_id == case.id)
    if not include_privileged:
        query = query.where(Document.privileged.is_(False))
    rows = db.session.scalars(
        query.order_by(Document.uploaded_at.desc(), Document.id.desc())).all()
    by_id = {d.id: d for d in rows}
    superseded = {d.supersedes_id for d in rows if d.supersedes_id}
    listed = []
    for document in rows:
        if document.id in superseded:
            continue
        if tag and document.tag != tag:
            continue
        if document.deleted_at is not None and not include_deleted:
            continue
        history, previous = [], by_id.get(document.supersedes_id)
        while previous is not None and len(history) < 100:
            history.append(previous)
            previous = by_id.get(previous.supersedes_id)
        listed.append(Listed(document, history))
    return listed


def privilege_log(case) -> Sequence[Document]:
    """Every privileged document of the case (all versions, deleted ones included: the log
    records what was withheld)."""
    return db.session.scalars(
        select(Document).where(Document.case_id == case.id, Document.privileged.is_(True))
        # Undated papers last on every database (SQLite and PostgreSQL sort NULL apart).
        .order_by(Document.doc_date.is_(None), Document.doc_date, Document.uploaded_at,
                  Document.id)
    ).all()


def document_of(case, document_id: int) -> Document | None:
    """The case's document; None for another case's, so changing the number reaches nothing."""
    found = db.session.get(Document, document_id)
    return found if found is not None and found.case_id == case.id else None
