"""Putting the API into the app: its document, its routes, how it signs programs in."""

from __future__ import annotations

from flask import Flask

from ..web.extensions import csrf
from . import cases, complaints, reference
from .extension import QtraxApi
from .signing_in import sign_in_with_token

SPEC = {
    "API_TITLE": "Qtrax Disputes",
    "API_VERSION": "v1",
    "OPENAPI_VERSION": "3.1.0",
    "OPENAPI_URL_PREFIX": "/api/v1",
    "OPENAPI_JSON_PATH": "openapi.json",
    "API_SPEC_OPTIONS": {
        "info": {"description": "Privacy disputes from complaint to award, for programs. "
                                "Sign in with a personal access token (Bearer). The "
                                "reference page is /api/v1/docs."},
        "servers": [{"url": "/"}],
        "security": [{"token": []}],
        "components": {"securitySchemes": {"token": {
            "type": "http", "scheme": "bearer",
            "description": "A personal access token from your account settings or "
                           "`flask tokens create`."}}},
    },
}


def register_api(app: Flask) -> None:
    for key, value in SPEC.items():
        app.config.setdefault(key, value)
    api = QtraxApi()
    api.init_app(app)
    app.extensions["qtrax_api"] = api
    for blueprint in (cases.bp, complaints.bp):
        api.register_blueprint(blueprint)
        # Only a token signs a program in, never a browser's cookie: no CSRF to forge.
        csrf.exempt(blueprint)
    app.register_blueprint(reference.bp)
    # First of all hooks: the route's role is checked against the token's person.
    app.before_request_funcs.setdefault(None, []).insert(0, sign_in_with_token)
