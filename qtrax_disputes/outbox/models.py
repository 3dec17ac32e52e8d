from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from qtrax_disputes.core.clock import now_utc
from qtrax_disputes.db.types import UTCDateTime
from qtrax_disputes.web.extensions import Model

PENDING = "pending"
SENDING = "sending"
SENT = "sent"
FAILED = "failed"
WITHHELD = "withheld"  # an update whose complainant turned updates off before it left


class OutboxMessage(Model):
    """An email to send, written in the same transaction as the change that caused it."""

    __tablename__ = "outbox_messages"
    __table_args__ = (Index("ix_outbox_messages_status_next", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)  # the plain-text part
    # The HTML part, rendered with the text from the same template (outbox/rendering.py);
    # sealed links sit in both and are filled and struck in both.
    html_body: Mapped[str] = mapped_column(Text, default="", server_default="")
    # An update the complainant may turn off carries where to turn it off (RFC 8058).
    unsubscribe_url: Mapped[str | None] = mapped_column(String(500))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    # Same key, same message: a reminder job run twice writes it once.
    dedupe_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    status: Mapped[str] = mapped_column(String(10), default=PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
