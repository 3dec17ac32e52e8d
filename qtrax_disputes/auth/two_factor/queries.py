"""Reading two-factor state."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from qtrax_disputes.web.extensions import db

from .models import RecoveryCode, TwoFactor


@dataclass(frozen=True)
class TwoFactorState:
    enabled: bool
    enabled_at: datetime | None = None
    recovery_codes_left: int = 0


def two_factor_of(user_id: int) -> TwoFactor | None:
    return db.session.scalar(select(TwoFactor).where(TwoFactor.user_id == user_id))


def is_enrolled(user_id: int) -> bool:
    return db.session.scalar(
        select(TwoFactor.id).where(TwoFactor.user_id == user_id)) is not None


def recovery_codes_left(user_id: int) -> int:
    return db.session.scalar(select(func.count(RecoveryCode.id)).where(
        RecoveryCode.user_id == user_id, RecoveryCode.used_at.is_(None))) or 0


def state_for(user_id: int) -> TwoFactorState:
    found = two_factor_of(user_id)
    if found is None:
        return TwoFactorState(enabled=False)
    return TwoFactorState(enabled=True, enabled_at=found.enabled_at,
                          recovery_codes_left=recovery_codes_left(user_id))


def enrolled_user_ids() -> frozenset[int]:
    """Everyone with two-factor on, in one query (the admin's list of accounts)."""
    return frozenset(db.session.scalars(select(TwoFactor.user_id)))
