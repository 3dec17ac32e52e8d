"""Deadlines as a lawyer checks them: computed from the step's legal date under the rule that
governs it, explained, listed on the dashboard and in calendars, done or waived on record."""

from __future__ import annotations

from datetime import UTC, date, datetime

import icalendar
import pytest
from sqlalchemy import select

from qtrax_disputes.audit.models import AuditEntry
from qtrax_disputes.cases.models import Case, CaseEvent
from qtrax_disputes.core.clock import frozen
from qtrax_disputes.deadlines.models import Deadline
from qtrax_disputes.web.extensions import db

from ..conftest import page_text
from .helpers import PDF_BYTES, file, file_complaint, filed_number_and_token
from .test_road import agree_on_neutral, move

FILED = datetime(2026, 1, 5, 15, 0, tzinfo=UTC)
NOW = datetime(2026, 4, 10, 15, 0, tzinfo=UTC)  # a Friday


def file_at(client, when=FILED, **overrides):
    with frozen(when):
        file_complaint(client, incident_on="2025-12-20", **overrides)
        return filed_number_and_token(client)


def open_deadlines(app, number) -> dict[str, Deadline]:
    with app.app_context():
        rows = db.session.scalars(select(Deadline).join(Case).where(
            Case.number == number, Deadline.status == "open")).all()
        for row in rows:
            db.session.expunge(row)
    return {row.rule_code or row.title: row for row in rows}


def statuses(app, number) -> dict[str, str]:
    with app.app_context():
        return dict(db.session.execute(select(Deadline.rule_code, Deadline.status).join(Case)
                                       .where(Case.number == number)).all())


def to_award_received(client, app, n, received_on="2026-04-01"):
    move(client, app, n, "triage", "2026-01-06")
    move(client, app, n, "arbitration_demanded", "2026-01-20", mediation_waived="y",
         claim_amount="900")
    move(client, app, n, "aaa_noticed", "2026-01-26", notice_sent_on="2026-01-23")
    agree_on_neutral(client, app, n, "arbitrator", "2026-02-02", proposed_by="aaa")
    move(client, app, n, "arbitrator_appointed", "2026-02-02")
    move(client, app, n, "desk_submissions", "2026-02-03")
    move(client, app, n, "record_closed", "2026-03-02")
    move(client, app, n, "award_issued", "2026-03-30")
    response = move(client, app, n, "award_received", received_on,
                    files={"document": file(PDF_BYTES, "award.pdf")})
    assert response.status_code == 302, page_text(response)


@pytest.fixture
def counsel_case(app, client, auth):
    number, token = file_at(client)
    with frozen(NOW):
        counsel_id = auth.login("counsel")
        yield number, token, counsel_id


def test_award_delivery_starts_the_confirm_and_vacate_deadlines_with_their_sources(
        app, client, counsel_case):
    n, _, _ = counsel_case
    to_award_received(client, app, n, received_on="2026-04-01")  # a Wednesday
    due = open_deadlines(app, n)
    # CPLR 7510: one year after delivery → Thursday 2027-04-01.
    assert due["CPLR7510_CONFIRM"].due_on == date(2027, 4, 1)
    assert due["CPLR7510_CONFIRM"].source.startswith("CPLR 7510")
    # 9 U.S.C. § 9: one year after the award was made (2026-03-30) → Tuesday 2027-03-30.
    assert due["FAA9_CONFIRM"].due_on == date(2027, 3, 30)
    # CPLR 7511(a): 90 days after delivery → Tuesday 2026-06-30.
    assert due["CPLR7511_VACATE"].due_on == date(2026, 6, 30)
    assert due["CPLR7511_VACATE"].source == "CPLR 7511(a)"
    # 9 U.S.C. § 12: three months after delivery → Wednesday 2026-07-01.
    assert due["FAA12_VACATE"].due_on == date(2026, 7, 1)

    text = page_text(client.get(f"/cases/{n}?section=deadlines"))
    # Each deadline explains itself on the case page; the earlier of a pair is marked.
    assert "90 days after 2026-04-01 (the trigger day not counted) is Tuesday 2026-06-30" in text
    # The source as staff read it: the citation, no internal codes or versions.
    assert "on 2026-04-01 (CPLR 7511(a))." in text
    assert "CPLR7511_VACATE" not in text and "2026.1" not in text
    assert text.count("meet this one") == 2  # vacate: CPLR earlier; confirm: FAA earlier

    response = move(client, app, n, "confirmed", "2026-04-10",
                    court="Supreme Court, New York County", index_number="654321/2026")
    assert response.status_code == 302
    done = statuses(app, n)
    assert done["CPLR7510_CONFIRM"] == "done" and done["FAA9_CONFIRM"] == "done"
    assert done["CPLR7511_VACATE"] == "done" and done["FAA12_VACATE"] == "done"


