from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qtrax_disputes.core.clock import now_utc
from qtrax_disputes.db.types import UTCDateTime
from qtrax_disputes.web.extensions import Model

from ..auth.models import User
from ..cases.models import Case
from .allocation import percent_of

PROPOSED = "proposed"  # suggested by a step (e.g. AAA filing fees); staff confirm it
CONFIRMED = "confirmed"


class CostItem(Model):
    """One cost of a case, in integer cents, with who bears what share and why."""

    __tablename__ = "cost_items"
    __table_args__ = (
        CheckConstraint("claimant_share_cents + respondent_share_cents = amount_cents",
                        name="shares_make_whole"),
        CheckConstraint("claimant_share_cents >= 0 AND respondent_share_cents >= 0",
                        name="shares_not_negative"),
        CheckConstraint("amount_cents >= 0", name="amount_not_negative"),
        Index("ix_cost_items_case_stage", "case_id", "stage"),
        # Covers the report's sums by period, stage and party without reading the table.
        Index("ix_cost_items_incurred", "incurred_on", "status", "stage", "amount_cents",
              "claimant_share_cents"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    stage: Mapped[str] = mapped_column(String(20))  # mediation | arbitration | court
    kind: Mapped[str] = mapped_column(String(40))
    description: Mapped[str] = mapped_column(String(300), default="")
    amount_cents: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    incurred_on: Mapped[date] = mapped_column(Date)
    incurred_by: Mapped[str] = mapped_column(String(20))  # claimant | respondent
    # Each party's share in cents, summing to the amount: a cap is met to the cent.
    claimant_share_cents: Mapped[int] = mapped_column(BigInteger)
    respondent_share_cents: Mapped[int] = mapped_column(BigInteger)
    rule_code: Mapped[str] = mapped_column(String(40))
    rule_source: Mapped[str] = mapped_column(String(300), default="")
    explanation: Mapped[str] = mapped_column(Text, default="")
    verified: Mapped[bool] = mapped_column(Boolean, default=True)
    # Where the amount came from when a fee schedule supplied it (proposed fees): its mark
    # (V, S, U) and source. Empty when staff typed it, e.g. from the invoice.
    amount_mark: Mapped[str] = mapped_column(String(2), default="")
    amount_source: Mapped[str] = mapped_column(String(300), default="")
    override_reason: Mapped[str] = mapped_column(Text, default="")
    overridden_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(10), default=CONFIRMED)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    version: Mapped[int] = mapped_column(Integer, default=1)

    case: Mapped[Case] = relationship()
    overridden_by: Mapped[User | None] = relationship()
    payments: Mapped[list[CostPayment]] = relationship(
        back_populates="item", order_by="CostPayment.paid_on", cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}

    @property
    def shares(self) -> tuple[int, int]:
        return self.claimant_share_cents, self.respondent_share_cents

    @property
    def amount_unverified(self) -> bool:
        """The amount came from a schedule's secondary or unverified figure."""
        return self.amount_mark not in ("", "V")

    @property
    def percents(self) -> tuple[str, str]:
        """Each share as a percentage, for reading only: the cents are what is owed."""
        return percent_of(self.claimant_share_cents, self.amount_cents), \
            percent_of(self.respondent_share_cents, self.amount_cents)


class CostPayment(Model):
    __tablename__ = "cost_payments"
    __table_args__ = (CheckConstraint("amount_cents > 0", name="payment_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("cost_items.id"), index=True)
    party: Mapped[str] = mapped_column(String(20))  # claimant | respondent
    amount_cents: Mapped[int] = mapped_column(BigInteger)
    paid_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(300), default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)

    item: Mapped[CostItem] = relationship(back_populates="payments")


class FeeScheduleRecord(Model):
    """A fee schedule an admin added, with its source; the shipped ones live in schedules.py."""

    __tablename__ = "fee_schedules"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    effective_on: Mapped[date] = mapped_column(Date, unique=True)
    source: Mapped[str] = mapped_column(String(500))
    mark: Mapped[str] = mapped_column(String(2))
    consumer_filing_fee_cents: Mapped[int | None] = mapped_column(BigInteger)
    business_filing_fee_one_arbitrator_cents: Mapped[int | None] = mapped_column(BigInteger)
    business_filing_fee_three_arbitrators_cents: Mapped[int | None] = mapped_column(BigInteger)
    business_files_one_cents: Mapped[int | None] = mapped_column(BigInteger)
    business_files_three_cents: Mapped[int | None] = mapped_column(BigInteger)
    case_management_fee_cents: Mapped[int | None] = mapped_column(BigInteger)
    arbitrator_compensation_cents: Mapped[int | None] = mapped_column(BigInteger)
    clause_review_fee_cents: Mapped[int | None] = mapped_column(BigInteger)
    arbitrator_deposit_cents: Mapped[int | None] = mapped_column(BigInteger)
    # Amount name -> {"mark": ..., "source": ...} where an amount's differs from the schedule's.
    amount_marks: Mapped[dict] = mapped_column(JSON, default=dict)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
