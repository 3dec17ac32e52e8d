import time

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text

from qtrax_disputes.documents.checks import missing_files, upload_folder_problem
from qtrax_disputes.web.extensions import db

bp = Blueprint("health", __name__)


@bp.route("/healthz")
def healthz():
    """503 when this worker cannot serve filings (no database, an upload folder it cannot
    write); 200 but "degraded" when a document's file is missing, which every worker shares
    and which taking this one out of service would not mend."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # any failure to answer means the database is not usable
        db.session.rollback()
        return jsonify(status="degraded", database="unavailable"), 503
    if upload_folder_problem():
        return jsonify(status="degraded", database="ok", files="upload folder not writable"), 503
    missing = _missing_file_count()
    if missing:
        return jsonify(status="degraded", database="ok", files=f"{missing} missing")
    return jsonify(status="ok", database="ok", files="ok")


@bp.route("/livez")
def livez():
    """The process answers, without touching the database: for a load balancer's liveness
    probe, and the framework's own ceiling in the benchmarks."""
    return jsonify(status="ok")


def _missing_file_count() -> int:
    """How many stored files are missing, counted at most once per HEALTHZ_FILES_EVERY_SECONDS
    in this worker: counting looks at every document's file, and a probe every few seconds
    would do that all day on a large store. A missing file is mended by hand, not by the probe,
    so a count a minute old says all a load balancer or an operator needs."""
    every = current_app.config["HEALTHZ_FILES_EVERY_SECONDS"]
    now = time.monotonic()
    last = current_app.extensions.get("healthz_files")
    if last is not None and now - last[0] < every:
        return last[1]
    missing = len(missing_files())
    current_app.extensions["healthz_files"] = (now, missing)
    return missing
