"""Writing and restoring backups.

A backup is a directory::

    manifest.json              format, time, schema revision, dialect, row counts, file hashes
    tables/<table>.jsonl       every row of every table, one JSON object a line
    files/uploads/ab/cdef…     the uploaded files, laid out as in UPLOAD_DIR
    files/reports/<sha>.pdf    the stored weekly report PDFs, as in REPORT_DIR

The dump is logical and written by the app itself, so it reads the same on SQLite and
PostgreSQL: values that JSON cannot hold (dates, timestamps, decimals, bytes) are written as
strings and turned back into the column's type on restore, which goes by the column type, not
by guessing from the text.

Creating reads every table inside one transaction (a consistent snapshot: REPEATABLE READ on
PostgreSQL, one read transaction on SQLite), then copies the files: a file is stored before
the row naming it is committed, so every file a dumped row names is there to copy.

Restoring checks everything before it changes anything: the manifest, the schema revision,
that the database holds no rows, and every file's size and SHA-256. Then it copies the files
in (atomically, each under its final name, removed again if the rest fails) and inserts every
row in one transaction, so a failed restore leaves the instance as it was.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Interval,
    LargeBinary,
    Numeric,
    Table,
    Time,
    exists,
    func,
    insert,
    inspect,
    select,
    text,
)
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.types import TypeDecorator, TypeEngine

from qtrax_disputes.core.progress import each
from qtrax_disputes.web.extensions import db

from ..audit.log import record
from ..documents.models import Document
from ..documents.storage import Storage

FORMAT = "qtrax-disputes-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
TABLES_DIR = "tables"
UPLOADS_PREFIX = "files/uploads/"
REPORTS_PREFIX = "files/reports/"
BATCH = 1000
CHUNK = 1024 * 1024

_HEX64 = re.compile(r"[0-9a-f]{64}")
_UPLOAD_PATH = re.compile(r"files/uploads/([0-9a-f]{2})/([0-9a-f]{62})")
_REPORT_PATH = re.compile(r"files/reports/([0-9a-f]{64})\.pdf")
_TABLE_PATH = re.compile(r"tables/([A-Za-z0-9_]+)\.jsonl")


class BackupError(Exception):
    """A backup or restore refused or failed; ``message`` is meant for the operator."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Summary:
    path: Path
    rows: dict[str, int] = field(default_factory=dict)
    uploads: int = 0
    reports: int = 0
    file_bytes: int = 0
    revision: str = ""
    dialect: str = ""
    warnings: list[str] = field(default_factory=list)
    missing_uploads: list[str] = field(default_factory=list)  # used by a row, not stored

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


# --- values ------------------------------------------------------------------------------------


def _base_type(type_: TypeEngine) -> TypeEngine:
    while isinstance(type_, TypeDecorator) and not isinstance(type_, Interval):
        type_ = type_.impl_instance
    return type_


def _encode(value: Any, kind: TypeEngine) -> Any:
    """A column value as something JSON holds exactly."""
    if value is None or isinstance(kind, JSON):
        return value
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, timedelta):
        return value.total_seconds()
    return value


def _decode(value: Any, kind: TypeEngine) -> Any:
    """The JSON value back as the column's Python type."""
    if value is None or isinstance(kind, JSON):
        return value
    if isinstance(kind, DateTime):
        parsed = datetime.fromisoformat(value)
        if kind.timezone and parsed.tzinfo is None:  # written by SQLite as naive UTC
            parsed = parsed.replace(tzinfo=UTC)
        return parsed
    if isinstance(kind, Date):
        return date.fromisoformat(value)
    if isinstance(kind, Time):
        return time.fromisoformat(value)
    if isinstance(kind, Interval):
        return timedelta(seconds=value)
    if isinstance(kind, LargeBinary):
        return base64.b64decode(value)
    if isinstance(kind, Numeric) and kind.asdecimal and isinstance(value, str):
        return Decimal(value)
    return value


def _kinds(table: Table) -> dict[str, TypeEngine]:
    return {column.name: _base_type(column.type) for column in table.columns}


