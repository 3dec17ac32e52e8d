"""Faults: a database that goes away, storage that fails, a crash before the commit.
In each, nothing is half-saved and the person is told plainly."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool

from qtrax_disputes.cases.models import Case
from qtrax_disputes.documents.models import Document
from qtrax_disputes.outbox.models import OutboxMessage
from qtrax_disputes.web.extensions import db

from ..conftest import page_text
from .helpers import (
    PDF_BYTES,
    file,
    file_complaint,
    filed_number_and_token,
    gc_after_the_grace_period,
)


def rows(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def files(app) -> list[Path]:
    root = Path(app.config["UPLOAD_DIR"])
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_an_unwritable_upload_folder_refuses_the_filing_plainly(app, client, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the upload folder should be")
    saved, app.config["UPLOAD_DIR"] = app.config["UPLOAD_DIR"], str(blocker / "uploads")
    try:
        response = file_complaint(client, files=[file(PDF_BYTES, "evidence.pdf")])
    finally:
        app.config["UPLOAD_DIR"] = saved
    assert response.status_code == 200
    assert "could not be stored just now" in page_text(response)
    assert rows(app, Case) == 0 and rows(app, Document) == 0 and rows(app, OutboxMessage) == 0


def test_a_crash_before_the_commit_leaves_no_row_and_gc_removes_its_file(
        app, client, monkeypatch):
    from qtrax_disputes.intake import operations

    def failing_enqueue(*args, **kwargs):
        raise RuntimeError("the process died here")

    monkeypatch.setattr(operations, "enqueue", failing_enqueue)
    with pytest.raises(RuntimeError):  # under TESTING the crash reaches the test
        file_complaint(client, files=[file(PDF_BYTES, "evidence.pdf")])
    assert rows(app, Case) == 0 and rows(app, Document) == 0
    gc_after_the_grace_period(app)
    assert files(app) == []


def test_a_failed_commit_keeps_no_row_and_gc_removes_its_file(app, client, monkeypatch):
    real_commit = db.session.commit
    calls = {"n": 0}

    def commit_fails_once():
        calls["n"] += 1
        raise OperationalError("COMMIT", {}, Exception("connection lost"),
                               connection_invalidated=True)

    file_complaint(client)  # a first, good filing
    monkeypatch.setattr(db.session, "commit", commit_fails_once)
    response = file_complaint(client, files=[file(PDF_BYTES + b"x", "evidence.pdf")],
                              email="second@example.com")
    monkeypatch.setattr(db.session, "commit", real_commit)
    assert response.status_code == 503
    assert "cannot reach its database" in page_text(response)
    assert calls["n"] == 1
    assert rows(app, Case) == 1
    gc_after_the_grace_period(app)
    assert files(app) == []


def test_the_database_going_away_gives_a_503_and_the_next_request_works(
        app, client, auth, monkeypatch):
    file_complaint(client)
    number, _ = filed_number_and_token(client)
    auth.login("viewer")
    from qtrax_disputes.cases import queries

    real = queries.case_or_404

    def gone(*args, **kwargs):
        raise OperationalError("SELECT", {}, Exception("server closed the connection"),
                               connection_invalidated=True)

    monkeypatch.setattr(queries, "case_or_404", gone)
    down = client.get(f"/cases/{number}")
    assert down.status_code == 503
    assert "Temporarily unavailable" in page_text(down)
    monkeypatch.setattr(queries, "case_or_404", real)
    assert client.get(f"/cases/{number}").status_code == 200


@pytest.mark.commits  # the pool's connections are cut
def test_connections_cut_by_the_server_are_replaced_on_the_next_request(app, client, auth):
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("SQLite has no server connection that could be cut")
    file_complaint(client)
    number, _ = filed_number_and_token(client)
    auth.login("viewer")
    assert client.get(f"/cases/{number}").status_code == 200
    with app.app_context():
        pooled = db.session.scalar(text("SELECT pg_backend_pid()"))
        db.session.remove()  # back to the pool, as after a request
        outsider = create_engine(db.engine.url, poolclass=NullPool)  # not the app's pool
        with outsider.connect() as admin:
            admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pooled})
            admin.commit()
        outsider.dispose()
    # The pooled connections are dead; pre-ping notices and the page is served.
    assert client.get(f"/cases/{number}").status_code == 200
