"""Staff asking counsel, from the case page."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, url_for
from flask_login import current_user

from qtrax_disputes.web.refusals import show_refusal

from ..auth import queries as auth_queries
from ..cases import queries as case_queries
from ..cases.render import send_back
from ..cases.sections import register_section
from . import operations
from .case_section import ASK_COUNSEL, ask_form
from .forms import AskCounselForm

bp = Blueprint("tasks", __name__)
register_section(bp, ASK_COUNSEL)


@bp.route("/cases/<number>/ask-counsel", methods=["POST"])
def ask(number: str):
    case = case_queries.case_or_404(number)
    form = ask_form(case, current_user.role, AskCounselForm())
    if not form.validate():
        return send_back(case, "Counsel was not asked", ask_form=form)
    counsel = auth_queries.account(int(form.counsel.data))
    try:
        task = operations.ask_counsel(case, form.step.data, counsel, form.note.data or "",
                                      asked_by=current_user._get_current_object())
    except operations.TaskRefused as exc:
        return send_back(case, "Counsel was not asked", told=show_refusal(exc, form),
                         ask_form=form)
    flash(f"{task.assigned_to.display_name} was asked and emailed.", "success")
    return redirect(url_for("cases.show", number=number) + "#ask-counsel")
