"""Writes of two-factor sign-in; each one transaction with its audit entry.

A code is used up by a conditional UPDATE (the step must be later than the last one stored,
the recovery code still unused), so two requests carrying the same code at the same moment
cannot both succeed: the database lets one of them change the row.
"""

from __future__ import annotations

from typing import cast

from sqlalchemy import CursorResult, delete, or_, select, update
from sqlalchemy.exc import IntegrityError

from qtrax_disputes.core.clock import now_utc
from qtrax_disputes.core.refusals import Refused
from qtrax_disputes.db.transactions import operation
from qtrax_disputes.web.extensions import db

from ...audit.log import record
from ..models import User
from . import codes
from .models import RecoveryCode, TwoFactor
from .queries import recovery_codes_left, two_factor_of
from .sealing import Unreadable, seal, unseal

WRONG_CODE = ("That code is not right, or it was used already. Type the 6-digit code your "
              "app shows now.")
UNREADABLE = ("Your two-factor secret cannot be read on this server (its key was changed). "
              "Ask an administrator to reset your two-factor sign-in.")


class TwoFactorRefused(Refused):
    """A refused two-factor change or code, with the reason in words."""


def _changed(statement) -> CursorResult:
    # An UPDATE's result is a cursor result: its rowcount says whether the row was changed.
    return cast(CursorResult, db.session.execute(statement))


def _store_new_recovery_codes(user: User) -> list[str]:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    plain = codes.new_recovery_codes()
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=codes.recovery_code_hash(c))
                       for c in plain)
    return plain


def _secret(found: TwoFactor) -> str:
    try:
        return unseal(found.secret_sealed)
    except Unreadable as exc:
        raise TwoFactorRefused.at("code", UNREADABLE) from exc


def _use_totp(found: TwoFactor, typed: str) -> bool:
    """Whether ``typed`` is a current code not used before; if so its step is stored."""
    step = codes.matching_step(_secret(found), typed, now_utc(), found.last_used_step)
    if step is None:
        return False
    taken = _changed(
        update(TwoFactor)
        .where(TwoFactor.id == found.id,
               or_(TwoFactor.last_used_step.is_(None), TwoFactor.last_used_step < step))
        .values(last_used_step=step)
        .execution_options(synchronize_session=False))
    db.session.expire(found, ["last_used_step"])
    return taken.rowcount == 1


def _use_recovery_code(user: User, typed: str) -> bool:
    used = _changed(
        update(RecoveryCode)
        .where(RecoveryCode.user_id == user.id,
               RecoveryCode.code_hash == codes.recovery_code_hash(typed),
               RecoveryCode.used_at.is_(None))
        .values(used_at=now_utc())
        .execution_options(synchronize_session=False))
    return used.rowcount == 1


def _require_current_code(user: User, typed: str) -> TwoFactor:
    found = two_factor_of(user.id)
    if found is None:
        raise TwoFactorRefused("Two-factor sign-in is not on for this account.")
    if not _use_totp(found, typed):
        raise TwoFactorRefused.at("code", WRONG_CODE)
    return found


@operation()
def enrol(user: User, secret: str, typed: str) -> list[str]:
    """Turn two-factor on with ``secret`` once ``typed`` shows the person's app has it; the
    recovery codes to show them, once (only their hashes are kept)."""
    if two_factor_of(user.id) is not None:
        raise TwoFactorRefused("Two-factor sign-in is already on for your account.")
    step = codes.matching_step(secret, typed, now_utc())
    if step is None:
        raise TwoFactorRefused.at("code", "That code is not right. Type the 6-digit code "
                                          "your app shows now for Qtrax Disputes.")
    # The code just typed is used up: it cannot open a sign-in as well.
    db.session.add(TwoFactor(user_id=user.id, secret_sealed=seal(secret), enabled_at=now_utc(),
                             last_used_step=step))
    plain = _store_new_recovery_codes(user)
    record("two_factor.enrolled", user, {"email": user.email, "recovery_codes": len(plain)},
           actor=f"user:{user.id}")
    try:
        db.session.commit()
    except IntegrityError as exc:  # the same form sent twice at once: one of them turned it on
        db.session.rollback()
        raise TwoFactorRefused("Two-factor sign-in is already on for your account.") from exc
    return plain


def sign_in_code(user: User, typed: str) -> str | None:
    """Check the second step of a sign-in: the method to record ("password+totp" or
    "password+recovery"), or None, the failure audited. A recovery code is used up."""
    found = two_factor_of(user.id)
    if found is None:  # reset by an administrator while the person was at the code page
        reason = "two-factor not on"
    elif codes.looks_like_totp(typed):
        try:
            if _use_totp(found, typed):
                db.session.commit()
                return "password+totp"
        except TwoFactorRefused:
            _record_failed_code(user, "secret unreadable")
            raise
        replayed = codes.matching_step(_secret(found), typed, now_utc()) is not None
        reason = "code already used" if replayed else "wrong code"
    elif _use_recovery_code(user, typed):
        record("two_factor.recovery_code_used", user,
               {"email": user.email, "left": recovery_codes_left(user.id)},
               actor=f"user:{user.id}")
        db.session.commit()
        return "password+recovery"
    else:
        reason = "wrong recovery code"
    _record_failed_code(user, reason)
    return None


def _record_failed_code(user: User, reason: str) -> None:
    # Who typed it is not signed in: the entry names the account, as a failed sign-in does.
    record("auth.two_factor_failed", user, {"email": user.email, "reason": reason})
    db.session.commit()


@operation()
def regenerate_recovery_codes(user: User, typed: str) -> list[str]:
    """New recovery codes in place of the old ones (used or not), on a current code."""
    _require_current_code(user, typed)
    plain = _store_new_recovery_codes(user)
    record("two_factor.recovery_codes_regenerated", user, {"email": user.email},
           actor=f"user:{user.id}")
    db.session.commit()
    return plain


def _remove(user: User) -> None:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    db.session.execute(delete(TwoFactor).where(TwoFactor.user_id == user.id))


@operation()
def disable(user: User, typed: str, *, required: bool) -> None:
    """Turn two-factor off, on a current code; refused while the person's role needs it."""
    if required:
        raise TwoFactorRefused("Your role must use two-factor sign-in here, so it cannot be "
                               "turned off. An administrator can reset it if your phone is "
                               "lost.")
    _require_current_code(user, typed)
    _remove(user)
    record("two_factor.disabled", user, {"email": user.email}, actor=f"user:{user.id}")
    db.session.commit()


@operation()
def reset_by_admin(user: User, *, actor: str | None = None) -> None:
    """An administrator turns someone's two-factor off (a lost phone): they sign in with the
    password alone next time, and set it up again (at once, if their role requires it)."""
    if db.session.scalar(select(TwoFactor.id).where(TwoFactor.user_id == user.id)) is None:
        raise TwoFactorRefused(f"{user.email} does not use two-factor sign-in: nothing to reset.")
    _remove(user)
    record("two_factor.reset", user, {"email": user.email}, actor=actor)
    db.session.commit()
