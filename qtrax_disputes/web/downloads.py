"""Files the app makes for download (ledgers, reports, privilege logs), handed over one way.

They hold personal data and privileged matter: no cache may keep a copy, the browser's
included, so each is an attachment marked ``private, no-store``.
"""

from __future__ import annotations

from flask import Response


def attachment(body, mimetype: str, filename: str) -> Response:
    """``filename`` is one the app made (a case number, a week): plain ASCII, no quotes."""
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
