"""An account's life: changing one's password, resetting it by an emailed link, and what an
administrator does to accounts in the web and on the command line.

A link works once, for an hour (an invitation: INVITE_VALID_HOURS), and the database keeps
only its hash; asking for one answers the same whether or not the address has an account;
the last administrator is never demoted or disabled; each command line change names who
made it.
"""

from __future__ import annotations

import getpass
import hashlib
import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from qtrax_disputes.audit.models import AuditEntry
from qtrax_disputes.auth.models import AccountToken, User
from qtrax_disputes.auth.operations import find_user
from qtrax_disputes.core.clock import frozen
from qtrax_disputes.outbox import sealed
from qtrax_disputes.outbox.models import OutboxMessage
from qtrax_disputes.web.extensions import db

from ..conftest import TEST_PASSWORD, page_text
from .helpers import email_parts

NEW_PASSWORD = "violet lantern harbour quietly"  # zxcvbn scores it 4
NOW = datetime(2026, 12, 3, 15, 0, tzinfo=UTC)


def _forgot(client, email):
    return client.post("/password/forgot", data={"email": email})


def _sent_links(app, to: str) -> list[str]:
    """The links of the emails queued to ``to``, as they leave (sealed seeds filled in)."""
    with app.app_context():
        bodies = db.session.scalars(select(OutboxMessage.body).where(
            OutboxMessage.to_address == to).order_by(OutboxMessage.id)).all()
        return [re.search(r"https?://\S+/password/(?:reset|set)/\S+", sealed.filled(b)).group(0)
                for b in bodies]


def _path(link: str) -> str:
    return "/" + link.split("/", 3)[3]


def _set_password(client, link, password=NEW_PASSWORD, again=None):
    return client.post(_path(link), data={"password": password, "confirm": again or password})


def _signed_in(client) -> bool:
    return client.get("/account").status_code == 200


def _audit(app, action):
    with app.app_context():
        return db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)
                                  .order_by(AuditEntry.id)).all()


# --- reset by email ------------------------------------------------------------------------

def test_forgot_password_answers_the_same_for_unknown_and_known_addresses(
        app, client, make_user):
    _, email = make_user("staff")
    known, unknown = _forgot(client, email.upper()), _forgot(client, "nobody@qtrax.example")
    assert known.status_code == unknown.status_code == 302
    assert known.headers["Location"] == unknown.headers["Location"] == "/password/forgot/sent"
    page = page_text(client.get("/password/forgot/sent"))
    assert "If that address belongs to an account" in page
    assert len(_sent_links(app, email)) == 1
    assert _sent_links(app, "nobody@qtrax.example") == []
    assert [e.detail["sent"] for e in _audit(app, "auth.reset_requested")] == ["reset", False]


def test_a_disabled_account_gets_no_reset_email(app, client, make_user, runner):
    make_user("admin")
    _, email = make_user("staff")
    assert runner.invoke(args=["users", "deactivate", email]).exit_code == 0
    assert _forgot(client, email).status_code == 302
    assert _sent_links(app, email) == []