def test_a_modified_award_restarts_the_clocks(app, client, counsel_case):
    n, _, _ = counsel_case
    to_award_received(client, app, n, received_on="2026-04-01")
    move(client, app, n, "modification_requested", "2026-04-06")
    assert statuses(app, n)["CPLR7509_MODIFY"] == "done"
    # CPLR 7509: 10 days to object after the request → Thursday 2026-04-16.
    assert open_deadlines(app, n)["CPLR7509_OBJECT"].due_on == date(2026, 4, 16)
    move(client, app, n, "award_received", "2026-04-08",
         files={"document": file(PDF_BYTES, "modified-award.pdf")})
    # From the new delivery: 90 days after 2026-04-08 → Tuesday 2026-07-07; the original
    # award's window (Tuesday 2026-06-30) stays open beside it.
    with app.app_context():
        vacate = db.session.scalars(select(Deadline.due_on).join(Case).where(
            Case.number == n, Deadline.rule_code == "CPLR7511_VACATE",
            Deadline.status == "open").order_by(Deadline.due_on)).all()
    assert vacate == [date(2026, 6, 30), date(2026, 7, 7)]


def test_the_complainant_sees_the_deadlines_that_concern_them_in_plain_words(
        app, client, counsel_case):
    n, token, _ = counsel_case
    to_award_received(client, app, n)
    text = page_text(client.get(f"/status/{token}"))
    assert ("Either side may ask a court to cancel or change the decision until Tuesday, "
            "30 June 2026.") in text
    # staff's reasoning (the explanation of how the date was counted) is not for the public
    assert "is Tuesday 2026-06-30" not in text and "Apply to confirm the award" not in text


def test_correcting_a_steps_date_shows_the_new_dates_first_then_recomputes(
        app, client, counsel_case):
    n, _, _ = counsel_case
    to_award_received(client, app, n, received_on="2026-04-01")
    with app.app_context():
        event_id = db.session.scalar(select(CaseEvent.id).where(
            CaseEvent.kind == "award_received"))
    url = f"/cases/{n}/events/{event_id}/date"
    preview = client.post(url, data={"occurred_on": "2026-04-02",
                                     "reason": "The award reached us a day later."})
    text = page_text(preview)
    assert "Tue 2026-06-30" in text and "Wed 2026-07-01" in text  # old and new CPLR 7511
    assert open_deadlines(app, n)["CPLR7511_VACATE"].due_on == date(2026, 6, 30)  # unchanged

    # A date changed after the preview is not applied unseen: it gets a preview of its own.
    changed = client.post(url, data={"occurred_on": "2026-04-03", "confirm": "y",
                                     "previewed_on": "2026-04-02",
                                     "reason": "The award reached us a day later."})
    text = page_text(changed)
    assert changed.status_code == 200 and "nothing was applied" in text
    assert "Thu 2026-07-02" in text  # 90 days after Friday 2026-04-03
    assert 'name="previewed_on" type="hidden" value="2026-04-03"' in changed.get_data(
        as_text=True)
    assert open_deadlines(app, n)["CPLR7511_VACATE"].due_on == date(2026, 6, 30)

    applied = client.post(url, data={"occurred_on": "2026-04-02", "confirm": "y",
                                     "previewed_on": "2026-04-02",
                                     "reason": "The award reached us a day later."})
    assert applied.status_code == 302
    # 90 days after Thursday 2026-04-02 → Wednesday 2026-07-01.
    assert open_deadlines(app, n)["CPLR7511_VACATE"].due_on == date(2026, 7, 1)
    text = page_text(client.get(f"/cases/{n}?section=timeline"))
    assert "corrected from 2026-04-01 to 2026-04-02" in text
    assert "2026-06-30 → 2026-07-01" in text


def test_manual_deadlines_are_added_marked_done_with_confirmation_and_waived_with_reason(
        app, client, counsel_case):
    n, _, _ = counsel_case
    client.post(f"/cases/{n}/deadlines", data={"title": "Call the complainant back",
                                               "due_on": "2026-04-15"})
    client.post(f"/cases/{n}/deadlines", data={"title": "Send the document index",
                                               "due_on": "2026-04-20"})
    due = open_deadlines(app, n)
    call, index = due["Call the complainant back"], due["Send the document index"]

    unconfirmed = client.post(f"/deadlines/{call.id}/done", data={"done_on": "2026-04-10"})
    assert unconfirmed.status_code == 400
    assert "Tick the box to confirm." in page_text(unconfirmed)
    assert "Call the complainant back" in open_deadlines(app, n)
    client.post(f"/deadlines/{call.id}/done", data={"done_on": "2026-04-10", "confirm": "y"})
    assert "Call the complainant back" not in open_deadlines(app, n)

    no_reason = client.post(f"/deadlines/{index.id}/waive", data={"reason": ""})
    assert "Give the reason for waiving this deadline." in page_text(no_reason)
    client.post(f"/deadlines/{index.id}/waive",
                data={"reason": "The AAA no longer requires an index."})
    assert open_deadlines(app, n) == {}
    with app.app_context():
        actions = db.session.scalars(select(AuditEntry.action)).all()
    assert {"deadline.added", "deadline.done", "deadline.waived"} <= set(actions)
    text = page_text(client.get(f"/cases/{n}?section=deadlines"))
    assert "Waived: Send the document index" in text


