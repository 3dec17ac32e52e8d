"""Response headers that keep pages from being framed, sniffed or fed foreign scripts."""

from __future__ import annotations

import logging
import re

from flask import Flask, Response
from werkzeug.routing import IntegerConverter

# No inline script or style anywhere: our own files only. Images may be data: URIs (inline
# SVG charts are markup, not images, so need nothing more).
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


def register_security_headers(app: Flask) -> None:
    @app.after_request
    def add_headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if app.config.get("SESSION_COOKIE_SECURE"):
            response.headers.setdefault(
                "Strict-Transport-Security", "max-age=31536000; includeSubDomains"
            )
        return response


class RowIdConverter(IntegerConverter):
    """``<int:...>`` in every route: ASCII digits that fit the database's 32-bit ids. Any
    other number matches no route (a 404) instead of overflowing the query."""

    regex = r"[0-9]{1,10}"  # werkzeug's \d+ also matches digits of other scripts

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)


def register_row_ids(app: Flask) -> None:
    """Before any blueprint is registered: a rule picks its converter when it is added."""
    app.url_map.converters["int"] = RowIdConverter


def register_input_guard(app: Flask) -> None:
    """A NUL character can be neither shown nor stored (PostgreSQL refuses it in text): a
    request carrying one in its address or form is refused plainly, before any view runs."""
    from flask import request

    from qtrax_disputes.web.errors import render_error

    @app.before_request
    def refuse_nul_characters():
        values = [request.path, *request.args.values()]
        if request.method in {"POST", "PUT", "PATCH"} and request.mimetype in {
                "application/x-www-form-urlencoded", "multipart/form-data"}:
            values += list(request.form.values())
        if any("\x00" in value for value in values):
            return render_error(400, "The request contained a character that cannot be "
                                     "stored (NUL). Remove it and try again.")
        return None


_STATUS_LINK = re.compile(r"/status/[^/\s\"?#]+")


class _StatusLinksHidden(logging.Filter):
    """The request log writes every path, and a status link's path is the key to a case."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "/status/" in message:
            record.msg, record.args = _STATUS_LINK.sub("/status/…", message), ()
        return True


def hide_status_links_in_request_log() -> None:
    request_log = logging.getLogger("werkzeug")
    if not any(isinstance(f, _StatusLinksHidden) for f in request_log.filters):
        request_log.addFilter(_StatusLinksHidden())
