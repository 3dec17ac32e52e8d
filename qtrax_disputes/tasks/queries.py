"""Reads of the tasks asked of counsel."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from qtrax_disputes.web.extensions import db

from ..auth.models import User
from ..auth.roles import COUNSEL, ROLES, rank
from ..cases.models import Case
from .models import CounselTask


def active_counsel() -> list[User]:
    counsel_roles = [r for r in ROLES if rank(r) >= rank(COUNSEL)]
    return list(db.session.scalars(select(User).where(
        User.active.is_(True), User.role.in_(counsel_roles)).order_by(User.name, User.email)))


def open_tasks_of_case(case: Case) -> list[CounselTask]:
    return list(db.session.scalars(
        select(CounselTask).options(joinedload(CounselTask.assigned_to),
                                    joinedload(CounselTask.asked_by))
        .where(CounselTask.case_id == case.id, CounselTask.closed_at.is_(None))
        .order_by(CounselTask.id)))


def open_tasks_for(user_id: int) -> list[CounselTask]:
    """The tasks asked of a person, oldest first, each with its case and who asked."""
    return list(db.session.scalars(
        select(CounselTask).options(joinedload(CounselTask.case),
                                    joinedload(CounselTask.asked_by))
        .where(CounselTask.assigned_to_id == user_id, CounselTask.closed_at.is_(None))
        .order_by(CounselTask.created_at, CounselTask.id)))


def open_tasks_asked_by(user_id: int) -> list[CounselTask]:
    """What waits on others: the requests a person made that are still open."""
    return list(db.session.scalars(
        select(CounselTask).options(joinedload(CounselTask.case),
                                    joinedload(CounselTask.assigned_to))
        .where(CounselTask.asked_by_id == user_id, CounselTask.closed_at.is_(None))
        .order_by(CounselTask.created_at, CounselTask.id)))
