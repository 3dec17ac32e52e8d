from sqlalchemy import select

from qtrax_disputes.audit.models import AuditEntry
from qtrax_disputes.auth import operations
from qtrax_disputes.auth.models import User
from qtrax_disputes.extensions import db
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


def test_wrong_password_is_refused_and_audited(app, client, make_user):
    _, email = make_user("staff")
    response = client.post("/login", data={"email": email, "password": "not the password"})
    assert response.status_code == 200
    assert "The email or password is not right." in page_text(response)
    assert "auth.login_failed" in actions(app)
    assert client.get("/admin/audit").status_code == 302


def test_a_disabled_account_cannot_sign_in(app, client, make_user):
    _, email = make_user("counsel")
    with app.app_context():
        operations.deactivate(operations.find_user(email), actor="system")
    response = client.post("/login", data={"email": email, "password": TEST_PASSWORD})
    assert "This account is disabled" in page_text(response)
    assert client.get("/admin/users").status_code == 302


def test_deactivating_ends_an_open_session(app, client, auth):
    auth.login("admin", "boss@qtrax.example")
    assert client.get("/admin/users").status_code == 200
    with app.app_context():
        operations.deactivate(operations.find_user("boss@qtrax.example"), actor="system")
    assert client.get("/admin/users").status_code == 302


def test_remember_me_sets_a_lasting_cookie(client, make_user):
    _, email = make_user("staff")
    client.post("/login", data={"email": email, "password": TEST_PASSWORD, "remember": "y"})
    cookie = client.get_cookie("remember_token")
    assert cookie is not None and cookie.expires is not None
    assert cookie.http_only


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


def test_after_sign_in_only_local_next_addresses_are_followed(client, make_user):
    _, email = make_user("staff")
    response = client.post("/login?next=https://evil.example/x",
                           data={"email": email, "password": TEST_PASSWORD,
                                 "next": "https://evil.example/x"})
    assert "evil.example" not in response.headers["Location"]


def test_users_are_stored_lower_cased_with_a_hashed_password(app, make_user):
    make_user("viewer", "MiXed@Qtrax.Example")
    with app.app_context():
        user = db.session.scalar(select(User))
        assert user.email == "mixed@qtrax.example"
        assert TEST_PASSWORD not in user.password_hash
        assert user.password_hash.startswith("scrypt:")


def test_people_choose_their_reminder_window_and_the_weekly_report(app, client, auth):
    from qtrax_disputes.auth.models import User
    from qtrax_disputes.extensions import db

    user_id = auth.login("viewer")
    bad = client.post("/account", data={"reminder_days": "0"})
    assert "Choose between 1 and 60 days." in page_text(bad)
    client.post("/account", data={"reminder_days": "3", "report_subscribed": "y"})
    with app.app_context():
        user = db.session.get(User, user_id)
        assert (user.reminder_days, user.report_subscribed) == (3, True)
