"""The versions of the privacy policy: staff read them and what changed; admins add them."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for

from qtrax_disputes.web.query_args import day
from qtrax_disputes.web.refusals import show_refusal

from . import operations, queries
from .diff import folded, has_changes, text_changes
from .forms import ClauseTermsForm, VersionForm
from .versions import CLAUSE_TERMS, clause_changes, version_on

bp = Blueprint("policies", __name__, url_prefix="/policies")


@bp.route("/")
def index():
    return render_template("policies/index.html", versions=queries.all_versions()[::-1])


@bp.route("/<effective_on>")
def show(effective_on: str):
    when = day(effective_on)
    version, previous = queries.version_and_previous(when) if when else (None, None)
    if version is None:
        abort(404)
    blocks = text_changes(previous.text, version.text) if previous and previous.text else []
    return render_template(
        "policies/show.html", version=version, previous=previous, terms=CLAUSE_TERMS,
        blocks=folded(blocks) if has_changes(blocks) else [],
        clause_changes=clause_changes(previous.clause, version.clause) if previous else [])


@bp.route("/new", methods=["GET", "POST"])
def new():
    form = VersionForm()
    versions = queries.all_versions()
    if not form.is_submitted():
        if versions:
            form.fill_clause(versions[-1].clause)
        return render_template("policies/new.html", form=form)
    if not form.validate():
        flash("The version was not saved: see the messages next to the fields.", "error")
        return render_template("policies/new.html", form=form), 400
    before = version_on(versions, form.effective_on.data)
    try:
        row = operations.add_version(operations.VersionInput(
            effective_on=form.effective_on.data, posted_on=form.posted_on.data,
            title=form.title.data or "", source=form.source.data, text=form.text.data,
            clause=form.clause(before.clause if before else None)))
    except operations.VersionRefused as refused:
        show_refusal(refused, form)
        return render_template("policies/new.html", form=form), 400
    flash(f"The version of {row.effective_on.isoformat()} was added.", "success")
    return redirect(url_for("policies.show", effective_on=row.effective_on.isoformat()))


@bp.route("/<effective_on>/clause", methods=["GET", "POST"])
def edit_clause(effective_on: str):
    when = day(effective_on)
    version, _ = queries.version_and_previous(when) if when else (None, None)
    if version is None:
        abort(404)
    form = ClauseTermsForm()
    if not form.is_submitted():
        form.fill_clause(version.clause)
        return render_template("policies/clause.html", form=form, version=version)
    if not form.validate():
        flash("The clause was not saved: see the messages next to the fields.", "error")
        return render_template("policies/clause.html", form=form, version=version), 400
    changes = operations.edit_clause(version.effective_on, form.clause(version.clause))
    flash(f"Saved: {len(changes)} term(s) of the clause changed." if changes
          else "Nothing had changed.", "success")
    return redirect(url_for("policies.show", effective_on=version.key))
