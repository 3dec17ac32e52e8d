from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
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


class CaseNumberCounter(Model):
    """The last case number handed out in a year; bumped under a row lock per filing."""

    __tablename__ = "case_number_counters"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(Integer, default=0)


class Case(Model):
    __tablename__ = "cases"
    __table_args__ = (
        # Covers the report's count of open cases by stage without reading the table.
        Index("ix_cases_stage_filed_closed", "stage", "filed_on", "closed_on"),
        Index("ix_cases_closed_assignee", "closed_on", "assigned_to_id"),
        # The case list: open (or closed) cases newest first, with or without a category.
        Index("ix_cases_closed_id", "closed_on", "id"),
        Index("ix_cases_category_closed_id", "category", "closed_on", "id"),
        Index("ix_cases_open_filed", "closed_on", "filed_on"),
        Index("ix_cases_assignee_stage", "assigned_to_id", "stage"),
        # The navigation's overdue count joins a person's cases to the overdue deadlines by
        # id: with the id in the index neither database reads the 28,000 rows of a busy
        # person's cases (PostgreSQL: 13.5 ms to 5.5 ms at 100,000 cases).
        Index("ix_cases_assignee_id", "assigned_to_id", "id"),
        # The text search's indexes are made by migration 0012 and not declared here:
        # autogenerate cannot compare them (qtrax_disputes/db/migration_filters.py).
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    stage: Mapped[str] = mapped_column(String(40), default="filed", index=True)
    category: Mapped[str] = mapped_column(String(40), index=True)
    # The complainant is the person who filed; other parties are Party rows.
    complainant_name: Mapped[str] = mapped_column(String(200))
    complainant_email: Mapped[str] = mapped_column(String(254), index=True)
    complainant_phone: Mapped[str] = mapped_column(String(40), default="")
    account_identifier: Mapped[str] = mapped_column(String(254), default="")
    summary: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    desired_resolution: Mapped[str] = mapped_column(Text, default="")
    incident_on: Mapped[date | None] = mapped_column(Date)
    is_child_data: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    amount_claimed_cents: Mapped[int | None] = mapped_column(BigInteger)
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    possible_duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    status_token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    status_token_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When the complainant turned off update emails from one (outbox/complainant_updates.py);
    # what the law or the policy requires is still sent.
    updates_off_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The language the complainant filed in ("en" or "es", web/i18n.py): their emails speak it.
    language: Mapped[str] = mapped_column(String(8), default="en", server_default="en")
    filed_on: Mapped[date] = mapped_column(Date, index=True)
    # How the complaint reached Qtrax (intake/sources.py): the public form, or staff entering a
    # letter, an email, a call or an AAA notice of a demand.
    source: Mapped[str] = mapped_column(String(20), default="web", server_default="web")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc, onupdate=now_utc)
    closed_on: Mapped[date | None] = mapped_column(Date)
    # When the retention purge removed the personal data (the anonymised record stays).
    purged_on: Mapped[date | None] = mapped_column(Date)
    # Which AAA Consumer Rules govern: chosen by the demand's filing date (docs/road.md
    # § Arbitration under the AAA).
    aaa_rules: Mapped[str | None] = mapped_column(String(10))
    # Which version of the privacy policy governs (policies/): the days the information in
    # dispute was given, the version in force then as proposed at filing with the reason, and
    # the version whose dispute clause counsel confirmed for the procedure (None: not yet).
    information_given_on: Mapped[date | None] = mapped_column(Date)
    information_given_until: Mapped[date | None] = mapped_column(Date)
    policy_version_on: Mapped[date | None] = mapped_column(Date)
    policy_reason: Mapped[str] = mapped_column(String(300), default="")
    clause_version_on: Mapped[date | None] = mapped_column(Date)
    clause_reason: Mapped[str] = mapped_column(Text, default="")
    # Optimistic locking: every UPDATE checks the version it read, so two people saving the
    # same case cannot silently overwrite each other.
    version: Mapped[int] = mapped_column(Integer, default=1)

    assigned_to: Mapped[User | None] = relationship(foreign_keys=[assigned_to_id])
    possible_duplicate_of: Mapped[Case | None] = relationship(
        remote_side=[id], foreign_keys=[possible_duplicate_of_id]
    )
    parties: Mapped[list[Party]] = relationship(
        back_populates="case", order_by="Party.id", cascade="all, delete-orphan"
    )
    events: Mapped[list[CaseEvent]] = relationship(
        back_populates="case", order_by="(CaseEvent.occurred_on, CaseEvent.id)",
        cascade="all, delete-orphan",
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


class Party(Model):
    __tablename__ = "parties"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    role: Mapped[str] = mapped_column(String(30))
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    address: Mapped[str] = mapped_column(String(500), default="")
    organisation: Mapped[str] = mapped_column(String(200), default="")

    case: Mapped[Case] = relationship(back_populates="parties")


class CaseEvent(Model):
    """One entry of a case's timeline: a step, a note, a correction.

    ``occurred_on`` is the legal date (entered by staff, may be in the past); ``recorded_at``
    is when it was entered. Both are kept: backdating is allowed and visible.
    """

    __tablename__ = "case_events"
    __table_args__ = (
        Index("ix_case_events_case_occurred", "case_id", "occurred_on"),
        Index("ix_case_events_kind_occurred", "kind", "occurred_on"),
        Index("ix_case_events_recorded", "recorded_at"),
        Index("ix_case_events_occurred", "occurred_on", "kind", "to_stage"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    kind: Mapped[str] = mapped_column(String(40))
    from_stage: Mapped[str | None] = mapped_column(String(40))
    to_stage: Mapped[str | None] = mapped_column(String(40))
    occurred_on: Mapped[date] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    actor: Mapped[str] = mapped_column(String(120))
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    visible_to_claimant: Mapped[bool] = mapped_column(Boolean, default=False)

    case: Mapped[Case] = relationship(back_populates="events")
    actor_user: Mapped[User | None] = relationship()


class NeutralProposal(Model):
    """A mediator or arbitrator put forward for a case, and what each side answered.

    The policy calls for a *mutually agreed* mediator: only a proposal both sides accept
    makes the case's mediator. Before either acceptance counts, the neutral's disclosures and
    a search of other cases for the same people are recorded (the conflict check).
    """

    __tablename__ = "neutral_proposals"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # mediator | arbitrator
    neutral_id: Mapped[int | None] = mapped_column(ForeignKey("neutrals.id"))
    name: Mapped[str] = mapped_column(String(200))
    organisation: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    proposed_by: Mapped[str] = mapped_column(String(20))  # claimant | respondent | aaa
    proposed_on: Mapped[date] = mapped_column(Date)
    claimant_answer: Mapped[str] = mapped_column(String(10), default="")  # accepted|rejected
    claimant_answered_on: Mapped[date | None] = mapped_column(Date)
    respondent_answer: Mapped[str] = mapped_column(String(10), default="")
    respondent_answered_on: Mapped[date | None] = mapped_column(Date)
    disclosures: Mapped[str] = mapped_column(Text, default="")
    conflict_checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    conflict_checked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    conflict_hits: Mapped[list] = mapped_column(JSON, default=list)
    conflict_cleared_reason: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10), default="open")  # open|agreed|rejected
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    # How the complainant's answer came: on the status page, or by letter that staff recorded
    # (then who recorded it); "" for an answer recorded before the status page took them.
    claimant_answer_via: Mapped[str] = mapped_column(String(20), default="",
                                                     server_default="")
    claimant_answer_recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Optimistic locking: two answers to one proposal at once are noticed, not merged.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    case: Mapped[Case] = relationship()
    conflict_checked_by: Mapped[User | None] = relationship(
        foreign_keys=[conflict_checked_by_id])
    claimant_answer_recorded_by: Mapped[User | None] = relationship(
        foreign_keys=[claimant_answer_recorded_by_id])

    __mapper_args__ = {"version_id_col": version}

    @property
    def conflict_checked(self) -> bool:
        return self.conflict_checked_at is not None


class SavedView(Model):
    """A set of the case list's filters a person named, kept as the list's query string.

    Each person's own: nobody else sees or changes them. A pinned view is shown first, as a
    link above the filters.
    """

    __tablename__ = "saved_views"
    __table_args__ = (
        Index("ix_saved_views_user_name", "user_id", "name", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    name: Mapped[str] = mapped_column(String(80))
    query_string: Mapped[str] = mapped_column(String(1000))
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