def test_the_reset_link_works_once_signs_in_and_only_its_hash_is_kept(
        app, client, make_user, smtp_server, runner):
    user_id, email = make_user("staff")
    elsewhere = app.test_client()
    elsewhere.post("/login", data={"email": email, "password": TEST_PASSWORD})
    assert _signed_in(elsewhere)

    _forgot(client, email)
    runner.invoke(args=["outbox", "send"])
    (recipients, message), = smtp_server.messages
    text, html = email_parts(message)
    link = re.search(r"http://\S+/password/reset/[A-Za-z0-9_-]+", text).group(0)
    token = link.rsplit("/", 1)[1]
    assert recipients == [email] and link in html and "within 1 hour" in text
    with app.app_context():
        stored = db.session.scalars(select(AccountToken)).all()
        kept = db.session.scalars(select(OutboxMessage.body)).all()
    assert [t.token_hash for t in stored] == [hashlib.sha256(token.encode()).hexdigest()]
    assert not any(token in body for body in kept)  # the delivered email kept no link

    page = client.get(_path(link))
    assert page.status_code == 200 and "Choose a new password" in page_text(page)
    weak = _set_password(client, link, "password1234")
    assert weak.status_code == 400 and "common" in page_text(weak).lower()
    mismatch = _set_password(client, link, NEW_PASSWORD, NEW_PASSWORD + "x")
    assert mismatch.status_code == 400 and "not the same" in page_text(mismatch)

    done = _set_password(client, link)
    assert done.status_code == 302
    assert "Your password was changed" in page_text(client.get("/account"))  # signed in
    assert not _signed_in(elsewhere)  # every other session ended
    login = _audit(app, "auth.login")[-1]
    assert login.detail["method"] == "reset" and login.actor == f"user:{user_id}"
    assert _audit(app, "user.password_changed")[-1].detail["how"] == "reset"

    again = app.test_client().get(_path(link))
    assert again.status_code == 404 and "already been used" in page_text(again)
    assert "Email me a new link" in page_text(again)
    reuse = _set_password(app.test_client(), link, "another fine long phrase here")
    assert reuse.status_code == 404

    fresh = app.test_client()
    old = fresh.post("/login", data={"email": email, "password": TEST_PASSWORD})
    assert old.status_code == 200  # the old password no longer opens the account
    assert fresh.post("/login", data={"email": email, "password": NEW_PASSWORD}).status_code == 302


def test_a_reset_link_expires_after_one_hour(app, client, make_user):
    _, email = make_user("staff")
    with frozen(NOW):
        _forgot(client, email)
    link, = _sent_links(app, email)
    with frozen(NOW + timedelta(minutes=59)):
        assert client.get(_path(link)).status_code == 200
    with frozen(NOW + timedelta(minutes=61)):
        late = client.get(_path(link))
        assert late.status_code == 404 and "has expired" in page_text(late)
        assert _set_password(client, link).status_code == 404
    with app.app_context():
        assert find_user(email).check_password(TEST_PASSWORD)


def test_a_newer_link_replaces_the_older_and_a_made_up_one_opens_nothing(
        app, client, make_user):
    _, email = make_user("staff")
    _forgot(client, email)
    _forgot(client, email)
    first, second = _sent_links(app, email)
    assert client.get(_path(first)).status_code == 404
    assert client.get(_path(second)).status_code == 200
    for made_up in ("x" * 43, "<script>", "A" * 5000):
        page = client.get(f"/password/reset/{made_up}")
        assert page.status_code == 404 and "not valid" in page_text(page)
    # A reset link is not an invitation link, nor the other way round.
    assert client.get(_path(second).replace("/reset/", "/set/")).status_code == 404


def test_the_forgot_password_form_is_rate_limited(app, client, make_user):
    saved = app.config["PASSWORD_RESET_ACCOUNT_RATE_LIMIT"]
    app.config["PASSWORD_RESET_ACCOUNT_RATE_LIMIT"] = "2 per hour"
    try:
        answers = [_forgot(client, "someone@qtrax.example").status_code for _ in range(3)]
    finally:
        app.config["PASSWORD_RESET_ACCOUNT_RATE_LIMIT"] = saved
    assert answers == [302, 302, 429]
    assert client.get("/login").status_code == 200
    assert "Forgot your password?" in page_text(client.get("/login"))


# --- one's own password --------------------------------------------------------------------

def _change(client, current, new, again=None):
    return client.post("/account/password", data={
        "current_password": current, "new_password": new, "confirm": again or new})


