"""The messages section of the case page's timeline: the conversation with the complainant and
the form to write to them."""

from __future__ import annotations

from ..cases.models import Case
from ..cases.sections import TIMELINE, Section
from ..documents.queries import sees_privileged
from . import queries
from .forms import StaffMessageForm

PREFIX = "message"


def messages_data(case: Case, role: str, given: dict) -> dict:
    return {
        "case_messages": queries.case_messages(case, privileged_too=sees_privileged(role)),
        "message_form": given.get("message_form") or StaffMessageForm(formdata=None,
                                                                      prefix=PREFIX),
    }


MESSAGES = Section(name="messages", title="Messages with the complainant", anchor="messages",
                   template="cases/_messages.html", slot="lead", order=10,
                   data=messages_data, tab=TIMELINE)
