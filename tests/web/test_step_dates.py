"""A step's dates are checked against each other: a session or hearing is not held before the
day it was scheduled for, nor scheduled for a day before it was scheduled; the AAA sends its
notice before it reaches Qtrax and transmits an award before Qtrax receives it; no step comes
before the one before it. Each refusal is told next to the date it concerns, and keeps
nothing."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from qtrax_disputes.cases import workflow as wf
from qtrax_disputes.cases.models import CaseEvent
from qtrax_disputes.core.clock import frozen
from qtrax_disputes.web.extensions import db

from ..factories import case_of, make_case, pdf
from .test_road import move

NOW = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _late_in_the_year():
    with frozen(NOW):
        yield


def error_next_to(response, target: str, field: str) -> str:
    """The message shown under one field of the step's form ('' when there is none)."""
    html = response.get_data(as_text=True)
    found = re.search(rf'<p class="error" id="to_{target}-{field}-error">(.*?)</p>', html, re.S)
    return found.group(1).strip() if found else ""


def events(app, number) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(CaseEvent.id)).where(
            CaseEvent.case_id == case_of(number).id))


def test_a_session_is_not_held_before_the_day_it_was_scheduled_for(app, client, auth):
    with app.app_context():
        number = make_case(wf.MEDIATION_SCHEDULED, steps={
            wf.MEDIATION_SCHEDULED: {"session_on": date(2026, 2, 10)}}).number
    auth.login("staff")
    before = events(app, number)
    early = move(client, app, number, wf.MEDIATION_HELD, "2026-02-09")
    assert early.status_code == 400
    assert error_next_to(early, wf.MEDIATION_HELD, "occurred_on") == (
        "The session was scheduled for 2026-02-10: it cannot have been held before that day.")
    assert events(app, number) == before
    on_the_day = move(client, app, number, wf.MEDIATION_HELD, "2026-02-10")
    assert on_the_day.status_code == 302
    with app.app_context():
        assert case_of(number).stage == wf.MEDIATION_HELD


def test_a_hearing_is_not_held_before_its_scheduled_day(app, client, auth):
    with app.app_context():
        number = make_case(wf.HEARING_SCHEDULED, steps={
            wf.HEARING_SCHEDULED: {"hearing_on": date(2026, 4, 1)}}).number
    auth.login("staff")
    early = move(client, app, number, wf.HEARING_HELD, "2026-03-31")
    assert early.status_code == 400
    assert error_next_to(early, wf.HEARING_HELD, "occurred_on") == (
        "The hearing was scheduled for 2026-04-01: it cannot have been held before that day.")
    assert move(client, app, number, wf.HEARING_HELD, "2026-04-02").status_code == 302


def test_a_session_is_not_scheduled_for_a_day_before_it_was_scheduled(app, client, auth):
    with app.app_context():
        made = make_case(wf.MEDIATION_AGREED)
        from qtrax_disputes.cases.operations import StepInput, record_side_step

        record_side_step(case_of(made), "confidentiality_signed",
                         StepInput(made.stepped_on, document=pdf()), role=wf.STAFF)
    auth.login("staff")
    response = move(client, app, made.number, wf.MEDIATION_SCHEDULED, "2026-02-10",
                    session_on="2026-02-09", venue="JAMS, 620 Eighth Ave, New York, NY")
    assert response.status_code == 400
    assert error_next_to(response, wf.MEDIATION_SCHEDULED, "session_on") == (
        "The session cannot be scheduled for a day before it was scheduled: enter 2026-02-10 "
        "or later.")


def test_a_hearing_is_not_scheduled_for_a_day_before_it_was_scheduled(app, client, auth):
    with app.app_context():
        number = make_case(wf.ARBITRATOR_APPOINTED).number
    auth.login("staff")
    response = move(client, app, number, wf.HEARING_SCHEDULED, "2026-03-02",
                    hearing_on="2026-03-01")
    assert response.status_code == 400
    assert "enter 2026-03-02 or later" in error_next_to(response, wf.HEARING_SCHEDULED,
                                                        "hearing_on")


