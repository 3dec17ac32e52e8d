from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user

from qtrax_disputes.core.clock import now_utc
from qtrax_disputes.core.email_address import normalise_email
from qtrax_disputes.core.refusals import Refused
from qtrax_disputes.web.extensions import limiter
from qtrax_disputes.web.refusals import show_refusal

from . import account_links, api_tokens, lifecycle, operations
from .first_run import accounts_exist
from .forms import (
    ApiTokenForm,
    ChangePasswordForm,
    ForgotPasswordForm,
    LoginForm,
    NewPasswordForm,
    SettingsForm,
)
from .models import INVITE, RESET
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


def _settings_page(form, password_form, code=200, token_form=None, new_token=None):
    return render_template("auth/settings.html", form=form, password_form=password_form,
                           token_form=token_form or ApiTokenForm(formdata=None),
                           tokens=api_tokens.tokens_of(current_user), new_token=new_token,
                           now=now_utc()), code


@bp.route("/account", methods=["GET", "POST"])
def settings():
    form = SettingsForm(obj=current_user)
    if form.validate_on_submit():
        operations.update_settings(current_user, reminder_days=form.reminder_days.data,
                                   report_subscribed=form.report_subscribed.data)
        flash("Your settings were saved.", "success")
        return redirect(url_for("auth.settings"))
    return _settings_page(form, ChangePasswordForm(formdata=None),
                          400 if form.errors else 200)


@bp.route("/account/tokens", methods=["POST"])
def create_token():
    form = ApiTokenForm()
    settings_form = SettingsForm(obj=current_user, formdata=None)
    if form.validate_on_submit():
        try:
            made = api_tokens.create_token(current_user, name=form.name.data or "",
                                           scope=form.scope.data, days=form.days.data)
        except Refused as exc:
            show_refusal(exc, form)
        else:
            # Shown on this answer only: not in a redirect, a flash or the session.
            return _settings_page(settings_form, ChangePasswordForm(formdata=None),
                                  new_token=made)
    return _settings_page(settings_form, ChangePasswordForm(formdata=None), 400,
                          token_form=form)


@bp.route("/account/tokens/<int:token_id>/revoke", methods=["POST"])
def revoke_token(token_id: int):
    token = api_tokens.token_of(current_user, token_id)
    if token is None:
        abort(404)
    try:
        api_tokens.revoke_token(token)
    except Refused as exc:
        flash(exc.message, "error")
    else:
        flash(f"The token “{token.name}” was revoked: programs using it are refused now.",
              "success")
    return redirect(url_for("auth.settings") + "#tokens")


@bp.route("/account/password", methods=["POST"])
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            lifecycle.change_password(user, form.current_password.data,
                                      form.new_password.data)
        except Refused as exc:
            show_refusal(exc, form)
        else:
            # The new session_version ended every session of the account, this one too:
            # this one is opened again, so the person who changed it stays signed in.
            remembered = current_app.config.get("REMEMBER_COOKIE_NAME",
                                                "remember_token") in request.cookies
            login_user(user, remember=remembered)
            flash("Your password was changed. You were signed out everywhere else.",
                  "success")
            return redirect(url_for("auth.settings"))
    return _settings_page(SettingsForm(obj=current_user, formdata=None), form, 400)


def _reset_limit() -> str:
    return current_app.config["PASSWORD_RESET_RATE_LIMIT"]


def _reset_account_limit() -> str:
    return current_app.config["PASSWORD_RESET_ACCOUNT_RATE_LIMIT"]


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(_reset_limit, methods=["POST"])
@limiter.limit(_reset_account_limit, methods=["POST"], key_func=_typed_account)
def forgot_password():
    """The same answer whether or not the address has an account."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        lifecycle.request_reset(form.email.data)
        return redirect(url_for("auth.forgot_password_sent"))
    return render_template("auth/forgot_password.html", form=form), (
        400 if request.method == "POST" else 200)


@bp.route("/password/forgot/sent")
def forgot_password_sent():
    return render_template("auth/forgot_password_sent.html")


def _link_page(token: str, purpose: str):
    opened = account_links.open_link(token, purpose)
    if opened.problem:
        return render_template("auth/link_problem.html", problem=opened.problem,
                               purpose=purpose), 404
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            user = lifecycle.use_link(token, purpose, form.password.data or "")
        except lifecycle.LinkRefused as exc:
            return render_template("auth/link_problem.html", problem=exc.problem,
                                   purpose=purpose), 404
        except Refused as exc:
            show_refusal(exc, form)
        else:
            response = after_password(user, method=purpose)
            # After the sign-in, which starts a fresh session (and would drop the message).
            flash("Your password is set. Welcome to Qtrax Disputes." if purpose == INVITE
                  else "Your password was changed; you are signed in.", "success")
            return response
    return render_template("auth/new_password.html", form=form, purpose=purpose,
                           user=opened.user), 400 if form.errors else 200


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    return _link_page(token, RESET)


@bp.route("/password/set/<token>", methods=["GET", "POST"])
def accept_invite(token: str):
    return _link_page(token, INVITE)
