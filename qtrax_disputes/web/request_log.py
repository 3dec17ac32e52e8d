"""One log line per request: its request id, the user, the route's rule (``/status/<token>``,
never the path with its token or numbers), the method, the status and the duration.

The request id is the caller's ``X-Request-ID`` when it is a sane token (a proxy or load
balancer that made one can follow the request through), else one made here; the response
echoes it, and every line logged while the request is served carries it. An error that is a
bug (a 500) is logged loudly, with its traceback and the request id the user can quote.
"""

from __future__ import annotations

import logging
import re
import time
import uuid

import structlog
from flask import Flask, g, request
from flask_login import current_user

HEADER = "X-Request-ID"
_SANE = re.compile(r"[A-Za-z0-9._:-]{1,64}")
# gunicorn's access log (gunicorn_logging.py) reads these from the request's WSGI environ.
ENVIRON_ROUTE, ENVIRON_REQUEST_ID, ENVIRON_USER = "qtrax.route", "qtrax.request_id", "qtrax.user"

log = logging.getLogger("qtrax_disputes.requests")


def request_id_from(header: str | None) -> str:
    if header and _SANE.fullmatch(header):
        return header
    return uuid.uuid4().hex


def _route() -> str:
    return request.url_rule.rule if request.url_rule is not None else "(no route)"


def _user_id() -> int | None:
    try:
        return current_user.id if current_user.is_authenticated else None
    except Exception:  # the user could not be loaded (the database is down): still log
        return None


def register_request_log(app: Flask) -> None:
    def start():
        g.request_started = time.perf_counter()
        g.request_id = request_id_from(request.headers.get(HEADER))
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=g.request_id)
        request.environ[ENVIRON_REQUEST_ID] = g.request_id

    # First of all: a request refused by an earlier check (access, input) still has its id.
    app.before_request_funcs.setdefault(None, []).insert(0, start)

    @app.after_request
    def finish(response):
        request_id = g.get("request_id") or request_id_from(None)
        response.headers[HEADER] = request_id
        user_id, route = _user_id(), _route()
        request.environ[ENVIRON_ROUTE], request.environ[ENVIRON_USER] = route, user_id
        started = g.get("request_started", time.perf_counter())
        log.info("request", extra={
            "request_id": request_id, "user_id": user_id, "route": route,
            "method": request.method, "status": response.status_code,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1)})
        return response

    @app.teardown_request
    def forget(_error):
        structlog.contextvars.clear_contextvars()

    def log_exception(exc_info) -> None:
        """Flask's own line names the path (a status link's token); this names the rule."""
        log.error("unhandled error: a bug", exc_info=exc_info, extra={
            "request_id": g.get("request_id"), "route": _route(), "method": request.method,
            "status": 500})

    app.log_exception = log_exception  # type: ignore[method-assign]
