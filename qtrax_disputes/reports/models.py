from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qtrax_disputes.core.clock import now_utc
from qtrax_disputes.db.types import UTCDateTime
from qtrax_disputes.web.extensions import Model

from ..auth.models import User


class WeeklyReport(Model):
    """A week's report as it was generated: its numbers and its PDF, so it reads the same later
    whatever happens to the cases afterwards."""

    __tablename__ = "weekly_reports"
    __table_args__ = (UniqueConstraint("iso_year", "iso_week"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    iso_year: Mapped[int] = mapped_column(Integer)
    iso_week: Mapped[int] = mapped_column(Integer)
    generated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    generated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    data: Mapped[dict] = mapped_column(JSON)
    pdf_sha256: Mapped[str | None] = mapped_column(String(64))

    generated_by: Mapped[User | None] = relationship()

    @property
    def label(self) -> str:
        return f"{self.iso_year}-W{self.iso_week:02d}"
