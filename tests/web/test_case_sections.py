"""The case page is composed of the sections the features register, and shows every one."""

from __future__ import annotations

import pytest
from flask import Flask
from jinja2 import TemplateNotFound

from qtrax_disputes.auth.roles import ADMIN, COUNSEL, STAFF
from qtrax_disputes.cases import sections
from qtrax_disputes.web.app import register_blueprints

from .helpers import file_complaint, filed_number_and_token


def _registered() -> list[sections.Section]:
    """The sections an app registering the blueprints has, read without a database."""
    probe = Flask("probe")
    register_blueprints(probe)
    return sections.registered(probe)


REGISTERED = _registered()


def test_the_features_register_their_sections_with_their_blueprints():
    assert {"documents", "costs", "deadlines"} <= {s.name for s in REGISTERED}


# Sections shown only where they apply: the role and the stage at which they do. "Ask
# counsel" is for staff at a step only counsel may take; counsel take the step themselves.
SHOWN_WHERE = {"ask_counsel": (STAFF, "impasse")}


@pytest.mark.parametrize("section", REGISTERED, ids=lambda s: s.name)
def test_every_registered_section_renders_on_the_case_page(app, client, auth, new_case,
                                                          section):
    assert section in sections.registered(app)
    role, stage = SHOWN_WHERE.get(section.name, (ADMIN, None))  # admin: sees every section
    if stage is None:
        file_complaint(client)
        number, _ = filed_number_and_token(client)
    else:
        number = new_case(stage)
    auth.login(role)
    response = client.get(f"/cases/{number}?section={section.tab}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'id="{section.anchor}"' in html, f"the {section.name} section is not on the page"
    assert section.title in html


@pytest.fixture
def extra_section(app):
    """A section added to the running app for one test, and taken away after it."""
    added = []

    def add(section: sections.Section) -> None:
        sections.add_section(app, section)
        added.append(section.name)

    yield add
    for name in added:
        app.extensions["case_sections"].pop(name)


def test_a_section_whose_template_is_missing_fails_the_page(app, client, auth, extra_section):
    extra_section(sections.Section(name="renamed", title="Renamed", anchor="renamed",
                                   template="cases/_renamed_away.html", slot="record",
                                   order=99))
    file_complaint(client)
    number, _ = filed_number_and_token(client)
    auth.login(ADMIN)
    with pytest.raises(TemplateNotFound):
        client.get(f"/cases/{number}")


def test_a_section_is_shown_only_to_the_roles_that_may_see_it():
    probe = Flask("probe")
    for name, sees in (("everyone", STAFF), ("counsel_only", COUNSEL)):
        sections.add_section(probe, sections.Section(
            name=name, title=name, anchor=name, template="x.html", slot="side", order=1,
            sees=sees))
    assert [s.name for s in sections.visible(probe, STAFF)] == ["everyone"]
    assert [s.name for s in sections.visible(probe, ADMIN)] == ["counsel_only", "everyone"]


def test_two_sections_cannot_take_the_same_name():
    probe = Flask("probe")
    section = sections.Section(name="costs", title="Costs", anchor="costs",
                               template="cases/_costs.html", slot="record", order=1)
    sections.add_section(probe, section)
    with pytest.raises(ValueError, match="registered already"):
        sections.add_section(probe, section)


def test_a_section_names_a_slot_the_page_has():
    with pytest.raises(ValueError, match="no slot"):
        sections.Section(name="x", title="x", anchor="x", template="x.html", slot="footer",
                         order=1)
