"""Whether the stored files are all there and a new one can be stored: for `documents
verify`, `backup create` and /healthz, which each say so when not."""

from __future__ import annotations

from sqlalchemy import func, select

from qtrax_disputes.web.extensions import db

from .models import Document
from .operations import storage


def missing_files() -> list[tuple[str, str]]:
    """(sha256, a document's name) for each file a document row uses that is not stored."""
    store = storage()
    rows = db.session.execute(select(Document.sha256, func.min(Document.original_name))
                              .group_by(Document.sha256).order_by(Document.sha256))
    return [(sha256, name) for sha256, name in rows if not store.exists(sha256)]


def upload_folder_problem() -> str | None:
    return storage().unwritable()
