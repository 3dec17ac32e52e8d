"""The case page's "Ask counsel": for staff, the steps only counsel may take from here, who
has been asked already, and the form to ask."""

from __future__ import annotations

from ..auth.roles import STAFF
from ..cases.models import Case
from ..cases.sections import Section
from . import queries
from .forms import AskCounselForm
from .operations import counsel_steps


def ask_form(case: Case, role: str, form: AskCounselForm | None = None) -> AskCounselForm:
    counsel = queries.active_counsel()
    if form is None:
        # The case's own counsel when it has one; else the first active counsel.
        default = case.assigned_to_id if any(u.id == case.assigned_to_id for u in counsel) \
            else (counsel[0].id if counsel else "")
        form = AskCounselForm(formdata=None, counsel=str(default))
    form.step.choices = [(t.target, t.label) for t in counsel_steps(case.stage, role)]
    form.counsel.choices = [(str(u.id), u.display_name) for u in counsel]
    return form


def ask_counsel_data(case: Case, role: str, given: dict) -> dict:
    steps = counsel_steps(case.stage, role) if case.is_open else []
    return {
        "counsel_steps": steps,
        "counsel_tasks": queries.open_tasks_of_case(case),
        "ask_form": ask_form(case, role, given.get("ask_form")) if steps else None,
        "ask_open": "ask_form" in given,
    }


# Staff see it, counsel do not: counsel take the steps themselves. Just after the step card.
ASK_COUNSEL = Section(name="ask_counsel", title="Steps for counsel", anchor="ask-counsel",
                      template="tasks/_ask_counsel.html", slot="lead", order=15,
                      data=ask_counsel_data, sees=STAFF)
