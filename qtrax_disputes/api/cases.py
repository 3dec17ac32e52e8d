"""/api/v1/cases: the case list with the page's filters, a cursor for paging, and one case."""

from __future__ import annotations

from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint

from qtrax_disputes.core.clock import today

from ..cases import queries
from ..cases.workflow import stage_label
from ..web.query_args import record_id
from .problems import problem
from .schemas import CaseDetail, CaseListArgs, CasePage

bp = Blueprint("api_cases", __name__, url_prefix="/api/v1/cases",
               description="Cases: the list as staff see it, and each case.")


def case_fields(case, assignee=None, next_due=None) -> dict:
    return {
        "id": case.id, "number": case.number, "stage": case.stage,
        "stage_label": stage_label(case.stage), "category": case.category,
        "complainant_name": case.complainant_name, "summary": case.summary,
        "filed_on": case.filed_on, "closed_on": case.closed_on,
        "assignee": {"id": assignee.id, "name": assignee.name, "email": assignee.email}
        if assignee is not None else None,
        "next_deadline_on": next_due, "version": case.version,
    }


@bp.route("")
class Cases(MethodView):
    @bp.arguments(CaseListArgs, location="query")
    @bp.response(200, CasePage)
    @bp.alt_response(401, response="UNAUTHORIZED")
    @bp.alt_response(422, response="UNPROCESSABLE_ENTITY")
    def get(self, args):
        """The cases the filters match, newest first."""
        filters = queries.CaseFilters(
            q=(args.get("q") or "").strip(), stage=args.get("stage", ""),
            category=args.get("category", ""), assignee=args.get("assignee", ""),
            state=args["state"], filed_from=args.get("filed_from"),
            filed_to=args.get("filed_to"), mass=str(args.get("mass") or ""))
        limit = args["limit"]
        rows = queries.cases_after(filters, current_user.id, record_id(args.get("cursor")),
                                   limit + 1)
        more = len(rows) > limit
        rows = rows[:limit]
        return {"items": [case_fields(*row) for row in rows],
                "next_cursor": str(rows[-1][0].id) if more else None}


@bp.route("/<string:number>")
class OneCase(MethodView):
    @bp.response(200, CaseDetail)
    @bp.alt_response(401, response="UNAUTHORIZED")
    @bp.alt_response(404, response="NOT_FOUND")
    def get(self, number):
        """One case, by its number."""
        case = queries.case_by_number(number)
        if case is None:
            return problem(404, f"No case {number[:40]}.")
        assignee = case.assigned_to if case.assigned_to_id else None
        due = queries.next_deadline(case, today())
        return {**case_fields(case, assignee, due.due_on if due else None), **{
            "complainant_email": case.complainant_email,
            "complainant_phone": case.complainant_phone,
            "account_identifier": case.account_identifier, "description": case.description,
            "desired_resolution": case.desired_resolution, "incident_on": case.incident_on,
            "is_child_data": case.is_child_data,
            "amount_claimed_cents": case.amount_claimed_cents, "source": case.source,
            "aaa_rules": case.aaa_rules}}
