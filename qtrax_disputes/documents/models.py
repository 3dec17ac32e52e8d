from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qtrax_disputes.core.clock import now_utc
from qtrax_disputes.db.types import UTCDateTime
from qtrax_disputes.web.extensions import Model

from ..auth.models import User
from ..cases.models import Case

TAGS: tuple[tuple[str, str], ...] = (
    ("complaint", "Complaint"),
    ("evidence", "Evidence"),
    ("correspondence", "Correspondence"),
    ("agreement", "Agreement"),
    ("pleading", "Pleading"),
    ("award", "Award"),
    ("court", "Court"),
    ("other", "Other"),
)


class Document(Model):
    """A paper of a case. The bytes live on disk under their SHA-256; this row says what they are.

    ``original_name`` is for display only and never used as a path.
    """

    __tablename__ = "documents"
    __table_args__ = (
        Index("ix_documents_case_tag", "case_id", "tag"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    original_name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(Integer)
    media_type: Mapped[str] = mapped_column(String(120))
    tag: Mapped[str] = mapped_column(String(20), default="other")
    # What staff say the document is: for the privilege log, its general subject matter. A new
    # version keeps it; what the version changed goes in version_note.
    description: Mapped[str] = mapped_column(Text, default="")
    version_note: Mapped[str] = mapped_column(Text, default="", server_default="")
    privileged: Mapped[bool] = mapped_column(Boolean, default=False)
    visible_to_claimant: Mapped[bool] = mapped_column(Boolean, default=False)
    uploaded_by: Mapped[str] = mapped_column(String(120))  # "user:3" or "complainant"
    uploaded_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"), index=True)
    # For the privilege log.
    doc_date: Mapped[date | None] = mapped_column(Date)
    author: Mapped[str] = mapped_column(String(200), default="")
    recipients: Mapped[str] = mapped_column(String(500), default="")
    privilege_basis: Mapped[str] = mapped_column(String(200), default="")
    # Soft delete: the row and file stay until retention allows removal.
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deleted_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    deleted_reason: Mapped[str] = mapped_column(Text, default="")

    supersedes: Mapped[Document | None] = relationship(remote_side=[id])
    case: Mapped[Case] = relationship()
    # Loaded with the row: the case page names who added each document, never "user:3".
    uploaded_by_user: Mapped[User | None] = relationship(foreign_keys=[uploaded_by_user_id],
                                                         lazy="joined")


class HeldUpload(Model):
    """A file chosen on the public complaint form when the form was sent back for corrections,
    kept for a short while so the person need not choose it again.

    The bytes are in the content-addressed storage like any document's; ``documents gc`` keeps
    them while this row exists. Only the hash of the token the page carries is stored, and the
    hash of the session's holder key, so the row can be claimed only by the browser that chose
    the file (``documents/held.py``).
    """

    __tablename__ = "held_uploads"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    holder_hash: Mapped[str] = mapped_column(String(64), index=True)
    original_name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(Integer)
    media_type: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
