"""Serving under gunicorn: ``gunicorn -c python:qtrax_disputes.web.gunicorn_conf -w 4 app:app``.

Gunicorn's workers are separate processes. Rate limits counted in process memory would let
each worker admit the whole limit again (two workers: twice the sign-in guesses), so several
workers refuse to start until they share a store.

Its lines are JSON like the app's, its access log on standard output naming the route's rule,
never the raw path (gunicorn_logging.py).
"""

from __future__ import annotations

from qtrax_disputes.web.config import counts_in_process_memory, ratelimit_storage_uri

logger_class = "qtrax_disputes.web.gunicorn_logging.JsonLogger"
accesslog = "-"


def on_starting(server) -> None:
    storage = ratelimit_storage_uri()
    if server.cfg.workers > 1 and counts_in_process_memory(storage):
        raise SystemExit(
            f"{server.cfg.workers} workers would each count sign-in attempts on their own "
            f"({storage}): set RATELIMIT_STORAGE_URI to a store they share, e.g. "
            "redis://127.0.0.1:6379/0, or serve with one worker.")
