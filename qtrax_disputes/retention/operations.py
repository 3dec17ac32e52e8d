"""The retention purge: closed cases past the retention period lose their personal data and
files; an anonymised record (category, stages, dates, costs) stays for the reports."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, select, update

from qtrax_disputes.core.progress import Steps, through
from qtrax_disputes.web.extensions import db

from ..audit.log import record
from ..cases import event_kinds as ek
from ..cases.events import add_event
from ..cases.models import Case, CaseEvent, Party
from ..deadlines.calendar import add_period
from ..deadlines.engine import start_deadlines
from ..documents.models import Document
from ..documents.operations import grace_cutoff, hashes_in_use, remove_unused_files
from ..intake.models import StatusLink
from ..messages.models import Message, MessageAttachment
from ..outbox.models import OutboxMessage

PURGED = "Purged"


def cutoff(today: date, years: int) -> date:
    """Cases closed before this date are past the retention period."""
    return add_period(today, -years, "years")


def candidates(today: date, years: int, limit: int | None = None) -> Sequence[Case]:
    query = (select(Case).where(Case.closed_on.is_not(None), Case.closed_on < cutoff(today, years),
                                Case.purged_on.is_(None)).order_by(Case.closed_on, Case.id))
    if limit:
        query = query.limit(limit)
    return db.session.scalars(query).all()


@dataclass
class PurgeReport:
    cases: int = 0
    documents: int = 0
    files: int = 0


def purge_case(case: Case, today: date) -> tuple[int, list[str]]:
    """Anonymise one case in the session; returns its document count and file hashes."""
    case.complainant_name = PURGED
    case.complainant_email = f"purged-{case.id}@purged.invalid"
    case.complainant_phone = case.account_identifier = case.desired_resolution = ""
    case.summary = "Purged under the retention policy"
    case.description = ""
    case.incident_on = None
    case.status_token_hash = secrets.token_hex(32)  # the complainant's link stops working
    case.purged_on = today
    db.session.execute(update(Party).where(Party.case_id == case.id).values(
        name=PURGED, email="", phone="", address=""))
    db.session.execute(update(CaseEvent).where(CaseEvent.case_id == case.id).values(
        note="", data={}))
    db.session.execute(update(OutboxMessage).where(OutboxMessage.case_id == case.id).values(
        to_address="purged", subject="Purged", body="", html_body="", unsubscribe_url=None))
    db.session.execute(delete(StatusLink).where(StatusLink.case_id == case.id))
    # A message keeps its place and time (the record that the sides wrote), not its words;
    # its attachments go with the case's other documents.
    case_messages = select(Message.id).where(Message.case_id == case.id)
    db.session.execute(delete(MessageAttachment).where(
        MessageAttachment.message_id.in_(case_messages)))
    db.session.execute(update(Message).where(Message.case_id == case.id).values(body=""))
    documents = db.session.scalars(select(Document).where(Document.case_id == case.id)).all()
    hashes = [d.sha256 for d in documents]
    for document in documents:
        db.session.delete(document)
    add_event(case, ek.RETENTION_PURGED, today, actor="system",
              note="Personal data and documents removed under the retention policy.")
    if case.is_child_data:
        # The policy promises deletion of a child's information; record it as done.
        start_deadlines(case, add_event(case, ek.CHILD_DATA_DELETED, today, actor="system",
                                        note="The child's information was deleted in the "
                                             "retention purge."))
    record("case.purged", case, {"number": case.number, "documents": len(documents)},
           actor="system")
    return len(documents), hashes


def purge(today: date, years: int, steps: Steps = through) -> PurgeReport:
    """Purge every case past retention, then remove files no remaining document uses."""
    report = PurgeReport()
    doomed: set[str] = set()
    for case in steps(candidates(today, years), "purging   "):
        count, hashes = purge_case(case, today)
        report.cases += 1
        report.documents += count
        doomed.update(hashes)
    db.session.commit()
    if not doomed:
        return report
    # After the commit, so a failed purge keeps its files; and by the rule `documents gc`
    # keeps: the cutoff first, then the committed rows, so a filing that is reusing one of
    # these files right now keeps it.
    cutoff = grace_cutoff()
    still_used = hashes_in_use(doomed)
    report.files = len(remove_unused_files(sorted(doomed - still_used), cutoff,
                                           by="retention purge"))
    return report
