"""The complainant's status page speaks in plain words: where the case stands, the dates that
matter to them, the stages reached; never Qtrax's internal working notes (a rule's code, its
source, how a date was counted, whether a rule is verified) nor Qtrax's own tasks."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from qtrax_disputes.cases import stages_public
from qtrax_disputes.cases import workflow as wf
from qtrax_disputes.core.clock import frozen
from qtrax_disputes.deadlines import public_words
from qtrax_disputes.deadlines.models import Deadline
from qtrax_disputes.deadlines.rules import RULES
from qtrax_disputes.web.extensions import db

from ..conftest import page_text
from ..factories import case_of, make_case, road_to, take_step

OURS = {rule.code: rule.title for rule in RULES if rule.act == "us"}


def _at(day) -> datetime:
    return datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=17)


def _internal_texts(case_id: int) -> list[tuple[str, str]]:
    """Every piece of a deadline written for staff: its explanation whole and sentence by
    sentence, its rule code, its source, and the title of any of Qtrax's own tasks."""
    texts = []
    for d in db.session.scalars(select(Deadline).where(Deadline.case_id == case_id)):
        texts.append((d.rule_code or "-", d.explanation))
        texts += [(d.rule_code or "-", part) for part in re.split(r"(?<=[.:;])\s+",
                                                                   d.explanation)
                  if len(part) > 25]
        texts += [(d.rule_code or "-", d.rule_code or ""), (d.rule_code or "-", d.source)]
        if d.rule_code in OURS or d.act == "us":
            texts.append((d.rule_code or "-", d.title))
    return [(code, text) for code, text in texts if text.strip()]


def test_the_status_page_never_shows_a_deadline_explanation_at_any_stage(app, client):
    """Walked along the whole road (a child's data, so Qtrax's own deletion duty runs too),
    the page at each stage holds none of the case's deadlines' internal texts."""
    with app.app_context():
        made = make_case(wf.FILED, is_child_data=True)
    on, said, checked = made.stepped_on, set(), 0
    for target in road_to(wf.CLOSED)[1:]:
        on += timedelta(days=1)
        with app.app_context(), frozen(_at(on)):
            take_step(case_of(made), target, on)
            internal = _internal_texts(made.id)
        with frozen(_at(on)):
            response = client.get(made.status_path)
        assert response.status_code == 200
        text = page_text(response)
        html = response.get_data(as_text=True)
        for code, piece in internal:
            assert " ".join(piece.split()) not in text, (target, code, piece)
            assert piece not in html, (target, code, piece)
        assert "verified" not in text.lower(), target
        assert stages_public.describe(target).title in text, target
        said |= {s for s in public_words.SENTENCES.values()
                 if s.split("%(date)s")[0] in text}
        checked += len(internal)
    # Not vacuous: the walk met internal texts, and the page did say dates in words.
    assert checked > 50 and len(said) >= 3, (checked, said)


def test_key_dates_are_the_stages_reached_not_every_step(app, client):
    with app.app_context():
        made = make_case(wf.MEDIATION_AGREED)
    text = page_text(client.get(made.status_path))
    for stage in road_to(wf.MEDIATION_AGREED):
        assert stages_public.describe(stage).title in text
    # steps inside a stage (a proposal, a conflict check, an answer) stay on staff's timeline
    assert "Conflict check" not in text and "proposed as mediator" not in text
    assert "Monday, 5 January 2026" in text  # the filing, in words


def test_qtraxs_own_task_with_its_date_is_not_on_the_page(app, client):
    """The child's data must be deleted by Qtrax: a duty of Qtrax's, not the complainant's."""
    with app.app_context():
        made = make_case(wf.FILED, is_child_data=True)
        (due,) = db.session.scalars(select(Deadline.due_on).where(
            Deadline.case_id == made.id, Deadline.rule_code == "POLICY_CHILD_DELETE")).all()
    with frozen(_at(made.stepped_on)):
        text = page_text(client.get(made.status_path))
    assert OURS["POLICY_CHILD_DELETE"] not in text
    assert public_words.long_date(due) not in text.split("So far")[0]
    assert "Nothing is due from you right now" in text

