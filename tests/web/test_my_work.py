"""My work: each person's home page shows their own cases, deadlines and requests, no one
else's, in a number of queries that does not grow with the rows."""

from __future__ import annotations

from datetime import UTC, date, datetime

from qtrax_disputes.auth.models import User
from qtrax_disputes.cases.operations import assign
from qtrax_disputes.core.clock import frozen
from qtrax_disputes.web.extensions import db

from ..conftest import page_text
from ..factories import case_of, make_case
from .test_query_budget import counting

NOW = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)  # a Monday


def _assign(number: str, user_id: int) -> None:
    case = case_of(number)
    assign(case, db.session.get(User, user_id), case.version)


def _two_people_with_work(app, make_user):
    ann_id, ann_email = make_user("staff", name="Ann Paralegal")
    bob_id, bob_email = make_user("counsel", name="Bob Counsel")
    with app.app_context():
        ann_case = make_case("triage", deadlines=[("Call the complainant back",
                                                   date(2026, 3, 4)),
                                                  ("File the notes", date(2026, 3, 20))])
        bob_case = make_case("impasse", deadlines=[("Review the impasse letter",
                                                    date(2026, 3, 5))])
        _assign(ann_case.number, ann_id)
        _assign(bob_case.number, bob_id)
    return (ann_email, ann_case.number, ann_id), (bob_email, bob_case.number, bob_id)


def _sign_in(client, email):
    from ..conftest import TEST_PASSWORD

    client.post("/logout")
    assert client.post("/login", data={"email": email,
                                       "password": TEST_PASSWORD}).status_code == 302


def test_each_person_sees_their_own_cases_deadlines_and_tasks(app, client, make_user):
    ann, bob = _two_people_with_work(app, make_user)
    with frozen(NOW):
        _sign_in(client, ann[0])
        client.post(f"/cases/{bob[1]}/ask-counsel",
                    data={"step": "arbitration_demanded", "counsel": str(bob[2])})
        page = page_text(client.get("/"))
        assert ann[1] in page and bob[1] in page  # her case; her request, waiting on Bob
        assert "Call the complainant back" in page
        assert "File the notes" not in page  # not this week
        assert "Review the impasse letter" not in page  # Bob's
        assert "Request mediation" in page  # the next step of her case at triage
        assert "Your requests waiting on counsel (1)" in page
        assert "Asked of you (0)" in page

        _sign_in(client, bob[0])
        page = page_text(client.get("/"))
        assert "Review the impasse letter" in page
        assert "Call the complainant back" not in page and ann[1] not in page
        assert "Asked of you (1)" in page and "File an arbitration demand" in page
        assert "asked by Ann Paralegal" in page


def test_my_work_reads_in_a_fixed_number_of_queries(app, client, make_user):
    user_id, email = make_user("counsel", name="Cy Counsel")
    with app.app_context():
        for _ in range(2):
            _assign(make_case("triage", deadlines=[("Due soon", date(2026, 3, 3))]).number,
                    user_id)
    with frozen(NOW):
        _sign_in(client, email)
        with counting(app) as few:
            client.get("/")
        with app.app_context():
            for _ in range(4):
                _assign(make_case("mediation_requested", deadlines=[("Due soon", date(2026, 3, 3))])
                        .number, user_id)
        with counting(app) as more:
            client.get("/")
    assert len(more) == len(few)
