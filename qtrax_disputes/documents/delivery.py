"""Sending a stored document to a browser: streamed, named safely, audited."""

from __future__ import annotations

from urllib.parse import quote

from flask import Response, stream_with_context
from werkzeug.utils import secure_filename

from qtrax_disputes.web.errors import render_error
from qtrax_disputes.web.extensions import db

from ..audit.log import record
from .models import Document
from .operations import storage
from .sniff import download_name
from .storage import MissingFile

# Types a browser may show inline without risk: none of them can run script in our origin.
INLINE_SAFE = frozenset({"application/pdf", "image/png", "image/jpeg", "text/plain"})


def content_disposition(name: str, inline: bool = False) -> str:
    """RFC 6266 with an RFC 5987 ``filename*`` for the real name and an ASCII fallback."""
    disposition = "inline" if inline else "attachment"
    fallback = secure_filename(name.encode("ascii", "ignore").decode()) or "document"
    return f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def send_document(document: Document, *, actor: str | None = None, inline: bool = False):
    store = storage()
    try:
        handle = store.open(document.sha256)
    except MissingFile:
        return render_error(
            404,
            f"The file for “{document.original_name}” is missing from storage. Nothing is "
            "shown instead. Tell an administrator: `flask documents verify` lists such files.",
        )
    inline = inline and document.media_type in INLINE_SAFE
    record("document.downloaded", document,
           {"case_id": document.case_id, "name": document.original_name,
            "inline": inline}, actor=actor)
    db.session.commit()

    def chunks():
        with handle:
            while block := handle.read(64 * 1024):
                yield block

    # Werkzeug adds "; charset=utf-8" to a text type itself.
    media_type = document.media_type if inline else "application/octet-stream"
    response = Response(stream_with_context(chunks()), mimetype=media_type)
    response.headers["Content-Disposition"] = content_disposition(
        download_name(document.original_name, document.media_type), inline)
    response.headers["Content-Length"] = str(document.size)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    # Even a PDF shown inline gets no script and no plugins of its own origin.
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response