def test_the_aaa_does_not_send_its_notice_after_it_reached_qtrax(app, client, auth):
    with app.app_context():
        number = make_case(wf.ARBITRATION_DEMANDED).number
    auth.login("staff")
    response = move(client, app, number, wf.AAA_NOTICED, "2026-03-02",
                    notice_sent_on="2026-03-03")
    assert response.status_code == 400
    assert "on or before the day it reached us" in error_next_to(
        response, wf.AAA_NOTICED, "notice_sent_on")
    assert move(client, app, number, wf.AAA_NOTICED, "2026-03-02",
                notice_sent_on="2026-03-02").status_code == 302


def test_the_award_is_not_transmitted_after_qtrax_received_it(app, client, auth):
    with app.app_context():
        number = make_case(wf.AWARD_ISSUED).number
    auth.login("counsel")
    response = move(client, app, number, wf.AWARD_RECEIVED, "2026-05-04",
                    files={"document": pdf("award.pdf")}, transmitted_on="2026-05-05")
    assert response.status_code == 400
    assert "enter 2026-05-04 or earlier" in error_next_to(response, wf.AWARD_RECEIVED,
                                                         "transmitted_on")


def test_a_step_is_not_dated_before_the_previous_step(app, client, auth):
    with app.app_context():
        made = make_case(wf.TRIAGE)
    auth.login("staff")
    day_before = date.fromordinal(made.stepped_on.toordinal() - 1).isoformat()
    response = move(client, app, made.number, wf.MEDIATION_REQUESTED, day_before)
    assert response.status_code == 400
    assert error_next_to(response, wf.MEDIATION_REQUESTED, "occurred_on") == (
        f"Enter {made.stepped_on.isoformat()} or later.")


def side_error(response, kind: str, field: str) -> str:
    html = response.get_data(as_text=True)
    found = re.search(rf'<p class="error" id="side_{kind}-{field}-error">(.*?)</p>', html, re.S)
    return found.group(1).strip() if found else ""


def test_a_session_moved_to_an_earlier_day_is_held_on_that_day(app, client, auth):
    from .test_road import side_step

    with app.app_context():
        number = make_case(wf.MEDIATION_SCHEDULED, steps={
            wf.MEDIATION_SCHEDULED: {"session_on": date(2026, 2, 10)}}).number
    auth.login("staff")
    moved = side_step(client, number, "session_moved", "2026-02-03", session_on="2026-02-06",
                      session_time="14:30")
    assert moved.status_code == 302
    overview = client.get(f"/cases/{number}").get_data(as_text=True)
    assert "<dt>Mediation session</dt><dd>2026-02-06</dd>" in overview
    assert "<dt>Venue</dt>" in overview  # the move keeps where the session is held
    assert move(client, app, number, wf.MEDIATION_HELD, "2026-02-05").status_code == 400
    assert move(client, app, number, wf.MEDIATION_HELD, "2026-02-06").status_code == 302


def test_a_move_needs_the_new_day_and_not_one_before_the_move(app, client, auth):
    from .test_road import side_step

    with app.app_context():
        number = make_case(wf.HEARING_SCHEDULED, steps={
            wf.HEARING_SCHEDULED: {"hearing_on": date(2026, 4, 1)}}).number
    auth.login("staff")
    before = events(app, number)
    no_day = side_step(client, number, "hearing_moved", "2026-03-02")
    assert side_error(no_day, "hearing_moved", "hearing_on") == "Enter the new day of the hearing."
    backwards = side_step(client, number, "hearing_moved", "2026-03-02", hearing_on="2026-03-01")
    assert side_error(backwards, "hearing_moved", "hearing_on") == (
        "The hearing cannot be moved to a day before the move was set: enter 2026-03-02 or "
        "later.")
    assert events(app, number) == before
    assert side_step(client, number, "hearing_moved", "2026-03-02",
                     hearing_on="2026-03-20").status_code == 302
    assert move(client, app, number, wf.HEARING_HELD, "2026-03-20").status_code == 302
