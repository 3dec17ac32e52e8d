"""The roster of neutrals: staff search it, admins keep it."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from . import operations, queries
from .forms import NeutralForm
from .models import KINDS, Neutral

bp = Blueprint("neutrals", __name__, url_prefix="/neutrals")


@bp.route("/")
def index():
    q = request.args.get("q", "").strip()[:200]
    kind = request.args.get("kind", "")
    kind = kind if kind in dict(KINDS) else ""
    show_inactive = request.args.get("inactive") in {"1", "y", "on"}
    neutrals = queries.search(q, kind, active_only=not show_inactive)
    return render_template("neutrals/index.html", neutrals=neutrals, q=q, kind=kind,
                           kinds=KINDS, show_inactive=show_inactive)


def _render_form(form: NeutralForm, neutral: Neutral | None = None, status: int = 200):
    return render_template("neutrals/form.html", form=form, neutral=neutral), status


@bp.route("/new", methods=["GET", "POST"])
def new():
    form = NeutralForm()
    if not form.is_submitted():
        return _render_form(form)
    if not form.validate():
        flash("The neutral was not saved: see the messages next to the fields.", "error")
        return _render_form(form, status=400)
    neutral = operations.create_neutral(form.values())
    flash(f"{neutral.name} was added to the roster.", "success")
    return redirect(url_for("neutrals.index"))


@bp.route("/<int:neutral_id>/edit", methods=["GET", "POST"])
def edit(neutral_id: int):
    neutral = queries.neutral(neutral_id)
    if neutral is None:
        abort(404)
    form = NeutralForm(obj=neutral)
    if not form.is_submitted():
        form.hourly_rate.set_cents(neutral.hourly_rate_cents)
        form.daily_rate.set_cents(neutral.daily_rate_cents)
        return _render_form(form, neutral)
    if not form.validate():
        flash("The changes were not saved: see the messages next to the fields.", "error")
        return _render_form(form, neutral, 400)
    changed = operations.update_neutral(neutral, form.values())
    flash("Saved." if changed else "Nothing had changed.", "success")
    return redirect(url_for("neutrals.index"))
