"""The case page is a workspace: a header over every part, each part at its own address, the
road's next step first, and a timeline that reads as words, newest first."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from qtrax_disputes.cases import workflow as wf
from qtrax_disputes.cases.models import Case
from qtrax_disputes.cases.sections import TAB_NAMES
from qtrax_disputes.core.clock import frozen
from qtrax_disputes.web.extensions import db

from ..conftest import TEST_PASSWORD, page_text
from ..factories import make_case, make_document
from .helpers import PDF_BYTES, file

ON = datetime(2026, 4, 15, 15, 0, tzinfo=UTC)  # a Wednesday, New York afternoon


def _set_assignee(app, number: str, user_id: int) -> None:
    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.number == number))
        case.assigned_to_id = user_id
        db.session.commit()


def _part(client, number: str, section: str | None = None, **args) -> str:
    query = {"section": section, **args} if section else args
    response = client.get(f"/cases/{number}", query_string=query)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _between(html: str, start: str, end: str) -> str:
    return html.split(start, 1)[1].split(end, 1)[0]


@pytest.fixture
def child_case(app):
    with app.app_context():
        made = make_case(wf.TRIAGE,
                         deadlines=[("Call the complainant back", date(2026, 4, 20))])
    return made.number


def test_the_header_names_stage_assignee_next_deadline_and_flags_on_every_part(
        app, client, auth, make_user, child_case):
    counsel_id, _ = make_user("counsel", name="Dana Counsel")
    _set_assignee(app, child_case, counsel_id)
    auth.login("staff")
    with frozen(ON):
        for section in TAB_NAMES:
            header = page_text_of(_between(_part(client, child_case, section),
                                           '<header class="case-header"', "</header>"))
            assert child_case in header
            assert "Stage Triage" in header
            assert "Assigned to Dana Counsel" in header
            assert "Call the complainant back · Mon 2026-04-20 5 days left" in header, header
            assert "Concerns a child under 13" not in header


def test_a_case_about_a_child_says_so_in_the_header(app, client, auth):
    with app.app_context():
        number = make_case(is_child_data=True).number
    auth.login("staff")
    header = _between(_part(client, number, "costs"), '<header class="case-header"', "</header>")
    assert "Concerns a child under 13" in page_text_of(header)


def test_an_overdue_deadline_says_by_how_many_days(app, client, auth):
    with app.app_context():
        number = make_case(deadlines=[("Send the file", date(2026, 4, 13))]).number
    auth.login("staff")
    with frozen(ON):
        assert "Send the file · Mon 2026-04-13 2 days overdue" in page_text_of(
            _part(client, number))


def test_a_possible_duplicate_is_flagged_in_the_header(app, client, auth):
    with app.app_context():
        first = make_case().number
        second = make_case().number  # the same complainant, the same description
    auth.login("staff")
    header = _between(_part(client, second), '<header class="case-header"', "</header>")
    assert f"Possible duplicate of {first}" in page_text_of(header)


def test_each_part_of_the_case_has_its_address_and_shows_only_itself(app, client, auth,
                                                                     child_case):
    auth.login("admin")
    with app.app_context():
        make_document(child_case, name="contract.pdf")
    shown = {
        None: 'id="steps"', "timeline": 'id="timeline"', "deadlines": 'id="deadlines"',
        "documents": 'id="documents"', "costs": 'id="costs"', "parties": 'id="neutrals"',
    }
    for section, marker in shown.items():
        html = _part(client, child_case, section)
        assert marker in html, section
        for other, other_marker in shown.items():
            if other != section:
                assert other_marker not in html, (section, other)
        current = re.search(r'<a href="([^"]+)" aria-current="page">([^<]+)</a>',
                            _between(html, 'aria-label="Parts of the case"', "</nav>"))
        assert current is not None
        assert current.group(1).endswith(f"?section={section}" if section else child_case)
    # An address naming no part opens the overview.
    assert 'id="steps"' in _part(client, child_case, "nonsense")


def test_a_form_sent_back_shows_the_part_that_holds_it_and_a_write_lands_there(
        app, client, auth, child_case):
    auth.login("staff")
    refused = client.post(f"/cases/{child_case}/notes", data={"text": ""})
    assert refused.status_code == 400
    html = refused.get_data(as_text=True)
    assert 'id="timeline"' in html and 'id="steps"' not in html
    added = client.post(f"/cases/{child_case}/notes", data={"text": "Called back."})
    assert added.headers["Location"].endswith(
        f"/cases/{child_case}?section=timeline#timeline")
    refused = client.post(f"/cases/{child_case}/deadlines", data={"title": "", "due_on": ""})
    assert refused.status_code == 400
    assert 'id="deadlines"' in refused.get_data(as_text=True)


def test_the_next_step_on_the_road_is_the_one_primary_card_with_the_date_first(
        app, client, auth):
    with app.app_context():
        number = make_case(wf.MEDIATION_HELD).number
    auth.login("counsel")
    html = _part(client, number)
    card = _between(html, 'class="card next-step"', "</section>")
    assert "Next step: " in card
    actions = re.findall(r'action="[^"]*/move/(\w+)"', card)
    assert actions == [wf.IMPASSE]
    assert 'class="button"' in card  # the one primary button of the page's steps
    fields = [f for f in re.findall(r'name="to_impasse-(\w+)"', card) if f != "csrf_token"]
    assert fields[0] == "occurred_on", fields
    others = _between(html, 'id="other-steps-h"', "</section>")
    assert "Other steps" in html
    moves = set(re.findall(r'action="[^"]*/move/(\w+)"', others))
    assert {wf.SETTLED, wf.WITHDRAWN} <= moves and wf.IMPASSE not in moves


def test_a_blocked_next_step_says_what_it_waits_for_in_its_card(app, client, auth):
    with app.app_context():
        number = make_case(wf.MEDIATOR_SELECTION).number
    auth.login("counsel")
    card = page_text_of(_between(_part(client, number), 'class="card next-step"',
                                 "</section>"))
    assert "Next step: Record agreement to mediate" in card, card
    assert "Not yet:" in card


@pytest.fixture
def walked_case(app):
    with app.app_context():
        made = make_case(wf.AAA_NOTICED)
        make_document(made, name="notice.pdf", tag="correspondence")
    return made.number, None


def test_the_timeline_is_newest_first_grouped_by_stage_in_words(app, client, auth,
                                                                walked_case):
    number, _ = walked_case
    auth.login("staff")
    client.post(f"/cases/{number}/notes", data={"text": "Rang the AAA about the notice."})
    text = page_text_of(_part(client, number, "timeline"))
    groups = [wf.STAGE_LABELS[s] for s in (wf.AAA_NOTICED, wf.ARBITRATION_DEMANDED,
                                           wf.IMPASSE, wf.TRIAGE, wf.FILED)]
    positions = [text.index(f" {label} ") for label in groups]
    assert positions == sorted(positions), "stages newest first"
    assert text.index("Rang the AAA") < text.index("Moved here from “Arbitration demanded”")
    assert "Complaint filed" in text and "1 document added" in text
    assert "Aaa" not in text
    # Each stage is named once: by its group's heading, not again on its entry.
    assert text.count(wf.STAGE_LABELS[wf.AAA_NOTICED]) == 2  # the header's stage and the group
    assert re.search(r"recorded \d{4}-\d\d-\d\d \d{1,2}:\d\d [ap]m E[SD]T", text)
    assert not re.search(r"\d\d:\d\d:\d\d", text)


def test_the_timeline_filters_by_kind(app, client, auth, walked_case):
    number, _ = walked_case
    auth.login("staff")
    client.post(f"/cases/{number}/notes", data={"text": "Rang the AAA about the notice."})
    notes = page_text_of(_part(client, number, "timeline", kind="notes"))
    assert "Rang the AAA" in notes and "1 document added" not in notes
    assert "Moved here from" not in notes
    documents = page_text_of(_part(client, number, "timeline", kind="documents"))
    assert "1 document added" in documents and "Rang the AAA" not in documents
    steps = page_text_of(_part(client, number, "timeline", kind="steps"))
    assert "Moved here from “Impasse”" in steps and "Rang the AAA" not in steps
    # An unknown kind shows everything.
    everything = page_text_of(_part(client, number, "timeline", kind="bogus"))
    assert "Rang the AAA" in everything and "1 document added" in everything


def test_the_timeline_says_who_by_name(app, client, make_user, walked_case):
    number, _ = walked_case
    _, email = make_user("staff", name="Sam Staff")
    client.post("/login", data={"email": email, "password": TEST_PASSWORD})
    client.post(f"/cases/{number}/notes", data={"text": "Rang the AAA about the notice."})
    text = page_text_of(_part(client, number, "timeline", kind="notes"))
    assert re.search(r"Note · \w{3} \d{4}-\d\d-\d\d · Sam Staff · recorded", text), text


@pytest.mark.parametrize("stage", [wf.AAA_NOTICED, wf.AWARD_RECEIVED])
def test_no_part_of_a_case_page_shows_a_user_code_or_aaa_as_aaa(app, client, auth, stage):
    with app.app_context():
        number = make_case(stage).number
    auth.login("admin")
    client.post(f"/cases/{number}/notes", data={"text": "A note by an admin."})
    uploaded = client.post(f"/cases/{number}/documents", data={
        "tag": "evidence", "description": "", "author": "", "recipients": "",
        "privilege_basis": "", "files": [file(PDF_BYTES, "award.pdf")]},
        content_type="multipart/form-data")
    assert uploaded.status_code == 302
    for section in TAB_NAMES:
        for kind in ("", "notes", "steps"):
            text = page_text_of(_part(client, number, section, kind=kind))
            assert not re.search(r"user:\d", text), (section, kind)
            assert "Aaa" not in text, (section, kind)


def page_text_of(html: str) -> str:
    class _Response:
        def get_data(self, as_text=True):
            return html

    return page_text(_Response())


def test_a_documents_fingerprint_sits_behind_verify_file(app, client, auth):
    with app.app_context():
        number = make_case().number
        make_document(number, name="contract.pdf")
    auth.login("staff")
    html = _part(client, number, "documents")
    verify = _between(html, '<details class="verify">', "</details>")
    assert "<summary>Verify file</summary>" in verify and "SHA-256 " in verify
    assert html.count("SHA-256 ") == verify.count("SHA-256 ")


def test_a_deadlines_rule_code_is_only_inside_why_this_date(app, client, auth, walked_case):
    number, _ = walked_case
    auth.login("counsel")
    html = _part(client, number, "deadlines")
    explanations = re.findall(r'<details class="deadline-explanation">.*?</details>', html, re.S)
    assert explanations and all("<summary>Why this date?</summary>" in e for e in explanations)
    assert all("Source: " in page_text_of(e) for e in explanations)
    outside = page_text_of(re.sub(r'<details class="deadline-explanation">.*?</details>', "",
                                  html, flags=re.S))
    # The citations (CPLR 7503(c), the AAA's rule numbers) and the codes stay inside.
    assert "Source:" not in outside and "CPLR" not in outside, outside
    assert not re.search(r"\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b", outside), outside


def test_the_documents_filter_stays_on_the_documents_part(app, client, auth, walked_case):
    number, _ = walked_case
    auth.login("staff")
    html = _part(client, number, "documents")
    form = _between(html, '<form method="get"', "</form>")
    assert '<input type="hidden" name="section" value="documents">' in form
    filtered = _part(client, number, "documents", doc_tag="correspondence")
    assert "notice.pdf" in filtered and 'id="documents"' in filtered


def test_key_facts_read_as_sentences_with_times_as_people_write_them(app, client, auth):
    with app.app_context():
        number = make_case(wf.IMPASSE, steps={
            wf.MEDIATION_SCHEDULED: {"session_time": "10:00:00"},
            wf.IMPASSE: {"declared_by": "mediator"}}).number
    auth.login("staff")
    facts = page_text_of(_between(_part(client, number), 'id="facts-h"', "</section>"))
    assert "Impasse declared by the mediator" in facts
    assert "Time 10:00 am" in facts and "10:00:00" not in facts


def test_the_emails_about_a_case_are_on_its_timeline_under_emails(app, client, auth,
                                                                 walked_case):
    number, _ = walked_case
    auth.login("staff")
    emails = page_text_of(_part(client, number, "timeline", kind="emails"))
    assert "Email to jane.roe@example.com" in emails  # the receipt of the filing
    assert "Complaint filed" not in emails
    steps = page_text_of(_part(client, number, "timeline", kind="steps"))
    assert "Email to" not in steps
