"""Who an API request acts for: the person of the personal access token it carries.

Only the ``Authorization: Bearer`` header signs a program in: a browser's session cookie does
not reach the API, so no other site can make a signed-in browser write through it (and the
API needs no CSRF token). The role needed is the route's, from web/access.py, as for pages.
"""

from __future__ import annotations

from flask import g, request

from ..auth import api_tokens
from ..web.access import PUBLIC
from .problems import is_api_request, problem

READS = frozenset({"GET", "HEAD", "OPTIONS"})
CHALLENGE = 'Bearer realm="Qtrax Disputes API"'


def sign_in_with_token():
    """An app ``before_request`` hook, run before the route's role is checked."""
    if not is_api_request() or request.endpoint is None or request.endpoint in PUBLIC:
        return None
    scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        return problem(401, "Send a personal access token: Authorization: Bearer <token>.",
                       headers={"WWW-Authenticate": CHALLENGE})
    token, user, why_not = api_tokens.token_for(secret.strip())
    if token is None or user is None:
        return problem(401, why_not, headers={
            "WWW-Authenticate": CHALLENGE + ', error="invalid_token"'})
    api_tokens.note_use(token, method=request.method, path=request.path)
    if request.method not in READS and not token.may_write:
        return problem(403, "This token may only read: make a write token to change things.")
    g._login_user = user  # Flask-Login's current_user for this request, and nothing after it
    g.api_token = token
    return None
