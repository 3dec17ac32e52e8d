"""The staff case list and case page: find, read, assign, edit without losing work."""

from __future__ import annotations

from sqlalchemy import select

from qtrax_disputes.audit.models import AuditEntry
from qtrax_disputes.cases.models import Case
from qtrax_disputes.web.extensions import db

from ..conftest import page_text
from .helpers import complaint_data, file_complaint, filed_number_and_token


def file_several(client, *people):
    numbers = []
    for name, email, category in people:
        file_complaint(client, name=name, email=email, category=category,
                       description=f"{name} complains about {category} at length.")
        numbers.append(filed_number_and_token(client)[0])
    return numbers


def edit_values(**overrides):
    data = complaint_data()
    values = {
        "complainant_name": data["name"], "complainant_email": data["email"],
        "complainant_phone": "", "account_identifier": "janeroe", "category": "email_sold",
        "summary": "Address sold", "description": data["description"],
        "desired_resolution": "", "incident_on": "2026-10-01", "amount_claimed": "",
    }
    values.update(overrides)
    return values


def test_the_list_filters_searches_and_counts(app, client, auth):
    first, second, third = file_several(
        client, ("Ann Able", "ann@example.com", "cookies_tracking"),
        ("Ben Baker", "ben@example.com", "email_sold"),
        ("Cy Clark", "cy@example.com", "cookies_tracking"))
    auth.login("viewer")

    text = page_text(client.get("/cases?category=cookies_tracking"))
    assert "2 cases" in text
    assert first in text and third in text and second not in text

    text = page_text(client.get("/cases?q=ben%40example.com"))
    assert "1 case" in text and second in text and first not in text

    text = page_text(client.get(f"/cases?q={third}"))
    assert third in text and first not in text

    text = page_text(client.get("/cases?state=closed"))
    assert "0 cases" in text


def test_the_list_sorts_by_a_column_both_ways(client, auth):
    file_several(client, ("Zed Zulu", "z@example.com", "other"),
                 ("Amy Alpha", "a@example.com", "other"))
    auth.login("viewer")
    ascending = page_text(client.get("/cases?sort=complainant&dir=asc"))
    assert ascending.index("Amy Alpha") < ascending.index("Zed Zulu")
    descending = page_text(client.get("/cases?sort=complainant&dir=desc"))
    assert descending.index("Zed Zulu") < descending.index("Amy Alpha")


def test_the_list_pages_and_keeps_its_filters_in_the_links(app, client, auth, monkeypatch):
    from qtrax_disputes.cases import queries

    monkeypatch.setattr(queries, "PAGE_SIZE", 2)
    numbers = file_several(client, *[(f"P{i} Person", f"p{i}@example.com", "cookies_tracking")
                                     for i in range(5)])
    auth.login("viewer")
    page1 = client.get("/cases?category=cookies_tracking").get_data(as_text=True)
    assert numbers[4] in page1 and numbers[3] in page1 and numbers[2] not in page1
    assert "category=cookies_tracking" in page1 and "page=2" in page1
    page3 = page_text(client.get("/cases?category=cookies_tracking&page=3"))
    assert numbers[0] in page3 and numbers[1] not in page3


def test_staff_add_a_note_and_assign_and_both_are_on_the_timeline(app, client, auth):
    file_complaint(client)
    number, _ = filed_number_and_token(client)
    staff_id = auth.login("staff")
    client.post(f"/cases/{number}/notes", data={"text": "Called the complainant back."})
    with app.app_context():
        version = db.session.scalar(select(Case.version).where(Case.number == number))
    client.post(f"/cases/{number}/assign", data={"assignee": str(staff_id),
                                                 "version": str(version)})
    text = page_text(client.get(f"/cases/{number}?section=timeline"))
    assert "Called the complainant back." in text
    assert "Assigned to Staff" in text
    with app.app_context():
        actions = db.session.scalars(select(AuditEntry.action)).all()
    assert "case.note_added" in actions and "case.assigned" in actions


