"""Reading the audit log: one page of entries under the admin's filters."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from qtrax_disputes.web.extensions import db

from .models import AuditEntry


@dataclass(frozen=True)
class AuditFilters:
    action: str = ""
    actor: str = ""
    object_type: str = ""
    object_id: str = ""
    since: datetime | None = None
    until: datetime | None = None


def audit_page(filters: AuditFilters, page: int,
               page_size: int) -> tuple[Sequence[AuditEntry], int]:
    """The entries of ``page`` (newest first) and how many match in all."""
    query = select(AuditEntry)
    for column, wanted in ((AuditEntry.action, filters.action), (AuditEntry.actor, filters.actor),
                           (AuditEntry.object_type, filters.object_type),
                           (AuditEntry.object_id, filters.object_id)):
        if wanted:
            query = query.where(column == wanted)
    if filters.since:
        query = query.where(AuditEntry.at >= filters.since)
    if filters.until:
        query = query.where(AuditEntry.at <= filters.until)
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    entries = db.session.scalars(
        query.order_by(AuditEntry.id.desc()).limit(page_size).offset((page - 1) * page_size)
    ).all()
    return entries, total


def actions() -> Sequence[str]:
    """Every action the log holds, for the filter's choices."""
    return db.session.scalars(
        select(AuditEntry.action).distinct().order_by(AuditEntry.action)).all()
