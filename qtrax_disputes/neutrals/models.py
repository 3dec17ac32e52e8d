"""The roster of neutrals: the mediators and arbitrators a case may propose."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from qtrax_disputes.core.clock import now_utc
from qtrax_disputes.db.types import UTCDateTime
from qtrax_disputes.web.extensions import Model

MEDIATOR = "mediator"
ARBITRATOR = "arbitrator"
BOTH = "both"

KINDS: tuple[tuple[str, str], ...] = (
    (MEDIATOR, "Mediator"),
    (ARBITRATOR, "Arbitrator"),
    (BOTH, "Mediator and arbitrator"),
)
KIND_LABELS = dict(KINDS)


class Neutral(Model):
    __tablename__ = "neutrals"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # mediator | arbitrator | both
    organisation: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    location: Mapped[str] = mapped_column(String(200), default="")  # "Manhattan, New York, NY"
    hourly_rate_cents: Mapped[int | None] = mapped_column(BigInteger)
    daily_rate_cents: Mapped[int | None] = mapped_column(BigInteger)
    notes: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)
