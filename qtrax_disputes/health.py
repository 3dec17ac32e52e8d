from flask import Blueprint, jsonify
from sqlalchemy import text

from .documents.checks import missing_files, upload_folder_problem
from .extensions import db

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
    missing = len(missing_files())
    if missing:
        return jsonify(status="degraded", database="ok", files=f"{missing} missing")
    return jsonify(status="ok", database="ok", files="ok")


@bp.route("/livez")
def livez():
    """The process answers, without touching the database: for a load balancer's liveness
    probe, and the framework's own ceiling in the benchmarks."""
    return jsonify(status="ok")
