"""Security that can be seen from outside: headers on every page, cookies, sessions,
object access between cases, and races on PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from qtrax_disputes.cases.models import Case, CaseEvent
from qtrax_disputes.web.extensions import db

from ..conftest import TEST_PASSWORD, page_text
from .helpers import file_complaint, filed_number_and_token
from .races import overlapping_writers


def get_routes(app, ids):
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        args = {name: ids.get(name, "x") for name in rule.arguments}
        if rule.endpoint == "deadlines.user_feed":
            continue  # needs a feed token, checked in the deadline tests
        yield rule.endpoint, rule.build(args, append_unknown=False)[1]


def test_every_page_answers_and_sends_the_security_headers(app, client, world):
    checked = 0
    for endpoint, url in get_routes(app, world):
        response = client.get(url)
        assert response.status_code < 500, (endpoint, url, response.status_code)
        headers = response.headers
        assert headers["X-Content-Type-Options"] == "nosniff", url
        assert headers["X-Frame-Options"] == "DENY", url
        assert headers["Referrer-Policy"], url
        csp = headers["Content-Security-Policy"]
        assert "'unsafe-inline'" not in csp and "frame-ancestors 'none'" in csp \
            or "sandbox" in csp, (url, csp)
        response.close()
        checked += 1
    assert checked >= 30


def test_session_cookies_are_httponly_lax_and_secure_over_https(app, client, make_user):
    _, email = make_user("staff")
    response = client.post("/login", data={"email": email, "password": TEST_PASSWORD,
                                           "remember": "y"})
    cookies = response.headers.getlist("Set-Cookie")
    session = next(c for c in cookies if c.startswith("session="))
    assert "HttpOnly" in session and "SameSite=Lax" in session
    saved = (app.config["SESSION_COOKIE_SECURE"], app.config["REMEMBER_COOKIE_SECURE"])
    app.config.update(SESSION_COOKIE_SECURE=True, REMEMBER_COOKIE_SECURE=True)
    try:
        client.post("/logout")
        response = client.post("/login", data={"email": email, "password": TEST_PASSWORD,
                                               "remember": "y"})
        cookies = response.headers.getlist("Set-Cookie")
        assert all("Secure" in c for c in cookies if c.startswith(("session=",
                                                                   "remember_token=")))
    finally:
        app.config.update(SESSION_COOKIE_SECURE=saved[0], REMEMBER_COOKIE_SECURE=saved[1])


def test_signing_in_starts_a_fresh_session(app, client, make_user):
    _, email = make_user("staff")
    with client.session_transaction() as sess:
        sess["planted"] = "by an attacker"
    client.post("/login", data={"email": email, "password": TEST_PASSWORD})
    with client.session_transaction() as sess:
        assert "planted" not in sess


def test_a_copied_session_stops_working_after_sign_out(app, client, make_user):
    _, email = make_user("staff")
    client.post("/login", data={"email": email, "password": TEST_PASSWORD, "remember": "y"})
    stolen = {c.key: c.value for c in client._cookies.values()}
    assert client.get("/cases").status_code == 200
    client.post("/logout")
    for key, value in stolen.items():
        client.set_cookie(key, value)
    response = client.get("/cases")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_one_cases_link_reaches_nothing_of_another(app, client, world):
    client.post("/logout")
    file_complaint(client, email="b@example.com", description="Case B's own complaint text.")
    _, token_b = filed_number_and_token(client)
    document_a = world["document_id"]
    assert client.get(f"/status/{token_b}/documents/{document_a}").status_code == 404
    assert "evidence.pdf" not in page_text(client.get(f"/status/{token_b}"))
    assert client.get(f"/status/{world['token']}x").status_code == 404


def postgres_only(app):
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("a real race needs PostgreSQL's concurrent writers; SQLite "
                        "serialises them")


@pytest.mark.commits  # two writers on two connections
def test_two_staff_saving_the_same_case_only_one_wins(app, client):
    """Both read version 1; the second saves while the first's save is still uncommitted."""
    postgres_only(app)
    from qtrax_disputes.cases import operations

    file_complaint(client)
    number, _ = filed_number_and_token(client)

    def save_as(person):
        def save():
            case = db.session.scalars(select(Case).where(Case.number == number)).one()
            return operations.update_details(case, {"summary": f"Summary by {person}"}, 1)
        return save

    first, second = overlapping_writers(app, save_as("Ann"), save_as("Bob"))
    assert first == ["summary"]
    assert isinstance(second, operations.StaleCase)
    with app.app_context():
        assert db.session.scalar(select(Case.summary)) == "Summary by Ann"


@pytest.mark.commits  # two writers on two connections
def test_two_transitions_racing_only_one_applies(app, client):
    postgres_only(app)
    from qtrax_disputes.cases import operations

    file_complaint(client)
    number, _ = filed_number_and_token(client)

    def move_to(target):
        def move():
            case = db.session.scalars(select(Case).where(Case.number == number)).one()
            return operations.move_case(case, target, operations.StepInput(
                occurred_on=date.today(), note="race"), role="counsel", expected_version=1)
        return move

    first, second = overlapping_writers(app, move_to("triage"), move_to("withdrawn"))
    assert isinstance(first, CaseEvent)
    assert isinstance(second, operations.StaleCase)
    with app.app_context():
        assert db.session.scalar(select(Case.stage)) == "triage"
        moves = db.session.scalar(select(func.count(CaseEvent.id)).where(
            CaseEvent.note == "race"))
        assert moves == 1
