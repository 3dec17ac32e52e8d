"""The first administrator of a new installation, made in the browser from a setup link.

While no account exists, `make run` (`flask users setup-link`) prints a link that opens a form
for the first administrator. The link is signed with the app's secret key and dated: it is
good for one hour, and only while there is still no account, so it works once. It is printed
to the console of whoever started the app and nowhere else: whoever can read that console
already controls the installation.
"""

from __future__ import annotations

from datetime import timedelta

from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import exists, select

from qtrax_disputes.core.refusals import Refused
from qtrax_disputes.db.transactions import operation
from qtrax_disputes.web.extensions import db

from .models import User
from .operations import create_user
from .roles import ADMIN

SETUP_VALID = timedelta(hours=1)
_SALT = "qtrax-first-run-setup"
_PAYLOAD = "first administrator"


def accounts_exist() -> bool:
    return bool(db.session.scalar(select(exists().where(User.id.is_not(None)))))


def setup_token(secret_key: str) -> str:
    return URLSafeTimedSerializer(secret_key, salt=_SALT).dumps(_PAYLOAD)


def setup_token_valid(secret_key: str, token: str) -> bool:
    """Whether ``token`` is a setup link this installation made within the last hour."""
    try:
        payload = URLSafeTimedSerializer(secret_key, salt=_SALT).loads(
            token, max_age=int(SETUP_VALID.total_seconds()))
    except BadSignature:  # SignatureExpired is one
        return False
    return payload == _PAYLOAD


class SetupDone(Refused):
    """Someone has made an account since the link was printed: the link no longer works."""


@operation()
def create_first_admin(email: str, password: str, *, name: str = "") -> User:
    if accounts_exist():
        raise SetupDone("An account already exists, so this setup link no longer works. "
                        "Sign in, or ask an administrator for an account.")
    return create_user(email, password, ADMIN, name=name, actor="setup link")
