"""Every route is public or names the least role it needs, and the app enforces it."""

import pytest
from werkzeug.routing import IntegerConverter

from qtrax_disputes.auth.roles import ROLES, rank
from qtrax_disputes.web.access import PUBLIC, ROUTE_ROLES


def _staff_routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC or rule.endpoint == "auth.logout":
            continue  # signing out mid-walk would end the walk; test_auth covers it
        values = {}
        for arg in rule.arguments:
            is_id = isinstance(rule._converters[arg], IntegerConverter)
            values[arg] = 1 if is_id else "QD-2026-000001"
        with app.test_request_context():
            from flask import url_for

            url = url_for(rule.endpoint, **values)
        method = "GET" if "GET" in rule.methods else sorted(rule.methods - {"OPTIONS"})[0]
        yield rule.endpoint, url, method


def test_every_route_is_public_or_has_a_role_rule(app):
    missing = [r.endpoint for r in app.url_map.iter_rules()
               if r.endpoint not in PUBLIC and r.endpoint not in ROUTE_ROLES]
    assert missing == [], f"routes without an access rule: {missing}"


def test_the_access_table_names_only_real_routes(app):
    endpoints = {r.endpoint for r in app.url_map.iter_rules()}
    # A rule for a route that does not exist is a misspelling that protects nothing.
    assert sorted((set(ROUTE_ROLES) | PUBLIC) - endpoints) == []


def test_logged_out_visitors_are_sent_to_sign_in_from_every_staff_route(app, client):
    for endpoint, url, method in _staff_routes(app):
        response = client.open(url, method=method)
        if url.startswith("/api/"):  # a program is told to send its token
            assert response.status_code == 401, (endpoint, response.status_code)
            continue
        assert response.status_code == 302, (endpoint, response.status_code)
        assert "/login" in response.headers["Location"], endpoint


@pytest.mark.parametrize("role", ROLES[:-1])
def test_each_role_is_refused_routes_above_it(app, client, auth, role):
    from qtrax_disputes.auth import api_tokens
    from qtrax_disputes.auth.models import User
    from qtrax_disputes.web.extensions import db

    user_id = auth.login(role)
    with app.app_context():  # the API's routes are reached with the person's write token
        token = api_tokens.create_token(db.session.get(User, user_id), name="walk",
                                        scope="write").secret
    checked = 0
    for endpoint, url, method in _staff_routes(app):
        needed = ROUTE_ROLES[endpoint]
        headers = {"Authorization": f"Bearer {token}"} if url.startswith("/api/") else {}
        response = client.open(url, method=method, headers=headers)
        if rank(role) < rank(needed):
            assert response.status_code == 403, (endpoint, role, response.status_code)
            checked += 1
        else:
            assert response.status_code != 403, (endpoint, role)
    if role != "counsel" or any(v == "admin" for v in ROUTE_ROLES.values()):
        assert checked > 0


def test_a_route_missing_from_the_table_is_refused_to_everyone(app, auth, client):
    from flask import Flask

    from qtrax_disputes.web.app import create_app

    probe: Flask = create_app(
        {**app.config, "INSTANCE_PATH": app.instance_path, "TESTING": True}
    )

    @probe.route("/forgotten")
    def forgotten():
        return "secret"

    probe.test_client_class = type(client)
    c = probe.test_client()
    assert c.get("/forgotten").status_code == 403
