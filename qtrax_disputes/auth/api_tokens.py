"""Personal access tokens: how a program signs in to the JSON API as a person.

A token is shown once, when made; only its SHA-256 is kept (intake/tokens.py), so a reader of
the database or of a backup holds nothing that opens the API. It acts as its person with the
role they hold at each use — a changed role or a deactivated account takes effect at once —
and a "read" token only reads. Every use leaves an audit entry.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from qtrax_disputes.core.clock import now_utc
from qtrax_disputes.core.refusals import Refused
from qtrax_disputes.db.transactions import operation
from qtrax_disputes.web.extensions import db

from ..audit.log import record
from ..intake.tokens import hash_token
from .models import TOKEN_SCOPES, ApiToken, User

# What a token looks like: the product's mark makes a leaked one findable by secret scanners.
TOKEN_MARK = "qtrax_pat_"  # noqa: S105 - a public prefix, not a secret
PREFIX_SHOWN = len(TOKEN_MARK) + 6
MAX_DAYS = 366


class TokenRefused(Refused):
    """A token not made or not revoked; the message says why."""


def default_days() -> int:
    # The firm's choice (README § Configuration), not a rule of law.
    return int(current_app.config["API_TOKEN_DAYS"])


@dataclass(frozen=True)
class Made:
    token: ApiToken
    secret: str  # shown once, never stored


@operation()
def create_token(user: User, *, name: str, scope: str, days: int | None = None) -> Made:
    name = " ".join((name or "").split())
    if not name:
        raise TokenRefused.at("name", "Name the token after the program that will use it.")
    if len(name) > 100:
        raise TokenRefused.at("name", "Keep the name to 100 characters.")
    if scope not in TOKEN_SCOPES:
        raise TokenRefused.at("scope", "Choose read or write.")
    days = default_days() if days is None else days
    if not 1 <= days <= MAX_DAYS:
        raise TokenRefused.at("days", f"A token works for 1 to {MAX_DAYS} days.")
    if not user.active:
        raise TokenRefused("This account is deactivated.")
    secret = TOKEN_MARK + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name, scope=scope, prefix=secret[:PREFIX_SHOWN],
                     token_hash=hash_token(secret),
                     expires_at=now_utc() + timedelta(days=days))
    db.session.add(token)
    record("api_token.created", token, {"user": user.email, "name": name, "scope": scope,
                                        "expires_at": token.expires_at.isoformat()})
    db.session.commit()
    return Made(token, secret)


@operation()
def revoke_token(token: ApiToken) -> None:
    if token.revoked_at is not None:
        raise TokenRefused("This token was revoked already.")
    token.revoked_at = now_utc()
    record("api_token.revoked", token, {"user_id": token.user_id, "name": token.name})
    db.session.commit()


# Why a presented token does not open the API, in words for the program's author.
UNKNOWN = "The token is not known."
REVOKED = "The token was revoked."
EXPIRED = "The token has expired."
INACTIVE = "The token's account is deactivated."


def token_for(secret: str) -> tuple[ApiToken | None, User | None, str | None]:
    """(token, its person, None) for a token that works, else (None, None, why not)."""
    if not secret.startswith(TOKEN_MARK) or len(secret) > 200:
        return None, None, UNKNOWN
    found = db.session.execute(select(ApiToken, User).join(User, User.id == ApiToken.user_id)
                               .where(ApiToken.token_hash == hash_token(secret))).first()
    if found is None:
        return None, None, UNKNOWN
    token, user = found
    if token.revoked_at is not None:
        return None, None, REVOKED
    if token.expires_at <= now_utc():
        return None, None, EXPIRED
    if not user.active:
        return None, None, INACTIVE
    return token, user, None


@operation()
def note_use(token: ApiToken, *, method: str, path: str) -> None:
    """A use of the token, audited as its own write before the request's own work, so that a
    refused or failed request is on record too."""
    token.last_used_at = now_utc()
    record("api_token.used", token, {"method": method, "path": path[:300],
                                     "scope": token.scope}, actor=f"user:{token.user_id}")
    db.session.commit()


def tokens_of(user: User) -> list[ApiToken]:
    return list(db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)
                                   .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())))


def token_of(user: User, token_id: int) -> ApiToken | None:
    return db.session.scalar(select(ApiToken).where(ApiToken.id == token_id,
                                                    ApiToken.user_id == user.id))


def token_by_id(token_id: int) -> ApiToken | None:
    return db.session.get(ApiToken, token_id)
