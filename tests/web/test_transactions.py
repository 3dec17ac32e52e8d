"""An operation commits, or it rolls back before it refuses: nothing half-done is left behind
for the view, which never touches the session."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select, update

from qtrax_disputes.cases.models import Case, CaseEvent
from qtrax_disputes.cases.operations import StaleCase
from qtrax_disputes.core.refusals import Refused
from qtrax_disputes.db.transactions import commit_or_stale, operation
from qtrax_disputes.web.extensions import db

from .helpers import file_complaint, filed_number_and_token

PACKAGE = Path(__file__).resolve().parents[2] / "qtrax_disputes"


@pytest.fixture
def number(client):
    file_complaint(client)
    return filed_number_and_token(client)[0]


def _saved_elsewhere(case: Case) -> None:
    """Another person's save, in between: the row's version moves on under this session."""
    db.session.execute(update(Case).where(Case.id == case.id)
                       .values(version=Case.version + 1, summary="Saved elsewhere")
                       .execution_options(synchronize_session=False))


def test_a_row_changed_meanwhile_is_refused_as_stale_and_nothing_is_kept(app, number):
    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.number == number))
        _saved_elsewhere(case)
        case.summary = "Mine"
        with pytest.raises(StaleCase):
            commit_or_stale(StaleCase)
        # Rolled back already: the session is usable, and neither save is in the database.
        assert db.session.scalar(select(Case.summary).where(Case.id == case.id)) != "Mine"
        assert not db.session.dirty


def test_a_commit_that_meets_no_other_save_goes_through(app, number):
    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.number == number))
        case.summary = "Mine"
        commit_or_stale(StaleCase)
    with app.app_context():
        assert db.session.scalar(select(Case.summary)) == "Mine"


def test_an_operation_that_refuses_leaves_nothing_in_the_session(app, number):
    @operation()
    def add_then_refuse(case):
        db.session.add(CaseEvent(case_id=case.id, kind="note", occurred_on=case.filed_on,
                                 actor="test", note="half done"))
        db.session.flush()
        raise Refused("Not today.")

    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.number == number))
        with pytest.raises(Refused):
            add_then_refuse(case)
        assert not db.session.new
        db.session.commit()  # what the next write would commit: the refused note is not in it
        assert db.session.scalar(select(CaseEvent.id).where(CaseEvent.note == "half done")) \
            is None


def test_an_operation_turns_a_stale_flush_into_its_own_refusal(app, number):
    @operation(StaleCase)
    def save_summary(case):
        case.summary = "Mine"
        db.session.flush()

    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.number == number))
        _saved_elsewhere(case)
        with pytest.raises(StaleCase):
            save_summary(case)
        assert not db.session.dirty


def test_views_never_touch_the_session():
    # Reads go through the features' queries, writes through their operations, which own the
    # transaction: a view neither reads the session nor ends a transaction.
    ending = re.compile(r"\bdb\.session\b|\bdb\.(get_or_404|first_or_404|one_or_404)\b")
    offenders = [f"{path.relative_to(PACKAGE)}:{n}"
                 for path in sorted(PACKAGE.glob("*/views.py"))
                 for n, line in enumerate(path.read_text().splitlines(), 1)
                 if ending.search(line)]
    assert offenders == []
