from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from qtrax_disputes.audit.models import AuditEntry
from qtrax_disputes.auth import operations
from qtrax_disputes.auth.models import User
from qtrax_disputes.web.extensions import db
from tests.conftest import TEST_PASSWORD, page_text


def actions(app):
    with app.app_context():
        return [e.action for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))]


def test_login_page_has_labelled_fields(client):
    response = client.get("/login")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<label for="email">Email</label>' in html
    assert '<label for="password">Password</label>' in html
    assert "Keep me signed in" in html


def test_sign_in_and_out(app, client, make_user):
    _, email = make_user("staff", "Paula@Qtrax.example")
    response = client.post("/login", data={"email": "paula@qtrax.example",
                                           "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert client.get("/admin/users").status_code == 403  # signed in, but not an admin
    client.post("/logout")
    assert client.get("/admin/users").status_code == 302
    assert actions(app)[-2:] == ["auth.login", "auth.logout"]


def failed_reasons(app):
    with app.app_context():
        return [e.detail["reason"] for e in db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "auth.login_failed")
            .order_by(AuditEntry.id))]


def test_a_refused_sign_in_reads_the_same_whether_or_not_the_account_exists(
        app, client, make_user):
    _, email = make_user("staff")
    _, disabled = make_user("counsel")
    with app.app_context():
        operations.deactivate(operations.find_user(disabled), actor="system")
    wrong_password = client.post("/login", data={"email": email, "password": "not the password"})
    no_account = client.post("/login", data={"email": "nobody@qtrax.example",
                                             "password": "not the password"})
    right_password_but_disabled = client.post("/login", data={"email": disabled,
                                                              "password": TEST_PASSWORD})
    answers = [wrong_password, no_account, right_password_but_disabled]
    assert {r.status_code for r in answers} == {200}
    assert len({page_text(r) for r in answers}) == 1
    assert "The email or password is not right, or the account cannot sign in." \
        in page_text(no_account)
    assert client.get("/admin/users").status_code == 302  # none of them signed in
    # The administrators' audit log keeps what the person at the form is not told.
    assert failed_reasons(app) == ["wrong password", "no such account", "account disabled"]


def test_an_unknown_email_costs_the_same_password_hash_as_a_real_one(
        app, client, make_user, monkeypatch):
    import hashlib

    _, email = make_user("staff")
    real_scrypt, runs = hashlib.scrypt, []

    def counted_scrypt(password, *, salt, n, r, p, **kwargs):
        runs.append((n, r, p))
        return real_scrypt(password, salt=salt, n=n, r=r, p=p, **kwargs)

    monkeypatch.setattr(hashlib, "scrypt", counted_scrypt)
    client.post("/login", data={"email": email, "password": "not the password"})
    for_a_real_account = list(runs)
    runs.clear()
    client.post("/login", data={"email": "nobody@qtrax.example", "password": "not the password"})
    assert len(for_a_real_account) == 1
    assert runs == for_a_real_account


def test_deactivating_ends_an_open_session(app, client, auth):
    auth.login("admin", "boss@qtrax.example")
    auth.make_user("admin")  # the last active admin cannot be disabled: a second one
    assert client.get("/admin/users").status_code == 200
    with app.app_context():
        operations.deactivate(operations.find_user("boss@qtrax.example"), actor="system")
    assert client.get("/admin/users").status_code == 302


def remembered_for(client, email) -> timedelta:
    client.post("/login", data={"email": email, "password": TEST_PASSWORD, "remember": "y"})
    cookie = client.get_cookie("remember_token")
    assert cookie is not None and cookie.http_only
    return cookie.expires - datetime.now(UTC)


def test_keep_me_signed_in_lasts_fourteen_days(client, make_user):
    _, email = make_user("staff")
    assert timedelta(days=13, hours=23) < remembered_for(client, email) <= timedelta(days=14)


def test_how_long_keep_me_signed_in_lasts_is_a_setting(app, client, make_user, monkeypatch):
    from qtrax_disputes.web.config import from_environment

    monkeypatch.setenv("REMEMBER_COOKIE_DAYS", "3")
    monkeypatch.setitem(app.config, "REMEMBER_COOKIE_DURATION",
                        from_environment(Path(app.instance_path))["REMEMBER_COOKIE_DURATION"])
    _, email = make_user("staff")
    assert timedelta(days=2, hours=23) < remembered_for(client, email) <= timedelta(days=3)


def test_without_remember_me_no_lasting_cookie(client, make_user):
    _, email = make_user("staff")
    client.post("/login", data={"email": email, "password": TEST_PASSWORD})
    assert client.get_cookie("remember_token") is None


def test_a_form_without_its_csrf_token_is_refused_with_a_page_saying_so(app, client, make_user):
    _, email = make_user("staff")
    response = client.post("/login", data={"email": email, "password": TEST_PASSWORD},
                           csrf=False)
    assert response.status_code == 400
    assert "security token was missing" in page_text(response)
    assert "auth.login" not in actions(app)


# Every one of these is another site to some browser, proxy or server, or no page at all.
HOSTILE_NEXT = [
    "////evil.example",
    "///evil.example",
    "//evil.example",
    "//evil.example/cases",
    "/\\evil.example",
    "\\/evil.example",
    "\\\\evil.example",
    "https://evil.example/x",
    "http:evil.example",
    "http:/evil.example",
    "https:\\\\evil.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "/%2F%2Fevil.example",
    "/%2f/evil.example",
    "/%5Cevil.example",
    "/%252F%252Fevil.example",
    "%2F%2Fevil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n//evil.example",
    "\t//evil.example",
    " //evil.example",
    "/\x0b/evil.example",
    "/\uff0fevil.example",
    "evil.example",
    "/" + "a" * 600,
]


@pytest.fixture
def signed_in(client, auth):
    auth.login("staff")
    return client


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_a_next_address_off_this_site_lands_on_the_start_page(signed_in, target):
    response = signed_in.get("/login", query_string={"next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_signing_in_with_a_next_address_off_this_site_lands_on_the_start_page(
        client, make_user):
    _, email = make_user("staff")
    response = client.post("/login", data={"email": email, "password": TEST_PASSWORD,
                                           "next": "////evil.example"})
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize("target", ["/cases", "/cases?stage=triage&q=a%20b",
                                    "/cases/QD-2026-000001#documents", "/deadlines/"])
def test_a_next_address_on_this_site_is_followed(signed_in, target):
    assert signed_in.get("/login", query_string={"next": target}).headers["Location"] == target


def test_users_are_stored_lower_cased_with_a_hashed_password(app, make_user):
    make_user("viewer", "MiXed@Qtrax.Example")
    with app.app_context():
        user = db.session.scalar(select(User))
        assert user.email == "mixed@qtrax.example"
        assert TEST_PASSWORD not in user.password_hash
        assert user.password_hash.startswith("scrypt:")


def test_people_choose_their_reminder_window_and_the_weekly_report(app, client, auth):
    from qtrax_disputes.auth.models import User
    from qtrax_disputes.web.extensions import db

    user_id = auth.login("viewer")
    bad = client.post("/account", data={"reminder_days": "0"})
    assert "Choose between 1 and 60 days." in page_text(bad)
    client.post("/account", data={"reminder_days": "3", "report_subscribed": "y"})
    with app.app_context():
        user = db.session.get(User, user_id)
        assert (user.reminder_days, user.report_subscribed) == (3, True)
