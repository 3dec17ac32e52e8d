"""Reading the staff accounts."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from qtrax_disputes.web.extensions import db

from .models import User


def all_accounts() -> Sequence[User]:
    return db.session.scalars(select(User).order_by(User.email)).all()


def account(user_id: int) -> User | None:
    return db.session.get(User, user_id)
