"""Errors as RFC 9457 problem details (application/problem+json), with field errors named.

Every refusal the API gives goes through ``problem``: the status, a title in words, what went
wrong, and for bad input an ``errors`` object naming each field and what is wrong with it.
"""

from __future__ import annotations

from http import HTTPStatus

from flask import Response, json, request
from marshmallow import Schema, fields

PROBLEM = "application/problem+json"
API_PREFIX = "/api/"


class ProblemSchema(Schema):
    type = fields.String(metadata={"description": "Always about:blank: the status says it."})
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String()
    errors = fields.Dict(keys=fields.String(), values=fields.Raw(),
                         metadata={"description": "Each field in error, with what is wrong."})


def is_api_request() -> bool:
    return request.path.startswith(API_PREFIX)


def problem(status: int, detail: str | None = None, *, errors: dict | None = None,
            headers: dict | None = None) -> Response:
    body: dict = {"type": "about:blank", "title": HTTPStatus(status).phrase, "status": status}
    if detail:
        body["detail"] = detail
    if errors:
        body["errors"] = errors
    response = Response(json.dumps(body), status=status, mimetype=PROBLEM)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def field_errors(messages) -> dict:
    """webargs' messages ({location: {field: [..]}}) as {field: "..."}: where the field was
    sent is the client's own knowledge."""
    found: dict = {}
    if isinstance(messages, dict):
        for key, value in messages.items():
            if key in ("json", "query", "form", "files", "headers", "view_args") \
                    and isinstance(value, dict):
                found.update(field_errors(value))
            elif isinstance(value, list) and all(isinstance(v, str) for v in value):
                found[str(key)] = " ".join(value)
            else:
                found[str(key)] = value if isinstance(value, dict) else str(value)
    return found


def api_problem_for(error) -> Response:
    """An HTTP error met on an API path (a refusal, a malformed request, a route not found),
    as a problem; the request's own field errors (webargs') are named."""
    code = error.code or 500
    data = getattr(error, "data", None) or {}
    errors = field_errors(data.get("messages")) if data.get("messages") else None
    detail = "The request's fields are not valid: see each." if errors else (
        error.description if code < 500 else "The error was logged and nothing was saved.")
    headers = dict(data.get("headers") or {})
    if code == 405 and hasattr(error, "valid_methods") and error.valid_methods:
        headers["Allow"] = ", ".join(error.valid_methods)
    return problem(code, detail, errors=errors, headers=headers)
