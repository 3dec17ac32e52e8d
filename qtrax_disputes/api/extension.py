"""flask-smorest's Api, made to describe errors as problem details and to leave the handling
of errors to the app (web/errors.py answers API paths with problems, pages with pages)."""

from __future__ import annotations

import http

from flask_smorest import Api
from flask_smorest.utils import prepare_response

from .problems import PROBLEM, ProblemSchema


class QtraxApi(Api):
    ERROR_SCHEMA = ProblemSchema
    # Only the errors each operation names are documented: a catch-all would promise a body
    # for every status a server could ever send.
    DEFAULT_ERROR_RESPONSE_NAME = None

    def _register_error_handlers(self) -> None:
        """Not app-wide: flask-smorest's would answer every page's errors with JSON."""

    def _register_responses(self) -> None:
        for status in http.HTTPStatus:
            response: dict = {"description": status.phrase}
            if not (100 <= status < 200) and status not in (204, 304):
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, PROBLEM)
            self.spec.components.response(status.name, response, lazy=True)


def spec_of(app) -> dict:
    """The app's OpenAPI document, as /api/v1/openapi.json serves it."""
    return app.extensions["qtrax_api"].spec.to_dict()
