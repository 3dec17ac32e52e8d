from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user

from ..extensions import limiter
from . import operations
from .forms import LoginForm, SettingsForm

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    """Only same-site paths: an open redirect after login would be a phishing aid."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and "\\" not in target:
            return target
    return url_for("home.home")


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(_safe_next(request.args.get("next")))
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        user = operations.find_user(form.email.data)
        if user is None or not user.check_password(form.password.data):
            operations.record_failed_login(form.email.data, "bad credentials")
            form.password.errors.append("The email or password is not right.")
        elif not user.is_active:
            operations.record_failed_login(form.email.data, "account disabled")
            form.email.errors.append("This account is disabled. Ask an administrator.")
        else:
            session.clear()  # a fresh session at login: nothing from before carries over
            login_user(user, remember=form.remember.data)
            operations.record_login(user)
            return redirect(_safe_next(form.next.data))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    operations.record_logout(current_user._get_current_object())
    logout_user()
    session.clear()
    flash("You are signed out.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/account", methods=["GET", "POST"])
def settings():
    form = SettingsForm(obj=current_user)
    if form.validate_on_submit():
        operations.update_settings(current_user, reminder_days=form.reminder_days.data,
                                   report_subscribed=form.report_subscribed.data)
        flash("Your settings were saved.", "success")
        return redirect(url_for("auth.settings"))
    return render_template("auth/settings.html", form=form), 400 if form.errors else 200
