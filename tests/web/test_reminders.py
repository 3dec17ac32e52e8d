"""`flask deadlines remind`: one email per person per day, listing what is overdue or near."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import event, select

from qtrax_disputes.audit.models import AuditEntry
from qtrax_disputes.auth.models import User
from qtrax_disputes.cases.models import Case
from qtrax_disputes.core.clock import frozen
from qtrax_disputes.deadlines.models import Deadline
from qtrax_disputes.deadlines.reminders import send_reminders
from qtrax_disputes.outbox.models import OutboxMessage
from qtrax_disputes.web.extensions import db

from .helpers import file_complaint, filed_number_and_token

FILED_AT = datetime(2026, 11, 16, 17, 0, tzinfo=UTC)  # Monday 2026-11-16, noon in New York
FILED_ON = date(2026, 11, 16)


def reminders(app) -> list[OutboxMessage]:
    with app.app_context():
        rows = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.dedupe_key.like("remind:%"))
            .order_by(OutboxMessage.id)
        ).all()
        db.session.expunge_all()
        return list(rows)


def remind(runner, on: date):
    result = runner.invoke(args=["deadlines", "remind", "--on", on.isoformat()])
    assert result.exit_code == 0, result.output
    return result.output


def file_case(client, **overrides) -> str:
    with frozen(FILED_AT):
        response = file_complaint(client, **overrides)
    assert response.status_code == 302, response.get_data(as_text=True)
    number, _ = filed_number_and_token(client)
    return number


def assign_through_the_page(app, client, auth, number: str, user_id: int) -> None:
    auth.login("admin")
    with app.app_context():
        version = db.session.scalar(select(Case.version).where(Case.number == number))
    response = client.post(f"/cases/{number}/assign",
                           data={"assignee": str(user_id), "version": str(version)})
    assert response.status_code == 302
    auth.logout()
    with app.app_context():
        assert db.session.scalar(select(Case.assigned_to_id).where(Case.number == number)) \
            == user_id


def assign(app, number: str, user_id: int | None) -> None:
    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.number == number))
        case.assigned_to_id = user_id
        db.session.commit()


def add_deadline(app, number: str, due_on: date, title: str, **fields) -> int:
    with app.app_context():
        case_id = db.session.scalar(select(Case.id).where(Case.number == number))
        deadline = Deadline(case_id=case_id, rule_code=None, title=title, due_on=due_on,
                            raw_due_on=due_on, explanation=f"Why: {title}.",
                            source="Manual entry", **fields)
        db.session.add(deadline)
        db.session.commit()
        return deadline.id


def test_the_child_deletion_deadline_is_reminded_once_a_day(app, client, runner, auth,
                                                            make_user):
    number = file_case(client, category="child_under_13", is_child_data="y")
    staff_id, staff_email = make_user("staff", "pat@qtrax.example")
    assign_through_the_page(app, client, auth, number, staff_id)

    output = remind(runner, FILED_ON)
    assert "queued 1 reminder(s), 0 already sent today" in output
    (message,) = reminders(app)
    assert message.to_address == staff_email
    assert message.dedupe_key == f"remind:{staff_id}:2026-11-16"
    assert f"2026-11-16  {number}  Delete the child's data" in message.body
    assert "OVERDUE" not in message.body
    assert "immediate deletion" in message.body.lower() or "same day" in message.body.lower()

    output = remind(runner, FILED_ON)
    assert "queued 0 reminder(s), 1 already sent today" in output
    assert len(reminders(app)) == 1, "a second run the same day queues nothing"

    # The next day it is still open, so it is overdue: a new reminder, saying so.
    remind(runner, FILED_ON + timedelta(days=1))
    first, second = reminders(app)
    assert second.dedupe_key == f"remind:{staff_id}:2026-11-17"
    assert second.body.index("OVERDUE") < second.body.index(number)
    assert "1 overdue" in second.subject


def test_only_open_deadlines_of_open_cases_within_the_window_are_listed(app, client, runner,
                                                                      make_user):
    number = file_case(client)
    other = file_case(client, email="sam@example.com",
                      description="A different complaint about tracking cookies set on me.")
    staff_id, staff_email = make_user("staff", "pat@qtrax.example")
    assign(app, number, staff_id)
    assign(app, other, staff_id)
    on = date(2026, 12, 1)
    add_deadline(app, number, on - timedelta(days=3), "Overdue answer", verified=False)
    add_deadline(app, number, on, "Due today")
    add_deadline(app, number, on + timedelta(days=7), "Last day of the window")
    add_deadline(app, number, on + timedelta(days=8), "Beyond the window")
    add_deadline(app, number, on + timedelta(days=1), "Already done", status="done")
    add_deadline(app, number, on - timedelta(days=1), "Waived one", status="waived")
    add_deadline(app, other, on + timedelta(days=1), "On a closed case")
    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.number == other))
        case.closed_on = on - timedelta(days=1)
        db.session.commit()

    remind(runner, on)
    (message,) = reminders(app)
    body = message.body
    assert message.to_address == staff_email
    for listed in ("Overdue answer", "Due today", "Last day of the window"):
        assert listed in body
    for absent in ("Beyond the window", "Already done", "Waived one", "On a closed case"):
        assert absent not in body
    assert body.index("Overdue answer") < body.index("Due today") \
        < body.index("Last day of the window")
    assert "Overdue answer (unverified rule)" in body
    assert "Due today (unverified rule)" not in body
    assert "Why: Overdue answer." in body  # the explanation goes with each line
    assert message.subject == "Deadlines 2026-12-01: 1 overdue, 2 due soon"


def test_each_person_gets_their_own_window(app, client, runner, make_user):
    number = file_case(client)
    staff_id, staff_email = make_user("staff", "pat@qtrax.example")
    assign(app, number, staff_id)
    with app.app_context():
        db.session.get(User, staff_id).reminder_days = 2
        db.session.commit()
    on = date(2026, 12, 1)
    add_deadline(app, number, on + timedelta(days=2), "Within two days")
    add_deadline(app, number, on + timedelta(days=3), "Three days out")
    remind(runner, on)
    (message,) = reminders(app)
    assert "Within two days" in message.body and "Three days out" not in message.body


def test_nothing_due_means_no_email(app, client, runner, make_user):
    number = file_case(client)
    staff_id, _ = make_user("staff")
    assign(app, number, staff_id)
    add_deadline(app, number, date(2027, 3, 1), "Far away")
    assert "queued 0 reminder(s), 0 already sent today" in remind(runner, date(2026, 12, 1))
    assert reminders(app) == []


def test_unassigned_deadlines_go_to_every_active_counsel_and_admin(app, client, runner,
                                                                   make_user):
    unassigned = file_case(client)
    mine = file_case(client, email="sam@example.com",
                     description="A different complaint about tracking cookies set on me.")
    counsel_id, counsel_email = make_user("counsel", "counsel@qtrax.example")
    _, admin_email = make_user("admin", "admin@qtrax.example")
    _, staff_email = make_user("staff", "staff@qtrax.example")
    _, viewer_email = make_user("viewer", "viewer@qtrax.example")
    gone_id, gone_email = make_user("counsel", "gone@qtrax.example")
    with app.app_context():
        db.session.get(User, gone_id).active = False
        db.session.commit()
    assign(app, mine, counsel_id)
    on = date(2026, 12, 1)
    add_deadline(app, unassigned, on + timedelta(days=1), "Nobody's deadline")
    add_deadline(app, mine, on + timedelta(days=2), "Counsel's own deadline")

    assert "queued 2 reminder(s)" in remind(runner, on)
    by_address = {m.to_address: m for m in reminders(app)}
    assert set(by_address) == {counsel_email, admin_email}
    for address in (staff_email, viewer_email, gone_email):
        assert address not in by_address
    assert "Nobody's deadline" in by_address[counsel_email].body
    assert "Counsel's own deadline" in by_address[counsel_email].body  # still one email
    assert "Nobody's deadline" in by_address[admin_email].body
    assert "Counsel's own deadline" not in by_address[admin_email].body

    assert "queued 0 reminder(s), 2 already sent today" in remind(runner, on)
    assert len(reminders(app)) == 2


def test_a_case_assigned_to_an_inactive_user_is_treated_as_unassigned(app, client, runner,
                                                                      make_user):
    number = file_case(client)
    gone_id, _ = make_user("staff", "left@qtrax.example")
    _, counsel_email = make_user("counsel", "counsel@qtrax.example")
    assign(app, number, gone_id)
    with app.app_context():
        db.session.get(User, gone_id).active = False
        db.session.commit()
    on = date(2026, 12, 1)
    add_deadline(app, number, on, "Orphaned deadline")
    remind(runner, on)
    (message,) = reminders(app)
    assert message.to_address == counsel_email and "Orphaned deadline" in message.body


def test_each_run_is_audited(app, client, runner, make_user):
    number = file_case(client)
    staff_id, _ = make_user("staff")
    assign(app, number, staff_id)
    add_deadline(app, number, date(2026, 12, 1), "Due")
    remind(runner, date(2026, 12, 1))
    remind(runner, date(2026, 12, 1))
    with app.app_context():
        entries = db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "deadlines.reminded")
            .order_by(AuditEntry.id)
        ).all()
        assert [(e.actor, e.detail["on"], e.detail["queued"]) for e in entries] == [
            ("system", "2026-12-01", 1), ("system", "2026-12-01", 0)
        ]


def test_a_bad_date_is_refused(runner):
    result = runner.invoke(args=["deadlines", "remind", "--on", "2026-13-01"])
    assert result.exit_code != 0 and "YYYY-MM-DD" in result.output


def test_the_default_day_is_new_york_today(app, client, runner, make_user):
    number = file_case(client)
    staff_id, _ = make_user("staff")
    assign(app, number, staff_id)
    add_deadline(app, number, date(2026, 12, 1), "Due")
    # 03:00 UTC on Dec 2 is still Dec 1 in New York.
    with frozen(datetime(2026, 12, 2, 3, 0, tzinfo=UTC)):
        result = runner.invoke(args=["deadlines", "remind"])
    assert "queued 1" in result.output
    (message,) = reminders(app)
    assert message.dedupe_key == f"remind:{staff_id}:2026-12-01"


def test_the_number_of_queries_does_not_grow_with_deadlines(app, client, make_user):
    number = file_case(client)
    staff_id, _ = make_user("staff")
    make_user("counsel")
    assign(app, number, staff_id)

    def count_queries(on: date) -> int:
        statements: list[str] = []
        with app.app_context():
            def listener(conn, cursor, statement, *args):
                if statement.lstrip().upper().startswith("SELECT"):
                    statements.append(statement)

            event.listen(db.engine, "before_cursor_execute", listener)
            try:
                send_reminders(on)
            finally:
                event.remove(db.engine, "before_cursor_execute", listener)
        return len(statements)

    add_deadline(app, number, date(2026, 12, 1), "One")
    few = count_queries(date(2026, 12, 1))
    for i in range(8):
        add_deadline(app, number, date(2026, 12, 2) + timedelta(days=i % 5), f"More {i}")
    many = count_queries(date(2026, 12, 2))
    assert many == few
    assert "More 7" in reminders(app)[-1].body
