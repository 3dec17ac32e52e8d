"""The complaint form's small courtesies: a short name in the error summary, the required marker
on its label's line, autocomplete hints, and a favicon that is found."""

from __future__ import annotations

import re

from qtrax_disputes.intake.forms import ACKNOWLEDGEMENT
from tests.web.helpers import file_complaint


def error_summary(html: str) -> str:
    return re.search(r'<div class="error-summary".*?</div>', html, re.S).group(0)


def test_the_acknowledgement_error_links_by_a_short_label(client):
    html = file_complaint(client, acknowledge="").get_data(as_text=True)
    summary = error_summary(html)
    assert ('<a href="#acknowledge">Acknowledgement: Please confirm that you have read how '
            'disputes are handled.</a>') in summary
    assert ACKNOWLEDGEMENT[:40] not in summary
    assert ACKNOWLEDGEMENT[:40] in html  # the field itself keeps its full wording


def test_the_required_marker_is_inside_its_label(client):
    html = client.get("/complaint").get_data(as_text=True)
    # Glued to the label's last word by the marker's own unbreakable space, outside the label
    # so the field's name, read aloud or matched by a label, stays "Your full name".
    assert ('<div class="label-line"><label for="name">Your full name</label>'
            '<span class="required" aria-hidden="true">&nbsp;*</span></div>') in html


def test_the_fields_about_the_person_carry_autocomplete_hints(client):
    html = client.get("/complaint").get_data(as_text=True)
    for field, hint in (("name", "name"), ("email", "email"), ("phone", "tel"),
                        ("account", "username")):
        tag = re.search(rf'<input[^>]*\bid="{field}"[^>]*>', html).group(0)
        assert f'autocomplete="{hint}"' in tag, tag


def test_the_favicon_is_linked_and_served_as_an_image(client):
    html = client.get("/complaint").get_data(as_text=True)
    assert 'rel="icon" href="/static/favicon.svg" type="image/svg+xml"' in html
    svg = client.get("/static/favicon.svg")
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"
    ico = client.get("/favicon.ico")
    assert ico.status_code == 200 and ico.mimetype == "image/x-icon"
    assert ico.data[:4] == b"\x00\x00\x01\x00"  # an ICO file's header
