"""gunicorn's own lines and its access log as JSON, in the form of the app's (log_format.py).

The access line names the route's rule the app matched (``/status/<token>``), read from the
request's WSGI environ where request_log.py leaves it with the request id and the user id:
gunicorn's own line would write the raw path, and a status link's path is the key to a case.
"""

from __future__ import annotations

from gunicorn import glogging  # type: ignore[import-untyped]

from qtrax_disputes.web.log_format import json_formatter
from qtrax_disputes.web.request_log import ENVIRON_REQUEST_ID, ENVIRON_ROUTE, ENVIRON_USER


class JsonLogger(glogging.Logger):
    def setup(self, cfg) -> None:
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                handler.setFormatter(json_formatter())

    def access(self, resp, req, environ, request_time) -> None:
        if not self.access_log_enabled:
            return
        self.access_log.info("access", extra={
            "request_id": environ.get(ENVIRON_REQUEST_ID),
            "user_id": environ.get(ENVIRON_USER),
            "route": environ.get(ENVIRON_ROUTE, "(not served by the app)"),
            "method": environ.get("REQUEST_METHOD"),
            "status": resp.status_code,
            "duration_ms": round(request_time.total_seconds() * 1000, 1),
            "bytes": getattr(resp, "sent", None),
            "remote_addr": environ.get("REMOTE_ADDR"),
        })
