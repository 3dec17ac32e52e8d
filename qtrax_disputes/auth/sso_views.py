"""The two routes of single sign-on: off to the provider, and back from it.

Both answer 404 while single sign-on is not configured. Every failure ends on the sign-in
page with "Single sign-on failed: …" and an ``auth.sso_failed`` audit entry, never a 500.
The provider does its own multi-factor authentication, so the app's own second factor is
not asked here (README § Single sign-on).
"""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, request, session, url_for
from flask_login import current_user

from qtrax_disputes.web.extensions import limiter

from . import oidc, operations
from .signing_in import finish_sign_in, safe_next

bp = Blueprint("sso", __name__)

_NEXT = "sso_next"


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _callback_url() -> str:
    # The address registered at the provider: built from PUBLIC_BASE_URL, not from the
    # request's Host header, so it is the same behind any proxy.
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + url_for("sso.callback")


def _refused(reason: str, message: str, email: str | None = None):
    operations.record_sso_failure(reason, email=email)
    flash(f"Single sign-on failed: {message}", "error")
    return redirect(url_for("auth.login"))


@bp.route("/login/sso")
@limiter.limit(_login_limit)
def start():
    oidc.client()  # 404 unless configured
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")))
    session[_NEXT] = request.args.get("next", "")[:500]
    try:
        return oidc.start(_callback_url())
    except oidc.SsoFailed as failed:
        return _refused(failed.reason, failed.message)


@bp.route("/login/sso/callback")
@limiter.limit(_login_limit)
def callback():
    oidc.client()  # 404 unless configured
    next_url = session.pop(_NEXT, None)
    try:
        identity = oidc.finish()
        user = operations.sign_in_by_sso(identity)
    except oidc.SsoFailed as failed:
        return _refused(failed.reason, failed.message, failed.email)
    except operations.SsoRefused as refused:
        return _refused(refused.reason, refused.message, identity.email)
    return finish_sign_in(user, next_url=next_url, method="sso")
