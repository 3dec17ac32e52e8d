"""Between the password and the code: a pending sign-in, held in the session, not a session.

After a right password for an account with two-factor, the session holds only who is signing
in, when, and where they were going. Nothing behind a login is reachable with it (Flask-Login
knows no user yet); it lasts a few minutes, so a half-finished sign-in left on a shared
computer cannot be completed later by someone else.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, redirect, session, url_for

from qtrax_disputes.core.clock import now_utc
from qtrax_disputes.web.extensions import db

from ..models import User
from ..signing_in import finish_sign_in
from .queries import is_enrolled

KEY = "two_factor_pending"


@dataclass(frozen=True)
class Pending:
    user: User
    remember: bool
    next_url: str


def after_password(user: User, *, remember: bool = False, next_url: str | None = None,
                   method: str = "password"):
    """What a right password (or an emailed reset link) leads to: a session, or first the
    code page. A reset link proves only the mailbox: with two-factor on, the code is asked."""
    if not is_enrolled(user.id):
        return finish_sign_in(user, remember=remember, next_url=next_url, method=method)
    session.clear()  # nothing from before the sign-in carries over, as in finish_sign_in
    session[KEY] = {"user_id": user.id, "version": user.session_version,
                    "at": int(now_utc().timestamp()), "remember": bool(remember),
                    "next": next_url or ""}
    return redirect(url_for("two_factor.code"))


def pending_sign_in() -> Pending | None:
    """The sign-in waiting for its code, or None when there is none or it has expired."""
    data = session.get(KEY)
    if not isinstance(data, dict):
        return None
    age = int(now_utc().timestamp()) - int(data.get("at", 0))
    user = db.session.get(User, int(data.get("user_id", 0)))
    if (not 0 <= age <= current_app.config["TWO_FACTOR_PENDING_SECONDS"] or user is None
            or not user.is_active or user.session_version != data.get("version")):
        session.pop(KEY, None)
        return None
    return Pending(user=user, remember=bool(data.get("remember")),
                   next_url=str(data.get("next") or ""))


def pending_account_key() -> str:
    """The rate limit's key for codes: the account being signed in to, whatever the address."""
    data = session.get(KEY)
    user_id = data.get("user_id") if isinstance(data, dict) else None
    return f"two-factor:{user_id}"
