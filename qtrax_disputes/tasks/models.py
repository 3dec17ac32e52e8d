from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qtrax_disputes.core.clock import now_utc
from qtrax_disputes.db.types import UTCDateTime
from qtrax_disputes.web.extensions import Model

from ..auth.models import User
from ..cases.models import Case


class CounselTask(Model):
    """Staff asking counsel to take a step only counsel may take (the demand, a settlement, an
    award decision). It stays open until the case moves to where the step no longer applies:
    usually because counsel took it."""

    __tablename__ = "counsel_tasks"
    __table_args__ = (
        # My work: a person's open tasks; the step operation: a case's open tasks.
        Index("ix_counsel_tasks_assignee_closed", "assigned_to_id", "closed_at"),
        Index("ix_counsel_tasks_case_closed", "case_id", "closed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    step: Mapped[str] = mapped_column(String(40))  # the stage the asked-for step moves to
    what: Mapped[str] = mapped_column(Text)
    asked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    assigned_to_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    closed_by_event_id: Mapped[int | None] = mapped_column(ForeignKey("case_events.id"))

    case: Mapped[Case] = relationship()
    asked_by: Mapped[User | None] = relationship(foreign_keys=[asked_by_id])
    assigned_to: Mapped[User] = relationship(foreign_keys=[assigned_to_id])
    closed_by: Mapped[User | None] = relationship(foreign_keys=[closed_by_id])

    @property
    def is_open(self) -> bool:
        return self.closed_at is None
