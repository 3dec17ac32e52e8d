"""Writes on an account's password: changing it, resetting it by email, an invitation.

Each is one transaction with its audit entry (and its email, queued in the outbox in the
same transaction). A new password bumps ``session_version``: every other session and
remember cookie of the account stops working at once.
"""

from __future__ import annotations

from typing import cast

from sqlalchemy import CursorResult, update

from qtrax_disputes.core.clock import now_utc
from qtrax_disputes.core.email_address import normalise_email
from qtrax_disputes.db.transactions import operation
from qtrax_disputes.web.extensions import db

from ..audit.log import record
from . import account_links
from .models import INVITE, RESET, AccountToken, User
from .operations import AccountError, find_user
from .passwords import password_problem
from .roles import ROLES


class LinkRefused(AccountError):
    """The emailed link does not open (``problem``: unknown, used or expired)."""

    def __init__(self, problem: str):
        super().__init__("This link cannot be used.")
        self.problem = problem


def _new_password(user: User, password: str, field: str) -> None:
    problem = password_problem(password, user.email, user.name)
    if problem:
        raise AccountError.at(field, problem)
    user.set_password(password)
    user.session_version += 1


@operation()
def change_password(user: User, current: str, new: str) -> User:
    """The person's own change: the current password first, so an unattended session
    cannot lock its owner out."""
    if not user.check_password(current):
        raise AccountError.at("current_password", "That is not your current password.")
    _new_password(user, new, "new_password")
    record("user.password_changed", user, {"email": user.email, "how": "own"})
    db.session.commit()
    return user


@operation()
def request_reset(email: str) -> bool:
    """Email a reset link if ``email`` has an active account.

    The caller's answer is the same either way; the result is for tests and the audit log,
    which only administrators read. An invited account gets its invitation again instead,
    so the person who lost that email can still come in.
    """
    address = normalise_email(email)[:254]
    user = find_user(address)
    if user is None or not user.active:
        record("auth.reset_requested", object_type="users",
               detail={"email": address, "sent": False})
        db.session.commit()
        return False
    purpose = INVITE if user.is_invited else RESET
    account_links.email_link(user, purpose)
    record("auth.reset_requested", user, {"email": address, "sent": purpose})
    db.session.commit()
    return True


@operation()
def send_reset(user: User, *, actor: str | None = None) -> str:
    """An administrator sends the person a reset link (their invitation again if they never
    came in); their password keeps working until the link is used. Returns the purpose."""
    if not user.active:
        raise AccountError("This account is disabled; reactivate it first.")
    purpose = INVITE if user.is_invited else RESET
    account_links.email_link(user, purpose)
    record("user.reset_sent" if purpose == RESET else "user.invite_sent", user,
           {"email": user.email}, actor=actor)
    db.session.commit()
    return purpose


@operation()
def invite_user(email: str, role: str, *, name: str = "", actor: str | None = None) -> User:
    """An account without a password, and an email with the link to choose one."""
    email = normalise_email(email)
    if role not in ROLES:
        raise AccountError.at("role", f"Unknown role {role!r}; choose one of {', '.join(ROLES)}.")
    if "@" not in email or len(email) > 254:
        raise AccountError.at("email", "Enter a valid email address.")
    if find_user(email):
        raise AccountError.at("email", f"An account for {email} already exists.")
    user = User(email=email, role=role, name=name.strip()[:200], active=True,
                password_hash=None)
    db.session.add(user)
    record("user.invited", user, {"email": email, "role": role}, actor=actor)
    account_links.email_link(user, INVITE)
    db.session.commit()
    return user


@operation()
def use_link(token: str, purpose: str, password: str) -> User:
    """Set the password a reset or invitation link leads to; the link is then spent."""
    opened = account_links.open_link(token, purpose)
    if opened.problem or opened.link is None or opened.user is None:
        raise LinkRefused(opened.problem or account_links.UNKNOWN)
    user = opened.user
    _new_password(user, password, "password")
    # Spent only if nobody spent it meanwhile: of two requests racing with one link, one wins.
    spent = cast(CursorResult, db.session.execute(  # an UPDATE's result counts its rows
        update(AccountToken)
        .where(AccountToken.id == opened.link.id, AccountToken.used_at.is_(None))
        .values(used_at=now_utc())))
    if spent.rowcount != 1:
        raise LinkRefused(account_links.USED)
    how = "reset" if purpose == RESET else "invitation"
    record("user.password_changed", user, {"email": user.email, "how": how},
           actor=f"user:{user.id}")
    db.session.commit()
    return user
