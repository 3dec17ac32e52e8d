"""Two-factor pages: set up and manage (My settings), the code at sign-in, the admin's reset."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user

from qtrax_disputes.core.refusals import Refused
from qtrax_disputes.web.extensions import db, limiter
from qtrax_disputes.web.refusals import show_refusal

from ..models import User
from ..signing_in import SIGNED_IN_WITH, finish_sign_in
from . import codes, operations, queries
from .forms import DisableForm, EnrolForm, RegenerateForm, SignInCodeForm
from .pending import KEY as PENDING_KEY
from .pending import pending_account_key, pending_sign_in
from .policy import must_use_two_factor
from .qr import qr_svg
from .sealing import Unreadable, seal, unseal

bp = Blueprint("two_factor", __name__)

# The secret being set up waits in the session, sealed like a stored one: the session cookie
# is signed, not encrypted, and the secret must not be readable from it.
ENROLMENT_KEY = "two_factor_enrolment"

# What a person whose role must use two-factor can reach before setting it up.
ALLOWED_BEFORE_ENROLMENT = frozenset({"two_factor.manage", "auth.logout"})

EXPIRED = "Your sign-in was not finished in time. Sign in again with your password."


def _required(user) -> bool:
    return must_use_two_factor(user.role, bool(current_app.config.get("REQUIRE_2FA")))


@bp.before_app_request
def enrolment_first():
    """With REQUIRE_2FA, an admin or counsel without two-factor sees only the set-up page."""
    if not current_app.config.get("REQUIRE_2FA") or not current_user.is_authenticated:
        return None
    from qtrax_disputes.web.access import PUBLIC

    if request.endpoint in PUBLIC or request.endpoint in ALLOWED_BEFORE_ENROLMENT:
        return None
    if session.get(SIGNED_IN_WITH) == "sso":
        return None
    if not _required(current_user) or queries.is_enrolled(current_user.id):
        return None
    flash("Your role must use two-factor sign-in. Set it up to continue.", "info")
    return redirect(url_for("two_factor.manage"))


@bp.app_template_global()
def two_factor_state(user_id: int) -> queries.TwoFactorState:
    return queries.state_for(user_id)


@bp.app_template_global()
def two_factor_enrolled_ids() -> frozenset[int]:
    return queries.enrolled_user_ids()


def _no_store(response):
    """Pages with a secret or recovery codes on them are not kept in any cache."""
    response = make_response(response)
    response.headers["Cache-Control"] = "no-store"
    return response


def _enrolment_secret() -> str:
    sealed = session.get(ENROLMENT_KEY)
    if isinstance(sealed, str):
        try:
            return unseal(sealed)
        except Unreadable:
            pass
    secret = codes.new_secret()
    session[ENROLMENT_KEY] = seal(secret)
    return secret


def _recovery_codes_page(plain: list[str], *, first: bool):
    return _no_store(render_template("two_factor/recovery_codes.html", codes=plain,
                                     first=first))


def _manage_page(*, regenerate_form=None, disable_form=None, status=200):
    state = queries.state_for(current_user.id)
    return _no_store((render_template(
        "two_factor/manage.html", state=state, required=_required(current_user),
        regenerate_form=regenerate_form or RegenerateForm(prefix="regenerate"),
        disable_form=disable_form or DisableForm(prefix="disable")), status))


@bp.route("/account/two-factor", methods=["GET", "POST"])
def manage():
    user = current_user._get_current_object()
    if queries.is_enrolled(user.id):
        return _manage_page()
    secret = _enrolment_secret()
    form = EnrolForm()
    if form.validate_on_submit():
        try:
            plain = operations.enrol(user, secret, form.code.data)
        except Refused as refused:
            show_refusal(refused, form, field="code")
        else:
            session.pop(ENROLMENT_KEY, None)
            return _recovery_codes_page(plain, first=True)
    uri = codes.provisioning_uri(secret, user.email)
    return _no_store((render_template(
        "two_factor/enrol.html", form=form, secret=codes.grouped(secret),
        qr=qr_svg(uri, label="QR code to scan with your authenticator app"),
        required=_required(user)), 400 if form.errors else 200))


@bp.route("/account/two-factor/recovery-codes", methods=["POST"])
def regenerate():
    form = RegenerateForm(prefix="regenerate")
    if form.validate_on_submit():
        try:
            plain = operations.regenerate_recovery_codes(current_user, form.code.data)
        except Refused as refused:
            show_refusal(refused, form, field="code")
        else:
            return _recovery_codes_page(plain, first=False)
    return _manage_page(regenerate_form=form, status=400)


@bp.route("/account/two-factor/off", methods=["POST"])
def disable():
    form = DisableForm(prefix="disable")
    if form.validate_on_submit():
        try:
            operations.disable(current_user, form.code.data, required=_required(current_user))
        except Refused as refused:
            show_refusal(refused, form, field="code")
        else:
            flash("Two-factor sign-in is off. You sign in with your password alone.", "success")
            return redirect(url_for("auth.settings"))
    return _manage_page(disable_form=form, status=400)


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _account_limit() -> str:
    return current_app.config["LOGIN_ACCOUNT_RATE_LIMIT"]


@bp.route("/login/code", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
@limiter.limit(_account_limit, methods=["POST"], key_func=pending_account_key)
def code():
    if current_user.is_authenticated:
        return redirect(url_for("home.home"))
    pending = pending_sign_in()
    if pending is None:
        flash(EXPIRED, "info")
        return redirect(url_for("auth.login"))
    form = SignInCodeForm()
    if form.validate_on_submit():
        try:
            method = operations.sign_in_code(pending.user, form.code.data)
        except Refused as refused:
            show_refusal(refused, form, field="code")
        else:
            if method is not None:
                session.pop(PENDING_KEY, None)
                return finish_sign_in(pending.user, remember=pending.remember,
                                      next_url=pending.next_url, method=method)
            form.code.errors = [*form.code.errors, operations.WRONG_CODE
                                + " Or type one of your recovery codes."]
    return render_template("two_factor/code.html", form=form)


@bp.route("/admin/users/<int:user_id>/two-factor/reset", methods=["POST"])
def admin_reset(user_id: int):
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    try:
        operations.reset_by_admin(user, actor=f"user:{current_user.id}")
    except Refused as refused:
        flash(refused.message, "error")
    else:
        flash(f"Two-factor sign-in of {user.email} is reset: they sign in with their "
              "password next time and set it up again.", "success")
    return redirect(url_for("admin.users"))
