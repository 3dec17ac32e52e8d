"""Deadline pages: the dashboard, manual deadlines, done and waived, calendar feeds."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from qtrax_disputes.core.clock import now_utc, today
from qtrax_disputes.web.refusals import show_refusal

from ..cases import queries as case_queries
from ..cases.render import send_back
from ..cases.sections import part_url, register_section
from . import feeds, operations, queries
from .case_section import DEADLINES
from .forms import CompleteForm, ManualDeadlineForm, WaiveForm
from .models import Deadline

bp = Blueprint("deadlines", __name__)
register_section(bp, DEADLINES)


def _deadline_or_404(deadline_id: int) -> Deadline:
    deadline = queries.deadline(deadline_id)
    if deadline is None:
        abort(404)
    return deadline


@bp.route("/deadlines")
def index():
    filters = queries.DashboardFilters.from_args(request.args)
    data = queries.dashboard(filters, current_user.id)
    return render_template("deadlines/index.html", filters=filters,
                           users=case_queries.assignable_users(), **data)


@bp.route("/cases/<number>/deadlines", methods=["POST"])
def add(number: str):
    case = case_queries.case_or_404(number)
    form = ManualDeadlineForm()
    if not form.validate():
        return send_back(case, "The deadline was not added", deadline_form=form,
                         deadline_open=True)
    operations.add_manual_deadline(case, title=form.title.data, due_on=form.due_on.data,
                                   note=form.note.data or "",
                                   concerns_claimant=form.concerns_claimant.data)
    flash("Deadline added.", "success")
    return redirect(part_url(number, "deadlines"))


@bp.route("/deadlines/<int:deadline_id>/done", methods=["GET", "POST"])
def complete(deadline_id: int):
    deadline = _deadline_or_404(deadline_id)
    form = CompleteForm(done_on=today())
    if form.validate_on_submit():
        try:
            operations.complete_deadline(deadline, done_on=form.done_on.data,
                                         user=current_user, note=form.note.data or "")
        except operations.DeadlineRefused as exc:
            show_refusal(exc)
        else:
            flash(f"Marked done: {deadline.title}.", "success")
        return redirect(part_url(deadline.case.number, "deadlines"))
    return render_template("deadlines/confirm.html", deadline=deadline, form=form,
                           action="done"), 400 if form.is_submitted() else 200


@bp.route("/deadlines/<int:deadline_id>/waive", methods=["GET", "POST"])
def waive(deadline_id: int):
    deadline = _deadline_or_404(deadline_id)
    form = WaiveForm()
    if form.validate_on_submit():
        try:
            operations.waive_deadline(deadline, reason=form.reason.data, user=current_user)
        except operations.DeadlineRefused as exc:
            show_refusal(exc)
        else:
            flash(f"Waived: {deadline.title}.", "success")
        return redirect(part_url(deadline.case.number, "deadlines"))
    return render_template("deadlines/confirm.html", deadline=deadline, form=form,
                           action="waive"), 400 if form.is_submitted() else 200


def _decide(deadline_id: int, operation, done: str):
    """Counsel's "Qtrax will act" and its undoing: a button (CSRFProtect checks the token)."""
    deadline = _deadline_or_404(deadline_id)
    try:
        operation(deadline, user=current_user)
    except operations.DeadlineRefused as exc:
        show_refusal(exc)
    else:
        flash(f"{done}: {deadline.title}.", "success")
    return redirect(part_url(deadline.case.number, "deadlines"))


@bp.route("/deadlines/<int:deadline_id>/will-act", methods=["POST"])
def will_act(deadline_id: int):
    return _decide(deadline_id, operations.decide_to_act, "Qtrax will act")


@bp.route("/deadlines/<int:deadline_id>/will-not-act", methods=["POST"])
def will_not_act(deadline_id: int):
    return _decide(deadline_id, operations.undo_decision_to_act, "Qtrax will not act")


def _ics(name: str, deadlines, filename: str) -> Response:
    domain = current_app.config.get("FEED_DOMAIN") or "qtrax-disputes"
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    items = [feeds.item_from(d, base + url_for("cases.show", number=d.case.number))
             for d in deadlines]
    body = feeds.calendar_bytes(name, items, domain=domain, stamp=now_utc())
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.headers["Cache-Control"] = "private, max-age=300"
    return response


@bp.route("/cases/<number>/deadlines.ics")
def case_feed(number: str):
    case = case_queries.case_or_404(number)
    deadlines = queries.case_deadlines(case)
    for deadline in deadlines:
        deadline.case = case
    return _ics(f"Deadlines of {case.number}", deadlines, f"{case.number}.ics")


@bp.route("/feeds/<token>.ics")
def user_feed(token: str):
    user = operations.user_for_feed_token(token)
    if user is None:
        abort(404)
    return _ics(f"Qtrax Disputes: deadlines of {user.display_name}",
                queries.user_feed_deadlines(user.id), "deadlines.ics")


@bp.route("/deadlines/feed", methods=["GET", "POST"])
def my_feed():
    feed_url = None
    if request.method == "POST":  # CSRFProtect has checked the token
        token = operations.reset_feed_token(current_user)
        feed_url = current_app.config["PUBLIC_BASE_URL"].rstrip("/") + url_for(
            "deadlines.user_feed", token=token)
        flash("A new private calendar address was made; the old one no longer works.",
              "success")
    return render_template("deadlines/feed.html", feed_url=feed_url,
                           has_feed=bool(current_user.feed_token_hash))