def test_a_stale_edit_is_refused_and_the_typed_text_is_kept(app, client, auth):
    file_complaint(client)
    number, _ = filed_number_and_token(client)
    auth.login("staff")
    with app.app_context():
        version = db.session.scalar(select(Case.version).where(Case.number == number))

    first = client.post(f"/cases/{number}/edit",
                        data=edit_values(summary="First person's summary", version=version))
    assert first.status_code == 302

    second = client.post(f"/cases/{number}/edit",
                         data=edit_values(summary="Second person's summary", version=version))
    assert second.status_code == 409
    text = page_text(second)
    assert "someone else saved" in text.lower()
    assert 'value="Second person&#39;s summary"' in second.get_data(as_text=True) or \
        "Second person's summary" in second.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Case.summary).where(Case.number == number)) == \
            "First person's summary"


def test_an_edit_with_bad_input_says_why_next_to_the_field(app, client, auth):
    file_complaint(client)
    number, _ = filed_number_and_token(client)
    auth.login("staff")
    with app.app_context():
        version = db.session.scalar(select(Case.version).where(Case.number == number))
    response = client.post(f"/cases/{number}/edit",
                           data=edit_values(complainant_email="not-an-email", version=version))
    assert response.status_code == 400
    assert "Enter a valid email address." in page_text(response)
    with app.app_context():
        assert db.session.scalar(select(Case.complainant_email)
                                 .where(Case.number == number)) == "jane.roe@example.com"


def test_a_viewer_reads_but_cannot_write(client, auth):
    file_complaint(client)
    number, _ = filed_number_and_token(client)
    auth.login("viewer")
    assert client.get(f"/cases/{number}").status_code == 200
    assert client.post(f"/cases/{number}/notes", data={"text": "x"}).status_code == 403


def test_a_broad_search_says_there_are_more_than_it_counted(app, client, auth, monkeypatch):
    from qtrax_disputes.cases import queries

    monkeypatch.setattr(queries, "SEARCH_COUNT_CAP", 2)
    file_several(client, *[(f"Pat Person{i}", f"pat{i}@example.com", "other")
                           for i in range(4)])
    auth.login("viewer")
    assert "More than 2 cases match" in page_text(client.get("/cases?q=Pat"))
    assert "4 cases" in page_text(client.get("/cases"))


def test_an_edit_changes_only_the_fields_the_post_carried(app, client, auth):
    file_complaint(client, phone="555-0100", amount="250", is_child_data="y")
    number, _ = filed_number_and_token(client)
    auth.login("staff")
    with app.app_context():
        case = db.session.scalars(select(Case).where(Case.number == number)).one()
        before = (case.complainant_phone, case.amount_claimed_cents, case.is_child_data,
                  case.incident_on, case.desired_resolution)
        version = case.version
    carried = {name: value for name, value in edit_values(version=version).items()
               if name in {"complainant_name", "complainant_email", "category", "summary",
                           "description", "version"}}
    carried["summary"] = "A new summary"

    response = client.post(f"/cases/{number}/edit", data=carried)

    assert response.status_code == 302
    with app.app_context():
        case = db.session.scalars(select(Case).where(Case.number == number)).one()
        assert case.summary == "A new summary"
        assert (case.complainant_phone, case.amount_claimed_cents, case.is_child_data,
                case.incident_on, case.desired_resolution) == before


def test_the_list_counts_every_match_on_each_page_and_past_the_last(app, client, auth,
                                                                      monkeypatch):
    from qtrax_disputes.cases import queries

    monkeypatch.setattr(queries, "PAGE_SIZE", 2)
    file_several(client, *[(f"P{i} Person", f"p{i}@example.com", "cookies_tracking")
                           for i in range(5)])
    auth.login("viewer")
    for page in ("1", "3", "9"):
        text = page_text(client.get("/cases", query_string={"category": "cookies_tracking",
                                                            "page": page}))
        assert "5 cases" in text, page
    searched = page_text(client.get("/cases", query_string={"q": "person", "page": "2"}))
    assert "5 cases" in searched
