"""Administration: the audit log and the staff accounts."""

from __future__ import annotations

from datetime import datetime, time

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from qtrax_disputes.core.clock import LEGAL_TZ
from qtrax_disputes.core.refusals import Refused
from qtrax_disputes.web.query_args import day
from qtrax_disputes.web.refusals import show_refusal

from ..audit.queries import AuditFilters, audit_page
from ..audit.queries import actions as audit_actions
from ..auth import lifecycle
from ..auth import operations as accounts
from ..auth import queries as auth_queries
from ..auth.forms import InviteForm, RoleForm
from ..auth.models import User
from ..auth.roles import ADMIN

bp = Blueprint("admin", __name__, url_prefix="/admin")

PAGE_SIZE = 50


def _day_start(text: str | None, *, end: bool = False) -> datetime | None:
    if (given := day(text)) is None:
        return None
    return datetime.combine(given, time.max if end else time.min, tzinfo=LEGAL_TZ)


@bp.route("/audit")
def audit():
    args = request.args
    filters = AuditFilters(
        action=args.get("action", ""), actor=args.get("actor", ""),
        object_type=args.get("object_type", ""), object_id=args.get("object_id", ""),
        since=_day_start(args.get("since")), until=_day_start(args.get("until"), end=True))
    page = max(1, min(args.get("page", 1, type=int) or 1, 100_000))
    entries, total = audit_page(filters, page, PAGE_SIZE)
    actions = audit_actions()
    return render_template(
        "admin/audit.html", entries=entries, total=total, page=page, page_size=PAGE_SIZE,
        actions=actions, args=args,
    )


def _users_page(invite_form=None, code=200):
    return render_template("admin/users.html", users=auth_queries.all_accounts(),
                           invite_form=invite_form or InviteForm(formdata=None),
                           role_form=RoleForm(formdata=None)), code


@bp.route("/users")
def users():
    return _users_page()


@bp.route("/users/invite", methods=["POST"])
def invite():
    form = InviteForm()
    if form.validate_on_submit():
        try:
            user = lifecycle.invite_user(form.email.data, form.role.data, name=form.name.data)
        except Refused as exc:
            show_refusal(exc, form)
        else:
            flash(f"{user.email} is invited: an email with a link to choose a password is on "
                  "its way.", "success")
            return redirect(url_for("admin.users"))
    return _users_page(form, 400)


def _account(user_id: int) -> User:
    if (user := auth_queries.account(user_id)) is None:
        abort(404)
    return user


def _done(message: str):
    flash(message, "success")
    return redirect(url_for("admin.users"))


def _refused(exc: Refused):
    flash(exc.message, "error")
    return redirect(url_for("admin.users"))


@bp.route("/users/<int:user_id>/role", methods=["POST"])
def change_role(user_id: int):
    user, form = _account(user_id), RoleForm()
    if not form.validate_on_submit():
        flash("Choose one of the roles.", "error")
        return redirect(url_for("admin.users"))
    try:
        accounts.set_role(user, form.role.data)
    except Refused as exc:
        return _refused(exc)
    if user.id == current_user.id and not current_user.can(ADMIN):
        # An admin who stepped down can no longer open this page: send them home.
        flash(f"You are now {user.role}.", "success")
        return redirect(url_for("home.home"))
    return _done(f"{user.email} is now {user.role}.")


# CSRFProtect checks every POST before these views run (web/app.py): the action buttons
# below carry a token and no fields.
@bp.route("/users/<int:user_id>/reset", methods=["POST"])
def send_reset(user_id: int):
    user = _account(user_id)
    try:
        purpose = lifecycle.send_reset(user)
    except Refused as exc:
        return _refused(exc)
    what = "A password reset link" if purpose == "reset" else "The invitation"
    return _done(f"{what} is on its way to {user.email}.")


@bp.route("/users/<int:user_id>/deactivate", methods=["GET", "POST"])
def deactivate(user_id: int):
    """A page that asks first: disabling ends the person's sessions at once."""
    user = _account(user_id)
    if request.method == "POST":
        try:
            accounts.deactivate(user)
        except Refused as exc:
            return _refused(exc)
        return _done(f"{user.email} is disabled and signed out everywhere.")
    return render_template("admin/deactivate.html", account=user)


@bp.route("/users/<int:user_id>/reactivate", methods=["POST"])
def reactivate(user_id: int):
    user = _account(user_id)
    accounts.reactivate(user)
    return _done(f"{user.email} can sign in again.")
