from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from qtrax_disputes.core.clock import now_utc
from qtrax_disputes.db.types import UTCDateTime
from qtrax_disputes.web.extensions import Model


class StatusLink(Model):
    """A further link to a case's status page, sent in an update email.

    The case keeps the receipt's link (``Case.status_token_hash``); each update carries a fresh
    one, because the receipt's own token cannot be worked out again from what is stored. Only
    the hash is kept, as for the receipt's; the case's expiry applies to all of them.
    """

    __tablename__ = "status_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