# --- files -------------------------------------------------------------------------------------


def _sha256_of(path: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as fh:
        while block := fh.read(CHUNK):
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size


def _copy_hashing(source: Path, target: Path) -> tuple[str, int]:
    """Copy ``source`` to ``target`` (a temporary name, then an atomic rename), hashing it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=".restore-")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out, source.open("rb") as src:
            while block := src.read(CHUNK):
                digest.update(block)
                size += len(block)
                out.write(block)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return digest.hexdigest(), size


def _upload_dir() -> Path:
    return Path(current_app.config["UPLOAD_DIR"])


def _report_dir() -> Path:
    return Path(current_app.config["REPORT_DIR"])


def _report_files() -> Iterator[Path]:
    root = _report_dir()
    if not root.is_dir():
        return
    for item in sorted(root.iterdir()):
        if item.is_file() and item.suffix == ".pdf" and _HEX64.fullmatch(item.stem):
            yield item


# --- database ----------------------------------------------------------------------------------


def _tables() -> list[Table]:
    return list(db.metadata.sorted_tables)


def current_revision(conn: Connection) -> str | None:
    """The schema's Alembic revision, or None when the database has no schema yet."""
    if not inspect(conn).has_table("alembic_version"):
        return None
    revisions = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    return ",".join(sorted(revisions)) or None


def _primary_key_order(table: Table) -> list:
    return list(table.primary_key.columns) or list(table.columns)


def _snapshot_connection() -> Connection:
    """A connection whose reads all see one moment of the database."""
    engine = db.engine
    if engine.dialect.name == "postgresql":
        conn = engine.connect().execution_options(isolation_level="REPEATABLE READ")
        conn.begin()
        conn.exec_driver_sql("SET TRANSACTION READ ONLY")
        return conn
    conn = engine.connect()
    conn.begin()
    if engine.dialect.name == "sqlite":
        # pysqlite only opens a transaction before writes; open one so every SELECT below
        # reads the same snapshot (writers wait, or in WAL mode carry on unseen).
        conn.exec_driver_sql("BEGIN")
    return conn


def _dump_table(conn: Connection, table: Table, target: Path) -> int:
    kinds = _kinds(table)
    names = [column.name for column in table.columns]
    count = 0
    query = select(table).order_by(*_primary_key_order(table))
    result = conn.execution_options(yield_per=BATCH).execute(query)
    with target.open("w", encoding="utf-8", newline="\n") as out:
        for row in result:
            values = {name: _encode(row[i], kinds[name]) for i, name in enumerate(names)}
            out.write(json.dumps(values, ensure_ascii=False, separators=(",", ":")))
            out.write("\n")
            count += 1
    return count


# --- create ------------------------------------------------------------------------------------


def _prepare_target(path: Path, folder: bool) -> Path:
    if path.name.endswith(".zip"):
        raise BackupError("a backup is written as NAME.tar.gz (compressed), NAME.tar.gz.enc "
                          "(compressed and sealed with --key-file) or a folder, not a zip.")
    if not folder and path.exists():
        raise BackupError(f"{path} already exists; choose a new name so no earlier backup "
                          "is overwritten.")
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise BackupError(f"{path} already exists and is not an empty folder; "
                          "choose a new path so no earlier backup is overwritten.")
    path.parent.mkdir(parents=True, exist_ok=True)
    # Built under a temporary name next to the target and renamed at the end, so a folder at
    # PATH is always a complete backup. mkdtemp makes it readable by its owner only.
    return Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}.partial-"))