def test_the_dashboard_lists_overdue_today_and_the_next_fourteen_days(
        app, client, auth, counsel_case):
    n, _, _ = counsel_case
    for title, due_on in [("Overdue thing", "2026-04-08"), ("Today thing", "2026-04-10"),
                          ("Soon thing", "2026-04-24"), ("Later thing", "2026-04-25")]:
        client.post(f"/cases/{n}/deadlines", data={"title": title, "due_on": due_on})
    other, _ = file_at(client, email="other@example.com",
                       description="They sold my email to a list broker.")
    text = page_text(client.get("/deadlines"))
    assert "Overdue (1)" in text and "Due today, Fri 2026-04-10 (1)" in text
    assert "Next 14 days (1)" in text  # 2026-04-24 is day 14; 04-25 is outside
    assert "Later thing" not in text
    assert other in text.split("Open cases with no open deadline")[1]

    auth.logout()
    me = auth.login("staff")
    with app.app_context():
        case = db.session.scalars(select(Case).where(Case.number == n)).one()
        case.assigned_to_id = me
        db.session.commit()
    text = page_text(client.get("/deadlines?assignee=me"))
    assert "Overdue thing" in text
    assert "1 overdue" in page_text(client.get("/cases"))  # the navigation's count
    assert "Overdue thing" not in page_text(client.get("/deadlines?assignee=none"))


def test_a_due_date_on_a_weekend_or_holiday_carries_a_not_a_business_day_badge(
        app, client, counsel_case):
    n, _, _ = counsel_case
    # Sat 2026-04-11 is not a business day; Mon 2026-04-13 is.
    for title, due_on in [("Weekend thing", "2026-04-11"), ("Weekday thing", "2026-04-13")]:
        client.post(f"/cases/{n}/deadlines", data={"title": title, "due_on": due_on})

    case_page = page_text(client.get(f"/cases/{n}?section=deadlines")).split(
        "Calendar file (.ics) of this case")[1]
    weekend = case_page.split("Weekend thing")[1].split("Weekday thing")[0]
    weekday = case_page.split("Weekday thing")[1]
    assert "not a business day" in weekend.split("Source:")[0]
    assert "not a business day" not in weekday.split("Source:")[0]

    dashboard = page_text(client.get("/deadlines"))
    assert "2026-04-11 not a business day" in dashboard
    assert dashboard.count("not a business day") == 1


def test_closing_a_case_closes_its_deadlines_but_not_the_childs_deletion_duty(
        app, client, auth):
    n, _ = file_at(client, category="child_under_13", is_child_data="y")
    with frozen(NOW):
        auth.login("staff")
        move(client, app, n, "triage", "2026-01-06")
        move(client, app, n, "withdrawn", "2026-01-07", note="Withdrawn by the complainant.")
    assert statuses(app, n) == {"POLICY_CHILD_DELETE": "open"}


def test_case_and_personal_calendar_feeds(app, client, auth, counsel_case):
    n, _, counsel_id = counsel_case
    to_award_received(client, app, n)
    feed = client.get(f"/cases/{n}/deadlines.ics")
    assert feed.status_code == 200 and feed.mimetype == "text/calendar"
    calendar = icalendar.Calendar.from_ical(feed.data)
    vacate = [e for e in calendar.walk("VEVENT") if "CPLR 7511(a)" in str(e["DESCRIPTION"])]
    assert [e["DTSTART"].dt for e in vacate] == [date(2026, 6, 30)]
    again = icalendar.Calendar.from_ical(client.get(f"/cases/{n}/deadlines.ics").data)
    assert {str(e["UID"]) for e in again.walk("VEVENT")} == \
        {str(e["UID"]) for e in calendar.walk("VEVENT")}

    # The personal feed: the cases assigned to me, at a private address that can be reset.
    with app.app_context():
        db.session.scalars(select(Case).where(Case.number == n)).one().assigned_to_id = \
            counsel_id
        db.session.commit()
    path = feed_path(client.post("/deadlines/feed"))
    auth.logout()
    personal = client.get(path)
    assert personal.status_code == 200
    summaries = [str(e["SUMMARY"]) for e in
                 icalendar.Calendar.from_ical(personal.data).walk("VEVENT")]
    assert any(n in s and "vacate" in s.lower() for s in summaries)

    with app.app_context():
        from qtrax_disputes.auth.models import User

        email = db.session.get(User, counsel_id).email
    from ..conftest import TEST_PASSWORD

    client.post("/login", data={"email": email, "password": TEST_PASSWORD})
    new_path = feed_path(client.post("/deadlines/feed"))
    auth.logout()
    assert client.get(path).status_code == 404  # the old address no longer works
    assert client.get(new_path).status_code == 200


