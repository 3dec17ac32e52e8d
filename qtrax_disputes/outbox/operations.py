"""Queueing email with the change that causes it, and delivering the queue over SMTP.

Delivery is at most once: a row is claimed (pending → sending) and that claim committed
before the SMTP conversation, so two senders running together never both send it, and a
crash mid-send leaves it visibly "sending" for a person to check rather than sending again.
"""

from __future__ import annotations

import re
import smtplib
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import select, update

from qtrax_disputes.core.clock import now_utc
from qtrax_disputes.web.extensions import db

from ..audit.log import record
from ..cases.models import Case
from . import rendering, sealed, smtp
from .models import FAILED, PENDING, SENDING, SENT, WITHHELD, OutboxMessage

MAX_ATTEMPTS = 8


def enqueue(to: str, subject: str, body: str | None = None, *, case_id: int | None = None,
            dedupe_key: str | None = None, template: str | None = None,
            context: dict | None = None, html: str | None = None,
            unsubscribe_url: str | None = None) -> OutboxMessage | None:
    """Add a message to the session (the caller's transaction commits it).

    Either ``template`` (templates/email/<template>.txt and .html, rendered now with
    ``context``) or a plain ``body`` (then the HTML part is that text, escaped, unless
    ``html`` is given). With a ``dedupe_key`` already queued, nothing is added and None is
    returned.
    """
    if dedupe_key and is_queued(dedupe_key):
        return None
    if template is not None:
        parts = rendering.render(template, subject=subject, **(context or {}))
        body, html = parts.text, parts.html
    if body is None:
        raise ValueError("enqueue needs a body or a template")
    message = OutboxMessage(to_address=to, subject=subject[:300], body=body,
                            html_body=html if html is not None else rendering.html_of_text(body),
                            case_id=case_id, dedupe_key=dedupe_key,
                            unsubscribe_url=unsubscribe_url)
    db.session.add(message)
    return message


def is_queued(dedupe_key: str) -> bool:
    return db.session.scalar(
        select(OutboxMessage.id).where(OutboxMessage.dedupe_key == dedupe_key)) is not None


@dataclass
class SendReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    logged_only: int = 0
    withheld: int = 0


def _backoff(attempts: int) -> timedelta:
    return timedelta(minutes=min(2 ** attempts, 24 * 60))


def _claim(message_id: int) -> bool:
    result = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.status == PENDING)
        .values(status=SENDING, attempts=OutboxMessage.attempts + 1)
    )
    db.session.commit()
    return result.rowcount == 1


def _turned_off(message: OutboxMessage) -> bool:
    """An update queued before its complainant turned updates off: it is not sent."""
    if message.unsubscribe_url is None or message.case_id is None:
        return False
    case = db.session.get(Case, message.case_id)
    return case is not None and case.updates_off_at is not None


def _delivered(message: OutboxMessage) -> None:
    message.status, message.sent_at = SENT, now_utc()
    message.body = sealed.struck(message.body)
    message.html_body = sealed.struck(message.html_body)


def send_pending(limit: int = 500) -> SendReport:
    report = SendReport()
    due = db.session.scalars(
        select(OutboxMessage.id)
        .where(OutboxMessage.status == PENDING, OutboxMessage.next_attempt_at <= now_utc())
        .order_by(OutboxMessage.id)
        .limit(limit)
    ).all()
    for message_id in due:
        if not _claim(message_id):
            continue  # another sender took it
        # Claimed just now, so it exists: get_one says so to the checker, and fails loudly if not.
        message = db.session.get_one(OutboxMessage, message_id)
        if _turned_off(message):
            _delivered(message)  # nothing left that leads to a secret
            message.status, message.sent_at = WITHHELD, None
            message.last_error = "The complainant turned updates off before it was sent."
            report.withheld += 1
        elif not current_app.config.get("MAIL_SERVER"):
            # No SMTP configured: the message goes to the log (without its body: PII).
            current_app.logger.info("outbox %s to %s: %s (MAIL_SERVER unset, not sent)",
                                    message.id, message.to_address.split("@")[-1],
                                    message.subject)
            _delivered(message)
            message.last_error = "MAIL_SERVER unset: written to the log only"
            report.logged_only += 1
        else:
            try:
                smtp.deliver(message)
            except (OSError, smtplib.SMTPException) as exc:
                message.last_error = f"{exc.__class__.__name__}: {exc}"[:2000]
                if message.attempts >= MAX_ATTEMPTS:
                    message.status = FAILED
                    report.failed += 1
                else:
                    message.status = PENDING
                    message.next_attempt_at = now_utc() + _backoff(message.attempts)
                    report.retried += 1
            else:
                _delivered(message)
                report.sent += 1
        db.session.commit()
    return report


# A status link as receipts held it in clear before links were sealed.
_CLEAR_STATUS_LINK = re.compile(r"/status/[A-Za-z0-9_-]{20,}")


def strike_clear_links() -> int:
    """Strike the status links that delivered messages kept in clear; returns how many
    messages changed. Pending ones keep theirs until delivered: striking it first would send
    a receipt without its link."""
    changed = 0
    delivered = select(OutboxMessage).where(OutboxMessage.status.in_((SENT, FAILED)),
                                            OutboxMessage.body.contains("/status/"))
    for message in db.session.scalars(delivered):
        body = _CLEAR_STATUS_LINK.sub("/status/" + sealed.STRUCK, message.body)
        html_body = _CLEAR_STATUS_LINK.sub("/status/" + sealed.STRUCK, message.html_body)
        if (body, html_body) != (message.body, message.html_body):
            message.body, message.html_body = body, html_body
            changed += 1
    record("outbox.links_struck", detail={"messages": changed}, actor="system",
           object_type="outbox")
    db.session.commit()
    return changed
