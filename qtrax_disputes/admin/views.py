"""Administration: the audit log and the staff accounts."""

from __future__ import annotations

from datetime import datetime, time

from flask import Blueprint, render_template, request
from sqlalchemy import func, select

from qtrax_disputes.core.clock import LEGAL_TZ
from qtrax_disputes.web.extensions import db
from qtrax_disputes.web.query_args import day

from ..audit.models import AuditEntry
from ..auth.models import User

bp = Blueprint("admin", __name__, url_prefix="/admin")

PAGE_SIZE = 50


def _day_start(text: str | None, *, end: bool = False) -> datetime | None:
    if (given := day(text)) is None:
        return None
    return datetime.combine(given, time.max if end else time.min, tzinfo=LEGAL_TZ)


@bp.route("/audit")
def audit():
    args = request.args
    query = select(AuditEntry)
    if args.get("action"):
        query = query.where(AuditEntry.action == args["action"])
    if args.get("actor"):
        query = query.where(AuditEntry.actor == args["actor"])
    if args.get("object_type"):
        query = query.where(AuditEntry.object_type == args["object_type"])
    if args.get("object_id"):
        query = query.where(AuditEntry.object_id == args["object_id"])
    if since := _day_start(args.get("since")):
        query = query.where(AuditEntry.at >= since)
    if until := _day_start(args.get("until"), end=True):
        query = query.where(AuditEntry.at <= until)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    page = max(1, min(args.get("page", 1, type=int) or 1, 100_000))
    entries = db.session.scalars(
        query.order_by(AuditEntry.id.desc()).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
    ).all()
    actions = db.session.scalars(
        select(AuditEntry.action).distinct().order_by(AuditEntry.action)
    ).all()
    return render_template(
        "admin/audit.html", entries=entries, total=total, page=page, page_size=PAGE_SIZE,
        actions=actions, args=args,
    )


@bp.route("/users")
def users():
    accounts = db.session.scalars(select(User).order_by(User.email)).all()
    return render_template("admin/users.html", users=accounts)
