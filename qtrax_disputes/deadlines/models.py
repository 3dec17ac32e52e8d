from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, String, Text, and_, or_
from sqlalchemy.ext.hybrid import hybrid_method, hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qtrax_disputes.core.clock import now_utc
from qtrax_disputes.db.types import UTCDateTime
from qtrax_disputes.web.extensions import Model

from ..auth.models import User
from ..cases.models import Case
from .calendar import ROLLS, is_business_day

OPEN = "open"
DONE = "done"
WAIVED = "waived"
CLOSED = "closed"  # the case closed while it was open, or the road made it moot
WINDOW = "window"  # a side may act; unused, it lapses (deadlines/rules.py)
DUTY = "duty"  # must be done; goes overdue


class Deadline(Model):
    """A date something must be done by, with everything needed to say why it is that date."""

    __tablename__ = "deadlines"
    __table_args__ = (
        Index("ix_deadlines_status_due", "status", "due_on"),
        Index("ix_deadlines_case_status", "case_id", "status", "due_on"),
        Index("ix_deadlines_status_done", "status", "done_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    rule_code: Mapped[str | None] = mapped_column(String(40))  # None for a manual deadline
    rule_version: Mapped[str] = mapped_column(String(20), default="")
    title: Mapped[str] = mapped_column(String(200))
    act: Mapped[str | None] = mapped_column(String(40))
    trigger_event_id: Mapped[int | None] = mapped_column(ForeignKey("case_events.id"))
    trigger_on: Mapped[date | None] = mapped_column(Date)
    raw_due_on: Mapped[date | None] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date)
    regime: Mapped[str] = mapped_column(String(10), default="none")
    explanation: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(300), default="")
    verified: Mapped[bool] = mapped_column(Boolean, default=True)
    concerns_claimant: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(10), default=OPEN)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    done_on: Mapped[date | None] = mapped_column(Date)
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    waive_reason: Mapped[str] = mapped_column(Text, default="")
    obligation: Mapped[str] = mapped_column(String(10), default=DUTY)
    # Counsel's decision that Qtrax will use this window: from then on it is a duty.
    will_act_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    will_act_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    case: Mapped[Case] = relationship()
    done_by: Mapped[User | None] = relationship(foreign_keys=[done_by_id])

    @hybrid_property
    def goes_overdue(self) -> bool:
        """A duty, or a window counsel decided Qtrax will use: only these can be overdue."""
        return self.obligation == DUTY or self.will_act_at is not None

    @goes_overdue.inplace.expression
    @classmethod
    def _goes_overdue_expression(cls):
        return or_(cls.obligation == DUTY, cls.will_act_at.is_not(None))

    @hybrid_method
    def is_overdue(self, on: date) -> bool:
        """Open, due before ``on``, and a duty (a window past its date lapsed instead). The
        one definition: the navigation's count, the dashboard, the reminders, the weekly
        report and the case page all read this, in SQL or on a row."""
        return self.status == OPEN and self.due_on < on and self.goes_overdue

    @is_overdue.inplace.expression  # type: ignore[attr-defined]  # hybrid_method lacks .inplace in its stubs
    @classmethod
    def _is_overdue_expression(cls, on: date):
        return and_(cls.status == OPEN, cls.due_on < on, cls.goes_overdue)

    def lapsed(self, on: date) -> bool:
        """A window that passed unused: "window closed on <due date>", not overdue."""
        return self.status == OPEN and self.due_on < on and not self.goes_overdue

    @property
    def due_on_non_business_day(self) -> bool:
        """The due date falls on a weekend or holiday and no roll moved it off.

        Derived from the stored date and regime rather than stored: a rolled date is a business
        day by construction, so only a period with no verified roll (or one set by hand) can
        land here, and staff must see it before the day arrives.
        """
        return not is_business_day(self.due_on, self.regime if self.regime in ROLLS else "none")
