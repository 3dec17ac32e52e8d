"""A new installation: the first administrator from the setup link, and the demo's sign-ins."""

import re
import time

from sqlalchemy import func, select

from qtrax_disputes.audit.models import AuditEntry
from qtrax_disputes.auth.models import User
from qtrax_disputes.web.extensions import db
from tests.conftest import page_text

SETUP_LINK = re.compile(r"http://127\.0\.0\.1:5000(/setup/\S+)")
GOOD = {"name": "Ada Admin", "email": "ada@firm.example",
        "password": "vivid lantern oboe tuba", "confirm": "vivid lantern oboe tuba"}


def printed_setup_path(runner) -> str:
    result = runner.invoke(args=["users", "setup-link", "--url", "http://127.0.0.1:5000"])
    assert result.exit_code == 0, result.output
    found = SETUP_LINK.search(result.output)
    assert found, result.output
    return found.group(1)


def test_a_new_installation_prints_a_link_that_makes_the_first_admin(app, runner, client):
    path = printed_setup_path(runner)
    assert "Create the first administrator" in page_text(client.get(path))
    response = client.post(path, data=GOOD)
    assert response.status_code == 302 and response.headers["Location"].endswith("/admin/users")
    # Signed in as that administrator, straight away.
    assert "Staff accounts" in page_text(client.get("/admin/users"))
    with app.app_context():
        admin = db.session.scalar(select(User))
        assert (admin.email, admin.role, admin.name) == ("ada@firm.example", "admin", "Ada Admin")
        created = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "user.created"))
        assert created.actor == "setup link"
        login = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "auth.login"))
        assert login.detail["method"] == "setup link"


def test_the_link_works_once(app, runner, client):
    path = printed_setup_path(runner)
    client.post(path, data=GOOD)
    client.post("/logout")
    again = client.post(path, data={**GOOD, "email": "mallory@elsewhere.example"})
    assert again.status_code == 302 and again.headers["Location"].endswith("/login")
    with app.app_context():
        assert db.session.scalar(select(func.count(User.id))) == 1


def test_the_link_is_good_for_one_hour(app, runner, client, monkeypatch):
    path = printed_setup_path(runner)
    made = time.time()
    monkeypatch.setattr(time, "time", lambda: made + 59 * 60)
    assert client.get(path).status_code == 200
    monkeypatch.setattr(time, "time", lambda: made + 61 * 60)
    late = client.get(path)
    assert late.status_code == 404 and "does not work" in page_text(late)
    assert client.post(path, data=GOOD).status_code == 404
    with app.app_context():
        assert db.session.scalar(select(func.count(User.id))) == 0


def test_an_altered_link_does_not_work(runner, client):
    path = printed_setup_path(runner)
    assert client.get(path[:-2] + ("AA" if not path.endswith("AA") else "BB")).status_code == 404
    assert client.get("/setup/anything").status_code == 404


def test_a_weak_password_is_refused_next_to_its_field_and_the_rest_is_kept(app, runner, client):
    path = printed_setup_path(runner)
    response = client.post(path, data={**GOOD, "password": "Password123!",
                                       "confirm": "Password123!"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert re.search(r'id="password-error"[^>]*>[^<]*commonly used password', html)
    assert 'value="Ada Admin"' in html and 'value="ada@firm.example"' in html
    mismatch = client.post(path, data={**GOOD, "confirm": "something else entirely"})
    assert "The two passwords are not the same." in page_text(mismatch)
    with app.app_context():
        assert db.session.scalar(select(func.count(User.id))) == 0


def test_once_an_account_exists_no_link_is_printed(runner, make_user):
    make_user("staff")
    result = runner.invoke(args=["users", "setup-link"])
    assert result.exit_code == 0 and "/setup/" not in result.output
    assert "Accounts already exist" in result.output
    quiet = runner.invoke(args=["users", "setup-link", "--if-needed"])
    assert quiet.exit_code == 0 and quiet.output == ""


def test_the_sign_in_page_says_where_to_look_only_while_no_account_exists(client, make_user):
    assert "No account exists yet" in page_text(client.get("/login"))
    make_user("viewer")
    assert "No account exists yet" not in page_text(client.get("/login"))


PRINTED = re.compile(r"^\s+(\w+)\s+(\S+@demo\.qtrax\.example)\s+password “(.+?)”$", re.M)


def test_demo_seed_prints_a_sign_in_for_every_role_that_works(app, runner, client):
    result = runner.invoke(args=["demo", "seed", "--cases", "3", "--weeks", "2"])
    assert result.exit_code == 0, result.output
    printed = PRINTED.findall(result.output)
    assert {role for role, _, _ in printed} == {"admin", "counsel", "staff", "viewer"}
    assert len({password for _, _, password in printed}) == len(printed)  # each its own
    for role, email, password in printed:
        response = client.post("/login", data={"email": email, "password": password})
        assert response.status_code == 302, (role, page_text(response))
        client.post("/logout")


def test_demo_seed_adds_the_sign_ins_to_a_database_that_already_has_cases(
        app, runner, client, new_case):
    new_case("filed")
    result = runner.invoke(args=["demo", "seed", "--cases", "3", "--if-empty"])
    assert "no demo cases added" in result.output
    printed = dict((email, password) for _, email, password in PRINTED.findall(result.output))
    assert "admin@demo.qtrax.example" in printed
    response = client.post("/login", data={"email": "admin@demo.qtrax.example",
                                           "password": printed["admin@demo.qtrax.example"]})
    assert response.status_code == 302
    assert client.get("/admin/users").status_code == 200
    with app.app_context():
        from qtrax_disputes.cases.models import Case
        assert db.session.scalar(select(func.count(Case.id))) == 1


def test_seeding_again_gives_new_passwords_and_the_old_ones_stop_working(runner, client):
    first = dict((e, p) for _, e, p in PRINTED.findall(
        runner.invoke(args=["demo", "seed", "--cases", "1"]).output))
    runner.invoke(args=["demo", "seed", "--cases", "1", "--if-empty"])
    old = client.post("/login", data={"email": "staff@demo.qtrax.example",
                                      "password": first["staff@demo.qtrax.example"]})
    assert old.status_code == 200  # refused: the form again


def test_the_new_administrator_is_told_what_to_do_next(runner, client):
    path = printed_setup_path(runner)
    response = client.post(path, data=GOOD, follow_redirects=True)
    assert "Your administrator account is ready." in page_text(response)
