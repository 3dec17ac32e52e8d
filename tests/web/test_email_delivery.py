"""Email as it arrives at a real SMTP server on loopback: two parts, proper headers, and the
encrypted ways to the relay (TLS from the start on 465, STARTTLS on 587), certificate checked."""

from __future__ import annotations

import ssl
import subprocess
from email.utils import parsedate_to_datetime

import pytest
from aiosmtpd.controller import Controller

from .helpers import Inbox, email_parts, file_complaint, filed_number_and_token, free_port

MAIL_KEYS = ("MAIL_SERVER", "MAIL_PORT", "MAIL_USE_TLS", "MAIL_USE_SSL", "MAIL_SSL_CA_FILE",
             "MAIL_REPLY_TO")


def test_an_email_arrives_in_two_parts_with_date_message_id_from_and_reply_to(
        app, client, runner, smtp_server):
    app.config["MAIL_REPLY_TO"] = "help@qtrax.example"
    try:
        file_complaint(client)
        number, token = filed_number_and_token(client)
        file_complaint(client, email="sam.doe@example.com")
        assert "sent 2" in runner.invoke(args=["outbox", "send"]).output
    finally:
        app.config["MAIL_REPLY_TO"] = None
    (_, first), (_, second) = smtp_server.messages
    text, html = email_parts(first)
    assert number in text and f"/status/{token}" in text
    assert html.lstrip().startswith("<!doctype html>")
    assert f'href="http://127.0.0.1:5000/status/{token}"' in html
    assert first["From"] == app.config["MAIL_FROM"]
    assert first["Reply-To"] == "help@qtrax.example"
    assert parsedate_to_datetime(first["Date"]).tzinfo is not None
    ids = {first["Message-ID"], second["Message-ID"]}
    assert len(ids) == 2 and all(i.endswith("@qtrax.example>") for i in ids)
    # The row's id alone repeats on another install or a fresh database: there is more to it.
    assert first["Message-ID"] not in {"<outbox-1@qtrax.example>", "<outbox-2@qtrax.example>"}


def test_an_email_without_reply_to_configured_has_none(app, client, runner, smtp_server):
    file_complaint(client)
    runner.invoke(args=["outbox", "send"])
    (_, message), = smtp_server.messages
    assert message["Reply-To"] is None


@pytest.fixture
def certificate(tmp_path):
    """A self-signed certificate for 127.0.0.1, and the server's TLS context."""
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return cert, context


@pytest.fixture
def mail_config(app):
    saved = {k: app.config.get(k) for k in MAIL_KEYS}
    yield app.config
    app.config.update(saved)


def _serve(**kwargs):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port(), **kwargs)
    controller.start()
    return inbox, controller


def test_mail_goes_over_tls_from_the_start_when_mail_use_ssl(app, client, runner, certificate,
                                                           mail_config):
    cert, context = certificate
    inbox, controller = _serve(ssl_context=context)
    try:
        mail_config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port, MAIL_USE_SSL=True,
                           MAIL_USE_TLS=False, MAIL_SSL_CA_FILE=str(cert))
        file_complaint(client)
        assert "sent 1" in runner.invoke(args=["outbox", "send"]).output
    finally:
        controller.stop()
    (_, message), = inbox.messages
    assert all("was received" in part or "We received" in part for part in email_parts(message))


def test_mail_goes_over_starttls_when_mail_use_tls(app, client, runner, certificate,
                                                   mail_config):
    cert, context = certificate
    inbox, controller = _serve(tls_context=context, require_starttls=True)
    try:
        mail_config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port,
                           MAIL_USE_SSL=False, MAIL_USE_TLS=True, MAIL_SSL_CA_FILE=str(cert))
        file_complaint(client)
        assert "sent 1" in runner.invoke(args=["outbox", "send"]).output
    finally:
        controller.stop()
    (_, message), = inbox.messages
    assert "We received" in email_parts(message)[0]


def test_a_server_whose_certificate_is_not_trusted_gets_nothing(app, client, runner,
                                                                certificate, mail_config):
    _, context = certificate
    inbox, controller = _serve(tls_context=context, require_starttls=True)
    try:
        mail_config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port,
                           MAIL_USE_SSL=False, MAIL_USE_TLS=True, MAIL_SSL_CA_FILE=None)
        file_complaint(client)
        output = runner.invoke(args=["outbox", "send"]).output
    finally:
        controller.stop()
    assert "retry later 1" in output
    assert inbox.messages == []