def test_changing_ones_password_needs_the_current_one(app, client, auth):
    auth.login("staff", "sam@qtrax.example")
    elsewhere = app.test_client()
    elsewhere.post("/login", data={"email": "sam@qtrax.example", "password": TEST_PASSWORD})

    wrong = _change(client, "not my password at all", NEW_PASSWORD)
    assert wrong.status_code == 400
    assert re.search(r'id="current_password-error">That is not your current password',
                     wrong.get_data(as_text=True))
    weak = _change(client, TEST_PASSWORD, "sam@qtrax.example1")
    assert weak.status_code == 400 and 'id="new_password-error"' in weak.get_data(as_text=True)
    mismatch = _change(client, TEST_PASSWORD, NEW_PASSWORD, NEW_PASSWORD + "!")
    assert mismatch.status_code == 400 and "not the same" in page_text(mismatch)
    with app.app_context():
        assert find_user("sam@qtrax.example").check_password(TEST_PASSWORD)

    done = _change(client, TEST_PASSWORD, NEW_PASSWORD)
    assert done.status_code == 302
    # The person who changed it stays signed in here.
    assert "signed out everywhere else" in page_text(client.get("/account"))
    assert not _signed_in(elsewhere)
    with app.app_context():
        assert find_user("sam@qtrax.example").check_password(NEW_PASSWORD)
    assert [e.detail["how"] for e in _audit(app, "user.password_changed")] == ["own"]


# --- the administrator's page --------------------------------------------------------------

def test_an_admin_invites_and_the_invitation_sets_a_password(app, client, auth):
    admin_id = auth.login("admin")
    response = client.post("/admin/users/invite", data={
        "email": "New.Person@Qtrax.example", "name": "New Person", "role": "counsel"})
    assert response.status_code == 302
    users_page = client.get("/admin/users").get_data(as_text=True)
    row = re.search(r"<tr>\s*<td[^>]*>new\.person@qtrax\.example</td>.*?</tr>", users_page, re.S)
    assert row and '<td data-label="State">invited</td>' in row.group(0)
    invited, = _audit(app, "user.invited")
    assert invited.actor == f"user:{admin_id}" and invited.detail["role"] == "counsel"

    stranger = app.test_client()  # an invited account has no password to sign in with
    assert stranger.post("/login", data={"email": "new.person@qtrax.example",
                                         "password": ""}).status_code == 200
    link, = _sent_links(app, "new.person@qtrax.example")
    assert "/password/set/" in link
    page = page_text(stranger.get(_path(link)))
    assert "Choose your password" in page and "new.person@qtrax.example" in page
    assert _set_password(stranger, link).status_code == 302 and _signed_in(stranger)
    assert _audit(app, "auth.login")[-1].detail["method"] == "invite"
    with app.app_context():
        assert find_user("new.person@qtrax.example").state == "active"

    again = client.post("/admin/users/invite", data={
        "email": "new.person@qtrax.example", "name": "", "role": "staff"})
    assert again.status_code == 400 and "already exists" in page_text(again)
    assert 'value="new.person@qtrax.example"' in again.get_data(as_text=True)


def test_an_invitation_lasts_as_long_as_the_firm_set(app, client, auth):
    auth.login("admin")
    with frozen(NOW):
        client.post("/admin/users/invite", data={"email": "late@qtrax.example",
                                                 "name": "", "role": "staff"})
    link, = _sent_links(app, "late@qtrax.example")
    hours = app.config["INVITE_VALID_HOURS"]
    with frozen(NOW + timedelta(hours=hours) - timedelta(minutes=1)):
        assert client.get(_path(link)).status_code == 200
    with frozen(NOW + timedelta(hours=hours, minutes=1)):
        assert "has expired" in page_text(client.get(_path(link)))


def test_an_admin_changes_roles_resets_deactivates_and_reactivates(app, client, auth,
                                                                    make_user):
    auth.login("admin")
    user_id, email = make_user("staff")
    their = app.test_client()
    their.post("/login", data={"email": email, "password": TEST_PASSWORD})

    assert client.post(f"/admin/users/{user_id}/role", data={"role": "counsel"}).status_code == 302
    assert client.post(f"/admin/users/{user_id}/role", data={"role": "boss"}).status_code == 302
    with app.app_context():
        assert db.session.get(User, user_id).role == "counsel"

    assert client.post(f"/admin/users/{user_id}/reset").status_code == 302
    assert len(_sent_links(app, email)) == 1
    assert _audit(app, "user.reset_sent")

    confirm = client.get(f"/admin/users/{user_id}/deactivate")
    assert confirm.status_code == 200 and f"Deactivate {email}?" in page_text(confirm)
    with app.app_context():
        assert db.session.get(User, user_id).active  # asking is not doing
    assert client.post(f"/admin/users/{user_id}/deactivate").status_code == 302
    assert not _signed_in(their)
    assert "disabled" in page_text(client.get("/admin/users"))
    refused = client.post(f"/admin/users/{user_id}/reset", follow_redirects=True)
    assert "reactivate it first" in page_text(refused)

    assert client.post(f"/admin/users/{user_id}/reactivate").status_code == 302
    assert their.post("/login", data={"email": email,
                                      "password": TEST_PASSWORD}).status_code == 302
    actions = [e.action for e in _audit(app, "user.deactivated") + _audit(app, "user.reactivated")]
    assert actions == ["user.deactivated", "user.reactivated"]
    assert client.post(f"/admin/users/{user_id}/deactivate", csrf=False).status_code == 400


