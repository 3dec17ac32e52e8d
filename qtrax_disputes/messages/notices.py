"""The email to staff when the complainant writes. (When staff write, the complainant gets an
update email: outbox/complainant_updates.py.)"""

from __future__ import annotations

from flask import current_app, url_for

from ..cases.models import Case
from .models import Message


def _staff_link(case: Case) -> str:
    return (current_app.config["PUBLIC_BASE_URL"].rstrip("/")
            + url_for("cases.show", number=case.number, section="timeline") + "#messages")


def to_staff(case: Case, message: Message) -> tuple[str, str]:
    """(subject, body) of the email telling staff the complainant wrote."""
    attached = len(message.attachments)
    files = f"\n\nThey attached {attached} document(s)." if attached else ""
    body = (f"The complainant of case {case.number} ({case.complainant_name}) sent a message:"
            f"\n\n{message.body}{files}\n\n"
            f"Read and answer it on the case's timeline:\n{_staff_link(case)}\n")
    return f"New message from the complainant on {case.number}", body
