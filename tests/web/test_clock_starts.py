"""Each clock runs from the day the law names (issue #16): CPLR 7503(c) from service of the
demand, the AAA answer from the day the AAA sent its notice, and a modified award leaves the
original award's vacate windows open until counsel closes them. Dates are worked by hand."""

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
from .helpers import PDF_BYTES, file
from .test_deadlines import NOW, file_at, open_deadlines, to_award_received
from .test_road import move, side_step, stage


@pytest.fixture
def counsel_case(client, auth):
    """A complaint filed on 2026-01-05, handled by counsel on 2026-04-10."""
    number, token = file_at(client)
    with frozen(NOW):
        auth.login("counsel")
        yield number, token


def open_rows(app, number, code) -> list[Deadline]:
    with app.app_context():
        rows = db.session.scalars(select(Deadline).join(Case).where(
            Case.number == number, Deadline.rule_code == code, Deadline.status == "open")
            .order_by(Deadline.due_on)).all()
        for row in rows:
            db.session.expunge(row)
    return list(rows)


def demand(client, app, n, **fields):
    move(client, app, n, "triage", "2026-01-06")
    # Filed with the AAA on Monday 2026-03-02.
    response = move(client, app, n, "arbitration_demanded", "2026-03-02", mediation_waived="y",
                    claim_amount="900", **fields)
    assert response.status_code == 302, page_text(response)


def test_the_stay_deadline_counts_from_the_day_qtrax_was_served(app, client, counsel_case):
    n, _ = counsel_case
    demand(client, app, n, served_on="2026-03-04")
    stay = open_deadlines(app, n)["CPLR7503_STAY"]
    # 20 days after Wednesday 2026-03-04 (not counted): Tuesday 2026-03-24.
    assert (stay.trigger_on, stay.due_on) == (date(2026, 3, 4), date(2026, 3, 24))
    assert "after service of the demand on Qtrax on 2026-03-04" in stay.explanation
    assert "ASSUMED" not in stay.explanation
    assert "Qtrax served with the demand" in page_text(client.get(f"/cases/{n}"))


def test_until_service_is_recorded_the_stay_counts_from_filing_and_says_so(
        app, client, counsel_case):
    n, _ = counsel_case
    demand(client, app, n)
    stay = open_deadlines(app, n)["CPLR7503_STAY"]
    # 20 days after Monday 2026-03-02 is Sunday 2026-03-22 → Monday 2026-03-23 (GCL § 25-a).
    assert stay.due_on == date(2026, 3, 23)
    text = page_text(client.get(f"/cases/{n}?section=deadlines"))
    assert "ASSUMED starting day: the day Qtrax was served is not recorded" in text

    # Service is learnt later: the same deadline now counts from it, and no longer assumes.
    response = side_step(client, n, "demand_served", "2026-03-04")
    assert response.status_code == 302, page_text(response)
    (stay,) = open_rows(app, n, "CPLR7503_STAY")
    assert (stay.trigger_on, stay.due_on) == (date(2026, 3, 4), date(2026, 3, 24))
    assert "after service of the demand on Qtrax on 2026-03-04" in stay.explanation
    assert "ASSUMED" not in stay.explanation
    with app.app_context():
        assert db.session.scalar(select(AuditEntry.id).where(
            AuditEntry.action == "case.step_recorded")) is not None


def test_the_answer_counts_from_the_day_the_aaa_sent_its_notice(app, client, counsel_case):
    n, _ = counsel_case
    demand(client, app, n)
    # Sent Friday 2026-03-06, received Monday 2026-03-09.
    response = move(client, app, n, "aaa_noticed", "2026-03-09", notice_sent_on="2026-03-06",
                    aaa_case_number="01-26-0000-1234")
    assert response.status_code == 302, page_text(response)
    answer = open_deadlines(app, n)["AAA_ANSWER"]
    # 14 calendar days after Friday 2026-03-06: Friday 2026-03-20 (from receipt it was 03-23).
    assert (answer.trigger_on, answer.due_on) == (date(2026, 3, 6), date(2026, 3, 20))
    assert "after the AAA sent its notice of the filing on 2026-03-06" in answer.explanation
    text = page_text(client.get(f"/cases/{n}"))
    assert "AAA notice sent" in text


def test_the_aaa_notice_needs_the_day_it_was_sent_no_later_than_its_receipt(
        app, client, counsel_case):
    n, _ = counsel_case
    demand(client, app, n)
    for sent in ("", "2026-03-10"):  # not given; after the day it reached us
        refused = move(client, app, n, "aaa_noticed", "2026-03-09", notice_sent_on=sent,
                       aaa_case_number="01-26-0000-1234")
        assert refused.status_code == 400
        text = page_text(refused)
        assert "Give the date the AAA sent its notice" in text
        assert "01-26-0000-1234" in refused.get_data(as_text=True)  # what was typed is kept
        assert stage(app, n) == "arbitration_demanded"
        assert "AAA_ANSWER" not in open_deadlines(app, n)


def test_a_modified_award_leaves_the_original_vacate_windows_open_until_counsel_closes_them(
        app, client, counsel_case):
    n, _ = counsel_case
    to_award_received(client, app, n, received_on="2026-04-01")
    move(client, app, n, "modification_requested", "2026-04-06")
    response = move(client, app, n, "award_received", "2026-04-08",
                    files={"document": file(PDF_BYTES, "modified-award.pdf")})
    assert response.status_code == 302, page_text(response)

    original, modified = open_rows(app, n, "CPLR7511_VACATE")
    # CPLR 7511(a): 90 days after Wed 2026-04-01 → Tue 06-30; after Wed 04-08 → Tue 07-07.
    assert original.due_on == date(2026, 6, 30) and modified.due_on == date(2026, 7, 7)
    assert "original award, received 2026-04-01" in original.title
    assert "original award" not in modified.title
    assert "courts may apply the original award's period" in original.explanation
    faa_original, faa_modified = open_rows(app, n, "FAA12_VACATE")
    # 9 U.S.C. § 12: three months after 04-01 → Wed 07-01; after 04-08 → Wed 07-08.
    assert faa_original.due_on == date(2026, 7, 1) and faa_modified.due_on == date(2026, 7, 8)
    assert "original award, received 2026-04-01" in faa_original.title
    text = page_text(client.get(f"/cases/{n}?section=deadlines"))
    assert text.count("(original award, received 2026-04-01)") == 2

    # Counsel closes the original's window with the reason; the modified award's stays open.
    response = client.post(f"/deadlines/{original.id}/waive", data={
        "reason": "The modification changed every part of the award we would challenge."})
    assert response.status_code == 302
    (still_open,) = open_rows(app, n, "CPLR7511_VACATE")
    assert still_open.id == modified.id
    with app.app_context():
        closed = db.session.get(Deadline, original.id)
        assert closed.status == "waived"
        assert closed.waive_reason.startswith("The modification changed")
