"""The emails a message causes: to staff when the complainant writes, to the complainant when
staff write. Plain text for now; each is built in one function, so the outbox's templates can
take its place without touching the operations."""

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


def to_complainant(case: Case, link: str) -> tuple[str, str]:
    """(subject, body) of the email telling the complainant staff wrote. The message itself
    stays on the status page (with its attachments): the email only leads there."""
    body = (f"Dear {case.complainant_name},\n\n"
            f"We have written to you about your case {case.number}. You can read our message "
            f"and answer it at your case's private link (keep it to yourself: anyone with it "
            f"can see your case). This link replaces any we sent you before:\n{link}\n\n"
            "Qtrax Legal\n")
    return f"A message about your case {case.number}", body
