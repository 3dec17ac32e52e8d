from flask import Blueprint, jsonify
from sqlalchemy import text

from .extensions import db

bp = Blueprint("health", __name__)


@bp.route("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # any failure to answer means the database is not usable
        db.session.rollback()
        return jsonify(status="degraded", database="unavailable"), 503
    return jsonify(status="ok", database="ok")


@bp.route("/livez")
def livez():
    """The process answers, without touching the database: for a load balancer's liveness
    probe, and the framework's own ceiling in the benchmarks."""
    return jsonify(status="ok")
