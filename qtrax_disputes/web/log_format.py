"""Every log line as one JSON object: the app's own lines (``current_app.logger``, the request
log), the libraries' (werkzeug, alembic, SQLAlchemy) and gunicorn's (gunicorn_logging.py).

structlog formats the standard library's records, so code keeps calling ``logging`` and
``current_app.logger``; fields given as ``extra={...}`` become keys of the line, and the request
being served adds its request id and user id (``structlog.contextvars``, bound by
request_log.py).

Logs are read by more people, and kept longer, than the cases: a line never holds a name or
case text (the request log states the route's rule, never the path or the form), and an email
address that reaches a message anyway is masked here, as a last guard.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import MutableMapping
from typing import Any

import structlog

HANDLER_NAME = "qtrax-json"
# Libraries that narrate their work: WeasyPrint logs each step of every PDF at INFO and each
# CSS rule it skips as a warning, fontTools its font subsetting. From cron (`report weekly`)
# all of it would reach the firm's mail; their errors still do.
QUIET_LOGGERS = {"weasyprint": logging.ERROR, "weasyprint.progress": logging.ERROR,
                 "fontTools": logging.ERROR}
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_STATUS_LINK = re.compile(r"/status/(?!<)[^/\s\"?#]+")


def _masked(text: str) -> str:
    return _STATUS_LINK.sub("/status/…", _EMAIL.sub("[email]", text))


def _mask_personal_data(logger: Any, method: str, event: MutableMapping[str, Any]
                        ) -> MutableMapping[str, Any]:
    event.pop("message", None)  # the event again, left on the record by another handler
    for key, value in event.items():
        if isinstance(value, str):
            event[key] = _masked(value)
    return event


def json_formatter() -> logging.Formatter:
    pre_chain: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.stdlib.ExtraAdder(),
        structlog.processors.TimeStamper(fmt="iso", utc=True, key="at"),
    ]
    return structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=pre_chain,
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            _mask_personal_data,
            structlog.processors.JSONRenderer(ensure_ascii=False, default=str),
        ],
    )


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is at the time (a test's capture, a redirect)."""

    def __init__(self) -> None:
        super().__init__()

    @property  # type: ignore[override]
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:
        pass


def configure(level: int = logging.INFO) -> None:
    """Send every logger's lines, as JSON, to standard error (once per process)."""
    root = logging.getLogger()
    if not any(handler.get_name() == HANDLER_NAME for handler in root.handlers):
        handler = _StderrHandler()
        handler.set_name(HANDLER_NAME)
        handler.setFormatter(json_formatter())
        root.addHandler(handler)
    root.setLevel(level)
    for name, quiet in QUIET_LOGGERS.items():
        logging.getLogger(name).setLevel(quiet)
