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
from email.message import EmailMessage

from flask import current_app
from sqlalchemy import select, update

from qtrax_disputes.core.clock import now_utc
from qtrax_disputes.web.extensions import db

from ..audit.log import record
from . import sealed
from .models import FAILED, PENDING, SENDING, SENT, OutboxMessage

MAX_ATTEMPTS = 8


def enqueue(to: str, subject: str, body: str, *, case_id: int | None = None,
            dedupe_key: str | None = None) -> OutboxMessage | None:
    """Add a message to the session (the caller's transaction commits it).

    With a ``dedupe_key`` already queued, nothing is added and None is returned.
    """
    if dedupe_key and db.session.scalar(
        select(OutboxMessage.id).where(OutboxMessage.dedupe_key == dedupe_key)
    ):
        return None
    message = OutboxMessage(to_address=to, subject=subject[:300], body=body, case_id=case_id,
                            dedupe_key=dedupe_key)
    db.session.add(message)
    return message


@dataclass
class SendReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    logged_only: int = 0


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


def _deliver(message: OutboxMessage) -> None:
    config = current_app.config
    email = EmailMessage()
    email["From"] = config["MAIL_FROM"]
    email["To"] = message.to_address
    email["Subject"] = message.subject
    email["Message-ID"] = f"<outbox-{message.id}@{config['MAIL_FROM'].split('@')[-1]}>"
    email.set_content(sealed.filled(message.body))
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=30) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
        smtp.send_message(email)


def _delivered(message: OutboxMessage) -> None:
    message.status, message.sent_at = SENT, now_utc()
    message.body = sealed.struck(message.body)


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
        if not current_app.config.get("MAIL_SERVER"):
            # No SMTP configured: the message goes to the log (without its body: PII).
            current_app.logger.info("outbox %s to %s: %s (MAIL_SERVER unset, not sent)",
                                    message.id, message.to_address.split("@")[-1],
                                    message.subject)
            _delivered(message)
            message.last_error = "MAIL_SERVER unset: written to the log only"
            report.logged_only += 1
        else:
            try:
                _deliver(message)
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
        if body != message.body:
            message.body = body
            changed += 1
    record("outbox.links_struck", detail={"messages": changed}, actor="system",
           object_type="outbox")
    db.session.commit()
    return changed
