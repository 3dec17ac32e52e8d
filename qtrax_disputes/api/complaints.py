"""POST /api/v1/complaints: a complaint filed as the public form files it — the form's own
checks and messages, the same operation, the same receipt, the same rate limit."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from werkzeug.datastructures import MultiDict

from ..intake import operations
from ..intake.forms import ComplaintForm, complaint_from, complaint_limit
from ..web.extensions import limiter
from .problems import problem
from .schemas import ComplaintIn, Filed

bp = Blueprint("api_complaints", __name__, url_prefix="/api/v1/complaints",
               description="Complaints from the public, as the complaint form takes them.")

# The form's field names for the API's, where they differ.
FORM_NAMES = {"amount_cents": "amount", "acknowledged": "acknowledge"}
API_NAMES = {form: api for api, form in FORM_NAMES.items()}


def _form_data(body: dict) -> MultiDict:
    data: MultiDict[str, str] = MultiDict()
    for name, value in body.items():
        if value is None or value is False:
            continue
        if name == "amount_cents":
            value = f"{value // 100}.{value % 100:02d}"
        elif value is True:
            value = "y"
        data[FORM_NAMES.get(name, name)] = str(value)
    return data


@bp.route("")
class Complaints(MethodView):
    decorators = [limiter.limit(complaint_limit)]

    @bp.arguments(ComplaintIn)
    @bp.response(201, Filed)
    @bp.alt_response(422, response="UNPROCESSABLE_ENTITY")
    @bp.alt_response(429, response="TOO_MANY_REQUESTS")
    @bp.doc(security=[])
    def post(self, body):
        """File a complaint. No token: this is the public form's way in."""
        form = ComplaintForm(formdata=_form_data(body), meta={"csrf": False})
        if not form.validate():
            errors = {API_NAMES.get(name, name): " ".join(str(m) for m in messages)
                      for name, messages in form.errors.items()}
            return problem(422, "The complaint was not filed: see each field.", errors=errors)
        filed = operations.file_complaint(complaint_from(form), [])
        return {"number": filed.case.number,
                "status_url": operations.status_url_for_seed(filed.seed)}