def test_the_last_admin_is_neither_demoted_nor_disabled(app, client, auth, make_user):
    admin_id = auth.login("admin")
    demoted = client.post(f"/admin/users/{admin_id}/role", data={"role": "staff"},
                          follow_redirects=True)
    assert "last active administrator" in page_text(demoted)
    disabled = client.post(f"/admin/users/{admin_id}/deactivate", follow_redirects=True)
    assert "last active administrator" in page_text(disabled)
    with app.app_context():
        me = db.session.get(User, admin_id)
        assert me.role == "admin" and me.active
    assert not _audit(app, "user.role_changed") and not _audit(app, "user.deactivated")

    other_id, _ = make_user("admin")
    assert client.post(f"/admin/users/{other_id}/role", data={"role": "viewer"}).status_code == 302
    with app.app_context():
        assert db.session.get(User, other_id).role == "viewer"
    assert "last active administrator" in page_text(
        client.post(f"/admin/users/{admin_id}/deactivate", follow_redirects=True))

    # With another admin, one may step down; the users page is then theirs no more.
    client.post(f"/admin/users/{other_id}/role", data={"role": "admin"})
    stepped_down = client.post(f"/admin/users/{admin_id}/role", data={"role": "counsel"})
    assert stepped_down.headers["Location"] == "/"
    assert "You are now counsel." in page_text(client.get("/"))


# --- the command line ----------------------------------------------------------------------

def test_command_line_changes_name_who_made_them(app, runner, make_user):
    boss_id, boss = make_user("admin")
    result = runner.invoke(args=["users", "invite", "Cli@Qtrax.example", "--role", "staff",
                                 "--name", "Cli Person", "--by", boss])
    assert result.exit_code == 0, result.output
    assert runner.invoke(args=["users", "list"]).output.count("cli@qtrax.example\tstaff\tinvited")
    assert runner.invoke(args=["users", "set-role", "cli@qtrax.example", "counsel"]).exit_code == 0
    assert runner.invoke(args=["users", "reset-password", "cli@qtrax.example"]).exit_code == 0
    assert runner.invoke(args=["users", "deactivate", "cli@qtrax.example",
                               "--by", boss]).exit_code == 0
    assert runner.invoke(args=["users", "reactivate", "cli@qtrax.example"]).exit_code == 0

    os_user = f"os:{getpass.getuser()}"
    actors = {a: e.actor for a in ("user.invited", "user.role_changed", "user.invite_sent",
                                   "user.deactivated", "user.reactivated")
              for e in _audit(app, a)}
    assert actors == {"user.invited": f"user:{boss_id}", "user.role_changed": os_user,
                      "user.invite_sent": os_user, "user.deactivated": f"user:{boss_id}",
                      "user.reactivated": os_user}
    with app.app_context():
        assert _audit(app, "user.invited")[0].actor_user_id == boss_id
    assert len(_sent_links(app, "cli@qtrax.example")) == 2  # the invitation, and again

    unknown = runner.invoke(args=["users", "set-role", "cli@qtrax.example", "staff",
                                  "--by", "nobody@qtrax.example"])
    assert unknown.exit_code != 0 and "No account for nobody@qtrax.example" in unknown.output
    last = runner.invoke(args=["users", "deactivate", boss])
    assert last.exit_code != 0 and "last active administrator" in last.output
