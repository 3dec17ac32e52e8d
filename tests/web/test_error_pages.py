"""Failures show as what they are: a database out of reach is a 503 page that renders without
it; a bug is a 500 with its traceback in the log, and under TESTING it reaches the test."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from qtrax_disputes.web.access import ROUTE_ROLES
from qtrax_disputes.web.app import create_app
from qtrax_disputes.web.extensions import db

from ..conftest import page_text


def unreachable_database_url(app, tmp_path) -> str:
    """The kind of database the suite runs on, at an address where nothing answers."""
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            return db.engine.url.set(port=1).render_as_string(hide_password=False)
    return f"sqlite:///{tmp_path / 'no-such-folder' / 'qtrax.db'}"


def probe_app(app, tmp_path, **config):
    """Another instance of the app on the same settings, with routes that fail on purpose."""
    probe = create_app({**app.config, "INSTANCE_PATH": str(tmp_path), **config})

    @probe.route("/probe/bad-statement")
    def bad_statement():
        db.session.execute(text("SELECT * FROM no_such_table"))
        return "unreachable"

    @probe.route("/probe/division")
    def division():
        return str(1 / 0)

    probe.test_client_class = type(app.test_client())
    return probe


def signed_in_session(client, auth) -> str:
    """The session cookie of a viewer signed in on the suite's app; the probe shares its key."""
    auth.login("viewer")
    return client.get_cookie("session").value


@pytest.fixture
def probe_routes(monkeypatch):
    for endpoint in ("bad_statement", "division"):
        monkeypatch.setitem(ROUTE_ROLES, endpoint, "viewer")


def test_a_signed_in_user_gets_the_503_page_when_the_database_cannot_be_reached(
        app, client, auth, tmp_path):
    session_cookie = signed_in_session(client, auth)
    down = probe_app(app, tmp_path, PROPAGATE_EXCEPTIONS=False,
                     SQLALCHEMY_DATABASE_URI=unreachable_database_url(app, tmp_path))
    visitor = down.test_client()
    visitor.set_cookie("session", session_cookie)
    response = visitor.get("/cases")
    assert response.status_code == 503
    assert "Temporarily unavailable" in page_text(response)
    assert "Sign out" not in page_text(response)  # nobody is named: that needs the database
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    with down.app_context():
        db.engine.dispose()


@pytest.mark.commits  # the probe app reads the signed-in user on a connection of its own
def test_a_bad_statement_is_a_server_error_logged_with_its_traceback(
        app, client, auth, tmp_path, probe_routes, caplog):
    probe = probe_app(app, tmp_path, TESTING=False, PROPAGATE_EXCEPTIONS=False)
    visitor = probe.test_client()
    visitor.set_cookie("session", signed_in_session(client, auth))
    with caplog.at_level(logging.ERROR):
        response = visitor.get("/probe/bad-statement")
    assert response.status_code == 500
    assert "Something went wrong" in page_text(response)
    assert "no_such_table" not in response.get_data(as_text=True)
    logged = [r for r in caplog.records if r.exc_info]
    assert logged and "no_such_table" in caplog.text and "Traceback" in caplog.text


@pytest.mark.commits  # the probe app reads the signed-in user on a connection of its own
@pytest.mark.parametrize("path, bug", [("/probe/division", ZeroDivisionError),
                                       ("/probe/bad-statement", DBAPIError)])
def test_under_testing_a_bug_reaches_the_test_instead_of_a_500_page(
        app, client, auth, tmp_path, probe_routes, path, bug):
    probe = probe_app(app, tmp_path, TESTING=True)
    visitor = probe.test_client()
    visitor.set_cookie("session", signed_in_session(client, auth))
    with pytest.raises(bug):
        visitor.get(path)
