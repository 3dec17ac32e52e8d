"""A message on a case between the complainant and Qtrax's staff, and the documents it carries.

The attachments are the case's own Documents (stored, checked and audited as any upload), so a
message never holds a file of its own: marking one privileged or deleting it later takes it
out of the complainant's view of the message too.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qtrax_disputes.core.clock import now_utc
from qtrax_disputes.db.types import UTCDateTime
from qtrax_disputes.web.extensions import Model

from ..auth.models import User
from ..documents.models import Document


class Message(Model):
    __tablename__ = "messages"
    __table_args__ = (
        Index("ix_messages_case_sent", "case_id", "sent_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    # True: the complainant wrote it through their status link; False: a staff user did.
    from_complainant: Mapped[bool] = mapped_column(Boolean)
    author_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)

    author_user: Mapped[User | None] = relationship(lazy="joined")
    attachments: Mapped[list[MessageAttachment]] = relationship(
        back_populates="message", order_by="MessageAttachment.document_id",
        cascade="all, delete-orphan")


class MessageAttachment(Model):
    __tablename__ = "message_attachments"

    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id"), primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), primary_key=True,
                                             index=True)

    message: Mapped[Message] = relationship(back_populates="attachments")
    document: Mapped[Document] = relationship(lazy="joined")
