"""Each staff page issues a fixed number of SQL statements, whatever the number of rows."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import event, select

from qtrax_disputes.cases.models import Case, CaseEvent
from qtrax_disputes.core.clock import frozen
from qtrax_disputes.deadlines.models import Deadline
from qtrax_disputes.web.extensions import db

NOW = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)


@contextmanager
def counting(app):
    statements = []
    with app.app_context():
        engine = db.engine

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def own_assignee(i: int) -> int:
    """A different person for each case, so a lazy load per row would show in the count."""
    from qtrax_disputes.auth.models import User

    user = User(email=f"staff{i}@qtrax.example", name=f"Staff {i}", role="staff",
                password_hash="x")
    db.session.add(user)
    db.session.flush()
    return user.id


def seed(app, cases: int, events_per_case: int = 2, assignee_id=None):
    with app.app_context():
        for i in range(cases):
            case = Case(number=f"QD-2026-{i + 1:06d}", stage="triage", category="other",
                        complainant_name=f"Person {i}", complainant_email=f"p{i}@example.com",
                        summary=f"Summary {i}", description="Text",
                        status_token_hash=f"{i:064d}", filed_on=date(2026, 3, 2),
                        assigned_to_id=assignee_id or own_assignee(i))
            db.session.add(case)
            db.session.flush()
            for j in range(events_per_case):
                db.session.add(CaseEvent(case_id=case.id, kind="note",
                                         occurred_on=date(2026, 3, 2) + timedelta(days=j % 7),
                                         actor="system", note=f"Note {j}"))
            db.session.add(Deadline(case_id=case.id, title="Reply", due_on=date(2026, 3, 9),
                                    source="test"))
        db.session.commit()


def statements_for(app, client, url) -> int:
    client.get(url)  # warm caches (e.g. the URL map), as a running server would be
    with counting(app) as statements:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(statements)


@pytest.fixture(autouse=True)
def every_request_computes(app, monkeypatch):
    """A page served again from the read cache would issue no statements at all: the budget
    is for the page computed afresh."""
    monkeypatch.setitem(app.config, "READ_CACHE_SECONDS", 0)


@pytest.fixture
def viewer(auth):
    with frozen(NOW):
        yield auth.login("viewer")


@pytest.mark.parametrize("url", ["/cases", "/cases?sort=deadline&dir=asc",
                                 "/cases?q=Person&category=other", "/deadlines"])
def test_list_pages_do_not_grow_with_rows(app, client, viewer, url, monkeypatch):
    from qtrax_disputes.cases import queries

    monkeypatch.setattr(queries, "PAGE_SIZE", 200)
    seed(app, 10)
    few = statements_for(app, client, url)
    seed_more(app, 190, None)
    many = statements_for(app, client, url)
    assert many == few, f"{url}: {few} statements with 10 rows, {many} with 200"


def seed_more(app, n, assignee_id):
    with app.app_context():
        start = db.session.query(Case).count()
    with app.app_context():
        for i in range(start, start + n):
            case = Case(number=f"QD-2026-{i + 1:06d}", stage="triage", category="other",
                        complainant_name=f"Person {i}", complainant_email=f"p{i}@example.com",
                        summary=f"Summary {i}", description="Text",
                        status_token_hash=f"{i:064d}", filed_on=date(2026, 3, 2),
                        assigned_to_id=assignee_id or own_assignee(i))
            db.session.add(case)
            db.session.flush()
            db.session.add(Deadline(case_id=case.id, title="Reply", due_on=date(2026, 3, 9),
                                    source="test"))
        db.session.commit()


def test_the_case_page_does_not_grow_with_events(app, client, viewer):
    seed(app, 2, events_per_case=4)
    with app.app_context():
        # Both cases have events by a person, so both pages load people the same way. By
        # number, not id: ids are not handed out again after a test, numbers are.
        first, second = (db.session.scalars(select(Case).where(Case.number == number)).one()
                         for number in ("QD-2026-000001", "QD-2026-000002"))
        db.session.add(CaseEvent(case_id=first.id, kind="note", occurred_on=date(2026, 3, 3),
                                 actor=f"user:{viewer}", actor_user_id=viewer, note="By a user"))
        for j in range(96):  # each by a different person: a lazy load per event would show
            author = own_assignee(1000 + j)
            db.session.add(CaseEvent(case_id=second.id, kind="note", occurred_on=date(2026, 3, 3),
                                     actor=f"user:{author}", actor_user_id=author,
                                     note=f"More {j}"))
        db.session.commit()
    five = statements_for(app, client, "/cases/QD-2026-000001")
    hundred = statements_for(app, client, "/cases/QD-2026-000002")
    assert hundred == five, f"case page: {five} statements with 5 events, {hundred} with 100"


def test_the_weekly_report_does_not_grow_with_cases(app, client, viewer):
    seed(app, 10)
    few = statements_for(app, client, "/reports/weekly?week=2026-W10")
    seed_more(app, 190, None)
    many = statements_for(app, client, "/reports/weekly?week=2026-W10")
    assert many == few
