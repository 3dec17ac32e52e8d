"""Two-factor sign-in in a real browser: an attorney sets it up from My settings by typing the
secret shown on the page into "their phone" (pyotp here), signs out, and signs in again with
the password and then the phone's code. The QR code is drawn in the page, under the app's
Content-Security-Policy, with nothing fetched from elsewhere."""

from __future__ import annotations

import re
import time
import uuid

import pyotp
import pytest
from playwright.sync_api import Page, expect

from .conftest import _flask

pytestmark = pytest.mark.e2e


def new_account(live_server, role: str = "counsel") -> str:
    """An account of its own, so no other browser test meets its two-factor."""
    email = f"two-factor-{uuid.uuid4().hex[:8]}@qtrax.example"
    _flask(live_server.env, "users", "create", email, "--role", role, "--name", "Dana Reyes",
           stdin=live_server.password + "\n")
    return email


def sign_in_with_password(page: Page, email: str, password: str) -> None:
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def test_set_up_two_factor_then_sign_in_with_the_phones_code(page: Page, live_server, logout):
    email = new_account(live_server)
    elsewhere: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(live_server.url)
            else elsewhere.append(r.url))
    sign_in_with_password(page, email, live_server.password)
    page.get_by_role("link", name=re.compile("Dana Reyes")).click()  # My settings
    expect(page.get_by_role("heading", name="Two-factor sign-in")).to_be_visible()
    page.get_by_role("link", name="Set up two-factor sign-in").click()
    expect(page.get_by_role("heading", name="Set up two-factor sign-in")).to_be_visible()

    # The QR code is an <svg> in the page itself, drawn and shown: no <img>, no other host.
    qr = page.locator(".qr > svg")
    expect(qr).to_have_count(1)
    expect(qr).to_be_visible()
    assert qr.get_attribute("role") == "img"
    assert page.locator(".qr img").count() == 0
    box = qr.bounding_box()
    assert box and box["width"] >= 150 and abs(box["width"] - box["height"]) < 1
    assert qr.locator("path").count() >= 1

    # "The phone" is given the secret by hand, as it is shown: in groups of four.
    shown = page.locator("#totp-secret").inner_text()
    assert re.fullmatch(r"([A-Z2-7]{4} ){7}[A-Z2-7]{4}", shown)
    phone = pyotp.TOTP(shown.replace(" ", ""))

    page.get_by_label("Code from your app").fill("000000" if phone.now() != "000000"
                                                 else "111111")
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.locator("#code-error")).to_contain_text("That code is not right")

    page.get_by_label("Code from your app").fill(phone.now())
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_role("heading", name="Two-factor sign-in is on")).to_be_visible()
    codes = page.locator(".recovery-codes li").all_inner_texts()
    assert len(codes) == 10 and all(re.fullmatch(r"[A-Z0-9]{5}-[A-Z0-9]{5}", c) for c in codes)
    enrolled_at = time.time()
    page.get_by_role("link", name=re.compile("I have kept them")).click()
    expect(page.get_by_text("Recovery codes left: 10")).to_be_visible()

    logout()
    sign_in_with_password(page, email, live_server.password)
    assert page.url.endswith("/login/code")
    expect(page.get_by_role("heading", name="Sign in: code from your app")).to_be_visible()
    # Not signed in yet: the cases are behind the sign-in still.
    page.goto("/cases")
    assert "/login" in page.url
    page.goto("/login/code")
    # The code that turned two-factor on is used up; the phone's next one is accepted, as a
    # phone a little fast would show it (one step either side is allowed).
    page.get_by_label("Code").fill(phone.at(max(time.time(), enrolled_at) + 30))
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    assert "/login" not in page.url, page.content()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    page.goto("/cases")
    assert page.url.endswith("/cases")
    assert elsewhere == [], f"the browser fetched from other hosts: {elsewhere}"


def test_a_recovery_code_signs_in_when_the_phone_is_lost(page: Page, live_server, logout):
    email = new_account(live_server, role="staff")
    sign_in_with_password(page, email, live_server.password)
    page.goto("/account/two-factor")
    phone = pyotp.TOTP(page.locator("#totp-secret").inner_text().replace(" ", ""))
    page.get_by_label("Code from your app").fill(phone.now())
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    first = page.locator(".recovery-codes li").first.inner_text()
    logout()
    sign_in_with_password(page, email, live_server.password)
    page.get_by_label("Code").fill(first)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    assert "/login" not in page.url
    page.goto("/account")
    expect(page.get_by_text("Recovery codes left: 9")).to_be_visible()
