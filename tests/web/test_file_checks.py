"""`documents verify`, `backup create` and /healthz say so when a document's file is missing
or when the upload folder cannot take a new file."""

from __future__ import annotations

from pathlib import Path

import pytest

from .helpers import PDF_BYTES, file, file_complaint


@pytest.fixture
def missing_file(app, client):
    """A filed complaint whose attachment has gone from the upload folder."""
    file_complaint(client, files=[file(PDF_BYTES, "evidence.pdf")])
    (stored,) = [p for p in Path(app.config["UPLOAD_DIR"]).rglob("*")
                 if p.is_file() and p.parent.name != "tmp"]
    stored.unlink()
    return stored.parent.name + stored.name


@pytest.fixture
def unwritable_folder(app, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the upload folder's parent should be")
    saved, app.config["UPLOAD_DIR"] = app.config["UPLOAD_DIR"], str(blocker / "uploads")
    yield
    app.config["UPLOAD_DIR"] = saved


def test_healthz_reports_a_missing_file_without_taking_the_worker_out(client, missing_file):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "degraded", "database": "ok",
                                   "files": "1 missing", "outbox": "ok",
                                   "deadlines_remind": "ok", "report_weekly": "ok"}


def test_healthz_is_503_when_the_upload_folder_cannot_be_written(client, unwritable_folder):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["files"] == "upload folder not writable"


def test_verify_fails_when_the_upload_folder_cannot_be_written(runner, unwritable_folder):
    result = runner.invoke(args=["documents", "verify"])
    assert result.exit_code == 1
    assert "UNWRITABLE  the upload folder cannot be written" in result.output


def test_verify_names_a_missing_file(runner, missing_file):
    result = runner.invoke(args=["documents", "verify"])
    assert result.exit_code == 1
    assert f"MISSING  {missing_file}  evidence.pdf" in result.output


@pytest.mark.commits  # a backup reads on a connection of its own
def test_a_backup_says_which_file_a_document_uses_it_could_not_hold(
        runner, missing_file, tmp_path):
    result = runner.invoke(args=["backup", "create", str(tmp_path / "backup")])
    assert result.exit_code == 1
    assert f"the file {missing_file} a document uses is missing" in result.output
    assert "the backup lacks 1 file(s) that documents use" in result.output
    assert (tmp_path / "backup" / "manifest.json").exists()  # what there is, is kept


def test_a_backup_says_when_new_documents_cannot_be_stored(runner, unwritable_folder, tmp_path):
    result = runner.invoke(args=["backup", "create", str(tmp_path / "backup")])
    assert result.exit_code == 0
    assert "the upload folder cannot be written" in result.output


def test_healthz_counts_missing_files_at_most_once_a_minute_per_worker(
        app, client, monkeypatch):
    file_complaint(client, files=[file(PDF_BYTES, "evidence.pdf")])
    clock = [1000.0]
    monkeypatch.setattr("qtrax_disputes.web.health.time.monotonic", lambda: clock[0])
    assert client.get("/healthz").get_json()["files"] == "ok"

    (stored,) = [p for p in Path(app.config["UPLOAD_DIR"]).rglob("*")
                 if p.is_file() and p.parent.name != "tmp"]
    stored.unlink()
    clock[0] += 59
    assert client.get("/healthz").get_json()["files"] == "ok"
    clock[0] += 1
    assert client.get("/healthz").get_json()["files"] == "1 missing"
