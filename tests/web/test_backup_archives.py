"""Backups as one compressed file, sealed with a key file or not: they round trip, a wrong or
missing key is refused with a clear message, and a missing file is warned about."""

from __future__ import annotations

import gzip
import tarfile
from pathlib import Path

import pytest

from .helpers import PDF_BYTES, file, file_complaint
from .test_backup import snapshot_files, snapshot_tables, wipe_instance

pytestmark = pytest.mark.commits


@pytest.fixture
def filed(app, client):
    response = file_complaint(client, files=[file(PDF_BYTES, "evidence.pdf")])
    assert response.status_code == 302
    yield
    wipe_instance(app)


@pytest.fixture
def key_file(runner, tmp_path) -> Path:
    path = tmp_path / "backup.key"
    result = runner.invoke(args=["backup", "keygen", str(path)])
    assert result.exit_code == 0, result.output
    assert path.stat().st_mode & 0o777 == 0o600
    return path


def _without_audit(tables: dict) -> dict:
    return {name: rows for name, rows in tables.items() if name != "audit_entries"}


def _round_trip(app, runner, backup: Path, *key_args: str) -> None:
    tables_before, files_before = snapshot_tables(app), snapshot_files(app)
    created = runner.invoke(args=["backup", "create", str(backup), *key_args])
    assert created.exit_code == 0, created.output
    assert backup.is_file()
    wipe_instance(app)
    restored = runner.invoke(args=["backup", "restore", str(backup), *key_args, "--yes"])
    assert restored.exit_code == 0, restored.output
    assert _without_audit(snapshot_tables(app)) == _without_audit(tables_before)
    assert snapshot_files(app) == files_before


def test_a_tar_gz_backup_is_compressed_and_round_trips(app, runner, filed, tmp_path):
    backup = tmp_path / "nightly.tar.gz"
    _round_trip(app, runner, backup)
    with gzip.open(backup) as unpacked:
        unpacked.read(1)  # a gzip stream, not a plain tar
    with tarfile.open(backup) as tar:
        assert "manifest.json" in tar.getnames()


def test_a_sealed_backup_round_trips_with_its_key_file(app, runner, filed, key_file, tmp_path):
    backup = tmp_path / "nightly.tar.gz.enc"
    _round_trip(app, runner, backup, "--key-file", str(key_file))
    content = backup.read_bytes()
    assert content.startswith(b"QTRAXBK1")
    assert b"manifest" not in content and b"Jane Roe" not in content
    with pytest.raises(tarfile.TarError):
        tarfile.open(backup)


def test_a_sealed_backup_refuses_a_wrong_key_and_changes_nothing(
        app, runner, filed, key_file, tmp_path):
    backup = tmp_path / "nightly.tar.gz.enc"
    assert runner.invoke(args=["backup", "create", str(backup),
                               "--key-file", str(key_file)]).exit_code == 0
    other = tmp_path / "other.key"
    assert runner.invoke(args=["backup", "keygen", str(other)]).exit_code == 0
    wipe_instance(app)
    result = runner.invoke(args=["backup", "restore", str(backup), "--key-file", str(other),
                                 "--yes"])
    assert result.exit_code == 1
    assert "nothing restored: this key does not open the backup" in result.output
    assert all(rows == [] for rows in snapshot_tables(app).values())

    no_key = runner.invoke(args=["backup", "restore", str(backup), "--yes"])
    assert no_key.exit_code == 1
    assert "is sealed: give the key file it was sealed with, --key-file" in no_key.output


def test_a_sealed_backup_cut_short_is_refused(app, runner, filed, key_file, tmp_path):
    backup = tmp_path / "nightly.tar.gz.enc"
    assert runner.invoke(args=["backup", "create", str(backup),
                               "--key-file", str(key_file)]).exit_code == 0
    backup.write_bytes(backup.read_bytes()[:-10])
    wipe_instance(app)
    result = runner.invoke(args=["backup", "restore", str(backup), "--key-file",
                                 str(key_file), "--yes"])
    assert result.exit_code == 1 and "nothing restored" in result.output


def test_a_key_file_that_is_not_one_is_refused_clearly(runner, filed, tmp_path):
    bogus = tmp_path / "bogus.key"
    bogus.write_text("not a key\n")
    result = runner.invoke(args=["backup", "create", str(tmp_path / "b.tar.gz.enc"),
                                 "--key-file", str(bogus)])
    assert result.exit_code == 1
    assert "is not a backup key file" in result.output
    assert not (tmp_path / "b.tar.gz.enc").exists()


def test_the_name_says_whether_a_backup_is_sealed(runner, filed, key_file, tmp_path):
    unsealed = runner.invoke(args=["backup", "create", str(tmp_path / "b.tar.gz"),
                                   "--key-file", str(key_file)])
    assert unsealed.exit_code == 1 and "is named NAME.tar.gz.enc" in unsealed.output
    keyless = runner.invoke(args=["backup", "create", str(tmp_path / "b.tar.gz.enc")])
    assert keyless.exit_code == 1 and "--key-file KEYFILE" in keyless.output


def test_keygen_never_overwrites_a_key(runner, key_file):
    before = key_file.read_text()
    result = runner.invoke(args=["backup", "keygen", str(key_file)])
    assert result.exit_code == 1 and "never overwritten" in result.output
    assert key_file.read_text() == before


def test_an_archive_backup_warns_about_a_row_whose_file_is_missing(app, runner, filed,
                                                                     tmp_path):
    (stored,) = [p for p in Path(app.config["UPLOAD_DIR"]).rglob("*")
                 if p.is_file() and p.parent.name != "tmp"]
    stored.unlink()
    result = runner.invoke(args=["backup", "create", str(tmp_path / "b.tar.gz")])
    assert result.exit_code == 1
    assert f"the file {stored.parent.name + stored.name} a document uses is missing" in \
        result.output
    assert (tmp_path / "b.tar.gz").is_file()  # what there is, is kept
