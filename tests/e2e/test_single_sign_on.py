"""Single sign-on in a real browser: the sign-in page's button, the loopback OpenID provider,
and back signed in as the account with that email; a refused one ends on the sign-in page.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .test_accessibility import assert_accessible

pytestmark = pytest.mark.e2e


@pytest.fixture
def sso_page(browser, sso_live_server):
    context = browser.new_context(base_url=sso_live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_the_button_signs_in_through_the_provider(sso_page, sso_live_server):
    page, provider = sso_page, sso_live_server.provider
    provider.sign_in_as(sso_live_server.email, sub="casey-at-loopback", name="Casey")
    page.goto("/cases")  # a staff page: sent to sign in first, and brought back after
    expect(page).to_have_url(re.compile(r"/login\?next="))
    page.get_by_role("link", name="Sign in with Loopback ID").click()
    page.wait_for_load_state()
    expect(page).to_have_url(re.compile(r"/cases$"))
    expect(page.get_by_role("button", name=re.compile("Sign out", re.I))).to_be_visible()
    expect(page.get_by_text("Casey Counsel").first).to_be_visible()


def test_an_unknown_email_is_told_to_ask_an_administrator(sso_page, sso_live_server):
    page = sso_page
    sso_live_server.provider.sign_in_as("nobody@elsewhere.example")
    page.goto("/login")
    page.get_by_role("link", name="Sign in with Loopback ID").click()
    page.wait_for_load_state()
    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.get_by_text(
        "Single sign-on failed: no account for this email; ask an administrator.")).to_be_visible()


def test_the_sign_in_page_with_the_button_is_accessible(browser, sso_live_server, axe_path):
    # axe is injected as an inline script, which the app's CSP refuses: this context only.
    context = browser.new_context(base_url=sso_live_server.url, bypass_csp=True)
    page = context.new_page()
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/login")
        assert_accessible(page, axe_path, f"the sign-in page with single sign-on at {width} px")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()
