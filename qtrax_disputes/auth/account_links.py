"""The links emailed to staff: a password reset, or an invitation to set a first password.

A link's token is made the way the complainant's status link is (intake/tokens.py): the
queued email holds a sealed seed, the token is the seed's HMAC under SECRET_KEY, and only
the token's SHA-256 is stored here. A new link of one purpose replaces the person's unused
older ones, so only the latest email works. Nothing here commits: the calling operation
does, with its audit entry and the queued email.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, select

from qtrax_disputes.core.clock import now_utc
from qtrax_disputes.web.extensions import db

from ..intake.tokens import hash_token, new_status_link
from ..outbox import sealed
from ..outbox.operations import enqueue
from .models import INVITE, RESET, AccountToken, User

RESET_VALID = timedelta(hours=1)

# Why a link does not open, in words for the person holding it.
UNKNOWN, USED, EXPIRED = "unknown", "used", "expired"


def invite_valid() -> timedelta:
    # The firm's choice (README § Configuration), not a rule of law.
    return timedelta(hours=current_app.config["INVITE_VALID_HOURS"])


def _public_url(endpoint: str, **values) -> str:
    # From the URL map, not url_for: the CLI sends these links outside any request.
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + path


def issue(user: User, purpose: str) -> str:
    """A new link of ``purpose`` for ``user``, replacing their unused older ones; returns the
    link as the email carries it (sealed: it opens nothing from the database)."""
    db.session.execute(delete(AccountToken).where(
        AccountToken.user_id == user.id, AccountToken.purpose == purpose,
        AccountToken.used_at.is_(None)))
    seed, _, token_hash = new_status_link()
    valid_for = RESET_VALID if purpose == RESET else invite_valid()
    db.session.add(AccountToken(user_id=user.id, purpose=purpose, token_hash=token_hash,
                                expires_at=now_utc() + valid_for))
    endpoint = "auth.reset_password" if purpose == RESET else "auth.accept_invite"
    return _public_url(endpoint, token=sealed.marker(seed))


def _hours(delta: timedelta) -> str:
    hours = int(delta.total_seconds() // 3600)
    return "1 hour" if hours == 1 else f"{hours} hours"


def email_link(user: User, purpose: str) -> None:
    """Queue the email that carries a fresh link of ``purpose`` to ``user``."""
    link = issue(user, purpose)
    if purpose == INVITE:
        subject, template = "You are invited to Qtrax Disputes", "account_invite"
        valid_for = invite_valid()
    else:
        subject, template = "Reset your Qtrax Disputes password", "password_reset"
        valid_for = RESET_VALID
    enqueue(user.email, subject, template=template, context={
        "user": user, "link": link, "valid_for": _hours(valid_for),
        "sign_in_url": _public_url("auth.login"),
    })


@dataclass(frozen=True)
class Opened:
    """What a link leads to: its row and account, or why it does not open (``problem``)."""

    link: AccountToken | None = None
    user: User | None = None
    problem: str | None = None


def open_link(token: str, purpose: str) -> Opened:
    link = db.session.scalar(select(AccountToken).where(
        AccountToken.token_hash == hash_token(token), AccountToken.purpose == purpose))
    if link is None:
        return Opened(problem=UNKNOWN)
    user = db.session.get(User, link.user_id)
    if user is None or not user.active:
        return Opened(problem=UNKNOWN)
    if link.used_at is not None:
        return Opened(problem=USED)
    if link.expires_at <= now_utc():
        return Opened(problem=EXPIRED)
    return Opened(link=link, user=user)
