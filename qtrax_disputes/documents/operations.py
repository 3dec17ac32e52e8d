"""Storing uploaded files as a case's documents, together with their rows."""

from __future__ import annotations

from collections.abc import Iterable

from flask import current_app
from werkzeug.datastructures import FileStorage

from ..audit.log import record
from ..extensions import db
from .models import Document
from .sniff import DEFAULT_ALLOWED
from .storage import Storage

MAX_NAME = 255


class UploadRefused(ValueError):
    """A file the app will not keep; ``message`` says why, for the person who chose it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def storage() -> Storage:
    return Storage(current_app.config["UPLOAD_DIR"])


def allowed_types() -> frozenset[str]:
    configured = current_app.config.get("ALLOWED_UPLOAD_TYPES")
    return frozenset(configured) if configured else DEFAULT_ALLOWED


def display_name(filename: str | None) -> str:
    """The name as the person gave it, trimmed for display. Never used to build a path."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip() or "document"
    if len(name) > MAX_NAME:
        stem, dot, ext = name.rpartition(".")
        keep = MAX_NAME - len(ext) - 1 if dot and len(ext) <= 10 else MAX_NAME
        name = (stem[:keep] + "." + ext) if dot and len(ext) <= 10 else name[:MAX_NAME]
    return name


def chosen_files(files: Iterable[FileStorage]) -> list[FileStorage]:
    """The files actually chosen: browsers send an empty part for an empty file input."""
    return [f for f in files if f and f.filename]


def store_documents(tx, case, files: Iterable[FileStorage], *, uploaded_by: str,
                    uploaded_by_user_id: int | None = None, tag: str = "other",
                    privileged: bool = False, visible_to_claimant: bool = False,
                    **extra) -> list[Document]:
    """Put each file in storage (inside ``tx``) and add its Document row to the session.

    Raises UploadRefused naming the file; the caller's transaction then rolls back and ``tx``
    removes the files this request created, so nothing is half-saved.
    """
    from .storage import StorageError

    documents = []
    for upload in files:
        name = display_name(upload.filename)
        try:
            stored = tx.put(upload.stream, max_bytes=current_app.config["MAX_FILE_BYTES"],
                            allowed_types=allowed_types())
        except StorageError as exc:
            raise UploadRefused(f"{name}: {exc.message}") from exc
        document = Document(
            case_id=case.id, original_name=name, sha256=stored.sha256, size=stored.size,
            media_type=stored.media_type, tag=tag, privileged=privileged,
            visible_to_claimant=visible_to_claimant and not privileged,
            uploaded_by=uploaded_by, uploaded_by_user_id=uploaded_by_user_id, **extra,
        )
        db.session.add(document)
        db.session.flush()
        record("document.uploaded", document,
               {"case": case.number, "name": name, "sha256": stored.sha256,
                "size": stored.size, "tag": tag},
               actor=uploaded_by if uploaded_by.startswith("complainant") else None)
        documents.append(document)
    return documents
