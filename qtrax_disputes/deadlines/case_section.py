"""The deadlines section of the case page: each deadline with its reading, and the manual form."""

from __future__ import annotations

from ..auth.roles import STAFF, at_least
from ..cases.models import Case
from ..cases.sections import Section
from . import queries
from .forms import ManualDeadlineForm


def deadlines_data(case: Case, role: str, given: dict) -> dict:
    deadlines = queries.case_deadlines(case)
    return {
        "deadlines": deadlines,
        "earliest_ids": queries.earliest_of_pairs(deadlines),
        "deadline_readings": queries.readings(case, deadlines),
        # Why a deadline is a window or a duty is staff's working knowledge, not a viewer's.
        "shows_obligation_source": at_least(role, STAFF),
        "deadline_form": given.get("deadline_form") or ManualDeadlineForm(formdata=None),
        "deadline_open": given.get("deadline_open", False),
    }


DEADLINES = Section(name="deadlines", title="Deadlines", anchor="deadlines",
                    template="cases/_deadlines.html", slot="side", order=10,
                    data=deadlines_data, tab="deadlines")
