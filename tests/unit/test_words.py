"""Each word of the domain is defined once, and every place that uses it reads that definition.

A word stated twice drifts: a role added in one list and not the other, an email stored with
capitals that no search finds. These tests fail when a second definition disagrees with the first.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from qtrax_disputes.auth import roles
from qtrax_disputes.cases import steps
from qtrax_disputes.cases import workflow as wf
from qtrax_disputes.core.email_address import normalise_email


@pytest.mark.parametrize(("role", "needed"), list(itertools.product(
    (*roles.ROLES, "janitor"), roles.ROLES)))
def test_the_road_ranks_roles_as_the_access_table_does(role, needed):
    assert wf.role_allows(role, needed) == roles.at_least(role, needed)


@pytest.mark.repository
def test_every_role_a_page_asks_for_is_one_the_app_knows():
    templates = Path(roles.__file__).parents[2] / "templates"
    asked = {m.group(1) for path in templates.rglob("*.html")
             for m in re.finditer(r"\bcan\(\s*['\"](\w+)['\"]\s*\)", path.read_text())}
    assert asked and asked <= set(roles.ROLES)


def test_every_step_of_the_road_needs_a_role_the_app_knows():
    needed = {t.min_role for t in wf.TRANSITIONS} | {s.min_role for s in steps.SIDE_STEPS}
    assert needed <= set(roles.ROLES) - {roles.VIEWER}


def test_an_address_is_kept_lower_case_without_the_spaces_around_it():
    assert normalise_email("  Ann.Able@Example.COM \n") == "ann.able@example.com"
    assert normalise_email(None) == ""


# An email lower-cased (and stripped) by hand: ``email.lower()``, ``(form.email.data or
# "").strip().lower()``, ``complaint.email.strip().lower()``.
_BY_HAND = re.compile(r"email[\w.]*(?:\s+or\s+\"\"\))?\)?\.(?:strip\(\)\.)?lower\(\)")


@pytest.mark.repository
def test_no_module_normalises_an_email_but_the_one_that_defines_how():
    package = Path(normalise_email.__code__.co_filename).parents[1]
    by_hand = [f"{path.relative_to(package)}:{n}"
               for path in sorted(package.rglob("*.py")) if path.name != "email_address.py"
               for n, line in enumerate(path.read_text().splitlines(), 1)
               if _BY_HAND.search(line)]
    assert by_hand == []


def test_the_check_for_hand_normalising_sees_each_way_it_was_written():
    for line in ('email = complaint.email.strip().lower()',
                 '"email": (form.email.data or "").strip().lower(),',
                 'complainant = case.complainant_email.lower()'):
        assert _BY_HAND.search(line), line
