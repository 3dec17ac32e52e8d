"""The end of every way of signing in: one place where a session is opened.

A password (and, where it applies, a second factor), a first-run setup link and single
sign-on all end here, so the fresh session, the audit entry and the safe redirect are the
same whichever way a person came in.
"""

from __future__ import annotations

from flask import redirect, session, url_for
from flask_login import login_user

from . import operations
from .models import User
from .next_url import is_local_path

SIGNED_IN_WITH = "signed_in_with"


def safe_next(target: str | None) -> str:
    return target if target and is_local_path(target) else url_for("home.home")


def finish_sign_in(user: User, *, remember: bool = False, next_url: str | None = None,
                   method: str = "password"):
    """Open a session for ``user`` and send them on: the response to return."""
    # A fresh session at sign-in: nothing from before carries over but the messages the
    # way in has just left for the page it leads to.
    flashes = session.get("_flashes", [])
    session.clear()
    if flashes:
        session["_flashes"] = flashes
    login_user(user, remember=remember)
    # REQUIRE_2FA asks for the app's own second factor only of a session the app opened
    # itself: the identity provider of a single sign-on does its own (README).
    session[SIGNED_IN_WITH] = method
    operations.record_login(user, method=method)
    return redirect(safe_next(next_url))
