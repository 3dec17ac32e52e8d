"""The roster of neutrals: admins keep it, staff search it when proposing a mediator."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from qtrax_disputes.audit.models import AuditEntry
from qtrax_disputes.neutrals.models import Neutral
from qtrax_disputes.web.extensions import db

from ..conftest import page_text


def neutral_data(**overrides):
    data = {
        "name": "Maria Ortiz",
        "kind": "mediator",
        "organisation": "Hudson Mediation Group",
        "email": "maria.ortiz@hudson.example",
        "phone": "+1 212 555 0142",
        "location": "Manhattan, New York, NY",
        "hourly_rate": "450",
        "daily_rate": "3,200.00",
        "notes": "Former magistrate judge.",
        "active": "y",
    }
    data.update(overrides)
    return data


def add_neutral(client, **overrides):
    response = client.post("/neutrals/new", data=neutral_data(**overrides))
    assert response.status_code == 302, page_text(response)
    return response


def neutral_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Neutral.id)))


def test_an_admin_adds_a_mediator_and_it_is_listed_with_its_rates(app, client, auth):
    auth.login("admin")
    response = add_neutral(client)
    assert response.headers["Location"].endswith("/neutrals/")

    text = page_text(client.get("/neutrals/"))
    assert "Maria Ortiz was added to the roster." in text
    assert "1 neutral" in text
    assert "Maria Ortiz" in text and "Hudson Mediation Group" in text
    assert "Manhattan, New York, NY" in text
    assert "$450.00" in text and "$3,200.00" in text
    with app.app_context():
        neutral = db.session.scalar(select(Neutral))
        assert neutral.hourly_rate_cents == 45000 and neutral.daily_rate_cents == 320000
        actions = db.session.scalars(select(AuditEntry.action)).all()
    assert "neutral.created" in actions


def test_staff_search_by_organisation_and_location_and_filter_by_kind(client, auth):
    auth.login("admin")
    add_neutral(client)
    add_neutral(client, name="Samuel Brooks", kind="arbitrator", organisation="AAA Panel",
                email="", location="Brooklyn, Kings County, NY", hourly_rate="600",
                daily_rate="")
    add_neutral(client, name="Ruth Chen", kind="both", organisation="Chen ADR",
                email="ruth@chenadr.example", location="Queens, New York, NY",
                hourly_rate="", daily_rate="")
    auth.logout()
    auth.login("staff")

    text = page_text(client.get("/neutrals/?q=hudson+mediation"))
    assert "1 neutral" in text and "Maria Ortiz" in text and "Samuel Brooks" not in text

    text = page_text(client.get("/neutrals/?q=BROOKLYN"))
    assert "1 neutral" in text and "Samuel Brooks" in text and "Maria Ortiz" not in text

    text = page_text(client.get("/neutrals/?kind=mediator"))
    assert "2 neutrals" in text
    assert "Maria Ortiz" in text and "Ruth Chen" in text and "Samuel Brooks" not in text

    text = page_text(client.get("/neutrals/?kind=arbitrator&q=queens"))
    assert "1 neutral" in text and "Ruth Chen" in text

    text = page_text(client.get("/neutrals/?q=nobody-like-this"))
    assert "0 neutrals" in text and "No neutrals match this search." in text


def test_an_inactive_neutral_is_not_offered_when_proposing(app, client, auth):
    from qtrax_disputes.neutrals.queries import neutral_choices

    auth.login("admin")
    add_neutral(client)
    add_neutral(client, name="Retired Person", active="")  # an unticked box is not sent
    add_neutral(client, name="Samuel Brooks", kind="arbitrator", organisation="",
                location="")
    with app.app_context():
        choices = neutral_choices("mediator")
        assert [label for _, label in choices] == [
            "Maria Ortiz — Hudson Mediation Group (Manhattan, New York, NY)"]
        assert [label for _, label in neutral_choices("arbitrator")] == ["Samuel Brooks"]
    client.get("/neutrals/")  # read the "added" messages, which name everybody
    assert "Retired Person" not in page_text(client.get("/neutrals/"))
    assert "Retired Person" in page_text(client.get("/neutrals/?inactive=1"))


def test_bad_input_says_why_next_to_each_field_and_keeps_what_was_typed(app, client, auth):
    auth.login("admin")
    response = client.post("/neutrals/new", data=neutral_data(
        name="  ", email="not-an-email", hourly_rate="-50", daily_rate="0",
        organisation="Typed Organisation LLC"))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'id="name-error">Enter the name.' in html
    assert 'id="email-error">Enter a valid email address, or leave it empty.' in html
    assert 'id="hourly_rate-error">Enter an amount in dollars' in html
    assert 'id="daily_rate-error">The rate must be more than zero.' in html
    assert 'value="Typed Organisation LLC"' in html and 'value="not-an-email"' in html
    assert neutral_count(app) == 0


def test_an_empty_email_and_no_rates_are_allowed(app, client, auth):
    auth.login("admin")
    add_neutral(client, email="", hourly_rate="", daily_rate="")
    text = page_text(client.get("/neutrals/"))
    assert "Maria Ortiz" in text and "$" not in text.split("Daily rate", 1)[1]
    with app.app_context():
        neutral = db.session.scalar(select(Neutral))
        assert neutral.email == "" and neutral.hourly_rate_cents is None


def test_staff_and_viewers_can_search_but_not_add_or_edit(app, client, auth):
    auth.login("admin")
    add_neutral(client)
    with app.app_context():
        neutral_id = db.session.scalar(select(Neutral.id))
    auth.logout()

    auth.login("staff")
    assert client.get("/neutrals/").status_code == 200
    assert "Add a neutral" not in page_text(client.get("/neutrals/"))
    assert client.get("/neutrals/new").status_code == 403
    assert client.post("/neutrals/new", data=neutral_data(name="Sneaky")).status_code == 403
    assert client.get(f"/neutrals/{neutral_id}/edit").status_code == 403
    assert client.post(f"/neutrals/{neutral_id}/edit",
                       data=neutral_data(hourly_rate="1")).status_code == 403
    auth.logout()

    auth.login("viewer")
    assert client.get("/neutrals/?q=ortiz").status_code == 200
    auth.logout()
    assert client.get("/neutrals/").status_code == 302  # signed out: to the login page
    with app.app_context():
        neutral = db.session.get(Neutral, neutral_id)
        assert neutral.hourly_rate_cents == 45000
    assert neutral_count(app) == 1


def test_editing_writes_an_audit_entry_with_what_changed(app, client, auth):
    auth.login("admin")
    add_neutral(client)
    with app.app_context():
        neutral_id = db.session.scalar(select(Neutral.id))

    form = client.get(f"/neutrals/{neutral_id}/edit").get_data(as_text=True)
    assert 'value="450.00"' in form and 'value="Maria Ortiz"' in form

    response = client.post(f"/neutrals/{neutral_id}/edit", data=neutral_data(
        hourly_rate="475", location="Midtown, New York, NY"))
    assert response.status_code == 302
    text = page_text(client.get("/neutrals/"))
    assert "Saved." in text and "$475.00" in text and "Midtown, New York, NY" in text

    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(
            AuditEntry.action == "neutral.updated"))
        assert entry.object_type == "neutrals" and entry.object_id == str(neutral_id)
        assert entry.detail["changes"] == {
            "hourly_rate_cents": {"from": 45000, "to": 47500},
            "location": {"from": "Manhattan, New York, NY", "to": "Midtown, New York, NY"},
        }

    client.post(f"/neutrals/{neutral_id}/edit", data=neutral_data(
        hourly_rate="475", location="Midtown, New York, NY"))
    assert "Nothing had changed." in page_text(client.get("/neutrals/"))
    with app.app_context():
        assert db.session.scalar(select(func.count(AuditEntry.id)).where(
            AuditEntry.action == "neutral.updated")) == 1


def test_a_bad_edit_is_refused_and_keeps_the_row_as_it_was(app, client, auth):
    auth.login("admin")
    add_neutral(client)
    with app.app_context():
        neutral_id = db.session.scalar(select(Neutral.id))
    response = client.post(f"/neutrals/{neutral_id}/edit",
                           data=neutral_data(name="", hourly_rate="-1"))
    assert response.status_code == 400
    assert "Enter the name." in page_text(response)
    with app.app_context():
        assert db.session.get(Neutral, neutral_id).name == "Maria Ortiz"


def test_editing_a_missing_neutral_is_not_found(client, auth):
    auth.login("admin")
    assert client.get("/neutrals/999/edit").status_code == 404


def neutral_row(app, neutral_id) -> dict:
    with app.app_context():
        neutral = db.session.get(Neutral, neutral_id)
        return {name: getattr(neutral, name) for name in (
            "name", "kind", "organisation", "email", "phone", "location",
            "hourly_rate_cents", "daily_rate_cents", "notes", "active")}


def test_a_post_carrying_no_fields_changes_nothing(app, client, auth):
    auth.login("admin")
    add_neutral(client)
    with app.app_context():
        neutral_id = db.session.scalar(select(Neutral.id))
    before = neutral_row(app, neutral_id)

    response = client.post(f"/neutrals/{neutral_id}/edit", data={})  # the CSRF token only
    assert response.status_code == 302
    assert neutral_row(app, neutral_id) == before
    assert before["active"] and before["hourly_rate_cents"] == 45000

    # A post of one field changes that field alone.
    client.post(f"/neutrals/{neutral_id}/edit", data={"daily_rate": ""})
    assert neutral_row(app, neutral_id) == {**before, "daily_rate_cents": None}


def test_unticking_active_on_the_edit_page_deactivates(app, client, auth):
    auth.login("admin")
    add_neutral(client)
    with app.app_context():
        neutral_id = db.session.scalar(select(Neutral.id))
    page = client.get(f"/neutrals/{neutral_id}/edit").get_data(as_text=True)
    shown = re.search(r'<input[^>]*name="active_shown"[^>]*value="([^"]*)"', page)
    assert shown, "the edit form says that the box was on it"
    # What a browser sends with the box unticked: the marker, and no "active" at all.
    data = {**neutral_data(), "active_shown": shown.group(1)}
    del data["active"]
    assert client.post(f"/neutrals/{neutral_id}/edit", data=data).status_code == 302
    assert neutral_row(app, neutral_id)["active"] is False
