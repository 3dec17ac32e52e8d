"""Staff pages of cases: the list and the case page with its small forms."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..auth.models import User
from ..extensions import db
from . import operations, queries
from .categories import CATEGORIES
from .forms import AssignForm, CaseEditForm, NoteForm
from .page import case_page_context

bp = Blueprint("cases", __name__, url_prefix="/cases")


def _case_or_404(number: str):
    case = queries.get_case(number)
    if case is None:
        abort(404)
    return case


@bp.route("")
def index():
    filters = queries.CaseFilters.from_args(request.args)
    rows, total = queries.case_list(filters, current_user.id)
    from .workflow import STAGE_LABELS

    return render_template(
        "cases/index.html", rows=rows, total=total, filters=filters,
        page_size=queries.PAGE_SIZE, categories=CATEGORIES, stages=STAGE_LABELS,
        users=queries.assignable_users(), args=request.args.to_dict(),
    )


def _edit_form(case) -> CaseEditForm:
    form = CaseEditForm(obj=case, version=case.version)
    if not form.is_submitted():
        form.amount_claimed.set_cents(case.amount_claimed_cents)
    return form


def _assign_form(case) -> AssignForm:
    form = AssignForm(version=case.version, assignee=str(case.assigned_to_id or ""))
    form.assignee.choices = [("", "Nobody")] + [
        (str(u.id), u.display_name) for u in queries.assignable_users()
    ]
    return form


def render_case(case, status: int = 200, **forms):
    forms.setdefault("edit_form", _edit_form(case))
    forms.setdefault("note_form", NoteForm())
    forms.setdefault("assign_form", _assign_form(case))
    return render_template("cases/show.html", **case_page_context(case), **forms), status


@bp.route("/<number>")
def show(number: str):
    return render_case(_case_or_404(number))


@bp.route("/<number>/edit", methods=["POST"])
def edit(number: str):
    case = _case_or_404(number)
    form = CaseEditForm()
    if not form.validate():
        flash("The details were not saved: see the messages next to the fields.", "error")
        return render_case(case, 400, edit_form=form, edit_open=True)
    values = {name: getattr(form, name).data for name in operations.EDITABLE
              if name in form._fields}
    values["amount_claimed_cents"] = form.amount_claimed.cents
    values["complainant_email"] = values["complainant_email"].strip().lower()
    try:
        changed = operations.update_details(case, values, int(form.version.data or 0))
    except operations.StaleCase as exc:
        db.session.rollback()
        db.session.refresh(case)
        fresh = _edit_form(case)
        form.version.data = case.version  # a second save, after review, may go through
        flash(exc.message, "error")
        return render_case(case, 409, edit_form=form, edit_open=True, current_details=fresh)
    flash("Saved." if changed else "Nothing had changed.", "success")
    return redirect(url_for("cases.show", number=number))


@bp.route("/<number>/notes", methods=["POST"])
def add_note(number: str):
    case = _case_or_404(number)
    form = NoteForm()
    if not form.validate():
        return render_case(case, 400, note_form=form)
    operations.add_note(case, form.text.data)
    flash("Note added.", "success")
    return redirect(url_for("cases.show", number=number) + "#timeline")


@bp.route("/<number>/assign", methods=["POST"])
def assign(number: str):
    case = _case_or_404(number)
    form = _assign_form(case)
    form.process(request.form)
    if not form.validate():
        return render_case(case, 400, assign_form=form)
    user = db.session.get(User, int(form.assignee.data)) if form.assignee.data else None
    if user is not None and (not user.active or user.role == "viewer"):
        form.assignee.errors.append("Choose an active staff member.")
        return render_case(case, 400, assign_form=form)
    try:
        operations.assign(case, user, int(form.version.data or 0))
    except operations.StaleCase as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return redirect(url_for("cases.show", number=number))
    flash(f"Assigned to {user.display_name}." if user else "Unassigned.", "success")
    return redirect(url_for("cases.show", number=number))


@bp.route("/<number>/documents/<int:document_id>")
def document(number: str, document_id: int):
    from ..documents.delivery import send_document
    from ..documents.models import Document

    case = _case_or_404(number)
    found = db.session.get(Document, document_id)
    if found is None or found.case_id != case.id:
        abort(404)  # another case's document is not reachable by changing the number
    return send_document(found, inline=request.args.get("inline") == "1")
