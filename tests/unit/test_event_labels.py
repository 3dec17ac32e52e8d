"""Every kind of timeline entry has its words in one table, and they read as words: "AAA",
never "Aaa"; a stage said once; people by name; times as 10:00 am."""

from __future__ import annotations

from datetime import date, datetime, time
from types import SimpleNamespace

import pytest

from qtrax_disputes.cases import event_kinds as ek
from qtrax_disputes.cases import event_labels as labels
from qtrax_disputes.cases import timeline
from qtrax_disputes.cases import workflow as wf
from qtrax_disputes.web.formatting import clock_time

from .test_event_kinds import emitted_kinds

EVERY_KIND = sorted(emitted_kinds() | set(ek.LEGACY) | {wf.RESUMED})


@pytest.mark.parametrize("kind", EVERY_KIND)
def test_every_kind_the_app_writes_has_its_words(kind):
    assert labels.known(kind), f"{kind!r} has no label in cases/event_labels.py"
    words = labels.label(kind)
    assert words != "Other entry" and "_" not in words
    assert "Aaa" not in words


@pytest.mark.parametrize("stage", sorted(wf.STAGE_LABELS))
def test_a_stage_change_names_the_stage_once(stage):
    words = labels.label(stage, stage)
    assert "→" not in words
    assert words.count(wf.STAGE_LABELS[stage]) <= 1


def test_added_documents_are_counted_in_words():
    assert labels.label(ek.DOCUMENTS_ADDED, data={"documents": [7]}) == "1 document added"
    assert labels.label(ek.DOCUMENTS_ADDED, data={"documents": [7, 8]}) == "2 documents added"


def test_each_entry_falls_under_one_filter():
    assert labels.filter_of(ek.NOTE) == labels.NOTES
    assert labels.filter_of(ek.DOCUMENTS_ADDED) == labels.DOCUMENTS
    assert labels.filter_of(ek.COST_DELETED) == labels.COSTS
    assert labels.filter_of(wf.IMPASSE, wf.IMPASSE) == labels.STEPS
    assert labels.filter_of(ek.ANSWER_FILED) == labels.STEPS
    assert labels.filter_of(ek.ASSIGNED) == labels.RECORDS


def _event(actor: str, user=None, **kw):
    values = {"kind": ek.NOTE, "to_stage": None, "from_stage": None, "data": {}, "note": "",
              "occurred_on": date(2026, 4, 1), "recorded_at": None, "id": 1}
    return SimpleNamespace(actor=actor, actor_user=user, **{**values, **kw})


def test_who_is_a_name_never_a_stored_code():
    assert timeline.who(_event("user:10", SimpleNamespace(display_name="Sam Staff"))) == \
        "Sam Staff"
    assert timeline.who(_event("user:10")) == "a former user"
    assert timeline.who(_event("complainant:QD-2026-000001")) == "the complainant"
    assert "system" not in timeline.who(_event("system"))


def test_the_timeline_groups_by_the_stage_the_case_was_in_newest_first():
    events = [  # as queries.timeline returns them: newest first
        _event("system", kind=ek.NOTE, occurred_on=date(2026, 4, 3), id=4),
        _event("system", kind=wf.TRIAGE, to_stage=wf.TRIAGE, from_stage=wf.FILED,
               occurred_on=date(2026, 4, 2), id=3),
        _event("system", kind=ek.NOTE, occurred_on=date(2026, 4, 1), id=2),
        _event("system", kind=wf.FILED, to_stage=wf.FILED, occurred_on=date(2026, 4, 1), id=1),
    ]
    groups = timeline.build(events)
    assert [g.stage for g in groups] == [wf.TRIAGE, wf.FILED]
    assert [e.label for e in groups[0].entries] == ["Note", "Moved here from “Filed”"]
    assert [e.label for e in groups[1].entries] == ["Note", "Complaint filed"]
    assert [g.stage for g in timeline.build(events, kind=labels.STEPS)] == [wf.TRIAGE, wf.FILED]
    assert [len(g.entries) for g in timeline.build(events, kind=labels.NOTES)] == [1, 1]


@pytest.mark.parametrize(("value", "words"), [
    ("10:00:00", "10:00 am"), ("14:30", "2:30 pm"), (time(0, 5), "12:05 am"),
    (time(12, 0), "12:00 pm"), (None, "—"),
])
def test_a_time_of_day_reads_as_people_write_it(value, words):
    assert clock_time(value) == words


def test_a_moment_reads_with_its_new_york_time_in_am_and_pm():
    from datetime import UTC

    from qtrax_disputes.web.formatting import format_datetime

    assert format_datetime(datetime(2026, 4, 10, 14, 0, tzinfo=UTC)) == "2026-04-10 10:00 am EDT"
