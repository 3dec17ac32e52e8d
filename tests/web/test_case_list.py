"""The case list as a working tool: views a person saves and pins, the CSV of everything the
filters match, and one change to many selected cases, each case audited on its own."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import func, select

from qtrax_disputes.audit.models import AuditEntry
from qtrax_disputes.cases import event_kinds as ek
from qtrax_disputes.cases import queries
from qtrax_disputes.cases.models import CaseEvent
from qtrax_disputes.web.extensions import db

from ..conftest import page_text
from ..factories import case_of, make_case


@pytest.fixture
def three(app):
    with app.app_context():
        return [make_case(name="Ann Able", category="email_sold").number,
                make_case(name="=HYPERLINK(\"http://evil.example\")",
                          category="email_sold").number,
                make_case(name="Cy Clark", category="cookies_tracking").number]


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


# --- saved views --------------------------------------------------------------------------


def test_a_saved_view_keeps_the_filters_and_a_pinned_one_is_shown_above_the_list(
        client, auth, three):
    auth.login("viewer")
    response = client.post("/cases/views", data={
        "name": "Spam cases", "query": "category=email_sold&page=3", "pinned": "y"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/cases?category=email_sold")
    page = client.get("/cases").get_data(as_text=True)
    pinned = page.split('aria-label="Pinned views"')[1].split("</nav>")[0]
    assert "Spam cases" in pinned and "?category=email_sold" in pinned
    listed = page_text(client.get("/cases?category=email_sold"))
    assert three[0] in listed and three[2] not in listed


def test_an_unpinned_view_is_listed_but_not_pinned(client, auth, three):
    auth.login("viewer")
    client.post("/cases/views", data={"name": "Cookies", "query": "category=cookies_tracking"})
    page = client.get("/cases").get_data(as_text=True)
    assert 'aria-label="Pinned views"' not in page
    assert "Cookies" in page_text(client.get("/cases"))


def test_saving_the_same_name_again_replaces_the_view(client, auth, app):
    user_id = auth.login("viewer")
    client.post("/cases/views", data={"name": "Mine", "query": "state=open"})
    client.post("/cases/views", data={"name": "Mine", "query": "state=closed", "pinned": "y"})
    with app.app_context():
        (view,) = queries.saved_views(user_id)
        assert (view.query_string, view.pinned) == ("state=closed", True)


def test_a_view_without_a_name_is_refused_next_to_the_name(client, auth):
    auth.login("viewer")
    response = client.post("/cases/views", data={"name": " ", "query": "state=open"})
    assert response.status_code == 422
    assert "Give the view a name." in page_text(response)


def test_saved_views_are_each_persons_own(client, auth, app):
    first = auth.login("staff")
    client.post("/cases/views", data={"name": "Secret list", "query": "state=all",
                                      "pinned": "y"})
    with app.app_context():
        (view,) = queries.saved_views(first)
        view_id = view.id
    auth.logout()
    auth.login("staff")
    assert "Secret list" not in page_text(client.get("/cases"))
    assert client.post(f"/cases/views/{view_id}/pin", data={"pinned": "0"}).status_code == 404
    assert client.post(f"/cases/views/{view_id}/delete").status_code == 404
    with app.app_context():
        assert queries.saved_view_of(first, view_id).pinned is True


def test_a_view_can_be_unpinned_and_deleted_by_its_owner(client, auth, app):
    user_id = auth.login("viewer")
    client.post("/cases/views", data={"name": "Mine", "query": "state=all", "pinned": "y"})
    with app.app_context():
        view_id = queries.saved_views(user_id)[0].id
    client.post(f"/cases/views/{view_id}/pin", data={"pinned": "0"})
    with app.app_context():
        assert queries.saved_view_of(user_id, view_id).pinned is False
    client.post(f"/cases/views/{view_id}/delete")
    with app.app_context():
        assert queries.saved_views(user_id) == []


# --- CSV ----------------------------------------------------------------------------------


def test_the_csv_holds_every_case_the_filters_match_not_only_the_page(
        client, auth, three, monkeypatch):
    monkeypatch.setattr(queries, "PAGE_SIZE", 1)
    auth.login("viewer")
    response = client.get("/cases/export.csv?category=email_sold")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "private, no-store"
    rows = csv_rows(response)
    assert rows[0][0] == "number"
    assert {row[0] for row in rows[1:]} == {three[0], three[1]}
    assert {row[4] for row in rows[1:]} == {"My email address was sold, rented or shared"}


def test_the_csv_is_streamed(client, auth, three):
    auth.login("viewer")
    response = client.get("/cases/export.csv")
    assert response.is_streamed
    assert len(csv_rows(response)) == 4


def test_a_cell_a_spreadsheet_would_run_is_quoted(client, auth, three):
    auth.login("viewer")
    rows = csv_rows(client.get("/cases/export.csv"))
    (evil,) = [row for row in rows if row[0] == three[1]]
    assert evil[2] == "'=HYPERLINK(\"http://evil.example\")"


def test_the_list_links_its_filters_to_the_csv(client, auth, three):
    auth.login("viewer")
    page = client.get("/cases?category=cookies_tracking").get_data(as_text=True)
    assert "/cases/export.csv?category=cookies_tracking" in page


# --- bulk changes -------------------------------------------------------------------------


def audited(action: str, number: str) -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.action == action, AuditEntry.detail["number"].as_string() == number))


def timeline_kinds(number: str) -> list[str]:
    return db.session.scalars(select(CaseEvent.kind).where(
        CaseEvent.case_id == case_of(number).id)).all()


def test_staff_reassign_the_selected_cases_each_audited(client, auth, app, make_user, three):
    new_id, _ = make_user("staff", name="Rita Reassigned")
    auth.login("staff")
    response = client.post("/cases/bulk", data={
        "cases": three[:2], "action": "assign", "assignee": str(new_id),
        "back": "category=email_sold"})
    assert response.headers["Location"].endswith("/cases?category=email_sold")
    assert "2 of 2 selected cases reassigned." in page_text(client.get("/cases"))
    with app.app_context():
        for number in three[:2]:
            assert case_of(number).assigned_to_id == new_id
            assert audited("case.assigned", number) == 1
            assert timeline_kinds(number).count(ek.ASSIGNED) == 1
        assert case_of(three[2]).assigned_to_id is None
        assert audited("case.assigned", three[2]) == 0


def test_staff_add_one_note_to_each_selected_case(client, auth, app, three):
    auth.login("staff")
    client.post("/cases/bulk", data={"cases": three, "action": "note",
                                     "note": "Asked the AAA for the file."})
    with app.app_context():
        for number in three:
            assert audited("case.note_added", number) == 1
            notes = db.session.scalars(select(CaseEvent.note).where(
                CaseEvent.case_id == case_of(number).id, CaseEvent.kind == ek.NOTE)).all()
            assert notes == ["Asked the AAA for the file."]


def test_a_bulk_note_needs_its_text_and_a_selection(client, auth, app, three):
    auth.login("staff")
    client.post("/cases/bulk", data={"cases": three, "action": "note", "note": " "})
    assert "Write the note to add." in page_text(client.get("/cases"))
    client.post("/cases/bulk", data={"action": "note", "note": "Hello"})
    assert "Select at least one case" in page_text(client.get("/cases"))
    with app.app_context():
        assert all(audited("case.note_added", n) == 0 for n in three)


def test_a_viewer_cannot_change_cases_in_bulk(client, auth, app, make_user, three):
    new_id, _ = make_user("staff")
    auth.login("viewer")
    assert client.post("/cases/bulk", data={"cases": three, "action": "assign",
                                            "assignee": str(new_id)}).status_code == 403
    assert client.post("/cases/bulk", data={"cases": three, "action": "note",
                                            "note": "x"}).status_code == 403
    with app.app_context():
        assert all(case_of(n).assigned_to_id is None for n in three)
    # and the list offers a viewer no boxes to tick
    assert 'name="cases"' not in client.get("/cases").get_data(as_text=True)


def test_staff_see_a_box_to_select_each_case(client, auth, three):
    auth.login("staff")
    page = client.get("/cases").get_data(as_text=True)
    assert all(f'value="{n}" form="bulk-form"' in page for n in three)


def test_a_bulk_reassignment_needs_a_choice_and_nobody_unassigns(
        client, auth, app, make_user, three):
    new_id, _ = make_user("staff")
    auth.login("staff")
    client.post("/cases/bulk", data={"cases": three[:1], "action": "assign", "assignee": ""})
    assert "Choose whom to assign them to." in page_text(client.get("/cases"))
    client.post("/cases/bulk", data={"cases": three[:1], "action": "assign",
                                     "assignee": str(new_id)})
    client.post("/cases/bulk", data={"cases": three[:1], "action": "assign",
                                     "assignee": "none"})
    with app.app_context():
        assert case_of(three[0]).assigned_to_id is None
        assert audited("case.assigned", three[0]) == 2
