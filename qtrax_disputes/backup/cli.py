"""`flask backup create PATH`, `flask backup restore PATH` and `flask backup keygen KEYFILE`.

On a terminal they draw their progress and list the rows of each table; from cron they write
one line of summary, their warnings and their errors (core/progress.py).
"""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy.exc import SQLAlchemyError

from qtrax_disputes.core.progress import details
from qtrax_disputes.web.extensions import db

from .archive import (
    BackupError,
    Summary,
    create_backup,
    describe_failure,
    read_manifest,
    restore_backup,
)
from .packing import opened
from .sealing import SealError, new_key_file

backup_cli = AppGroup("backup", help="Back up and restore the database and the stored files.")


def _size(n: float) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n} bytes"  # pragma: no cover


def _counts(summary: Summary) -> str:
    """Each table's rows (on a terminal only); returns the one-line summary."""
    width = max((len(name) for name in summary.rows), default=0)
    for name, count in summary.rows.items():
        details(f"  {name:<{width}}  {count:>9}")
    return (f"{summary.total_rows} rows, {summary.uploads} uploaded file(s), "
            f"{summary.reports} report PDF(s), {_size(summary.file_bytes)}")


KEY_FILE = click.option(
    "--key-file", type=click.Path(dir_okay=False, path_type=Path),
    help="Seal (create) or open (restore) the backup with this key file; a sealed backup is "
         "named NAME.tar.gz.enc.")


@backup_cli.command("create")
@click.argument("path", type=click.Path(path_type=Path))
@KEY_FILE
def create_command(path: Path, key_file: Path | None) -> None:
    """Write a backup of the database, the uploads and the reports to PATH.

    PATH names its form: NAME.tar.gz is compressed, NAME.tar.gz.enc is compressed and sealed
    with --key-file, any other name is an (uncompressed) folder. PATH must not exist yet (a
    folder may be empty). The backup holds personal data: keep it, and its key file apart
    from it, where only the people who run the firm's systems can read them.
    """
    try:
        summary = create_backup(path, key_file)
    except BackupError as exc:
        raise click.ClickException(f"no backup written: {exc.message}") from None
    except (SQLAlchemyError, OSError) as exc:
        raise click.ClickException(f"no backup written: {describe_failure(exc)}") from None
    for warning in summary.warnings:
        click.echo(f"warning: {warning}", err=True)
    line = _counts(summary)
    click.echo(f"backup written to {summary.path} ({summary.dialect} database, schema "
               f"revision {summary.revision}): {line}")
    if summary.missing_uploads:
        # Written, since it holds all there is; but a cron job must not report success.
        raise click.ClickException(f"the backup lacks {len(summary.missing_uploads)} file(s) "
                                   "that documents use (see the warnings above).")


@backup_cli.command("restore")
@click.argument("path", type=click.Path(path_type=Path))
@KEY_FILE
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def restore_command(path: Path, key_file: Path | None, yes: bool) -> None:
    """Restore the backup at PATH (NAME.tar.gz, NAME.tar.gz.enc with --key-file, or a
    backup folder) into this instance's empty database.

    The database must hold no rows and be at the backup's schema revision: create it empty
    and run `flask db upgrade` first. The backup is checked in full before anything changes.
    """
    try:
        with opened(path.absolute(), key_file) as folder:
            _restore(path.absolute(), folder, yes)
    except BackupError as exc:
        raise click.ClickException(f"nothing restored: {exc.message}") from None


def _restore(path: Path, folder: Path, yes: bool) -> None:
    manifest = read_manifest(folder)
    if not yes:
        target = db.engine.url.render_as_string(hide_password=True)
        click.confirm(f"Restore the backup of {manifest.get('created_at')} "
                      f"({sum(manifest['row_counts'].values())} rows, "
                      f"{len(manifest['files'])} files) into {target}?", abort=True)
    try:
        summary = restore_backup(folder, shown_as=path)
    except (SQLAlchemyError, OSError) as exc:
        raise click.ClickException("nothing restored, the restore failed: "
                                   f"{describe_failure(exc)}") from None
    line = _counts(summary)
    click.echo(f"restored {summary.path} (written {manifest.get('created_at')} from "
               f"{summary.dialect or 'an unknown database'}, schema revision "
               f"{summary.revision}): {line}")


@backup_cli.command("keygen")
@click.argument("key_file", type=click.Path(dir_okay=False, path_type=Path))
def keygen_command(key_file: Path) -> None:
    """Write a new random key to KEY_FILE (readable by its owner only) for --key-file.

    Keep it apart from the backups (a sealed backup and its key in one place are as open as
    an unsealed one) and keep a copy: without it a sealed backup cannot be restored.
    """
    try:
        new_key_file(key_file)
    except SealError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"wrote a new backup key to {key_file}")