def create_backup(path: str | os.PathLike, key_file: Path | None = None) -> Summary:
    """Write a backup of the database and the files to ``path``: a folder, or an archive
    (NAME.tar.gz; NAME.tar.gz.enc sealed with ``key_file``), packing.py."""
    from .packing import FOLDER, key_from, pack, target_kind

    path = Path(path).absolute()
    kind = target_kind(path, key_file)
    key = key_from(key_file)
    work = _prepare_target(path, kind == FOLDER)
    summary = Summary(path=path, dialect=db.engine.dialect.name)
    files: list[dict[str, Any]] = []
    try:
        (work / TABLES_DIR).mkdir()
        db.session.remove()
        with _snapshot_connection() as conn:
            revision = current_revision(conn)
            if revision is None:
                raise BackupError("the database has no schema (no alembic_version table); "
                                  "there is nothing to back up.")
            summary.revision = revision
            for table in each(_tables(), "tables    "):
                relative = f"{TABLES_DIR}/{table.name}.jsonl"
                summary.rows[table.name] = _dump_table(conn, table, work / relative)
            used_uploads = set(conn.scalars(select(Document.sha256).distinct()))
            conn.rollback()
        for table in _tables():
            relative = f"{TABLES_DIR}/{table.name}.jsonl"
            sha, size = _sha256_of(work / relative)
            files.append({"path": relative, "size": size, "sha256": sha, "kind": "table"})

        store = Storage(_upload_dir())
        copied_uploads = set()
        for sha in each(sorted(store.stored_hashes()), "files     "):
            relative = f"{UPLOADS_PREFIX}{sha[:2]}/{sha[2:]}"
            try:
                copied, size = _copy_hashing(_upload_dir() / sha[:2] / sha[2:], work / relative)
            except FileNotFoundError:
                continue  # removed since it was listed: no row used it, or it is missing below
            copied_uploads.add(sha)
            if copied != sha:
                summary.warnings.append(f"stored upload {sha} does not match its name (its "
                                        f"content hashes to {copied}); copied as it is.")
            files.append({"path": relative, "size": size, "sha256": copied, "kind": "upload"})
            summary.uploads += 1
            summary.file_bytes += size
        summary.missing_uploads = sorted(used_uploads - copied_uploads)
        for sha in summary.missing_uploads:
            summary.warnings.append(f"the file {sha} a document uses is missing from the "
                                    "upload folder; the backup cannot hold it.")
        unwritable = store.unwritable()
        if unwritable:
            summary.warnings.append(f"{unwritable}: new documents cannot be stored.")
        for source in _report_files():
            relative = f"{REPORTS_PREFIX}{source.name}"
            copied, size = _copy_hashing(source, work / relative)
            files.append({"path": relative, "size": size, "sha256": copied, "kind": "report"})
            summary.reports += 1
            summary.file_bytes += size

        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "alembic_revision": summary.revision,
            "dialect": summary.dialect,
            "table_order": [table.name for table in _tables()],
            "row_counts": summary.rows,
            "files": files,
        }
        (work / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        if kind != FOLDER:
            pack(work, path, key)
            shutil.rmtree(work)
        else:
            if path.exists():
                path.rmdir()  # checked empty above
            os.replace(work, path)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise

    record("backup.created", detail={
        "path": str(path), "form": kind, "revision": summary.revision,
        "rows": summary.total_rows,
        "uploads": summary.uploads, "reports": summary.reports,
    }, actor="system", object_type="backup")
    db.session.commit()
    return summary


# --- restore -----------------------------------------------------------------------------------


def read_manifest(path: Path) -> dict[str, Any]:
    manifest_path = path / MANIFEST
    if not path.is_dir():
        raise BackupError(f"{path} is not a backup folder; give what `backup create` wrote.")
    if not manifest_path.is_file():
        raise BackupError(f"{path} has no {MANIFEST}: it is not a backup, or not a complete one.")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise BackupError(f"{MANIFEST} cannot be read ({exc}); the backup is damaged.") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{MANIFEST} is not a Qtrax Disputes backup manifest.")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(f"this backup has format version {manifest.get('format_version')}; "
                          f"this version of the app reads version {FORMAT_VERSION}.")
    for key in ("alembic_revision", "row_counts", "files", "table_order"):
        if key not in manifest:
            raise BackupError(f"{MANIFEST} lacks “{key}”; the backup is damaged.")
    return manifest


