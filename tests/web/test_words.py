"""The words the database and the pages share are defined once: who may be assigned a case,
what is overdue, and the AAA's dates and amounts the case page states."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select

from qtrax_disputes.auth import operations as accounts
from qtrax_disputes.auth.models import User
from qtrax_disputes.cases import aaa, queries
from qtrax_disputes.cases.models import Case
from qtrax_disputes.core.clock import frozen
from qtrax_disputes.deadlines.models import DONE, DUTY, OPEN, WINDOW, Deadline
from qtrax_disputes.deadlines.queries import overdue_count_for
from qtrax_disputes.web.extensions import db

from ..conftest import page_text
from .helpers import file_complaint, filed_number_and_token
from .test_case_policy import add_2025_version
from .test_road import move


def test_a_case_is_assigned_to_active_staff_counsel_or_admins_never_to_a_viewer(app, make_user):
    ids = {role: make_user(role)[0] for role in ("viewer", "staff", "counsel", "admin")}
    gone, _ = make_user("staff")
    with app.app_context():
        accounts.deactivate(db.session.get(User, gone))
        offered = {u.id for u in queries.assignable_users()}
        # The list's query and the check of a posted assignee read the same definition.
        checked = {u.id for u in db.session.scalars(select(User)) if u.assignable}
    assert offered == checked == {ids["staff"], ids["counsel"], ids["admin"]}


ON = date(2026, 4, 10)
# (title, due, status, obligation, counsel decided Qtrax will act, overdue on ON)
DEADLINES = [
    ("duty past its date", date(2026, 4, 9), OPEN, DUTY, False, True),
    ("duty due today", ON, OPEN, DUTY, False, False),
    ("duty done late", date(2026, 4, 1), DONE, DUTY, False, False),
    ("window lapsed unused", date(2026, 4, 1), OPEN, WINDOW, False, False),
    ("window Qtrax will use, past", date(2026, 4, 1), OPEN, WINDOW, True, True),
]


def test_overdue_means_the_same_on_a_row_and_in_every_query(app, client, make_user):
    file_complaint(client)
    number, _ = filed_number_and_token(client)
    staff_id, _ = make_user("staff")
    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.number == number))
        case.assigned_to_id = staff_id
        db.session.execute(Deadline.__table__.delete())  # only the rows below
        for title, due, status, obligation, will_act, _ in DEADLINES:
            db.session.add(Deadline(case_id=case.id, title=title, due_on=due, status=status,
                                    obligation=obligation,
                                    will_act_at=datetime(2026, 3, 1, tzinfo=UTC) if will_act
                                    else None))
        db.session.commit()
        rows = db.session.scalars(select(Deadline)).all()
        in_python = {d.title for d in rows if d.is_overdue(ON)}
        in_sql = set(db.session.scalars(select(Deadline.title).where(Deadline.is_overdue(ON))))
        expected = {title for title, *_, overdue in DEADLINES if overdue}
        assert in_python == in_sql == expected
        user = db.session.get(User, staff_id)
        with frozen(datetime(2026, 4, 10, 15, 0, tzinfo=UTC)):
            assert overdue_count_for(user) == len(expected)


def test_the_demand_step_states_the_aaa_s_dates_and_amounts_from_the_aaa_module(
        app, client, auth, monkeypatch):
    add_2025_version(app)  # no mediation first: the demand is offered from triage
    with frozen(datetime(2026, 12, 2, 15, 0, tzinfo=UTC)):
        assert file_complaint(client, information_given_on="2025-06-01").status_code == 302
        number, _ = filed_number_and_token(client)
        auth.login("counsel")
        assert move(client, app, number, "triage", "2026-12-02").status_code == 302
        # Other figures than the AAA's: the page can only show them by reading the module.
        monkeypatch.setattr(aaa, "DESK_THRESHOLD", aaa.Threshold(1_234_500, "test", "V"))
        monkeypatch.setattr(aaa, "CONSUMER_2025_FROM", date(2025, 4, 30))
        text = page_text(client.get(f"/cases/{number}"))
    assert "the 2025 Consumer Rules from 2025-04-30" in text
    assert "A claim of $12,345.00 or less is decided on documents alone" in text
