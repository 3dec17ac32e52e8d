"""Writes on staff accounts; each one transaction with its audit entry."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

from flask import current_app
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from qtrax_disputes.core.clock import now_utc
from qtrax_disputes.core.email_address import normalise_email
from qtrax_disputes.core.refusals import Refused
from qtrax_disputes.db.transactions import operation
from qtrax_disputes.web.extensions import db

from ..audit.log import record
from .models import SsoIdentity, SsoUsedNonce, User
from .passwords import password_matches, password_problem
from .roles import ADMIN, ROLES


class AccountError(Refused, ValueError):
    """A refused account change, with the reason in words for the person asking."""


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


@operation()
def create_user(email: str, password: str, role: str, *, name: str = "", actor=None) -> User:
    email = normalise_email(email)
    if role not in ROLES:
        raise AccountError.at("role", f"Unknown role {role!r}; choose one of {', '.join(ROLES)}.")
    if "@" not in email or len(email) > 254:
        raise AccountError.at("email", "Enter a valid email address.")
    if find_user(email):
        raise AccountError.at("email", f"An account for {email} already exists.")
    problem = password_problem(password, email, name)
    if problem:
        raise AccountError.at("password", problem)
    user = User(email=email, role=role, name=name.strip(), active=True)
    user.set_password(password)
    db.session.add(user)
    record("user.created", user, {"email": email, "role": role}, actor=actor)
    db.session.commit()
    return user


def _refuse_losing_the_last_admin(user: User, what: str) -> None:
    """Someone must always be able to manage the accounts: the last active admin who can
    sign in is neither demoted nor disabled, whoever asks (themselves included)."""
    if user.role != ADMIN or not user.active or user.is_invited:
        return
    # The admins' rows locked (PostgreSQL) so two admins disabling each other at once
    # cannot both pass this check.
    admins = db.session.scalars(
        select(User.id).where(User.role == ADMIN, User.active.is_(True),
                              User.password_hash.is_not(None)).with_for_update()).all()
    if len(admins) <= 1:
        raise AccountError(f"{user.email} is the last active administrator; make another "
                           f"administrator before you {what} this account.")


@operation()
def set_role(user: User, role: str, *, actor=None) -> User:
    if role not in ROLES:
        raise AccountError.at("role", f"Unknown role {role!r}; choose one of {', '.join(ROLES)}.")
    if role == user.role:
        return user  # nothing changes, nothing to record
    if role != ADMIN:
        _refuse_losing_the_last_admin(user, "demote")
    old = user.role
    user.role = role
    record("user.role_changed", user, {"from": old, "to": role}, actor=actor)
    db.session.commit()
    return user


@operation()
def deactivate(user: User, *, actor=None) -> User:
    if not user.active:
        return user
    _refuse_losing_the_last_admin(user, "disable")
    user.active = False
    user.session_version += 1  # ends every open session and remember cookie of the account
    record("user.deactivated", user, {"email": user.email}, actor=actor)
    db.session.commit()
    return user


@operation()
def reactivate(user: User, *, actor=None) -> User:
    """The account can sign in again with its password; sessions from before stay ended."""
    if user.active:
        return user
    user.active = True
    user.session_version += 1
    record("user.reactivated", user, {"email": user.email}, actor=actor)
    db.session.commit()
    return user


def authenticate(email: str, password: str) -> User | None:
    """The account these credentials open, or None with the failure audited.

    Every path checks one password hash (a stand-in one when no account has the email) and
    writes one audit entry, so neither the answer nor its time tells an account exists; the
    reason is kept in the audit log, which only administrators read.
    """
    user = find_user(email)
    if user is None:
        password_matches(None, password)
        reason = "no such account"
    elif not user.check_password(password):
        reason = "wrong password"
    elif not user.is_active:
        reason = "account disabled"
    else:
        return user
    record_failed_login(email, reason)
    return None


def record_login(user: User, *, method: str = "password") -> None:
    user.last_login_at = now_utc()
    record("auth.login", user, {"email": user.email, "method": method}, actor=f"user:{user.id}")
    db.session.commit()


def record_failed_login(email: str, reason: str) -> None:
    # The typed address is kept so repeated attempts on one account can be seen; no password.
    record(
        "auth.login_failed",
        object_type="users",
        detail={"email": normalise_email(email)[:254], "reason": reason},
    )
    db.session.commit()


def record_logout(user: User) -> None:
    user.session_version += 1
    record("auth.logout", user, actor=f"user:{user.id}")
    db.session.commit()


def update_settings(user: User, *, reminder_days: int, report_subscribed: bool) -> None:
    changes = {}
    if user.reminder_days != reminder_days:
        changes["reminder_days"] = {"from": user.reminder_days, "to": reminder_days}
    if user.report_subscribed != report_subscribed:
        changes["report_subscribed"] = {"from": user.report_subscribed, "to": report_subscribed}
    user.reminder_days, user.report_subscribed = reminder_days, report_subscribed
    if changes:
        record("user.settings_changed", user, {"email": user.email, "changes": changes})
    db.session.commit()


class SsoRefused(Refused):
    """A checked provider identity that opens no account here; ``reason`` for the audit log."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason


def _nonce_hash(nonce: str) -> str:
    return hashlib.sha256(nonce.encode()).hexdigest()


@operation()
def sign_in_by_sso(identity) -> User:
    """The account an ``oidc.ProviderIdentity`` opens, with its nonce spent and its
    (issuer, sub) bound at the first sign-in; ``SsoRefused`` otherwise (nothing kept).

    Only an existing, active account with that email signs in, and roles stay the app's own:
    nothing the provider says makes or changes an account.
    """
    now = now_utc()
    nonce_hash = _nonce_hash(identity.nonce)
    db.session.execute(delete(SsoUsedNonce).where(SsoUsedNonce.expires_at < now))
    if db.session.get(SsoUsedNonce, nonce_hash) is not None:
        raise SsoRefused("replayed nonce", "this sign-in was already used. Start again.")
    user = find_user(identity.email)
    if user is None:
        raise SsoRefused("no account", "no account for this email; ask an administrator.")
    if not user.is_active:
        raise SsoRefused("account disabled",
                         "this account cannot sign in; ask an administrator.")
    bound_to_sub = db.session.scalar(select(SsoIdentity).where(
        SsoIdentity.issuer == identity.issuer, SsoIdentity.subject == identity.subject))
    bound_to_user = db.session.scalar(select(SsoIdentity).where(
        SsoIdentity.issuer == identity.issuer, SsoIdentity.user_id == user.id))
    if bound_to_user is not None and bound_to_user.subject != identity.subject:
        # The email is the account's but the person at the provider is not the one who
        # signed in before: an address reassigned there must not take the account over.
        raise SsoRefused("another subject for this account",
                         "this account is linked to another sign-in at the provider; ask "
                         "an administrator.")
    if bound_to_sub is not None and bound_to_sub.user_id != user.id:
        raise SsoRefused("subject bound to another account",
                         "your sign-in at the provider is linked to another account; ask an "
                         "administrator.")
    if bound_to_user is None:
        db.session.add(SsoIdentity(user_id=user.id, issuer=identity.issuer,
                                   subject=identity.subject, bound_at=now))
        record("auth.sso_bound", user, {"email": user.email, "issuer": identity.issuer},
               actor=f"user:{user.id}")
    # Kept until the token could not be accepted anyway (its exp, and the time a sign-in
    # may take), plus the leeway the token's check allows.
    lasts = timedelta(minutes=current_app.config["OIDC_FLOW_MINUTES"], seconds=120)
    expires_at = max(datetime.fromtimestamp(identity.expires_at, UTC), now) + lasts
    db.session.add(SsoUsedNonce(nonce_hash=nonce_hash, expires_at=expires_at))
    try:
        db.session.commit()
    except IntegrityError as exc:
        # The same token presented twice at once: the other request spent it first.
        db.session.rollback()
        raise SsoRefused("replayed nonce", "this sign-in was already used. Start again.") \
            from exc
    return user


def unbind_sso(user: User, *, actor=None) -> int:
    """Forget the provider identities bound to ``user``: how many there were."""
    bound = db.session.scalars(select(SsoIdentity).where(SsoIdentity.user_id == user.id)).all()
    for identity in bound:
        record("auth.sso_unbound", user, {"email": user.email, "issuer": identity.issuer},
               actor=actor)
        db.session.delete(identity)
    db.session.commit()
    return len(bound)


def record_sso_failure(reason: str, *, email: str | None = None) -> None:
    detail = {"reason": reason}
    if email:
        detail["email"] = normalise_email(email)[:254]
    record("auth.sso_failed", object_type="users", detail=detail)
    db.session.commit()
