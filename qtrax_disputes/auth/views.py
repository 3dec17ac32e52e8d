from __future__ import annotations

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
from flask_login import current_user, login_required, logout_user

from qtrax_disputes.core.email_address import normalise_email
from qtrax_disputes.web.extensions import limiter

from . import operations
from .first_run import accounts_exist
from .forms import LoginForm, SettingsForm
from .signing_in import safe_next
from .two_factor.pending import after_password

bp = Blueprint("auth", __name__)


# One answer for every refused sign-in: whether the address has an account, whether the
# password was right for a disabled one, is not for whoever is typing to learn.
SIGN_IN_REFUSED = ("The email or password is not right, or the account cannot sign in. "
                   "Check both, or ask an administrator.")


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _account_limit() -> str:
    return current_app.config["LOGIN_ACCOUNT_RATE_LIMIT"]


def _typed_account() -> str:
    # Keyed by the email typed, whether it has an account or not, so being throttled tells
    # nothing either; it holds however many client addresses the guesses come from.
    return "account:" + normalise_email(request.form.get("email", ""))[:254]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
@limiter.limit(_account_limit, methods=["POST"], key_func=_typed_account)
def login():
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")))
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        user = operations.authenticate(form.email.data, form.password.data)
        if user is None:
            form.password.errors.append(SIGN_IN_REFUSED)
        else:
            # With two-factor on, the code page comes first (two_factor/pending.py).
            return after_password(user, remember=form.remember.data, next_url=form.next.data)
    return render_template("auth/login.html", form=form, first_run=not accounts_exist())


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
