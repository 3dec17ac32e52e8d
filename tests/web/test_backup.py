"""`flask backup create` / `flask backup restore`: a seeded instance survives the round trip."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from qtrax_disputes.audit.models import AuditEntry
from qtrax_disputes.cases.models import Case
from qtrax_disputes.web.extensions import db
from tests.conftest import empty_tables

from .helpers import PDF_BYTES, file, file_complaint, filed_number_and_token

# A backup reads, and a restore writes, on connections of their own.
pytestmark = pytest.mark.commits


def snapshot_tables(app) -> dict[str, list[tuple]]:
    with app.app_context():
        tables = {}
        for table in db.metadata.sorted_tables:
            order = list(table.primary_key.columns)
            tables[table.name] = [tuple(row) for row in
                                  db.session.execute(select(table).order_by(*order))]
        db.session.remove()
        return tables


def snapshot_files(app) -> dict[str, bytes]:
    files = {}
    for key in ("UPLOAD_DIR", "REPORT_DIR"):
        root = Path(app.config[key])
        if root.is_dir():
            for item in root.rglob("*"):
                if item.is_file():
                    files[f"{key}/{item.relative_to(root)}"] = item.read_bytes()
    return files


def wipe_instance(app) -> None:
    empty_tables(app)
    shutil.rmtree(app.config["UPLOAD_DIR"], ignore_errors=True)
    shutil.rmtree(app.config["REPORT_DIR"], ignore_errors=True)


@pytest.fixture
def clean_reports(app):
    shutil.rmtree(app.config["REPORT_DIR"], ignore_errors=True)
    yield
    shutil.rmtree(app.config["REPORT_DIR"], ignore_errors=True)


@pytest.fixture
def seeded(app, runner, client, clean_reports):
    result = runner.invoke(args=["demo", "seed", "--cases", "40", "--weeks", "10"])
    assert result.exit_code == 0, result.output
    response = file_complaint(client, files=[file(PDF_BYTES, "letter from qtrax.pdf")])
    assert response.status_code == 302, response.get_data(as_text=True)
    report = runner.invoke(args=["report", "weekly", "--week", "2026-W10", "--format", "csv"])
    assert report.exit_code == 0, report.output


def test_a_seeded_instance_round_trips_through_a_backup(app, runner, client, seeded, tmp_path):
    tables_before = snapshot_tables(app)
    files_before = snapshot_files(app)
    assert len(tables_before["cases"]) == 41
    assert any(name.startswith("REPORT_DIR/") for name in files_before)
    assert sum(name.startswith("UPLOAD_DIR/") for name in files_before) >= 2

    backup = tmp_path / "backup-1"
    result = runner.invoke(args=["backup", "create", str(backup)])
    assert result.exit_code == 0, result.output
    assert "backup written to" in result.output
    assert f"{sum(len(rows) for rows in tables_before.values())} rows" in result.output

    manifest = json.loads((backup / "manifest.json").read_text())
    assert manifest["format_version"] == 1
    assert manifest["created_at"].endswith("+00:00")
    with app.app_context():
        assert manifest["dialect"] == db.engine.dialect.name
        revision = db.session.execute(db.text("SELECT version_num FROM alembic_version")).scalar()
        created = db.session.scalars(select(AuditEntry).where(
            AuditEntry.action == "backup.created")).all()
    assert manifest["alembic_revision"] == revision
    assert manifest["row_counts"] == {name: len(rows) for name, rows in tables_before.items()}
    listed = {entry["path"]: entry for entry in manifest["files"]}
    for name, data in files_before.items():
        key, _, relative = name.partition("/")
        prefix = "files/uploads/" if key == "UPLOAD_DIR" else "files/reports/"
        assert listed[prefix + relative]["size"] == len(data)
    assert [entry.actor for entry in created] == ["system"]

    wipe_instance(app)
    assert snapshot_files(app) == {}
    assert all(rows == [] for rows in snapshot_tables(app).values())

    result = runner.invoke(args=["backup", "restore", str(backup), "--yes"])
    assert result.exit_code == 0, result.output
    assert "restored" in result.output

    tables_after = snapshot_tables(app)
    assert snapshot_files(app) == files_before
    audit_before = tables_before.pop("audit_entries")
    audit_after = tables_after.pop("audit_entries")
    assert tables_after == tables_before
    assert audit_after[:-1] == audit_before
    with app.app_context():
        last = db.session.get(AuditEntry, audit_after[-1][0])
        assert (last.action, last.actor) == ("backup.restored", "system")
        assert last.detail["rows"] == sum(manifest["row_counts"].values())
        assert last.id > max(row[0] for row in audit_before)
        db.session.remove()

    # The instance carries on: a new filing gets a fresh number and id, its file is stored.
    response = file_complaint(client, files=[file(b"%PDF-1.4\nnew\n%%EOF\n", "new.pdf")])
    assert response.status_code == 302, response.get_data(as_text=True)
    number, _ = filed_number_and_token(client)
    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.number == number))
        assert case.id > max(row[0] for row in tables_before["cases"])
        assert number not in {row.number for row in db.session.scalars(
            select(Case).where(Case.id != case.id))}
        assert db.session.scalar(select(func.count(Case.id))) == 42
        db.session.remove()
    verify = runner.invoke(args=["documents", "verify"])
    assert verify.exit_code == 0, verify.output


def test_restoring_into_a_database_with_data_is_refused(app, runner, seeded, tmp_path):
    backup = tmp_path / "backup"
    assert runner.invoke(args=["backup", "create", str(backup)]).exit_code == 0
    tables_before = snapshot_tables(app)
    files_before = snapshot_files(app)

    result = runner.invoke(args=["backup", "restore", str(backup), "--yes"])
    assert result.exit_code != 0
    assert "already holds data" in result.output
    assert "Nothing was changed" in result.output
    assert snapshot_tables(app) == tables_before
    assert snapshot_files(app) == files_before


def test_a_tampered_backup_is_refused_before_anything_changes(app, runner, seeded, tmp_path):
    backup = tmp_path / "backup"
    assert runner.invoke(args=["backup", "create", str(backup)]).exit_code == 0
    stored = sorted((backup / "files" / "uploads").rglob("*"))
    victim = next(item for item in stored if item.is_file())
    data = bytearray(victim.read_bytes())
    data[len(data) // 2] ^= 0x01
    victim.write_bytes(bytes(data))

    wipe_instance(app)
    result = runner.invoke(args=["backup", "restore", str(backup), "--yes"])
    assert result.exit_code != 0
    assert "integrity check" in result.output
    assert victim.relative_to(backup).as_posix() in result.output
    assert all(rows == [] for rows in snapshot_tables(app).values())
    assert snapshot_files(app) == {}


def test_a_backup_at_another_schema_revision_or_into_no_schema_is_refused(
        app, runner, seeded, tmp_path):
    backup = tmp_path / "backup"
    assert runner.invoke(args=["backup", "create", str(backup)]).exit_code == 0
    manifest_path = backup / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["alembic_revision"] = "0000_somewhere_else"
    manifest_path.write_text(json.dumps(manifest))
    wipe_instance(app)

    result = runner.invoke(args=["backup", "restore", str(backup), "--yes"])
    assert result.exit_code != 0
    assert "flask db upgrade" in result.output
    assert all(rows == [] for rows in snapshot_tables(app).values())


def test_create_refuses_a_path_that_holds_something(app, runner, tmp_path):
    target = tmp_path / "taken"
    target.mkdir()
    (target / "old.txt").write_text("an earlier backup")
    result = runner.invoke(args=["backup", "create", str(target)])
    assert result.exit_code != 0
    assert "already exists" in result.output
    assert [p.name for p in target.iterdir()] == ["old.txt"]
    assert not any(p.name.startswith(".taken.partial") for p in tmp_path.iterdir())


def test_messages_and_their_attachments_come_back_from_a_backup(app, runner, client, tmp_path):
    from .helpers import PNG_BYTES

    file_complaint(client)
    _, token = filed_number_and_token(client)
    sent = client.post(f"/status/{token}/messages", content_type="multipart/form-data",
                       data={"message-body": "Please see the screenshot.",
                             "message-attachments": [file(PNG_BYTES, "screenshot.png")]})
    assert sent.status_code == 302
    tables_before, files_before = snapshot_tables(app), snapshot_files(app)
    assert len(tables_before["messages"]) == len(tables_before["message_attachments"]) == 1

    backup = tmp_path / "with-messages"
    assert runner.invoke(args=["backup", "create", str(backup)]).exit_code == 0
    wipe_instance(app)
    result = runner.invoke(args=["backup", "restore", str(backup), "--yes"])
    assert result.exit_code == 0, result.output

    tables_after = snapshot_tables(app)
    for table in ("messages", "message_attachments", "documents", "case_events"):
        assert tables_after[table] == tables_before[table]
    assert snapshot_files(app) == files_before
    page = client.get(f"/status/{token}").get_data(as_text=True)
    assert "Please see the screenshot." in page
    link = re.search(r'href="(/status/[^"]+/documents/\d+)">screenshot.png', page).group(1)
    assert client.get(link).get_data() == PNG_BYTES
