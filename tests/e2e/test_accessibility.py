"""Accessibility in a real browser: axe-core on the main pages, and the keyboard on sign-in.

axe-core (npm, pinned in package.json) is injected into each page and run there; the check
fails on any violation axe rates "serious" or "critical", naming the rule and the elements.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from qtrax_disputes.cases.sections import TAB_NAMES, TABS

from .test_journeys import (
    PDF_BYTES,
    add_cost,
    check_conflicts,
    file_complaint,
    open_part,
    propose,
    real_file,
    step,
)

pytestmark = pytest.mark.e2e

BLOCKING = ("serious", "critical")
# The pages staff live in all day are held to every impact axe rates, minor included.
EVERY_IMPACT = ("minor", "moderate", "serious", "critical")


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """bypass_csp for these tests only. The app's Content-Security-Policy (script-src 'self')
    refuses inline scripts, and add_script_tag(path=...) injects axe as one. The test injects a
    checker; the app itself keeps its CSP, which the journeys run under."""
    return {**browser_context_args, "bypass_csp": True}


def expand_everything(page: Page) -> None:
    """Open every <details> so axe also checks the forms folded inside them."""
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")


def assert_accessible(page: Page, axe_path, what: str, impacts=BLOCKING) -> None:
    expand_everything(page)
    page.add_script_tag(path=str(axe_path))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    assert result["testEngine"]["name"] == "axe-core" and result["passes"], "axe did not run"
    blocking = [v for v in result["violations"] if v.get("impact") in impacts]
    if blocking:
        lines = [f"axe found {len(blocking)} violation(s) ({', '.join(impacts)}) on {what}:"]
        for v in blocking:
            lines.append(f"- {v['id']} ({v['impact']}): {v['help']} — {v['helpUrl']}")
            for node in v["nodes"]:
                lines.append(f"    {', '.join(map(str, node['target']))}: "
                             f"{node.get('failureSummary', '').splitlines()[-1].strip()}")
        pytest.fail("\n".join(lines), pytrace=False)


def withhold(page: Page, path: str) -> None:
    """Counsel add a document withheld as privileged, with what its log entry states."""
    open_part(page, "Documents")
    entry = page.locator("#documents details").filter(
        has=page.locator("summary", has_text="Add documents"))
    entry.locator("summary").click()
    entry.get_by_label("Files").set_input_files(path)
    entry.get_by_label("Tag").select_option("correspondence")
    entry.get_by_label("Description").fill("Advice on the retention of listening history")
    entry.get_by_label("Privileged (never shown to the complainant)").check()
    entry.get_by_label("Author (privilege log)").fill("A. Counsel")
    entry.get_by_label("Recipients (privilege log)").fill("Qtrax Legal")
    entry.get_by_label("Basis of privilege").fill("Attorney–client communication")
    entry.get_by_role("button", name="Add documents").click()
    expect(page.locator("#documents")).to_contain_text("advice.pdf")


@pytest.fixture(scope="session")
def sample_case(browser, base_url, live_server, tmp_path_factory):
    """A case with something in every section: documents, a step or two, a proposal, a cost."""
    tmp = tmp_path_factory.mktemp("a11y")
    context = browser.new_context(base_url=base_url)
    page = context.new_page()
    try:
        number, link = file_complaint(
            page, tmp, email="a11y@example.com",
            description="Qtrax shared my listening history with a marketing partner.",
            files=(real_file(tmp, "evidence.pdf", PDF_BYTES),))
        status_path = link.removeprefix(live_server.url)
        page.goto("/login")
        page.get_by_label("Email").fill(live_server.emails["counsel"])
        page.get_by_label("Password").fill(live_server.password)
        page.get_by_role("button", name="Sign in").click()
        page.goto(f"/cases/{number}")
        step(page, "Start triage")
        step(page, "Request mediation")
        step(page, "Start mediator selection")
        propose(page, "mediator", "Robin Diaz", "claimant")
        check_conflicts(page, "Robin Diaz")
        add_cost(page, stage="mediation", kind="room", description="Room hire",
                 amount="300", incurred_by="claimant")
        withhold(page, real_file(tmp, "advice.pdf", PDF_BYTES))
    finally:
        context.close()
    return number, status_path


def test_the_complaint_form(page, axe_path):
    page.goto("/complaint")
    assert_accessible(page, axe_path, "/complaint")


def test_the_status_page(page, axe_path, sample_case):
    _, status_path = sample_case
    page.goto(status_path)
    expect(page.get_by_role("heading", name="Your documents")).to_be_visible()
    assert_accessible(page, axe_path, "/status/<token>")


def test_the_status_page_with_a_settlement_offer_and_its_confirm_step(page, axe_path,
                                                                      live_server):
    from .test_mass_settlement import _seeded

    page.goto(_seeded(live_server))
    expect(page.get_by_role("heading", name="An offer to settle your case")).to_be_visible()
    assert_accessible(page, axe_path, "/status/<token> with an offer")
    page.get_by_role("link", name="Review and accept the offer").click()
    assert_accessible(page, axe_path, "/status/<token>/settlement")


def test_the_login_page(page, axe_path):
    page.goto("/login")
    assert_accessible(page, axe_path, "/login")


@pytest.fixture(scope="session")
def an_admin(live_server):
    """An administrator, made as an operator makes one, for the staff accounts page."""
    from .conftest import _flask

    email = "a11y.admin@qtrax.example"
    _flask(live_server.env, "users", "create", email, "--role", "admin", "--name", "Ad Min",
           stdin=live_server.password + "\n")
    live_server.emails["admin"] = email
    return email


def test_the_forgot_password_page(page, axe_path):
    page.goto("/password/forgot")
    assert_accessible(page, axe_path, "/password/forgot", EVERY_IMPACT)
    page.get_by_role("button", name="Email me a link").click()  # empty: the refusal shown
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page, axe_path, "/password/forgot (refused)", EVERY_IMPACT)


def test_my_settings_with_the_password_change(page, axe_path, login):
    login("staff")
    page.goto("/account")
    page.get_by_role("button", name="Change my password").click()  # empty: refused
    expect(page.locator("#password .error-summary")).to_be_visible()
    assert_accessible(page, axe_path, "/account", EVERY_IMPACT)


def test_the_staff_accounts_page(page, axe_path, login, an_admin):
    login("admin")
    page.goto("/admin/users")
    assert_accessible(page, axe_path, "/admin/users", EVERY_IMPACT)
    page.get_by_role("link", name=re.compile("Deactivate staff@")).click()
    expect(page.get_by_role("button", name="Deactivate the account")).to_be_visible()
    assert_accessible(page, axe_path, "/admin/users/<id>/deactivate", EVERY_IMPACT)


def test_the_case_list(page, axe_path, login, sample_case):
    login("staff")
    page.goto("/cases")
    expect(page.get_by_role("link", name=sample_case[0])).to_be_visible()
    assert_accessible(page, axe_path, "/cases", EVERY_IMPACT)


def test_every_part_of_a_case_page(page, axe_path, login, sample_case):
    login("counsel")  # once: the sign-in limiter counts every sign-in of the session
    for section in TAB_NAMES:
        page.goto(f"/cases/{sample_case[0]}?section={section}")
        tabs = page.get_by_role("navigation", name="Parts of the case")
        expect(tabs.get_by_role("link", name=dict(TABS)[section], exact=True)
               ).to_have_attribute("aria-current", "page")
        assert_accessible(page, axe_path, f"the {section} part of a case page", EVERY_IMPACT)


def test_my_work(page, axe_path, login, sample_case):
    login("staff")
    page.goto("/")
    expect(page.get_by_role("heading", name="My work", exact=True)).to_be_visible()
    assert_accessible(page, axe_path, "My work", EVERY_IMPACT)


def test_the_privilege_log_page(page, axe_path, login, sample_case):
    login("staff")
    page.goto(f"/cases/{sample_case[0]}/privilege-log")
    expect(page.get_by_role("cell", name="Attorney–client communication")).to_be_visible()
    assert_accessible(page, axe_path, "/cases/<number>/privilege-log")


def test_the_deadlines_page(page, axe_path, login, sample_case):
    login("staff")
    page.goto("/deadlines")
    assert_accessible(page, axe_path, "/deadlines")


def test_the_weekly_report(page, axe_path, login, live_server, sample_case):
    login("viewer")
    page.goto("/reports/weekly")
    assert_accessible(page, axe_path, "/reports/weekly")


def test_the_mass_pages(page, axe_path, login):
    login("counsel")
    page.goto("/masses")
    page.get_by_label("Name of the mass").last.fill("Axe checked mass")
    page.get_by_role("button", name="Make the mass").click()
    assert_accessible(page, axe_path, "/masses/<id>", EVERY_IMPACT)
    page.get_by_label("Step to").select_option("triage")
    page.get_by_role("button", name="Next: the step's details").click()
    assert_accessible(page, axe_path, "/masses/<id>/step", EVERY_IMPACT)
    page.goto("/masses")
    assert_accessible(page, axe_path, "/masses", EVERY_IMPACT)


def test_the_keyboard_walks_the_sign_in_form_in_order_with_visible_focus(page):
    page.goto("/login")
    for _ in range(15):  # from the top of the page, past the skip link and the header
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "email":
            break
    else:
        pytest.fail("Tab never reached the email field")

    def focused() -> dict:
        return page.evaluate("""() => {
            const el = document.activeElement, s = getComputedStyle(el);
            return {id: el.id, type: el.type, tag: el.tagName, text: el.textContent.trim(),
                    outlineStyle: s.outlineStyle, outlineWidth: s.outlineWidth,
                    outlineColor: s.outlineColor};
        }""")

    seen = [focused()]
    for _ in range(3):
        page.keyboard.press("Tab")
        seen.append(focused())
    assert [(f["id"] or f["text"]) for f in seen] == ["email", "password", "remember", "Sign in"]
    assert seen[-1]["tag"] == "BUTTON" and seen[-1]["type"] == "submit"
    for f in seen:
        assert f["outlineStyle"] not in ("none", "hidden"), f
        assert float(f["outlineWidth"].removesuffix("px")) >= 2, f


# Reflow (WCAG 1.4.10): on a phone (390 px) the pages people read all day fit the screen and
# nothing scrolls sideways. A table wider than its card scrolls inside the card; a long
# fingerprint or address wraps; the case list reads as one block per case. Each page is checked
# with every <details> opened, so the folded forms count too.
PHONE = {"width": 390, "height": 844}


def page_width(page: Page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def sticking_out(page: Page) -> list[str]:
    return page.evaluate("""() => [...document.querySelectorAll('body *')]
        .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1)
        .slice(0, 5).map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
                             + ' ' + (el.textContent || '').trim().slice(0, 40))""")


@pytest.mark.parametrize("role, path", [
    ("counsel", "/cases/{number}"),
    ("staff", "/"),
    ("staff", "/cases"),
    ("staff", "/deadlines"),
    ("counsel", "/costs"),
    ("staff", "/cases/{number}/privilege-log"),
    ("counsel", "/policies"),
])
def test_a_staff_page_fits_a_phone(page, login, sample_case, role, path):
    page.set_viewport_size(PHONE)
    login(role)
    page.goto(path.format(number=sample_case[0]))
    expand_everything(page)
    assert page_width(page) <= PHONE["width"], sticking_out(page)


@pytest.mark.parametrize("role, path", [("admin", "/admin/users"), ("staff", "/account")])
def test_the_account_pages_fit_a_phone(page, login, an_admin, role, path):
    page.set_viewport_size(PHONE)
    login(role)
    page.goto(path)
    assert page_width(page) <= PHONE["width"], sticking_out(page)


def test_every_part_of_a_case_page_fits_a_phone(page, login, sample_case):
    page.set_viewport_size(PHONE)
    login("counsel")
    for section in TAB_NAMES:
        page.goto(f"/cases/{sample_case[0]}?section={section}")
        expand_everything(page)
        assert page_width(page) <= PHONE["width"], (section, sticking_out(page))


def test_the_complainants_status_page_fits_a_phone(page, sample_case):
    page.set_viewport_size(PHONE)
    page.goto(sample_case[1])
    expand_everything(page)
    assert page_width(page) <= PHONE["width"], sticking_out(page)


def test_the_two_factor_pages(page, axe_path, live_server):
    import pyotp

    from .test_two_factor import new_account, sign_in_with_password

    email = new_account(live_server, role="staff")
    sign_in_with_password(page, email, live_server.password)
    page.goto("/account/two-factor")
    assert_accessible(page, axe_path, "/account/two-factor (set up)", EVERY_IMPACT)
    phone = pyotp.TOTP(page.locator("#totp-secret").inner_text().replace(" ", ""))
    page.get_by_label("Code from your app").fill(phone.now())
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    assert_accessible(page, axe_path, "the recovery codes", EVERY_IMPACT)
    page.goto("/account/two-factor")
    assert_accessible(page, axe_path, "/account/two-factor (manage)", EVERY_IMPACT)
    page.get_by_role("button", name="Sign out").click()
    sign_in_with_password(page, email, live_server.password)
    assert page.url.endswith("/login/code")
    assert_accessible(page, axe_path, "/login/code", EVERY_IMPACT)
