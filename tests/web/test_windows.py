"""Windows and duties: a window a side may use lapses when it passes unused — it is not overdue,
not in the badge, the dashboard or the reminders — unless counsel decided Qtrax will act, which
makes it a duty. A window the road has made moot ends by itself, saying why."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from qtrax_disputes.audit.models import AuditEntry
from qtrax_disputes.cases.models import Case
from qtrax_disputes.core.clock import frozen
from qtrax_disputes.deadlines.models import Deadline
from qtrax_disputes.web.extensions import db

from ..conftest import page_text
from .test_deadlines import NOW, file_at, open_deadlines, to_award_received
from .test_reminders import reminders
from .test_road import agree_on_neutral, move, side_step

STAY = "Apply to stay arbitration"


@pytest.fixture
def counsel_case(app, client, auth):
    """A case filed 2026-01-05, looked at by counsel on NOW (Friday 2026-04-10)."""
    number, _ = file_at(client)
    with frozen(NOW):
        yield number, auth.login("counsel")


def stay_line(client, n) -> str:
    """What the case page's deadlines section says of the CPLR 7503(c) window."""
    section = page_text(client.get(f"/cases/{n}?section=deadlines")).split(
        "Calendar file (.ics) of this case")[1]
    return section.split(STAY)[1].split("Source:")[0]


def demanded(client, app, n):
    """The demand served on 2026-01-20 (a Tuesday): CPLR 7503(c)'s 20 days end on Monday
    2026-02-09, a business day, so nothing rolls. On NOW (2026-04-10) that is long past."""
    move(client, app, n, "triage", "2026-01-06")
    move(client, app, n, "arbitration_demanded", "2026-01-20", mediation_waived="y",
         claim_amount="900")
    stay = open_deadlines(app, n)["CPLR7503_STAY"]
    assert stay.due_on == date(2026, 2, 9)
    return stay


def reminded_of_the_stay(app, runner, on: date) -> bool:
    runner.invoke(args=["deadlines", "remind", "--on", on.isoformat()])
    return any(STAY in m.body for m in reminders(app) if m.dedupe_key.endswith(on.isoformat()))


def nothing_overdue_anywhere(client, runner, app, on=NOW.date()):
    assert "overdue" not in page_text(client.get("/cases"))  # the navigation's badge
    dashboard = page_text(client.get("/deadlines"))
    assert "Overdue (0)" in dashboard and STAY not in dashboard
    assert not reminded_of_the_stay(app, runner, on)


def decide(client, deadline_id, decision):
    return client.post(f"/deadlines/{deadline_id}/{decision}",
                       data={"csrf_token": client.csrf_token()})


def test_a_window_that_passes_unused_lapses_and_is_not_overdue(
        app, client, runner, counsel_case):
    n, _ = counsel_case
    demanded(client, app, n)
    line = stay_line(client, n)
    assert "window closed on Mon 2026-02-09" in line and "overdue" not in line
    nothing_overdue_anywhere(client, runner, app)


def test_counsel_marking_qtrax_will_act_makes_the_window_a_duty_that_goes_overdue(
        app, client, runner, counsel_case):
    n, counsel_id = counsel_case
    stay = demanded(client, app, n)

    assert decide(client, stay.id, "will-act").status_code == 302
    line = stay_line(client, n)
    assert "overdue" in line and "Qtrax will act" in line and "window closed" not in line
    assert "Overdue (1)" in page_text(client.get("/deadlines"))
    assert reminded_of_the_stay(app, runner, NOW.date())
    with app.app_context():
        entry = db.session.scalars(select(AuditEntry).where(
            AuditEntry.action == "deadline.will_act")).one()
        assert entry.actor_user_id == counsel_id

    assert decide(client, stay.id, "will-not-act").status_code == 302
    assert "window closed on Mon 2026-02-09" in stay_line(client, n)
    # the next day's reminders (one email a person a day: today's went out already)
    nothing_overdue_anywhere(client, runner, app, on=date(2026, 4, 11))
    with app.app_context():
        assert db.session.scalar(select(AuditEntry.id).where(
            AuditEntry.action == "deadline.will_not_act")) is not None


def test_the_badge_counts_a_window_qtrax_will_act_on(app, client, counsel_case):
    n, counsel_id = counsel_case
    stay = demanded(client, app, n)
    with app.app_context():
        db.session.scalars(select(Case).where(Case.number == n)).one().assigned_to_id = \
            counsel_id
        db.session.commit()
    assert "overdue" not in page_text(client.get("/cases"))
    decide(client, stay.id, "will-act")
    assert "1 overdue" in page_text(client.get("/cases"))