def _check_target(manifest: dict[str, Any]) -> None:
    with db.engine.connect() as conn:
        revision = current_revision(conn)
        if revision is None:
            raise BackupError("this database has no schema yet. Run `flask db upgrade` on the "
                              "empty database first, then restore.")
        if revision != manifest["alembic_revision"]:
            raise BackupError(
                f"the backup is at schema revision {manifest['alembic_revision']} but this "
                f"database is at {revision}. Restore into an empty database upgraded to the "
                "backup's revision (`flask db upgrade` with the app version that wrote it).")
        names = {table.name for table in _tables()}
        if set(manifest["row_counts"]) != names:
            raise BackupError("the backup's tables do not match this app's tables although "
                              "the revision does; it was not written by this app.")
        holding = [table.name for table in _tables()
                   if conn.execute(select(exists().select_from(table))).scalar()]
        if holding:
            raise BackupError(
                "this database already holds data (in " + ", ".join(holding) + "). A backup "
                "is only restored into an empty database: create a new one, run "
                "`flask db upgrade`, and restore into that. Nothing was changed.")


def _verify_files(path: Path, manifest: dict[str, Any]) -> list[dict[str, Any]]:
    """Every file the manifest lists is present, in a place we expect, and intact."""
    entries = manifest["files"]
    problems: list[str] = []
    seen: set[str] = set()
    table_files = {f"{TABLES_DIR}/{name}.jsonl" for name in manifest["row_counts"]}
    for entry in each(entries, "checking  "):
        relative = entry.get("path", "")
        if not (_UPLOAD_PATH.fullmatch(relative) or _REPORT_PATH.fullmatch(relative)
                or (_TABLE_PATH.fullmatch(relative) and relative in table_files)):
            raise BackupError(f"the manifest names an unexpected file “{relative}”; "
                              "the backup is damaged or was not written by this app.")
        seen.add(relative)
        source = path / relative
        if not source.is_file():
            problems.append(f"{relative}: missing")
            continue
        sha, size = _sha256_of(source)
        if size != entry.get("size") or sha != entry.get("sha256"):
            problems.append(f"{relative}: content differs from the manifest")
    missing_tables = table_files - seen
    if missing_tables:
        problems.extend(f"{name}: not listed in the manifest" for name in sorted(missing_tables))
    if problems:
        shown = "\n  ".join(problems[:20])
        more = f"\n  … and {len(problems) - 20} more" if len(problems) > 20 else ""
        raise BackupError(f"the backup failed its integrity check; nothing was changed.\n  "
                          f"{shown}{more}")
    return entries


def _rows(source: Path, table: Table) -> Iterator[tuple[int, dict[str, Any]]]:
    """Each row of a table's dump with the number of its line."""
    kinds = _kinds(table)
    with source.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            raw = json.loads(line)
            unknown = set(raw) - set(kinds)
            if unknown:
                raise BackupError(f"{source.name} line {number} has columns this table lacks: "
                                  + ", ".join(sorted(unknown)))
            yield number, {name: _decode(value, kinds[name]) for name, value in raw.items()}


