"""A mass: many similar demands by coordinated claimants' counsel, handled together.

Each case of a mass stays a case of its own (its road, clocks and costs); the mass adds what
the AAA's Mass Arbitration Supplementary Rules add across them: counsel's affirmation per
filing (MA-2), deficiencies the process arbitrator rules on, batches with their merits
arbitrators, and bellwether cases.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qtrax_disputes.core.clock import now_utc
from qtrax_disputes.db.types import UTCDateTime
from qtrax_disputes.web.extensions import Model


class Mass(Model):
    __tablename__ = "masses"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    # The claimants' counsel as counsel named it (a firm, or the email domain it files from).
    counsel: Mapped[str] = mapped_column(String(200), default="")
    category: Mapped[str] = mapped_column(String(40), default="")
    # The day the mass filing reached the AAA: which fee schedule bills it (mass/fees.py).
    filed_on: Mapped[date | None] = mapped_column(Date)
    process_arbitrator: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    created_by: Mapped[str] = mapped_column(String(80), default="")
    closed_on: Mapped[date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=1)

    batches: Mapped[list[MassBatch]] = relationship(
        back_populates="mass", order_by="MassBatch.number", cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}


class MassBatch(Model):
    """Cases the AAA sends to one merits arbitrator together, with their schedule."""

    __tablename__ = "mass_batches"
    __table_args__ = (UniqueConstraint("mass_id", "number", name="uq_mass_batch_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mass_id: Mapped[int] = mapped_column(ForeignKey("masses.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    merits_arbitrator: Mapped[str] = mapped_column(String(200), default="")
    hearings_from: Mapped[date | None] = mapped_column(Date)
    hearings_to: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")

    mass: Mapped[Mass] = relationship(back_populates="batches")


class MassMember(Model):
    """A case's place in its mass; the case id is the key, so a case belongs to one mass."""

    __tablename__ = "mass_members"
    __table_args__ = (Index("ix_mass_members_mass_batch", "mass_id", "batch_id"),)

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    mass_id: Mapped[int] = mapped_column(ForeignKey("masses.id"))
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("mass_batches.id"))
    bellwether: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Counsel's affirmation that the filing's information is true (MA-2), when received.
    affirmation_on: Mapped[date | None] = mapped_column(Date)
    # What the filing lacks, as the process arbitrator or staff noted it ('' when complete).
    deficiency: Mapped[str] = mapped_column(String(500), default="")
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)


class MassFeeAmount(Model):
    """An amount an administrator entered for a fee the shipped schedule does not know."""

    __tablename__ = "mass_fee_amounts"
    __table_args__ = (UniqueConstraint("schedule_code", "fee_code", name="uq_mass_fee_amount"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    schedule_code: Mapped[str] = mapped_column(String(60))
    fee_code: Mapped[str] = mapped_column(String(60))
    cents: Mapped[int | None] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(500))
    entered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    entered_by: Mapped[str] = mapped_column(String(80), default="")


class BulkStep(Model):
    """One road step asked for many cases of a mass at once; each case moves on its own, and
    its item says whether it has, so an interrupted run resumes without a step twice."""

    __tablename__ = "mass_bulk_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    mass_id: Mapped[int] = mapped_column(ForeignKey("masses.id"), index=True)
    to_stage: Mapped[str] = mapped_column(String(40))
    occurred_on: Mapped[date] = mapped_column(Date)
    values: Mapped[dict] = mapped_column(JSON, default=dict)
    note: Mapped[str] = mapped_column(Text, default="")
    role: Mapped[str] = mapped_column(String(20))
    requested_by: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class BulkStepItem(Model):
    __tablename__ = "mass_bulk_step_items"
    __table_args__ = (Index("ix_bulk_step_items_state", "bulk_step_id", "state"),)

    bulk_step_id: Mapped[int] = mapped_column(ForeignKey("mass_bulk_steps.id"),
                                              primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    # "pending", then "moved" (with its event) or "refused" (with the reason).
    state: Mapped[str] = mapped_column(String(10), default="pending")
    reason: Mapped[str] = mapped_column(String(500), default="")
    event_id: Mapped[int | None] = mapped_column(ForeignKey("case_events.id"))


class MassOffer(Model):
    """A global settlement offered to the whole mass: an amount per claimant, or per category
    of claim (``by_category``, in cents), on the terms given."""

    __tablename__ = "mass_offers"

    id: Mapped[int] = mapped_column(primary_key=True)
    mass_id: Mapped[int] = mapped_column(ForeignKey("masses.id"), index=True)
    made_on: Mapped[date] = mapped_column(Date)
    per_claimant_cents: Mapped[int] = mapped_column(Integer)
    by_category: Mapped[dict] = mapped_column(JSON, default=dict)
    accept_by: Mapped[date | None] = mapped_column(Date)
    terms: Mapped[str] = mapped_column(Text, default="")
    # Told to the claimants on their status pages, where each may accept it: only with their
    # counsel's consent, since a represented party is written to through counsel (NY Rules of
    # Professional Conduct, rule 4.2; docs/mass_arbitration.md § Represented claimants).
    on_status_pages: Mapped[bool] = mapped_column(Boolean, default=False,
                                                  server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    created_by: Mapped[str] = mapped_column(String(80), default="")

    def amount_for(self, category: str) -> int:
        return int((self.by_category or {}).get(category, self.per_claimant_cents))


class MassAcceptance(Model):
    """A claimant's acceptance of an offer; ``settled_event_id`` once their signed release is
    recorded and the case settled on it, and ``cost_item_id`` the amount then owed to them on
    the case's ledger (its payments are the ledger's)."""

    __tablename__ = "mass_acceptances"

    offer_id: Mapped[int] = mapped_column(ForeignKey("mass_offers.id"), primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    accepted_on: Mapped[date] = mapped_column(Date)
    # How the acceptance reached Qtrax: "counsel's list" (a spreadsheet), "staff" (typed in
    # by staff) or "status page" (the claimant's own, through their link).
    source: Mapped[str] = mapped_column(String(40))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    settled_event_id: Mapped[int | None] = mapped_column(ForeignKey("case_events.id"))
    # A ledger item deleted by staff leaves the acceptance settled, with nothing owed on it.
    cost_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("cost_items.id", ondelete="SET NULL"))
