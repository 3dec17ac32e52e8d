"""Administration: the audit log and the staff accounts."""

from __future__ import annotations

from datetime import datetime, time

from flask import Blueprint, render_template, request

from qtrax_disputes.core.clock import LEGAL_TZ
from qtrax_disputes.web.query_args import day

from ..audit.queries import AuditFilters, audit_page
from ..audit.queries import actions as audit_actions
from ..auth import queries as auth_queries

bp = Blueprint("admin", __name__, url_prefix="/admin")

PAGE_SIZE = 50


def _day_start(text: str | None, *, end: bool = False) -> datetime | None:
    if (given := day(text)) is None:
        return None
    return datetime.combine(given, time.max if end else time.min, tzinfo=LEGAL_TZ)


@bp.route("/audit")
def audit():
    args = request.args
    filters = AuditFilters(
        action=args.get("action", ""), actor=args.get("actor", ""),
        object_type=args.get("object_type", ""), object_id=args.get("object_id", ""),
        since=_day_start(args.get("since")), until=_day_start(args.get("until"), end=True))
    page = max(1, min(args.get("page", 1, type=int) or 1, 100_000))
    entries, total = audit_page(filters, page, PAGE_SIZE)
    actions = audit_actions()
    return render_template(
        "admin/audit.html", entries=entries, total=total, page=page, page_size=PAGE_SIZE,
        actions=actions, args=args,
    )


@bp.route("/users")
def users():
    accounts = auth_queries.all_accounts()
    return render_template("admin/users.html", users=accounts)
