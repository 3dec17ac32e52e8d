"""A status link exists in clear only in the email that leaves and in the complainant's hands:
not in the database, the delivered outbox, a backup, the request log or the session cookie."""

from __future__ import annotations

import json
import logging
import threading
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from qtrax_disputes.web.extensions import db

from .helpers import email_parts, file_complaint, filed_number_and_token, free_port

# What is stored is read from the database's files and by a threaded server: committed.
pytestmark = pytest.mark.commits


def every_row(app) -> str:
    with app.app_context():
        return "\n".join(str(value) for table in db.metadata.sorted_tables
                         for row in db.session.execute(select(table)) for value in row)


def everything_in_the_database(app) -> str:
    """Every row of every table as text, and on SQLite the database's files byte for byte
    (old versions of rows included)."""
    text = every_row(app)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            path = Path(db.engine.url.database)
            for file in (path, Path(f"{path}-wal")):
                if file.exists():
                    text += file.read_bytes().decode("latin-1")
    return text


def everything_in(folder: Path) -> str:
    return "".join(f.read_bytes().decode("latin-1") for f in folder.rglob("*") if f.is_file())


def session_payload(app, client) -> str:
    """What anyone holding the cookie can read: it is signed, not encrypted."""
    cookie = client.get_cookie("session").value
    serializer = app.session_interface.get_signing_serializer(app)
    return json.dumps(serializer.loads(cookie))


def test_after_the_receipt_is_sent_no_working_link_is_kept_anywhere(
        app, client, runner, smtp_server, tmp_path):
    file_complaint(client)
    number, token = filed_number_and_token(client)
    cookie_payload = session_payload(app, client)
    assert number in cookie_payload and token not in cookie_payload

    assert "sent 1" in runner.invoke(args=["outbox", "send"]).output
    (_, email), = smtp_server.messages
    assert all(f"/status/{token}" in part for part in email_parts(email))
    assert client.get(f"/status/{token}").status_code == 200

    stored = everything_in_the_database(app)
    assert number in stored and token not in stored
    seed = json.loads(cookie_payload)["filed"]["seed"]
    assert seed not in every_row(app), "after delivery not even the seed of the link is kept"

    backup = tmp_path / "backup"
    assert runner.invoke(args=["backup", "create", str(backup)]).exit_code == 0
    backed_up = everything_in(backup)
    assert number in backed_up and token not in backed_up


def test_a_receipt_waiting_to_be_sent_holds_no_working_link(app, client):
    file_complaint(client)
    _, token = filed_number_and_token(client)
    assert token not in everything_in_the_database(app)


def test_the_request_log_does_not_write_status_links(app, client, caplog):
    file_complaint(client)
    _, token = filed_number_and_token(client)
    server = make_server("127.0.0.1", free_port(), app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with caplog.at_level(logging.INFO, logger="werkzeug"):
            url = f"http://127.0.0.1:{server.server_port}/status/{token}"
            with urllib.request.urlopen(url) as response:  # noqa: S310 (our own local server)
                assert response.status == 200
    finally:
        server.shutdown()
        thread.join()
    assert "GET /status/…" in caplog.text
    assert token not in caplog.text


def test_receipts_delivered_before_links_were_sealed_can_be_struck_of_them(
        app, client, runner):
    from qtrax_disputes.outbox.models import PENDING, SENT, OutboxMessage

    file_complaint(client)
    _, token = filed_number_and_token(client)
    with app.app_context():
        # As an earlier version wrote and delivered it, and one still waiting to be sent.
        db.session.add(OutboxMessage(to_address="jane.roe@example.com", subject="Received",
                                     body=f"Your link:\nhttp://x/status/{token}\n",
                                     status=SENT))
        db.session.add(OutboxMessage(to_address="jane.roe@example.com", subject="Waiting",
                                     body=f"Your link:\nhttp://x/status/{token}x\n",
                                     status=PENDING))
        db.session.commit()

    result = runner.invoke(args=["outbox", "strike-links"])
    assert "struck the status link from 1 delivered message(s)" in result.output
    stored = every_row(app)
    assert f"/status/{token}\n" not in stored and "outbox.links_struck" in stored
    assert f"/status/{token}x" in stored, "a receipt not yet sent keeps the link it carries"
