"""`flask documents ...`: check stored files against their hashes; remove unreferenced ones."""

from __future__ import annotations

import hashlib

import click
from flask.cli import AppGroup
from sqlalchemy import select

from qtrax_disputes.core.progress import details, each
from qtrax_disputes.web.extensions import db

from .models import Document
from .operations import collect_garbage, storage
from .storage import CHUNK, MissingFile

documents_cli = AppGroup("documents", help="Stored documents.")


def _rehash(store, sha256: str) -> str:
    digest = hashlib.sha256()
    with store.open(sha256) as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


@documents_cli.command("verify")
def verify() -> None:
    """Re-hash every stored file; exit 1 if any is missing or altered, or if the upload
    folder cannot be written."""
    store = storage()
    hashes = db.session.execute(
        select(Document.sha256, Document.original_name)
        .order_by(Document.sha256)).all()
    seen, missing, altered = set(), [], []
    for sha256, name in each(hashes, "verifying "):
        if sha256 in seen:
            continue
        seen.add(sha256)
        try:
            actual = _rehash(store, sha256)
        except MissingFile:
            missing.append((sha256, name))
            continue
        if actual != sha256:
            altered.append((sha256, name))
    for sha256, name in missing:
        click.echo(f"MISSING  {sha256}  {name}")
    for sha256, name in altered:
        click.echo(f"ALTERED  {sha256}  {name}")
    click.echo(f"checked {len(seen)} file(s): {len(missing)} missing, {len(altered)} altered")
    unwritable = store.unwritable()
    if unwritable:
        click.echo(f"UNWRITABLE  {unwritable}: new documents cannot be stored")
    if missing or altered or unwritable:
        raise SystemExit(1)


@documents_cli.command("gc")
@click.option("--dry-run", is_flag=True, help="List what would be removed; remove nothing.")
def gc(dry_run: bool) -> None:
    """Remove stored files no document uses, and files of documents deleted longer ago than
    DOCUMENT_RETENTION_DAYS (when set; otherwise deleted documents' files are kept). A file
    touched in the last UPLOAD_GRACE_MINUTES is kept: a request may still be saving its row."""
    removable = collect_garbage(dry_run=dry_run, steps=each)
    for sha256 in removable:
        # A dry run is asked by a person; what a run removed is in the audit log, for cron.
        (click.echo if dry_run else details)(("would remove " if dry_run else "removed ") + sha256)
    click.echo(f"{len(removable)} file(s) {'to remove' if dry_run else 'removed'}")


@documents_cli.command("purge-held")
def purge_held() -> None:
    """Delete the complaint form's kept files whose HELD_UPLOAD_MINUTES are over, and remove
    their stored files unless a document (or another kept file) uses them."""
    from .held import purge_expired

    rows, removed = purge_expired()
    click.echo(f"{rows} expired kept file(s) released, {len(removed)} stored file(s) removed")
