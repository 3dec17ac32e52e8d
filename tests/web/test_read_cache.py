"""The case list and the overdue badge are served again only while nothing has changed."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select, update

from qtrax_disputes.cases.models import Case
from qtrax_disputes.core.clock import frozen
from qtrax_disputes.deadlines.models import Deadline
from qtrax_disputes.web import read_cache
from qtrax_disputes.web.extensions import db

from ..conftest import Auth, page_text
from .helpers import file_complaint, filed_number_and_token


@pytest.fixture
def seconds(app, monkeypatch):
    monkeypatch.setitem(app.config, "READ_CACHE_SECONDS", 5)
    return 5


@pytest.fixture
def clock(monkeypatch):
    """The cache's own clock, moved by hand."""
    now = [1000.0]
    monkeypatch.setattr(read_cache.time, "monotonic", lambda: now[0])
    return now


def filed(client, name: str, email: str) -> str:
    file_complaint(client, name=name, email=email, description=f"{name}'s address was sold.")
    return filed_number_and_token(client)[0]


def rename_behind_the_apps_back(app, number: str, name: str) -> None:
    """No operation, so no audit entry and no new version of the data."""
    with app.app_context():
        db.session.execute(update(Case).where(Case.number == number)
                           .values(complainant_name=name))
        db.session.commit()


def test_a_filing_shows_on_the_very_next_list(client, auth, seconds, clock):
    filed(client, "Ann Able", "ann@example.com")
    auth.login("viewer")
    assert "1 case" in page_text(client.get("/cases"))
    auth.logout()
    second = filed(client, "Ben Baker", "ben@example.com")
    auth.login("viewer")
    text = page_text(client.get("/cases"))
    assert "2 cases" in text and second in text and "Ben Baker" in text


def test_an_edit_through_the_app_shows_at_once_and_one_outside_it_within_the_seconds(
        app, client, auth, seconds, clock):
    number = filed(client, "Ann Able", "ann@example.com")
    auth.login("staff")
    assert "Ann Able" in page_text(client.get("/cases"))

    rename_behind_the_apps_back(app, number, "Ann Changed")
    assert "Ann Able" in page_text(client.get("/cases"))  # the kept page, as promised
    clock[0] += seconds
    assert "Ann Changed" in page_text(client.get("/cases"))

    # Through the app: a note is an operation with its audit entry, so the next list is new.
    rename_behind_the_apps_back(app, number, "Ann Again")
    client.post(f"/cases/{number}/notes", data={"text": "Called back."})
    assert "Ann Again" in page_text(client.get("/cases"))


def test_assigned_to_me_is_each_persons_own_list(app, client, auth, make_user, seconds,
                                                 clock):
    number = filed(client, "Ann Able", "ann@example.com")
    # Two people signed in at once, so both lists are asked for under the same version.
    other = app.test_client()
    Auth(other, make_user).login("staff", "second@qtrax.example")
    first = auth.login("staff", "first@qtrax.example")
    with app.app_context():
        version = db.session.scalar(select(Case.version).where(Case.number == number))
    client.post(f"/cases/{number}/assign", data={"assignee": str(first),
                                                 "version": str(version)})
    assert number in page_text(client.get("/cases?assignee=me"))
    text = page_text(other.get("/cases?assignee=me"))
    assert number not in text and "0 cases" in text


def test_a_deadline_becomes_overdue_at_midnight_without_any_write(
        app, client, auth, seconds, clock):
    number = filed(client, "Ann Able", "ann@example.com")
    me = auth.login("staff")
    with app.app_context():
        case = db.session.scalars(select(Case).where(Case.number == number)).one()
        case.assigned_to_id = me
        db.session.add(Deadline(case_id=case.id, title="Send the answer",
                                due_on=date(2026, 12, 1), source="test"))
        db.session.commit()
    with frozen(datetime(2026, 12, 1, 22, 0, tzinfo=UTC)):  # 17:00 in New York: due today
        assert "overdue" not in page_text(client.get("/cases"))
    with frozen(datetime(2026, 12, 2, 5, 30, tzinfo=UTC)):  # 00:30 the next day there
        assert "1 overdue" in page_text(client.get("/cases"))


def test_off_means_every_list_is_computed(app, client, auth, monkeypatch, clock):
    monkeypatch.setitem(app.config, "READ_CACHE_SECONDS", 0)
    number = filed(client, "Ann Able", "ann@example.com")
    auth.login("viewer")
    assert "Ann Able" in page_text(client.get("/cases"))
    rename_behind_the_apps_back(app, number, "Ann Changed")
    assert "Ann Changed" in page_text(client.get("/cases"))


def test_a_write_earlier_in_the_same_request_is_seen_by_a_later_read(app, seconds, clock):
    from qtrax_disputes.audit.log import record

    with app.test_request_context("/cases"):
        assert read_cache.cached(("probe",), lambda: "before") == "before"
        assert read_cache.cached(("probe",), lambda: "kept") == "before"
        record("probe.written", object_type="probe", object_id=1)
        db.session.commit()
        assert read_cache.cached(("probe",), lambda: "after") == "after"
