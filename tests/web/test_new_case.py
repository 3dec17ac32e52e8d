"""Staff open a case for a complaint that came by letter, email, phone or AAA notice: the
public form's filing and duplicate check, the source recorded, and a later start walked
step by step so its deadlines start."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from qtrax_disputes.cases.models import Case, CaseEvent
from qtrax_disputes.core.clock import frozen
from qtrax_disputes.deadlines.models import Deadline
from qtrax_disputes.outbox.models import OutboxMessage
from qtrax_disputes.web.extensions import db

from ..conftest import page_text
from .helpers import complaint_data

NOW = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)


def new_case_data(**overrides):
    data = complaint_data(source="letter", received_on="2026-11-16", start="filed")
    del data["acknowledge"]
    data.update(overrides)
    return data


@pytest.fixture(autouse=True)
def _pinned():
    with frozen(NOW):
        yield


def _only_case(app) -> Case:
    with app.app_context():
        case = db.session.scalar(select(Case).order_by(Case.id.desc()))
        db.session.expunge(case)
        return case


def test_a_letter_opens_a_case_at_triage_with_its_source(app, client, auth):
    auth.login("staff")
    response = client.post("/cases/new", data=new_case_data(start="triage"))
    assert response.status_code == 302
    case = _only_case(app)
    assert (case.source, case.stage, case.filed_on) == ("letter", "triage", date(2026, 11, 16))
    with app.app_context():
        kinds = db.session.scalars(select(CaseEvent.to_stage).where(
            CaseEvent.case_id == case.id).order_by(CaseEvent.id)).all()
        assert kinds == ["filed", "triage"]
        assert db.session.scalar(select(OutboxMessage).where(
            OutboxMessage.to_address == "jane.roe@example.com"))  # the receipt, with its link
    page = page_text(client.get(f"/cases/{case.number}?section=timeline"))
    assert "Entered by staff from a letter" in page


def test_an_aaa_notice_opens_a_case_at_the_demand_with_its_deadlines(app, client, auth):
    auth.login("counsel")
    response = client.post("/cases/new", data=new_case_data(
        source="aaa_notice", start="arbitration_demanded", demand_filed_on="2026-11-10",
        served_on="2026-11-12", aaa_case_number="01-26-0001-2345", mediation_waived="y"))
    assert response.status_code == 302, page_text(response)
    case = _only_case(app)
    assert (case.source, case.stage) == ("aaa_notice", "arbitration_demanded")
    # The demand came before its notice reached Qtrax: the record starts with the demand.
    assert case.filed_on == date(2026, 11, 10)
    with app.app_context():
        demand = db.session.scalar(select(CaseEvent).where(
            CaseEvent.case_id == case.id, CaseEvent.to_stage == "arbitration_demanded"))
        assert demand.occurred_on == date(2026, 11, 10)
        assert demand.data["served_on"] == "2026-11-12" and demand.data["filed_by"] == "claimant"
        started = db.session.scalars(select(Deadline).where(
            Deadline.trigger_event_id == demand.id)).all()
        # CPLR 7503(c)'s 20 days run from service on Qtrax.
        stay = [d for d in started if d.rule_code and "7503" in (d.source + d.rule_code)]
        assert stay and stay[0].trigger_on == date(2026, 11, 12)


def test_a_refused_demand_opens_nothing_and_says_why_next_to_the_field(app, client, auth):
    auth.login("staff")  # the road gives the demand to counsel
    response = client.post("/cases/new", data=new_case_data(
        start="arbitration_demanded", demand_filed_on="2026-11-10", mediation_waived="y"))
    assert response.status_code == 200
    assert "Only counsel may" in page_text(response)
    with app.app_context():
        assert db.session.scalar(select(Case)) is None


def test_the_demand_date_is_asked_when_the_case_starts_at_the_demand(app, client, auth):
    auth.login("counsel")
    response = client.post("/cases/new", data=new_case_data(start="arbitration_demanded"))
    assert "Enter the date the demand was filed with the AAA." in page_text(response)
    with app.app_context():
        assert db.session.scalar(select(Case)) is None


def test_the_same_duplicate_check_as_the_public_form(app, client, auth):
    auth.login("staff")
    client.post("/cases/new", data=new_case_data(source="email"))
    first = _only_case(app)
    response = client.post("/cases/new", data=new_case_data(source="phone"), follow_redirects=True)
    second = _only_case(app)
    assert second.id != first.id and second.possible_duplicate_of_id == first.id
    assert f"Possible duplicate of {first.number}" in page_text(response)


def test_a_viewer_cannot_open_a_case(app, client, auth):
    auth.login("viewer")
    assert client.get("/cases/new").status_code == 403
    assert client.post("/cases/new", data=new_case_data()).status_code == 403


def test_staff_find_the_form_from_the_case_list(app, client, auth):
    auth.login("staff")
    assert "New case" in page_text(client.get("/cases"))
    assert client.get("/cases/new").status_code == 200
