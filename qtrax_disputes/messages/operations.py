"""Writing a message on a case: its attachments stored as the case's documents, its timeline
entry, its audit entry and the email to the other side, all in one transaction."""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import gettext
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from qtrax_disputes.core.clock import now_utc, today
from qtrax_disputes.core.refusals import Refused
from qtrax_disputes.db.transactions import operation
from qtrax_disputes.web.extensions import db

from ..audit.log import record
from ..auth.models import User
from ..cases import event_kinds as ek
from ..cases.events import add_event, current_actor
from ..cases.models import Case
from ..documents.models import Document
from ..documents.operations import storage, store_documents, timeline_name
from ..outbox.complainant_updates import STAFF_MESSAGE, tell_complainant
from ..outbox.operations import enqueue
from ..web.i18n import in_their_language
from . import notices
from .models import Message, MessageAttachment

MAX_BODY = 5000
# Attachments are correspondence, and the complainant sees every one of them: a message is
# written to them, so nothing it carries can be privileged.
ATTACHMENT_TAG = "correspondence"


class MessageRefused(Refused):
    """A message that was not sent; nothing of it (text, files, email) was kept."""


def _checked_body(body: str) -> str:
    text = (body or "").strip()
    if not text:
        raise MessageRefused.at("body", gettext("Write your message first."))
    if len(text) > MAX_BODY:
        raise MessageRefused.at("body", gettext("Keep the message under %(max)s characters.",
                                                       max=f"{MAX_BODY:,}"))
    return text


def _write(case: Case, text: str, documents: Sequence[Document], *, from_complainant: bool,
           actor: str, actor_id: int | None) -> Message:
    message = Message(case_id=case.id, from_complainant=from_complainant,
                      author_user_id=actor_id, body=text, sent_at=now_utc(),
                      attachments=[MessageAttachment(document_id=d.id) for d in documents])
    db.session.add(message)
    db.session.flush()
    names = ", ".join(timeline_name(d) for d in documents)
    add_event(case, ek.MESSAGE, today(), actor=actor,
              note=text + (f"\n\nAttached: {names}" if names else ""),
              data={"message": message.id, "from_complainant": from_complainant,
                    "documents": [d.id for d in documents]})
    record("message.sent", message,
           {"case": case.number, "from_complainant": from_complainant,
            "documents": [d.id for d in documents], "length": len(text)},
           actor=actor)
    return message


def staff_to_tell(case: Case) -> list[User]:
    """Whom a complainant's message is emailed to: the person the case is assigned to; on a
    case assigned to nobody, everyone who may work cases (active staff, counsel and admins),
    since any of them may pick it up. Viewers read cases but cannot answer, so they are not."""
    assignee = case.assigned_to
    if assignee is not None and assignee.assignable:
        return [assignee]
    return list(db.session.scalars(select(User).where(User.assignable).order_by(User.id)))


@operation()
def send_from_complainant(case: Case, body: str, files: list[FileStorage]) -> Message:
    text = _checked_body(body)
    actor = f"complainant:{case.number}"
    with storage().transaction() as tx:
        documents = store_documents(tx, case, files, uploaded_by=actor, tag=ATTACHMENT_TAG,
                                    visible_to_claimant=True)
        message = _write(case, text, documents, from_complainant=True, actor=actor,
                         actor_id=None)
        subject, email_body = notices.to_staff(case, message)
        for person in staff_to_tell(case):
            enqueue(person.email, subject, email_body, case_id=case.id,
                    dedupe_key=f"message:{message.id}:user:{person.id}")
        db.session.commit()
    return message


@operation()
def send_from_staff(case: Case, body: str, files: list[FileStorage]) -> Message:
    if case.purged_on is not None:
        raise MessageRefused("The case was purged under the retention policy: the "
                             "complainant's address is no longer kept, so nothing was sent.")
    text = _checked_body(body)
    actor, actor_id = current_actor()
    with storage().transaction() as tx:
        documents = store_documents(tx, case, files, uploaded_by=actor,
                                    uploaded_by_user_id=actor_id, tag=ATTACHMENT_TAG,
                                    visible_to_claimant=True)
        message = _write(case, text, documents, from_complainant=False, actor=actor,
                         actor_id=actor_id)
        # An update like the steps' (complainant_updates.py): a further sealed link, so the
        # links they hold keep working, and it is not sent if they turned updates off.
        with in_their_language(case):
            detail = gettext("Read it, and answer if you wish, on your status page.")
        tell_complainant(case, STAFF_MESSAGE, detail=detail,
                         dedupe_key=f"message:{message.id}:complainant")
        db.session.commit()
    return message
