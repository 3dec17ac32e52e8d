"""Restoring across databases: large amounts survive SQLite → PostgreSQL, and a row the
database refuses is named by its line, never printed (rows hold personal data)."""

from __future__ import annotations

import hashlib
import json

import pytest
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from qtrax_disputes.cases.models import Case
from qtrax_disputes.neutrals.models import Neutral
from qtrax_disputes.web.app import create_app
from qtrax_disputes.web.extensions import db
from tests.conftest import CsrfClient, reset_schema

from .helpers import file_complaint
from .test_backup import snapshot_tables, wipe_instance
from .test_money import LARGEST, LARGEST_CENTS

# A backup reads, and a restore writes, on connections of their own.
pytestmark = pytest.mark.commits

PERSONAL = {"name": "Zelda Quintessence", "email": "zelda.q@private.example"}


def rewrite_dump(backup, table: str, change) -> None:
    """Change one table's dump and its manifest entry, as a damaged or hand-edited backup."""
    path = backup / "tables" / f"{table}.jsonl"
    rows = [json.loads(line) for line in path.read_text().splitlines()]
    change(rows)
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    manifest_path = backup / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    for entry in manifest["files"]:
        if entry["path"] == f"tables/{table}.jsonl":
            data = path.read_bytes()
            entry["size"], entry["sha256"] = len(data), hashlib.sha256(data).hexdigest()
    manifest_path.write_text(json.dumps(manifest))


def test_a_refused_row_is_named_by_its_line_and_its_contents_are_not_shown(
        app, client, runner, tmp_path):
    file_complaint(client, name="Ann Able", email="ann.able@private.example")
    file_complaint(client, **PERSONAL)
    backup = tmp_path / "backup"
    assert runner.invoke(args=["backup", "create", str(backup)]).exit_code == 0

    def lose_the_number(rows):
        rows[1]["number"] = None  # every case has one: NOT NULL on both databases
    rewrite_dump(backup, "cases", lose_the_number)
    wipe_instance(app)

    result = runner.invoke(args=["backup", "restore", str(backup), "--yes"])
    assert result.exit_code != 0
    assert "tables/cases.jsonl line 2 cannot be stored in this database" in result.output
    assert "Nothing was restored" in result.output
    for value in (*PERSONAL.values(), "Ann Able", "ann.able@private.example"):
        assert value not in result.output
    assert all(rows == [] for rows in snapshot_tables(app).values())


def test_a_failed_statement_is_logged_without_the_values_it_was_given(app):
    with app.app_context(), pytest.raises(IntegrityError) as failure:
        db.session.execute(insert(Neutral), [{"name": None, "kind": PERSONAL["name"]}])
    # What the app adds to the database's own message: the statement, not its values.
    # (PostgreSQL's message may still quote the row, so the backup never prints it at all.)
    _, added = str(failure.value).split("[SQL:", 1)
    assert PERSONAL["name"] not in added


@pytest.fixture
def sqlite_instance(app, tmp_path):
    """A second instance on its own SQLite file: where the backup comes from."""
    source = create_app({
        **app.config, "INSTANCE_PATH": str(tmp_path / "source"),
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'source.db'}",
        "UPLOAD_DIR": str(tmp_path / "source" / "uploads"),
        "REPORT_DIR": str(tmp_path / "source" / "reports"),
    })
    reset_schema(source)
    source.test_client_class = CsrfClient
    yield source
    with source.app_context():
        db.engine.dispose()


def test_a_sqlite_backup_with_amounts_beyond_32_bits_restores_into_postgresql(
        app, runner, sqlite_instance, tmp_path):
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("needs TEST_DATABASE_URL naming a PostgreSQL database")
    response = file_complaint(sqlite_instance.test_client(), amount=LARGEST, **PERSONAL)
    assert response.status_code == 302
    with sqlite_instance.app_context():
        db.session.add(Neutral(name="Dear Mediator", kind="mediator",
                               hourly_rate_cents=LARGEST_CENTS))
        db.session.commit()
    backup = tmp_path / "from-sqlite"
    created = sqlite_instance.test_cli_runner().invoke(args=["backup", "create", str(backup)])
    assert created.exit_code == 0, created.output

    result = runner.invoke(args=["backup", "restore", str(backup), "--yes"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalars(select(Case.amount_claimed_cents)).all() == [LARGEST_CENTS]
        assert db.session.scalars(select(Neutral.hourly_rate_cents)).all() == [LARGEST_CENTS]
