"""Every date a person or a program gives is kept between 1900 and 2199, at every form and
every query: beyond, a form says so next to the field and keeps what was typed; a query
ignores it; nothing is saved that a feed, a report or the database cannot hold."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from qtrax_disputes.deadlines.models import Deadline
from qtrax_disputes.web.extensions import db

from ..conftest import page_text
from .helpers import file_complaint

RANGE_MESSAGE = "Enter a date between 1900 and 2199."


@pytest.fixture
def case_number(new_case, auth):
    number = new_case()
    auth.login("staff")
    return number


def deadlines(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Deadline))


def test_a_deadline_due_in_year_9999_is_refused_next_to_the_field(app, client, case_number):
    before = deadlines(app)
    response = client.post(f"/cases/{case_number}/deadlines",
                           data={"title": "Far away", "due_on": "9999-12-31"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    field = html[html.index('name="due_on"'):]
    assert RANGE_MESSAGE in page_text(response)
    assert 'value="9999-12-31"' in field[:300]  # what was typed stays in the field
    assert deadlines(app) == before
    assert client.get(f"/cases/{case_number}/deadlines.ics").status_code == 200


def test_a_deadline_on_the_last_day_of_the_range_is_kept_and_shown_in_the_feed(
        app, client, case_number):
    client.post(f"/cases/{case_number}/deadlines",
                data={"title": "Last day", "due_on": "2199-12-31"})
    feed = client.get(f"/cases/{case_number}/deadlines.ics")
    assert feed.status_code == 200
    assert "DTSTART;VALUE=DATE:21991231" in feed.get_data(as_text=True)


@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31"])
def test_the_public_complaint_form_refuses_a_date_before_1900(client, day):
    response = file_complaint(client, incident_on=day)
    assert response.status_code in {200, 400}
    assert RANGE_MESSAGE in page_text(response)
    assert day in response.get_data(as_text=True)


def test_a_cost_incurred_in_year_9999_is_refused(client, auth, case_number):
    auth.logout()
    auth.login("counsel")
    response = client.post(f"/cases/{case_number}/costs", data={
        "stage": "mediation", "kind": "room", "amount": "100", "incurred_on": "9999-12-31",
        "incurred_by": "claimant", "mediator": ""})
    assert RANGE_MESSAGE in page_text(response)


def test_every_form_takes_its_dates_from_the_one_bounded_field():
    package = Path(__file__).resolve().parents[2] / "qtrax_disputes"
    imports = re.compile(r"from wtforms(?:\.fields)? import (\([^)]*\)|[^\n]*)")
    unbounded = sorted(
        str(path.relative_to(package)) for path in package.rglob("*.py")
        if path.name != "forms_common.py"
        and any(re.search(r"\bDate(Time)?(Local)?Field\b", names)
                for names in imports.findall(path.read_text()))
    )
    assert unbounded == []


@pytest.mark.parametrize("week", ["0001-W01", "9999-W52", "1899-W52"])
def test_a_week_outside_the_range_is_explained_and_the_last_week_shown(client, auth, week):
    auth.login("viewer")
    response = client.get("/reports/weekly", query_string={"week": week})
    assert response.status_code == 200
    assert "Give a week between 1900 and 2199. Showing the last complete week." \
        in page_text(response)


@pytest.mark.parametrize("query", ["since=0001-01-01&until=9999-12-31", "until=9999-12-31"])
def test_the_audit_log_ignores_dates_outside_the_range(client, auth, query):
    auth.login("admin")
    response = client.get(f"/admin/audit?{query}")
    assert response.status_code == 200


def test_the_reminder_job_refuses_a_date_outside_the_range(runner):
    result = runner.invoke(args=["deadlines", "remind", "--on", "9999-12-31"])
    assert result.exit_code == 2 and RANGE_MESSAGE in result.output
