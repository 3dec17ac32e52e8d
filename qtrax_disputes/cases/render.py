"""The case page, rendered with the forms a view shows with their errors.

Every feature's view that answers on the case page (a cost, an upload, a deadline refused)
renders it through here; this module imports no feature's views, so none of them imports
another's. The case's own forms are made here; each section makes its own (sections.py).
"""

from __future__ import annotations

from flask import current_app, flash, render_template, request
from flask_login import current_user

from qtrax_disputes.core.clock import today

from ..neutrals.queries import neutral_choices
from . import queries
from .forms import (
    AnswerForm,
    AssignForm,
    CaseEditForm,
    ClauseForm,
    ConflictCheckForm,
    NoteForm,
    PartyForm,
    ProposalForm,
)
from .page import case_page_context
from .sections import SLOTS, tab_asked, tab_of_blueprint, visible


def edit_form(case) -> CaseEditForm:
    form = CaseEditForm(obj=case, version=case.version)
    if not form.is_submitted():
        form.amount_claimed.set_cents(case.amount_claimed_cents)
    return form


def assign_form(case) -> AssignForm:
    form = AssignForm(version=case.version, assignee=str(case.assigned_to_id or ""))
    form.assignee.choices = [("", "Nobody")] + [
        (str(u.id), u.display_name) for u in queries.assignable_users()
    ]
    return form


def clause_form(case, policy, versions, form: ClauseForm | None = None) -> ClauseForm:
    if form is None:
        chosen = policy.clause_version
        form = ClauseForm(formdata=None, version=case.version,
                          version_on=chosen.key if chosen else "", reason=case.clause_reason)
    form.version_on.choices = [(v.key, f"{v.effective_on.isoformat()} — {v.title}")
                               for v in reversed(versions)]
    return form


def proposal_form(form: ProposalForm | None = None) -> ProposalForm:
    form = form or ProposalForm(formdata=None, proposed_on=today())
    form.neutral.choices = [("", "— not on the roster —")] + neutral_choices("")
    return form


def _own_forms(case, context: dict, given: dict) -> dict:
    return {
        "edit_form": given.get("edit_form") or edit_form(case),
        "note_form": given.get("note_form") or NoteForm(),
        "assign_form": given.get("assign_form") or assign_form(case),
        "party_form": given.get("party_form") or PartyForm(formdata=None),
        "proposal_form": proposal_form(given.get("proposal_form")),
        "conflict_form": given.get("conflict_form") or ConflictCheckForm(formdata=None),
        "answer_form": given.get("answer_form") or AnswerForm(formdata=None,
                                                              answered_on=today()),
        "clause_form": clause_form(case, context["policy"], context["policy_versions"],
                                   given.get("clause_form")),
    }


def render_case(case, status: int = 200, *, tab: str | None = None, **given):
    """The case page, showing one part of it: ``tab``, else the one the address asks for
    (``?section=``), else the overview. ``given``: the forms shown with their errors
    (``step_forms`` by prefix, ``payment_forms`` by item, others by name) and flags such as
    ``cost_open``."""
    role = current_user.role
    tab = tab_asked(tab or request.args.get("section"))
    context = case_page_context(case, role, given.get("step_forms"), tab,
                                request.args.get("kind", "")[:20])
    context.update(_own_forms(case, context, given))
    # Only the part shown gathers its data: the others cost no query.
    sections = visible(current_app, role, tab)
    for section in sections:
        context.update(section.data(case, role, given))
    slots = {slot: [s for s in sections if s.slot == slot] for slot in SLOTS}
    return render_template("cases/show.html", **{**given, **context}, case_sections=slots), status


def send_back(case, not_done: str, status: int = 400, *, told: bool = False,
              tab: str | None = None, **given):
    """The one way a case-page form comes back with errors: the form, open, shows its summary
    and each field's message; a line at the top of the page, where the reader lands, says
    what was not done (unless a refusal was told there already: ``told``). The page shows
    the part that holds the form: ``tab``, else the part of the feature whose view answers."""
    if not told:
        flash(f"{not_done}: see the messages in its form.", "error")
    return render_case(case, status,
                       tab=tab or tab_of_blueprint(current_app, request.blueprint), **given)