def _batches(rows: Iterable[tuple[int, dict[str, Any]]]
             ) -> Iterator[list[tuple[int, dict[str, Any]]]]:
    batch: list[tuple[int, dict[str, Any]]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def describe_failure(exc: SQLAlchemyError | OSError) -> str:
    """What went wrong, for the operator, without the rows: a database error's message may
    quote the values of the rows it was given, and rows hold personal data."""
    if isinstance(exc, SQLAlchemyError):
        return f"the database refused it ({type(getattr(exc, 'orig', None) or exc).__name__})"
    return str(exc)


def _first_refused(table: Table, batch: list[tuple[int, dict[str, Any]]]) -> int:
    """The line of the first row of ``batch`` the database refuses on its own."""
    for number, row in batch:
        try:
            with db.session.begin_nested():
                db.session.execute(insert(table), [row])
        except SQLAlchemyError:
            return number
    return batch[0][0]  # refused only together: name where the batch starts


def _insert_dump(source: Path, table: Table) -> int:
    """Insert a table's dump in batches; return how many rows it held."""
    count = 0
    for batch in _batches(_rows(source, table)):
        try:
            with db.session.begin_nested():
                db.session.execute(insert(table), [row for _, row in batch])
        except SQLAlchemyError as exc:
            line = _first_refused(table, batch)
            raise BackupError(f"{TABLES_DIR}/{source.name} line {line} cannot be stored in "
                              f"this database: {describe_failure(exc)}. Nothing was "
                              "restored.") from None
        count += len(batch)
    return count


def _advance_sequences() -> None:
    """Move every integer ``id`` sequence past the restored rows (PostgreSQL only)."""
    if db.engine.dialect.name != "postgresql":
        return  # SQLite hands out max(rowid) + 1 by itself
    preparer = db.engine.dialect.identifier_preparer
    for table in _tables():
        id_column = table.columns.get("id")
        if id_column is None or list(table.primary_key.columns) != [id_column]:
            continue
        if id_column.type.python_type is not int:
            continue
        sequence = func.pg_get_serial_sequence(preparer.format_table(table), "id")
        db.session.execute(select(func.setval(
            sequence, select(func.coalesce(func.max(id_column), 0) + 1).scalar_subquery(),
            False)).where(sequence.isnot(None)))


def _copy_files_in(path: Path, entries: list[dict[str, Any]], summary: Summary) -> list[Path]:
    """Copy the uploads and reports into place; returns the files this created."""
    created: list[Path] = []
    uploads, reports = _upload_dir(), _report_dir()
    try:
        for entry in entries:
            relative = entry["path"]
            if upload := _UPLOAD_PATH.fullmatch(relative):
                target = uploads / upload.group(1) / upload.group(2)
                summary.uploads += 1
            elif report := _REPORT_PATH.fullmatch(relative):
                target = reports / f"{report.group(1)}.pdf"
                summary.reports += 1
            else:
                continue
            if target.is_file() and _sha256_of(target) == (entry["sha256"], entry["size"]):
                continue  # the same content is already in place
            new = not target.exists()
            sha, size = _copy_hashing(path / relative, target)
            if new:
                created.append(target)
            if (sha, size) != (entry["sha256"], entry["size"]):
                raise BackupError(f"{relative} changed while it was being restored.")
            summary.file_bytes += size
    except BaseException:
        for target in created:
            target.unlink(missing_ok=True)
        raise
    return created


def restore_backup(path: str | os.PathLike, shown_as: Path | None = None) -> Summary:
    """Restore the backup folder ``path`` (an archive's, unpacked: packing.opened) into this
    (empty) instance; ``shown_as`` is what the operator named, for the summary and the log."""
    path = Path(path).absolute()
    manifest = read_manifest(path)
    db.session.remove()
    _check_target(manifest)
    entries = _verify_files(path, manifest)

    summary = Summary(path=shown_as or path, revision=manifest["alembic_revision"],
                      dialect=manifest.get("dialect", ""))
    created = _copy_files_in(path, entries, summary)
    try:
        session = db.session
        if db.engine.dialect.name == "sqlite":
            # pysqlite opens a transaction only before a write, and a SAVEPOINT outside one
            # would commit at its RELEASE: open it here, so the batches' savepoints nest.
            session.connection().exec_driver_sql("BEGIN")
        for table in each(_tables(), "restoring "):
            count = _insert_dump(path / TABLES_DIR / f"{table.name}.jsonl", table)
            if count != manifest["row_counts"][table.name]:
                raise BackupError(f"{table.name}: the dump holds {count} rows but the "
                                  f"manifest says {manifest['row_counts'][table.name]}.")
            summary.rows[table.name] = count
        _advance_sequences()
        record("backup.restored", detail={
            "path": str(shown_as or path), "backup_created_at": manifest.get("created_at"),
            "revision": summary.revision, "from_dialect": summary.dialect,
            "rows": summary.total_rows, "uploads": summary.uploads,
            "reports": summary.reports,
        }, actor="system", object_type="backup")
        session.commit()
    except BaseException:
        db.session.rollback()
        for target in created:
            target.unlink(missing_ok=True)
        raise
    return summary
