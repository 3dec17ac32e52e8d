"""One queued message as it leaves: its MIME form, and the SMTP connection it leaves by.

Config (README § Configuration): MAIL_SERVER, MAIL_PORT, MAIL_USE_SSL (implicit TLS, usually
465), MAIL_USE_TLS (STARTTLS, usually 587), MAIL_USERNAME/MAIL_PASSWORD, MAIL_FROM,
MAIL_REPLY_TO, MAIL_SSL_CA_FILE (a CA to trust besides the system's). Certificates are always
verified, host name included.
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask import current_app

from . import sealed
from .models import OutboxMessage


def mime(message: OutboxMessage) -> EmailMessage:
    config = current_app.config
    email = EmailMessage()
    email["From"] = config["MAIL_FROM"]
    email["To"] = message.to_address
    email["Subject"] = message.subject
    email["Date"] = formatdate(usegmt=True)
    # make_msgid adds the time, the process and a random number: unique across restarts and
    # installs, where the row's id alone repeats after a fresh database.
    email["Message-ID"] = make_msgid(idstring=f"outbox-{message.id}",
                                     domain=config["MAIL_FROM"].rsplit("@", 1)[-1])
    if config.get("MAIL_REPLY_TO"):
        email["Reply-To"] = config["MAIL_REPLY_TO"]
    if message.unsubscribe_url:
        email["List-Unsubscribe"] = f"<{message.unsubscribe_url}>"
        email["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"  # RFC 8058
    email.set_content(sealed.filled(message.body))
    if message.html_body:
        email.add_alternative(sealed.filled(message.html_body), subtype="html")
    return email


def _tls_context() -> ssl.SSLContext:
    return ssl.create_default_context(cafile=current_app.config.get("MAIL_SSL_CA_FILE") or None)


def connect() -> smtplib.SMTP:
    config = current_app.config
    host, port = config["MAIL_SERVER"], config["MAIL_PORT"]
    smtp: smtplib.SMTP
    if config.get("MAIL_USE_SSL"):
        smtp = smtplib.SMTP_SSL(host, port, timeout=30, context=_tls_context())
    else:
        smtp = smtplib.SMTP(host, port, timeout=30)
        if config.get("MAIL_USE_TLS"):
            smtp.starttls(context=_tls_context())
    if config.get("MAIL_USERNAME"):
        smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
    return smtp


def deliver(message: OutboxMessage) -> None:
    email = mime(message)
    with connect() as smtp:
        smtp.send_message(email)
