"""The API's reference page, drawn on the server from the OpenAPI document itself: readable
without a script, nothing fetched from another host."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

from .extension import spec_of

bp = Blueprint("api_reference", __name__, url_prefix="/api/v1")

METHODS = ("get", "post", "put", "patch", "delete")


@bp.route("/docs")
def reference():
    spec = spec_of(current_app)
    operations = [(path, method.upper(), op) for path, item in spec.get("paths", {}).items()
                  for method, op in item.items() if method in METHODS]
    return render_template("api/reference.html", spec=spec, operations=operations,
                           schemas=spec.get("components", {}).get("schemas", {}))
