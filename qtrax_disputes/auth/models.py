from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
    and_,
    false,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column

from qtrax_disputes.core.clock import now_utc
from qtrax_disputes.db.types import UTCDateTime
from qtrax_disputes.web.extensions import Model

from .passwords import hash_password, password_matches
from .roles import ASSIGNABLE_FROM, ROLES, assignable_roles, at_least


class User(UserMixin, Model):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(
            "role IN (" + ", ".join(f"'{r}'" for r in ROLES) + ")", name="role_known"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    # None for an invited account until its set-password link is used: no password opens it
    # (checking one against None still runs scrypt, so the answer's time tells nothing).
    password_hash: Mapped[str | None] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Bumped on logout and password change: Flask-Login's session and remember cookies carry
    # it, so an old cookie stops working everywhere at once.
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The private calendar feed: only the token's hash is kept; resetting it breaks old links.
    feed_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    # How many days ahead `flask deadlines remind` warns this person (a preference, not law).
    reminder_days: Mapped[int] = mapped_column(Integer, default=7, server_default="7")
    # Receives the weekly report by email (`flask report weekly --email`).
    report_subscribed: Mapped[bool] = mapped_column(Boolean, default=False,
                                                    server_default=false())

    def set_password(self, password: str) -> None:
        self.password_hash = hash_password(password)

    def check_password(self, password: str) -> bool:
        return password_matches(self.password_hash, password)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return bool(self.active)

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    def can(self, needed_role: str) -> bool:
        return at_least(self.role, needed_role)

    @hybrid_property
    def assignable(self) -> bool:
        """Whether a case may be assigned to this person: active, and more than a viewer."""
        return bool(self.active) and at_least(self.role, ASSIGNABLE_FROM)

    @assignable.inplace.expression
    @classmethod
    def _assignable_expression(cls):
        return and_(cls.active.is_(True), cls.role.in_(assignable_roles()))

    @property
    def is_invited(self) -> bool:
        """Invited and not yet come in: no password chosen, so the account cannot sign in."""
        return self.password_hash is None

    @property
    def state(self) -> str:
        """How the account stands, in the words the users page and `users list` show."""
        if not self.active:
            return "disabled"
        return "invited" if self.is_invited else "active"

    @property
    def display_name(self) -> str:
        return self.name or self.email

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"


class SsoIdentity(Model):
    """Which account a person at an OpenID provider is: the provider's (issuer, sub), bound
    at their first single sign-on. Emails can be reassigned at a provider, a ``sub`` cannot,
    so once bound a token with the account's email but another ``sub`` is refused."""

    __tablename__ = "sso_identities"
    __table_args__ = (
        UniqueConstraint("issuer", "subject", name="uq_sso_identities_issuer_subject"),
        UniqueConstraint("user_id", "issuer", name="uq_sso_identities_user_id_issuer"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    issuer: Mapped[str] = mapped_column(String(500))
    subject: Mapped[str] = mapped_column(String(255))
    bound_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)


class SsoUsedNonce(Model):
    """A nonce an ID token has already signed someone in with, kept (as its SHA-256) until
    the token could no longer be accepted anyway: presenting the same token again, even with
    the browser's old session cookie put back, is a replay."""

    __tablename__ = "sso_used_nonces"

    nonce_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


RESET = "reset"
INVITE = "invite"
TOKEN_PURPOSES: tuple[str, ...] = (RESET, INVITE)


class AccountToken(Model):
    """A link emailed to a staff member: a password reset or an invitation to set one.

    Only the SHA-256 of the link's token is kept, so a reader of the database or of a backup
    cannot use a link; it works once (``used_at``) and until ``expires_at``.
    """

    __tablename__ = "account_tokens"
    __table_args__ = (
        CheckConstraint(
            "purpose IN (" + ", ".join(f"'{p}'" for p in TOKEN_PURPOSES) + ")",
            name="purpose_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(10))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


READ, WRITE = "read", "write"
TOKEN_SCOPES: tuple[str, ...] = (READ, WRITE)


class ApiToken(Model):
    """A personal access token for the JSON API: it acts as its person, with their role as it
    is at each use, and with ``scope`` "read" it may only read.

    Only the SHA-256 of the token is kept; ``prefix`` (its first characters) lets its owner
    tell their tokens apart. It works until ``expires_at`` or until revoked.
    """

    __tablename__ = "api_tokens"
    __table_args__ = (
        CheckConstraint("scope IN (" + ", ".join(f"'{s}'" for s in TOKEN_SCOPES) + ")",
                        name="scope_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    scope: Mapped[str] = mapped_column(String(10))
    prefix: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def may_write(self) -> bool:
        return self.scope == WRITE
