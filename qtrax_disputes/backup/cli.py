"""`flask backup create PATH` and `flask backup restore PATH`."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy.exc import SQLAlchemyError

from qtrax_disputes.web.extensions import db

from .archive import (
    BackupError,
    Summary,
    create_backup,
    describe_failure,
    read_manifest,
    restore_backup,
)

backup_cli = AppGroup("backup", help="Back up and restore the database and the stored files.")


def _size(n: float) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n} bytes"  # pragma: no cover


def _counts(summary: Summary) -> None:
    width = max((len(name) for name in summary.rows), default=0)
    for name, count in summary.rows.items():
        click.echo(f"  {name:<{width}}  {count:>9}")
    click.echo(f"  {'rows in all':<{width}}  {summary.total_rows:>9}")
    click.echo(f"  {summary.uploads} uploaded file(s), {summary.reports} report PDF(s), "
               f"{_size(summary.file_bytes)}")


@backup_cli.command("create")
@click.argument("path", type=click.Path(file_okay=False, path_type=Path))
def create_command(path: Path) -> None:
    """Write a backup of the database, the uploads and the reports into the folder PATH.

    PATH must not exist yet (or be an empty folder). The backup holds personal data: keep it
    somewhere only the people who run the firm's systems can read.
    """
    try:
        summary = create_backup(path)
    except BackupError as exc:
        raise click.ClickException(f"no backup written: {exc.message}") from None
    except (SQLAlchemyError, OSError) as exc:
        raise click.ClickException(f"no backup written: {describe_failure(exc)}") from None
    for warning in summary.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(f"backup written to {summary.path} "
               f"({summary.dialect} database, schema revision {summary.revision}):")
    _counts(summary)
    if summary.missing_uploads:
        # Written, since it holds all there is; but a cron job must not report success.
        raise click.ClickException(f"the backup lacks {len(summary.missing_uploads)} file(s) "
                                   "that documents use (see the warnings above).")


@backup_cli.command("restore")
@click.argument("path", type=click.Path(file_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def restore_command(path: Path, yes: bool) -> None:
    """Restore the backup in folder PATH into this instance's empty database.

    The database must hold no rows and be at the backup's schema revision: create it empty
    and run `flask db upgrade` first. The backup is checked in full before anything changes.
    """
    try:
        manifest = read_manifest(path.absolute())
    except BackupError as exc:
        raise click.ClickException(f"nothing restored: {exc.message}") from None
    if not yes:
        target = db.engine.url.render_as_string(hide_password=True)
        click.confirm(f"Restore the backup of {manifest.get('created_at')} "
                      f"({sum(manifest['row_counts'].values())} rows, "
                      f"{len(manifest['files'])} files) into {target}?", abort=True)
    try:
        summary = restore_backup(path)
    except BackupError as exc:
        raise click.ClickException(f"nothing restored: {exc.message}") from None
    except (SQLAlchemyError, OSError) as exc:
        raise click.ClickException("nothing restored, the restore failed: "
                                   f"{describe_failure(exc)}") from None
    click.echo(f"restored {summary.path} (written {manifest.get('created_at')} from "
               f"{summary.dialect or 'an unknown database'}, schema revision {summary.revision}):")
    _counts(summary)
