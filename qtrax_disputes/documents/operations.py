"""Storing uploaded files as a case's documents, together with their rows."""

from __future__ import annotations

import time
from collections.abc import Iterable
from datetime import timedelta

from flask import current_app
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from qtrax_disputes.core.progress import Steps, through
from qtrax_disputes.core.refusals import Refused
from qtrax_disputes.db.transactions import operation
from qtrax_disputes.web.extensions import db

from ..audit.log import record
from ..cases import event_kinds as ek
from .models import Document, HeldUpload
from .sniff import DEFAULT_ALLOWED
from .storage import Storage, StoredFile

MAX_NAME = 255


class UploadRefused(Refused, ValueError):
    """A file the app will not keep; ``message`` says why, for the person who chose it."""


def storage() -> Storage:
    return Storage(current_app.config["UPLOAD_DIR"])


def allowed_types() -> frozenset[str]:
    configured = current_app.config.get("ALLOWED_UPLOAD_TYPES")
    return frozenset(configured) if configured else DEFAULT_ALLOWED


def display_name(filename: str | None) -> str:
    """The name as the person gave it, trimmed for display. Never used to build a path."""
    # Browsers send a double quote, CR and LF in a file name as %22, %0D and %0A (WHATWG).
    name = (filename or "").replace("%22", '"').replace("%0D", "").replace("%0A", "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip() or "document"
    if len(name) > MAX_NAME:
        stem, dot, ext = name.rpartition(".")
        keep = MAX_NAME - len(ext) - 1 if dot and len(ext) <= 10 else MAX_NAME
        name = (stem[:keep] + "." + ext) if dot and len(ext) <= 10 else name[:MAX_NAME]
    return name


def chosen_files(files: Iterable[FileStorage]) -> list[FileStorage]:
    """The files actually chosen: browsers send an empty part for an empty file input."""
    return [f for f in files if f and f.filename]


def put_files(tx, files: Iterable[FileStorage]) -> list[tuple[str, StoredFile]]:
    """Put each file in storage (inside ``tx``): the disk's share of storing documents.

    Raises UploadRefused naming the file; the files stored so far stay for ``documents gc``
    (another request may be reusing them). Done before the rows are written, it keeps the
    hashing and the fsync out of the database transaction, where they would hold the
    writer's lock for every other filing.
    """
    from .storage import StorageError

    stored = []
    for upload in files:
        name = display_name(upload.filename)
        try:
            stored.append((name, tx.put(upload.stream,
                                        max_bytes=current_app.config["MAX_FILE_BYTES"],
                                        allowed_types=allowed_types())))
        except StorageError as exc:
            raise UploadRefused(f"{name}: {exc.message}") from exc
    return stored


def add_document_rows(case, stored: list[tuple[str, StoredFile]], *, uploaded_by: str,
                      uploaded_by_user_id: int | None = None, tag: str = "other",
                      privileged: bool = False, visible_to_claimant: bool = False,
                      **extra) -> list[Document]:
    """The Document row and audit entry of each file ``put_files`` stored (the caller commits)."""
    documents = []
    for name, file in stored:
        document = Document(
            case_id=case.id, original_name=name, sha256=file.sha256, size=file.size,
            media_type=file.media_type, tag=tag, privileged=privileged,
            visible_to_claimant=visible_to_claimant and not privileged,
            uploaded_by=uploaded_by, uploaded_by_user_id=uploaded_by_user_id, **extra,
        )
        db.session.add(document)
        db.session.flush()
        record("document.uploaded", document,
               {"case": case.number, "name": name, "sha256": file.sha256,
                "size": file.size, "tag": tag},
               actor=uploaded_by if uploaded_by.startswith("complainant") else None)
        documents.append(document)
    return documents


def store_documents(tx, case, files: Iterable[FileStorage], **row_fields) -> list[Document]:
    """Put each file in storage (inside ``tx``) and add its Document row to the session.

    Raises UploadRefused naming the file; the caller's transaction then rolls back, so no row
    is half-saved, and the files no row uses are left for ``documents gc``.
    """
    return add_document_rows(case, put_files(tx, files), **row_fields)


def timeline_name(document: Document) -> str:
    """How the timeline, which every role reads, names a document: a privileged one's name
    is for those who may see it (the case page's documents and the privilege log)."""
    return "a privileged document" if document.privileged else document.original_name


@operation()
def upload_documents(case, files: list[FileStorage], *, tag: str, privileged: bool,
                     visible_to_claimant: bool, description: str = "",
                     log_fields: dict | None = None) -> list[Document]:
    """Staff add documents to a case: files and rows together, or neither."""
    from qtrax_disputes.core.clock import today

    from ..cases.events import add_event, current_actor

    actor, actor_id = current_actor()
    with storage().transaction() as tx:
        documents = store_documents(tx, case, files, uploaded_by=actor,
                                    uploaded_by_user_id=actor_id, tag=tag,
                                    privileged=privileged,
                                    visible_to_claimant=visible_to_claimant,
                                    description=description.strip(), **(log_fields or {}))
        add_event(case, ek.DOCUMENTS_ADDED, today(),
                  note="Added: " + ", ".join(timeline_name(d) for d in documents),
                  data={"documents": [d.id for d in documents]})
        db.session.commit()
    return documents


@operation()
def add_version(document: Document, upload: FileStorage, note: str = "") -> Document:
    """A new version keeps the old one: the new row supersedes it and inherits its flags."""
    from qtrax_disputes.core.clock import today

    from ..cases.events import add_event, current_actor

    actor, actor_id = current_actor()
    with storage().transaction() as tx:
        (new,) = store_documents(
            tx, document.case, [upload], uploaded_by=actor, uploaded_by_user_id=actor_id,
            tag=document.tag, privileged=document.privileged,
            visible_to_claimant=document.visible_to_claimant,
            description=document.description, version_note=note.strip(),
            supersedes_id=document.id,
            doc_date=document.doc_date, author=document.author,
            recipients=document.recipients, privilege_basis=document.privilege_basis)
        add_event(document.case, ek.DOCUMENT_VERSIONED, today(),
                  note=f"New version of {timeline_name(document)}: {timeline_name(new)}.",
                  data={"document": new.id, "supersedes": document.id})
        record("document.versioned", new, {"case": document.case.number,
                                           "supersedes": document.id, "sha256": new.sha256})
        db.session.commit()
    return new


@operation()
def soft_delete(document: Document, reason: str, user) -> None:
    """Counsel withdraw a document from the case; the file stays until `documents gc`."""
    from qtrax_disputes.core.clock import now_utc, today

    from ..cases.events import add_event

    if not reason.strip():
        raise UploadRefused("Give the reason for deleting the document.")
    document.deleted_at = now_utc()
    document.deleted_by_user_id = user.id
    document.deleted_reason = reason.strip()
    add_event(document.case, ek.DOCUMENT_DELETED, today(),
              note=f"Deleted {timeline_name(document)}: {document.deleted_reason}")
    record("document.deleted", document, {"case": document.case.number,
                                          "name": document.original_name,
                                          "reason": document.deleted_reason})
    db.session.commit()


def grace_cutoff() -> float:
    """Files touched after this moment may belong to a request still writing its rows."""
    return time.time() - 60 * current_app.config["UPLOAD_GRACE_MINUTES"]


def hashes_in_use(hashes: Iterable[str]) -> set[str]:
    """Those of ``hashes`` a committed row still uses: a document's, or a complaint form's
    kept file (documents/held.py) waiting for its next submit."""
    wanted = sorted(set(hashes))
    if not wanted:
        return set()
    return (set(db.session.scalars(select(Document.sha256).where(Document.sha256.in_(wanted))))
            | set(db.session.scalars(
                select(HeldUpload.sha256).where(HeldUpload.sha256.in_(wanted)))))


def remove_unused_files(candidates: Iterable[str], cutoff: float, *, by: str) -> list[str]:
    """Remove the candidates untouched since ``cutoff``, and uploads' stale temporary files.

    The caller took ``cutoff`` first and then found, reading the committed rows, that none
    uses the candidates: a request that has not committed yet touched its files after the
    cutoff, so they stay (``Storage.collect``).
    """
    store = storage()
    removed = store.collect(candidates, cutoff)
    temporary = store.collect_temporary(cutoff)
    if removed or temporary:
        record("documents.gc", detail={"removed": removed, "temporary_files": temporary,
                                       "by": by}, actor="system", object_type="documents")
        db.session.commit()
    return removed


def collect_garbage(*, dry_run: bool = False, steps: Steps = through) -> list[str]:
    """`documents gc`: remove stored files no document uses, and files of documents deleted
    longer ago than DOCUMENT_RETENTION_DAYS (when set; otherwise deleted documents' files are
    kept). Returns the hashes removed (or, dry, those that would be)."""
    from qtrax_disputes.core.clock import now_utc

    cutoff = grace_cutoff()
    db.session.rollback()  # the rows are read in a transaction begun after the cutoff
    store = storage()
    if not dry_run:
        store.restore_set_aside()
    live = set(db.session.scalars(select(Document.sha256).where(Document.deleted_at.is_(None))))
    # A held upload's file waits for its form's next submit: kept like a document's.
    referenced = set(db.session.scalars(select(Document.sha256)))
    referenced |= set(db.session.scalars(select(HeldUpload.sha256)))
    retention = current_app.config.get("DOCUMENT_RETENTION_DAYS")
    expired = set()
    if retention not in (None, ""):
        deleted_before = now_utc() - timedelta(days=int(retention))
        expired = set(db.session.scalars(select(Document.sha256).where(
            Document.deleted_at.is_not(None), Document.deleted_at < deleted_before))) - live
    candidates = [h for h in steps(store.stored_hashes(), "checking  ")
                  if h not in referenced or h in expired]
    if dry_run:
        return [h for h in candidates if store.untouched_since(h, cutoff)]
    return remove_unused_files(candidates, cutoff, by="documents gc")