def feed_path(response) -> str:
    html = response.get_data(as_text=True)
    url = html.split('id="feed-url" type="text" readonly value="')[1].split('"')[0]
    return url[url.index("/feeds/"):]


def test_a_changed_setting_shows_old_and_new_dates_before_applying(app, client, runner,
                                                                    counsel_case):
    n, _, _ = counsel_case
    app.config["MEDIATION_WINDOW_DAYS"] = 30
    try:
        move(client, app, n, "triage", "2026-01-06")
        move(client, app, n, "mediation_requested", "2026-01-07")
        # 30 days after Wednesday 2026-01-07 → Friday 2026-02-06 (no roll for a firm target).
        assert open_deadlines(app, n)["MEDIATION_WINDOW"].due_on == date(2026, 2, 6)
        app.config["MEDIATION_WINDOW_DAYS"] = 45
        shown = runner.invoke(args=["deadlines", "recompute"])
        assert f"{n}  MEDIATION_WINDOW" in shown.output
        assert "2026-02-06 -> 2026-02-21" in shown.output  # 45 days → Saturday 2026-02-21
        assert open_deadlines(app, n)["MEDIATION_WINDOW"].due_on == date(2026, 2, 6)
        applied = runner.invoke(args=["deadlines", "recompute", "--apply"])
        assert "applied 1 change(s)" in applied.output
        assert open_deadlines(app, n)["MEDIATION_WINDOW"].due_on == date(2026, 2, 21)
        timeline = page_text(client.get(f"/cases/{n}?section=timeline"))
        assert "due 2026-02-06 → 2026-02-21" in timeline
    finally:
        app.config["MEDIATION_WINDOW_DAYS"] = None


def correct_date(client, n, event_id, to, reason="The papers show another date."):
    return client.post(f"/cases/{n}/events/{event_id}/date", data={
        "occurred_on": to, "confirm": "y", "previewed_on": to, "reason": reason})


def event_of(app, kind) -> CaseEvent:
    with app.app_context():
        event = db.session.scalars(select(CaseEvent).where(CaseEvent.kind == kind)).one()
        db.session.expunge(event)
        return event


def test_only_the_role_that_may_take_a_step_may_correct_its_date(
        app, client, auth, counsel_case):
    n, _, _ = counsel_case
    to_award_received(client, app, n, received_on="2026-04-01")
    due_before = {code: d.due_on for code, d in open_deadlines(app, n).items()}
    auth.logout()
    auth.login("staff")

    case_page = client.get(f"/cases/{n}?section=timeline").get_data(as_text=True)
    for kind, moved_to in (("arbitration_demanded", "2026-01-21"),
                           ("award_received", "2026-04-02")):
        event = event_of(app, kind)
        assert f"/events/{event.id}/date" not in case_page
        refused = correct_date(client, n, event.id, moved_to)
        assert "Only counsel may correct the date of this step." in page_text(refused)
        assert event_of(app, kind).occurred_on == event.occurred_on
    assert f"/events/{event_of(app, 'triage').id}/date" in case_page  # a step staff may take
    assert {code: d.due_on for code, d in open_deadlines(app, n).items()} == due_before
    with app.app_context():
        assert not db.session.scalar(select(AuditEntry).where(
            AuditEntry.action == "case.event_date_corrected"))

    auth.logout()
    auth.login("counsel")
    applied = correct_date(client, n, event_of(app, "award_received").id, "2026-04-02")
    assert applied.status_code == 302
    assert open_deadlines(app, n)["CPLR7511_VACATE"].due_on == date(2026, 7, 1)
    with app.app_context():
        entry = db.session.scalars(select(AuditEntry).where(
            AuditEntry.action == "case.event_date_corrected")).one()
        assert entry.detail["kind"] == "award_received"
        assert (entry.detail["from"], entry.detail["to"]) == ("2026-04-01", "2026-04-02")
