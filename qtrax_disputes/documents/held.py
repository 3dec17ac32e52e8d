"""Files kept between a refused complaint form and its next submit (held uploads).

A person who chose files and sent a form back for corrections should not have to choose them
again. Each file that passes the upload checks is stored like a document's (same storage, same
sniffing and size limit) and gets a HeldUpload row; the page carries an unguessable token per
file. Only the browser session that chose a file can claim it: the row keeps the hash of a
holder key that lives in that session, and of the token, never either itself.

Files are never removed here: a held row keeps its file from ``documents gc``; an expired row
is deleted by ``purge_expired`` and its file is then left to the same collector, which spares
whatever a document row (or another held row) still uses.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, select
from werkzeug.datastructures import FileStorage

from qtrax_disputes.core.clock import now_utc
from qtrax_disputes.db.transactions import operation
from qtrax_disputes.web.extensions import db

from ..audit.log import record
from .models import HeldUpload
from .operations import (
    UploadRefused,
    grace_cutoff,
    hashes_in_use,
    put_files,
    remove_unused_files,
    storage,
)
from .storage import StoredFile

ACTOR = "complainant"


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_holder_key() -> str:
    """The secret a browser session keeps to claim its held files."""
    return secrets.token_urlsafe(32)


class HeldFileGone(UploadRefused):
    """A kept file's stored copy is missing (it should not be: gc spares held files)."""

    def __init__(self, message: str, token: str):
        super().__init__(message)
        self.token = token


@dataclass(frozen=True)
class Held:
    """A held file as the form shows it: the token it carries, the name and the size."""

    token: str
    name: str
    size: int

    @property
    def size_text(self) -> str:
        if self.size >= 1024 * 1024:
            return f"{self.size / (1024 * 1024):.1f} MB"
        return f"{max(1, round(self.size / 1024))} KB"


@dataclass(frozen=True)
class Claimable:
    """A held row this session may use, with the token its page carries."""

    token: str
    row: HeldUpload

    @property
    def shown(self) -> Held:
        return Held(self.token, self.row.original_name, self.row.size)


@operation()
def hold_files(files: Iterable[FileStorage],
               holder_key: str) -> tuple[list[Claimable], list[str]]:
    """Keep each file that passes the upload checks; return those kept and, for each refused,
    the message that says why (naming the file). One refused file does not lose the others."""
    expires = now_utc() + timedelta(minutes=current_app.config["HELD_UPLOAD_MINUTES"])
    kept: list[Claimable] = []
    refusals: list[str] = []
    with storage().transaction() as tx:
        for upload in files:
            upload.stream.seek(0)  # a refused filing may have read it already
            try:
                ((name, stored),) = put_files(tx, [upload])
            except UploadRefused as exc:
                refusals.append(exc.message)
                continue
            token = secrets.token_urlsafe(24)
            row = HeldUpload(token_hash=_hash(token), holder_hash=_hash(holder_key),
                             original_name=name, sha256=stored.sha256, size=stored.size,
                             media_type=stored.media_type, expires_at=expires)
            record("upload.held", row, {"name": name, "sha256": stored.sha256,
                                        "size": stored.size}, actor=ACTOR)
            kept.append(Claimable(token, row))
    if kept:
        db.session.commit()
    return kept, refusals


def claimable(tokens: Iterable[str], holder_key: str | None) -> list[Claimable]:
    """The held files named by ``tokens`` that this session holds and that have not expired,
    in the order given; any other token (another session's, an expired or made-up one) is
    ignored, as if it had never been sent."""
    if not holder_key:
        return []
    wanted: dict[str, str] = {}  # token hash -> token
    for token in tokens:
        if token and len(token) <= 100:
            wanted.setdefault(_hash(token), token)
    if not wanted:
        return []
    rows = db.session.scalars(select(HeldUpload).where(
        HeldUpload.token_hash.in_(wanted), HeldUpload.holder_hash == _hash(holder_key),
        HeldUpload.expires_at > now_utc()))
    by_hash = {row.token_hash: row for row in rows}
    return [Claimable(token, by_hash[h]) for h, token in wanted.items() if h in by_hash]


@operation()
def release(token: str, holder_key: str | None) -> None:
    """The person removed a held file from the form: its row goes (its file is left to gc)."""
    for item in claimable([token], holder_key):
        record("upload.released", item.row, {"name": item.row.original_name}, actor=ACTOR)
        db.session.delete(item.row)
    db.session.commit()


def claim_within(tx, items: list[Claimable]) -> list[tuple[str, StoredFile]]:
    """Inside the caller's transaction: the held files as stored files for ``add_document_rows``,
    their rows deleted (the caller commits both together). Each file is touched first, so a
    collector that read the rows before this commit leaves it in place; one already gone is
    refused by name, and the caller's rollback keeps every row as it was."""
    stored = []
    for item in items:
        row = item.row
        if not tx.reuse(row.sha256):
            raise HeldFileGone(f"{row.original_name}: the kept copy is no longer available; "
                               "please choose the file again.", item.token)
        stored.append((row.original_name, StoredFile(row.sha256, row.size, row.media_type,
                                                     created=False)))
        db.session.delete(row)
    return stored


@operation()
def purge_expired() -> tuple[int, list[str]]:
    """`documents purge-held`: delete expired held rows, then remove their files unless a
    document row or another held row uses them. Returns (rows deleted, files removed)."""
    cutoff = grace_cutoff()
    db.session.rollback()  # read in a transaction begun after the cutoff (see collect_garbage)
    expired = db.session.scalars(
        select(HeldUpload).where(HeldUpload.expires_at <= now_utc())).all()
    if not expired:
        return 0, []
    hashes = {row.sha256 for row in expired}
    db.session.execute(delete(HeldUpload).where(HeldUpload.id.in_([r.id for r in expired])))
    record("uploads.held_purged", detail={"rows": len(expired)}, actor="system",
           object_type="held_uploads")
    db.session.commit()
    in_use = hashes_in_use(hashes)
    removed = remove_unused_files(sorted(hashes - in_use), cutoff, by="documents purge-held")
    return len(expired), removed