def test_only_counsel_decides_that_qtrax_will_act(app, client, auth, counsel_case):
    n, _ = counsel_case
    stay = demanded(client, app, n)
    auth.logout()
    with frozen(NOW):
        auth.login("staff")
        assert decide(client, stay.id, "will-act").status_code == 403
        assert "Qtrax will act" not in page_text(client.get(f"/cases/{n}?section=deadlines"))
    with app.app_context():
        assert db.session.get(Deadline, stay.id).will_act_at is None


def test_a_duty_cannot_be_marked_and_stays_overdue(app, client, counsel_case):
    n, _ = counsel_case
    client.post(f"/cases/{n}/deadlines", data={"title": "Send the letter",
                                               "due_on": "2026-04-08"})
    letter = open_deadlines(app, n)["Send the letter"]
    response = decide(client, letter.id, "will-act")
    assert response.status_code == 302
    assert "already" in page_text(client.get(response.headers["Location"]))
    assert "Overdue (1)" in page_text(client.get("/deadlines"))


def test_taking_part_in_the_arbitration_ends_the_stay_window_with_its_reason(
        app, client, counsel_case):
    n, _ = counsel_case
    demanded(client, app, n)
    move(client, app, n, "aaa_noticed", "2026-01-26", notice_sent_on="2026-01-23")
    assert "CPLR7503_STAY" in open_deadlines(app, n)  # the AAA's notice is not Qtrax's part
    response = side_step(client, n, "answer_filed", "2026-02-02")
    assert response.status_code == 302, page_text(response)
    assert "CPLR7503_STAY" not in open_deadlines(app, n)
    text = page_text(client.get(f"/cases/{n}?section=deadlines"))
    assert ("Moot: Qtrax took part in the arbitration (answer filed with the AAA), on "
            "2026-02-02.") in text


def test_the_appointment_of_the_arbitrator_also_ends_the_stay_window(
        app, client, counsel_case):
    n, _ = counsel_case
    demanded(client, app, n)
    move(client, app, n, "aaa_noticed", "2026-01-26", notice_sent_on="2026-01-23")
    agree_on_neutral(client, app, n, "arbitrator", "2026-02-02", proposed_by="aaa")
    move(client, app, n, "arbitrator_appointed", "2026-02-02")
    assert "CPLR7503_STAY" not in open_deadlines(app, n)
    assert "Moot: Qtrax took part in the arbitration (arbitrator appointed), on 2026-02-02." \
        in page_text(client.get(f"/cases/{n}?section=deadlines"))


def test_the_award_ends_the_aaa_answer_period_with_its_reason(app, client, counsel_case):
    n, _ = counsel_case
    to_award_received(client, app, n)  # no answer was filed; the award issued 2026-03-30
    assert "AAA_ANSWER" not in open_deadlines(app, n)
    with app.app_context():
        answer = db.session.scalars(select(Deadline).join(Case).where(
            Case.number == n, Deadline.rule_code == "AAA_ANSWER")).one()
        assert answer.status == "closed"
        assert answer.waive_reason == ("Moot: The award was issued: there is nothing left to "
                                       "answer, on 2026-03-30.")


def test_the_complainant_is_not_shown_a_window_that_lapsed(app, client, auth):
    n, token = file_at(client)
    with frozen(NOW):
        auth.login("counsel")
        to_award_received(client, app, n, received_on="2026-04-01")
    # CPLR 7509: 20 days after receipt on Wednesday 2026-04-01 → Tuesday 2026-04-21.
    modify = "Either side may ask the arbitrator to correct the decision until Tuesday, 21 April"
    with frozen(NOW):
        assert modify in page_text(client.get(f"/status/{token}"))
    with frozen(NOW.replace(day=22)):
        status = page_text(client.get(f"/status/{token}"))
        assert modify not in status
        assert "Either side may ask a court to cancel or change the decision" in status  # open


def test_a_step_after_a_window_closed_does_not_count_as_meeting_it(app, client, auth):
    n, _ = file_at(client)
    with frozen(NOW.replace(month=7, day=20)):
        auth.login("counsel")
        to_award_received(client, app, n, received_on="2026-04-01")
        # CPLR 7511(a): 90 days after Wednesday 2026-04-01 → Tuesday 2026-06-30, unused.
        response = move(client, app, n, "confirmed", "2026-07-15",
                        court="Supreme Court, New York County", index_number="654321/2026")
        assert response.status_code == 302, page_text(response)
    with app.app_context():
        rows = dict(db.session.execute(
            select(Deadline.rule_code, Deadline).join(Case).where(Case.number == n)).all())
        vacate, confirm = rows["CPLR7511_VACATE"], rows["CPLR7510_CONFIRM"]
        assert (vacate.status, vacate.done_on) == ("closed", None)
        assert vacate.waive_reason == "The window closed on 2026-06-30 unused."
        assert (confirm.status, confirm.done_on) == ("done", date(2026, 7, 15))
