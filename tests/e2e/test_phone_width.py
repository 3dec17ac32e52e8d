"""On a phone (390 px), the pages people read all day fit the screen: nothing scrolls sideways.

A table wider than its card scrolls inside the card; a long fingerprint or address wraps; the
case list reads as one block per case. Each page is checked with every <details> opened, so
the folded forms count too.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from .test_accessibility import expand_everything, sample_case  # noqa: F401  (fixture)

pytestmark = pytest.mark.e2e

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
    ("staff", "/cases"),
    ("staff", "/deadlines"),
    ("counsel", "/costs"),
    ("counsel", "/policies"),
])
def test_a_staff_page_fits_a_phone(page, login, sample_case, role, path):  # noqa: F811
    page.set_viewport_size(PHONE)
    login(role)
    page.goto(path.format(number=sample_case[0]))
    expand_everything(page)
    assert page_width(page) <= PHONE["width"], sticking_out(page)


def test_the_complainants_status_page_fits_a_phone(page, sample_case):  # noqa: F811
    page.set_viewport_size(PHONE)
    page.goto(sample_case[1])
    expand_everything(page)
    assert page_width(page) <= PHONE["width"], sticking_out(page)
