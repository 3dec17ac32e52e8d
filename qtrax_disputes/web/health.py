import time

from flask import Blueprint, current_app, jsonify
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy import text

from qtrax_disputes.auth.roles import ADMIN
from qtrax_disputes.documents.checks import missing_files, upload_folder_problem
from qtrax_disputes.web.extensions import db
from qtrax_disputes.web.health_checks import cron_checks

bp = Blueprint("health", __name__)


@bp.route("/healthz")
def healthz() -> ResponseReturnValue:
    """503 when this instance cannot do its work: no database, an upload folder it cannot
    write, an email waiting too long in the outbox, or a cron job (`deadlines remind`,
    `report weekly`) that stopped running (health_checks.py). 200 but "degraded" when a
    document's file is missing, which every worker shares and which taking this one out of
    service would not mend.

    Each check answers "ok" or why not, in words; the figures behind them (backlog, ages,
    last runs) are shown to a signed-in administrator only, as the probe is public."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # any failure to answer means the database is not usable
        db.session.rollback()
        return jsonify(status="degraded", database="unavailable", failing=["database"]), 503
    body: dict = {"status": "ok", "database": "ok"}
    failing: list[str] = []
    if upload_folder_problem():
        body["files"] = "upload folder not writable"
        failing.append("files")
    elif missing := _missing_file_count():
        body["files"] = f"{missing} missing"
        body["status"] = "degraded"
    else:
        body["files"] = "ok"
    checks = cron_checks()
    for check in checks:
        body[check.name] = check.answer
        if not check.ok:
            failing.append(check.name)
    if _shows_figures():
        body["figures"] = {check.name: check.figures for check in checks}
    if failing:
        body["status"], body["failing"] = "degraded", failing
        return jsonify(body), 503
    return jsonify(body)


def _shows_figures() -> bool:
    return bool(current_user.is_authenticated and current_user.role == ADMIN)


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
