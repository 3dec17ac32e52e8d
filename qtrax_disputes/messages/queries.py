"""The messages of a case as each side reads them: the complainant never sees a privileged,
hidden or deleted document, even one that was attached to a message."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from qtrax_disputes.web.extensions import db

from ..cases.models import Case
from ..documents.models import Document
from .models import Message, MessageAttachment


@dataclass(frozen=True)
class Shown:
    message: Message
    attachments: tuple[Document, ...]


def _for_complainant(document: Document) -> bool:
    return (document.visible_to_claimant and not document.privileged
            and document.deleted_at is None)


def _for_staff(document: Document, privileged_too: bool) -> bool:
    return document.deleted_at is None and (privileged_too or not document.privileged)


def case_messages(case: Case, *, complainant: bool = False,
                  privileged_too: bool = False) -> list[Shown]:
    """The case's messages, oldest first, each with the attachments its reader may open."""
    messages = db.session.scalars(
        select(Message).where(Message.case_id == case.id)
        .options(selectinload(Message.attachments).joinedload(MessageAttachment.document))
        .order_by(Message.sent_at, Message.id)
    ).all()

    def may_open(document: Document) -> bool:
        return (_for_complainant(document) if complainant
                else _for_staff(document, privileged_too))

    return [Shown(m, tuple(a.document for a in m.attachments if may_open(a.document)))
            for m in messages]
