"""The demo's sign-ins: one account for every role, each with a fresh random password.

Made or reset on every `demo seed` (also when the database already has cases), so whoever
tries the app can sign in as each kind of user, an administrator included. The passwords are
shown once on the console and kept only as hashes: a password published for every demo
would open any demo database that became reachable from outside.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import select

from qtrax_disputes.db.transactions import operation
from qtrax_disputes.web.extensions import db

from ..audit.log import record
from ..auth.models import User
from ..auth.roles import ADMIN, COUNSEL, STAFF, VIEWER

DEMO_ACCOUNTS: tuple[tuple[str, str, str], ...] = (
    ("admin@demo.qtrax.example", "Alex Admin", ADMIN),
    ("counsel@demo.qtrax.example", "Dana Counsel", COUNSEL),
    ("staff@demo.qtrax.example", "Sam Staff", STAFF),
    ("paralegal@demo.qtrax.example", "Pat Paralegal", STAFF),
    ("manager@demo.qtrax.example", "Morgan Manager", VIEWER),
)


@dataclass(frozen=True)
class DemoSignIn:
    email: str
    role: str
    password: str


@operation()
def set_demo_accounts(*, actor: str | None = None) -> list[DemoSignIn]:
    """Create the demo accounts that are missing and give every one a new password; open
    sessions of the old passwords end. One transaction, one audit entry per account."""
    emails = [email for email, _, _ in DEMO_ACCOUNTS]
    existing = {u.email: u for u in db.session.scalars(select(User).where(User.email.in_(emails)))}
    signed = []
    for email, name, role in DEMO_ACCOUNTS:
        password = secrets.token_urlsafe(12)
        user = existing.get(email)
        if user is None:
            user = User(email=email, name=name, role=role, active=True)
            db.session.add(user)
            action = "user.created"
        else:
            user.session_version += 1
            user.active = True
            action = "user.demo_password_set"
        user.set_password(password)
        record(action, user, {"email": email, "role": user.role, "demo": True}, actor=actor)
        signed.append(DemoSignIn(email, user.role, password))
    db.session.commit()
    return signed
