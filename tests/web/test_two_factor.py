"""Two-factor sign-in as a person meets it: setting it up, the code after the password, a
replayed code, recovery codes, REQUIRE_2FA, an administrator's reset, the pending sign-in.

The clock is pinned (core.clock.frozen) and codes are worked out with pyotp for that moment,
as the person's phone would show them.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pyotp
from sqlalchemy import select

from qtrax_disputes.audit.models import AuditEntry
from qtrax_disputes.auth.two_factor.models import RecoveryCode, TwoFactor
from qtrax_disputes.core.clock import frozen
from qtrax_disputes.web.extensions import db
from tests.conftest import TEST_PASSWORD, page_text

T = datetime(2026, 12, 3, 15, 0, 0, tzinfo=UTC)  # step 59_322_060 exactly


def later(seconds: int) -> datetime:
    return T + timedelta(seconds=seconds)


@contextmanager
def at(moment: datetime):
    with frozen(moment):
        yield


def code(secret: str, moment: datetime) -> str:
    return pyotp.TOTP(secret).at(moment)


def audit(app, action: str) -> list[AuditEntry]:
    with app.app_context():
        return list(db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)))


def enrolled(app, user_id: int) -> bool:
    with app.app_context():
        return db.session.scalar(
            select(TwoFactor.id).where(TwoFactor.user_id == user_id)) is not None


def password(client, email: str, **extra):
    return client.post("/login", data={"email": email, "password": TEST_PASSWORD, **extra})


def secret_on(page) -> str:
    html = page.get_data(as_text=True)
    return re.search(r'id="totp-secret">([A-Z2-7 ]+)<', html).group(1).replace(" ", "")


def recovery_codes_on(page) -> list[str]:
    return re.findall(r"<li><code>([A-Z0-9]{5}-[A-Z0-9]{5})</code></li>",
                      page.get_data(as_text=True))


def enrol(client, moment: datetime = T) -> tuple[str, list[str]]:
    """Set up two-factor for whoever ``client`` is signed in as; (secret, recovery codes)."""
    with at(moment):
        secret = secret_on(client.get("/account/two-factor"))
        shown = client.post("/account/two-factor", data={"code": code(secret, moment)})
    assert shown.status_code == 200, page_text(shown)
    return secret, recovery_codes_on(shown)


def person_with_two_factor(app, client, make_user, role="counsel"):
    """An account with two-factor on (set up at T) and signed out again: id, email, secret,
    recovery codes."""
    user_id, email = make_user(role)
    password(client, email)
    secret, recovery = enrol(client)
    client.post("/logout")
    return user_id, email, secret, recovery


def test_setting_it_up_needs_a_right_code_and_shows_the_qr_code_and_the_secret(
        app, client, make_user):
    user_id, email = make_user("counsel")
    password(client, email)
    assert "Set up two-factor sign-in" in page_text(client.get("/account"))
    with at(T):
        page = client.get("/account/two-factor")
    html = page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store"
    # The QR code is drawn here, inline: no image fetched from anywhere, no script.
    qr = re.search(r'<div class="qr">(.*?)</div>', html, re.S).group(1)
    assert re.match(r'<svg role="img" [^>]*class="qr-code"', qr) and qr.endswith("</svg>")
    assert "<img" not in qr and "http" not in qr and "<script" not in qr
    assert "<title>QR code to scan with your authenticator app</title>" in qr
    secret = secret_on(page)
    assert len(secret) == 32
    assert re.search(r'id="totp-secret">([A-Z2-7]{4} ){7}[A-Z2-7]{4}<', html)  # grouped

    with at(T):
        wrong = client.post("/account/two-factor", data={"code": "123456" if code(
            secret, T) != "123456" else "654321"})
    assert wrong.status_code == 400
    assert "That code is not right" in page_text(wrong)
    assert 'value="' in wrong.get_data(as_text=True)  # what was typed is kept
    assert not enrolled(app, user_id)
    assert secret_on(wrong) == secret  # the same secret until it is confirmed

    secret_after, recovery = enrol(client)
    assert secret_after == secret
    assert len(recovery) == 10 and len(set(recovery)) == 10
    assert enrolled(app, user_id)
    with app.app_context():
        stored = db.session.scalar(select(TwoFactor).where(TwoFactor.user_id == user_id))
        hashes = db.session.scalars(select(RecoveryCode.code_hash)).all()
    assert secret not in stored.secret_sealed  # sealed at rest
    assert len(hashes) == 10 and not set(recovery) & set(hashes)
    [entry] = audit(app, "two_factor.enrolled")
    assert entry.actor == f"user:{user_id}" and entry.detail["recovery_codes"] == 10
    assert "Recovery codes left: 10" in page_text(client.get("/account"))


def test_a_right_password_then_the_code_signs_in_and_nothing_opens_before(
        app, client, make_user):
    user_id, email, secret, _ = person_with_two_factor(app, client, make_user)
    with at(later(60)):
        response = password(client, email, next="/cases")
    assert response.status_code == 302 and response.location.endswith("/login/code")
    # While the code is awaited nothing behind a sign-in opens.
    for path in ("/", "/cases", "/account", "/account/two-factor", "/admin/users"):
        answer = client.get(path)
        assert answer.status_code == 302 and "/login" in answer.location, path
    assert client.post("/account/two-factor/off", data={"code": "000000"}).status_code == 302
    with at(later(60)):
        page = client.get("/login/code")
        assert page.status_code == 200
        assert 'autocomplete="one-time-code"' in page.get_data(as_text=True)
        wrong = client.post("/login/code", data={"code": "999999" if code(
            secret, later(60)) != "999999" else "888888"})
    assert wrong.status_code == 200 and "That code is not right" in page_text(wrong)
    assert client.get("/cases").status_code == 302
    [failed] = audit(app, "auth.two_factor_failed")
    assert failed.detail == {"email": email, "reason": "wrong code"}
    assert failed.object_id == str(user_id)
    with at(later(61)):
        signed_in = client.post("/login/code", data={"code": code(secret, later(61))})
    assert signed_in.status_code == 302 and signed_in.location.endswith("/cases")
    assert client.get("/cases").status_code == 200
    assert audit(app, "auth.login")[-1].detail["method"] == "password+totp"


def test_the_same_code_cannot_be_used_twice(app, client, make_user):
    _, email, secret, _ = person_with_two_factor(app, client, make_user)
    # The code that turned two-factor on (step of T) is used up: it opens no sign-in.
    with at(later(5)):
        password(client, email)
        refused = client.post("/login/code", data={"code": code(secret, T)})
    assert "That code is not right" in page_text(refused)
    assert audit(app, "auth.two_factor_failed")[-1].detail["reason"] == "code already used"
    with at(later(31)):
        first = client.post("/login/code", data={"code": code(secret, later(31))})
        assert first.status_code == 302
        client.post("/logout")
    with at(later(40)):  # the same 30-second step, the same code, overheard
        password(client, email)
        again = client.post("/login/code", data={"code": code(secret, later(31))})
    assert again.status_code == 200 and client.get("/cases").status_code == 302
    assert audit(app, "auth.two_factor_failed")[-1].detail["reason"] == "code already used"
    with at(later(62)):  # the next step's code is fine
        assert client.post("/login/code", data={
            "code": code(secret, later(62))}).status_code == 302


def test_a_recovery_code_signs_in_once(app, client, make_user):
    user_id, email, _, recovery = person_with_two_factor(app, client, make_user)
    with at(later(60)):
        password(client, email)
        typed = recovery[3].lower().replace("-", " ")  # as read off paper, loosely
        assert client.post("/login/code", data={"code": typed}).status_code == 302
    assert audit(app, "auth.login")[-1].detail["method"] == "password+recovery"
    [used] = audit(app, "two_factor.recovery_code_used")
    assert used.detail["left"] == 9 and used.actor == f"user:{user_id}"
    assert "Recovery codes left: 9" in page_text(client.get("/account"))
    client.post("/logout")
    with at(later(90)):
        password(client, email)
        again = client.post("/login/code", data={"code": recovery[3]})
    assert again.status_code == 200 and client.get("/cases").status_code == 302
    assert audit(app, "auth.two_factor_failed")[-1].detail["reason"] == "wrong recovery code"


def test_the_pending_sign_in_expires_after_five_minutes(app, client, make_user):
    _, email, secret, _ = person_with_two_factor(app, client, make_user)
    with at(later(60)):
        password(client, email)
    with at(later(60 + 301)):
        late = client.post("/login/code", data={"code": code(secret, later(361))})
    assert late.status_code == 302 and late.location.endswith("/login")
    assert "not finished in time" in page_text(client.get("/login"))
    assert client.get("/cases").status_code == 302
    with at(later(400)):  # starting again works
        password(client, email)
        assert client.post("/login/code", data={
            "code": code(secret, later(400))}).status_code == 302


def test_the_code_page_without_a_password_first_sends_to_the_sign_in(client):
    answer = client.post("/login/code", data={"code": "123456"})
    assert answer.status_code == 302 and answer.location.endswith("/login")


def test_codes_are_rate_limited_per_account(app, client, make_user, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_ACCOUNT_RATE_LIMIT", "3 per minute")
    _, email, secret, _ = person_with_two_factor(app, client, make_user)
    with at(later(60)):
        password(client, email)
        for guess in ("000001", "000002", "000003"):
            assert client.post("/login/code", data={"code": guess}).status_code == 200
        # Even the right code waits now.
        assert client.post("/login/code", data={
            "code": code(secret, later(60))}).status_code == 429
    assert client.get("/cases").status_code == 302


def test_require_2fa_sends_admins_and_counsel_to_set_it_up_but_not_staff(
        app, client, make_user, monkeypatch):
    monkeypatch.setitem(app.config, "REQUIRE_2FA", True)
    for role in ("counsel", "admin"):
        user_id, email = make_user(role)
        assert password(client, email).status_code == 302
        for path in ("/", "/cases", "/account", "/reports", *(
                ["/admin/users"] if role == "admin" else [])):
            answer = client.get(path)
            assert answer.status_code == 302, (role, path)
            assert answer.location.endswith("/account/two-factor")
        page = client.get("/account/two-factor")
        assert "Your role must use two-factor sign-in" in page_text(page)
        assert client.post("/cases/views", data={"name": "x", "query": ""}).status_code == 302
        secret, _ = enrol(client)
        assert client.get("/cases").status_code == 200  # set up: everything opens
        # And it cannot be turned off while REQUIRE_2FA applies to the role.
        with at(later(60)):
            off = client.post("/account/two-factor/off",
                              data={"disable-code": code(secret, later(60))})
        assert off.status_code == 400 and "cannot be turned off" in page_text(off)
        assert enrolled(app, user_id)
        assert client.post("/logout").status_code == 302  # signing out is always allowed
    _, staff = make_user("staff")
    password(client, staff)
    assert client.get("/cases").status_code == 200


def test_signing_out_is_allowed_before_setting_it_up(app, client, make_user, monkeypatch):
    monkeypatch.setitem(app.config, "REQUIRE_2FA", True)
    _, email = make_user("counsel")
    password(client, email)
    assert client.post("/logout").status_code == 302
    assert client.get("/account/two-factor").status_code == 302  # to the sign-in now
    assert audit(app, "auth.logout")


def test_turning_it_off_needs_a_current_code(app, client, make_user):
    user_id, email, secret, _ = person_with_two_factor(app, client, make_user)
    with at(later(60)):
        password(client, email)
        client.post("/login/code", data={"code": code(secret, later(60))})
    with at(later(90)):
        wrong = client.post("/account/two-factor/off", data={"disable-code": "12345"})
        assert wrong.status_code == 400 and "That code is not right" in page_text(wrong)
        assert enrolled(app, user_id)
        off = client.post("/account/two-factor/off",
                          data={"disable-code": code(secret, later(90))})
    assert off.status_code == 302 and not enrolled(app, user_id)
    [entry] = audit(app, "two_factor.disabled")
    assert entry.actor == f"user:{user_id}"
    with app.app_context():
        assert db.session.scalar(select(RecoveryCode.id)) is None
    client.post("/logout")
    assert password(client, email).location.endswith("/")  # the password alone again


def test_new_recovery_codes_replace_the_old_ones(app, client, make_user):
    _, email, secret, old = person_with_two_factor(app, client, make_user)
    with at(later(60)):
        password(client, email)
        client.post("/login/code", data={"code": old[0]})
    with at(later(90)):
        page = client.post("/account/two-factor/recovery-codes",
                           data={"regenerate-code": code(secret, later(90))})
    new = recovery_codes_on(page)
    assert page.status_code == 200 and len(new) == 10 and not set(new) & set(old)
    assert "Your earlier recovery codes no longer work" in page_text(page)
    assert audit(app, "two_factor.recovery_codes_regenerated")
    assert "Recovery codes left: 10 of 10" in page_text(client.get("/account/two-factor"))
    client.post("/logout")
    with at(later(120)):
        password(client, email)
        assert client.post("/login/code", data={"code": old[1]}).status_code == 200
        assert client.post("/login/code", data={"code": new[1]}).status_code == 302


def test_an_admin_resets_a_lost_phones_two_factor(app, client, make_user):
    user_id, email, _, _ = person_with_two_factor(app, client, make_user)
    _, staff = make_user("staff")
    password(client, staff)
    assert client.post(f"/admin/users/{user_id}/two-factor/reset").status_code == 403
    assert enrolled(app, user_id)
    client.post("/logout")
    admin_id, admin = make_user("admin")
    password(client, admin)
    listing = client.get("/admin/users").get_data(as_text=True)
    assert f'action="/admin/users/{user_id}/two-factor/reset"' in listing
    answer = client.post(f"/admin/users/{user_id}/two-factor/reset")
    assert answer.status_code == 302 and not enrolled(app, user_id)
    assert "is reset" in page_text(client.get("/admin/users"))
    [entry] = audit(app, "two_factor.reset")
    assert entry.actor == f"user:{admin_id}" and entry.object_id == str(user_id)
    again = client.post(f"/admin/users/{user_id}/two-factor/reset", follow_redirects=True)
    assert "nothing to reset" in page_text(again)
    assert client.post("/admin/users/987654/two-factor/reset").status_code == 404
    client.post("/logout")
    assert password(client, email).location.endswith("/")  # the password alone again


def test_the_command_line_resets_two_factor_with_the_actor_named(
        app, client, runner, make_user, monkeypatch):
    user_id, email, _, _ = person_with_two_factor(app, client, make_user)
    admin_id, admin = make_user("admin")
    result = runner.invoke(args=["users", "reset-2fa", email.upper(), "--by", admin])
    assert result.exit_code == 0, result.output
    assert not enrolled(app, user_id)
    assert audit(app, "two_factor.reset")[-1].actor == f"user:{admin_id}"

    other_id, other, _, _ = person_with_two_factor(app, client, make_user)
    monkeypatch.setattr("getpass.getuser", lambda: "operator")
    assert runner.invoke(args=["users", "reset-2fa", other]).exit_code == 0
    assert audit(app, "two_factor.reset")[-1].actor == "os:operator"

    nothing = runner.invoke(args=["users", "reset-2fa", other])
    assert nothing.exit_code != 0 and "nothing to reset" in nothing.output
    unknown = runner.invoke(args=["users", "reset-2fa", "nobody@qtrax.example"])
    assert unknown.exit_code != 0 and "No account" in unknown.output
    wrong_by = runner.invoke(args=["users", "reset-2fa", email, "--by", "nobody@qtrax.example"])
    assert wrong_by.exit_code != 0 and "--by" in wrong_by.output


def test_a_changed_key_refuses_the_app_code_with_what_to_do_but_recovery_codes_still_work(
        app, client, make_user, monkeypatch):
    _, email, secret, recovery = person_with_two_factor(app, client, make_user)
    monkeypatch.setitem(app.config, "TOTP_KEY", "a different key from the one it was sealed by")
    with at(later(60)):
        password(client, email)
        refused = client.post("/login/code", data={"code": code(secret, later(60))})
        assert refused.status_code == 200
        assert "Ask an administrator to reset" in page_text(refused)
        assert audit(app, "auth.two_factor_failed")[-1].detail["reason"] == "secret unreadable"
        assert client.post("/login/code", data={"code": recovery[0]}).status_code == 302


def test_keep_me_signed_in_is_carried_over_the_code_page(app, client, make_user):
    _, email, secret, _ = person_with_two_factor(app, client, make_user)
    with at(later(60)):
        password(client, email, remember="y")
        assert client.get_cookie("remember_token") is None  # not before the code
        client.post("/login/code", data={"code": code(secret, later(60))})
    assert client.get_cookie("remember_token") is not None
    client.post("/logout")
    client.delete_cookie("remember_token")
    with at(later(90)):
        password(client, email)
        client.post("/login/code", data={"code": code(secret, later(90))})
    assert client.get_cookie("remember_token") is None


def test_a_reset_link_proves_only_the_mailbox_so_the_code_is_still_asked(
        app, client, make_user):
    from tests.web.test_account_lifecycle import _forgot, _sent_links, _set_password

    _, email, secret, _ = person_with_two_factor(app, client, make_user)
    with at(later(30)):
        _forgot(client, email)
    [link] = _sent_links(app, email)
    with at(later(60)):
        response = _set_password(client, link)
    assert response.status_code == 302 and response.location.endswith("/login/code")
    assert client.get("/cases").status_code == 302  # not signed in by the link alone
    with at(later(61)):
        client.post("/login/code", data={"code": code(secret, later(61))})
    assert client.get("/cases").status_code == 200
