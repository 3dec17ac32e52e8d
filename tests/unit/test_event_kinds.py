"""Every event kind a deadline rule waits for is one the app writes, and nothing writes a kind
it has not named.

A rule whose trigger is misspelt never starts; one whose end is misspelt never ends. Neither
fails loudly: the deadline is simply missing or stays open. So the kinds the rules name are
checked against the kinds the app emits: the stage changes (workflow), the steps within a stage
(steps.SIDE_STEPS) and the records of cases/event_kinds.py.
"""

from __future__ import annotations

import ast
from dataclasses import replace
from pathlib import Path

import pytest

from qtrax_disputes.cases import event_kinds as ek
from qtrax_disputes.cases import steps
from qtrax_disputes.cases import workflow as wf
from qtrax_disputes.deadlines import rules
from qtrax_disputes.deadlines.engine import CASE_ENDINGS

PACKAGE = Path(ek.__file__).parents[1]


def emitted_kinds() -> set[str]:
    return ({wf.FILED}  # the filing (intake), the one stage no transition reaches
            | {t.event_kind for t in wf.TRANSITIONS}
            | {s.kind for s in steps.SIDE_STEPS}
            | set(ek.RECORDS) | set(ek.NEUTRAL_EVENTS))


def kinds_named_by(rule: rules.Rule) -> set[str]:
    named = {rule.trigger, *rule.ends_on, *(kind for kind, _ in rule.moot_on)}
    if rule.counts_from and rule.counts_from.recorded_by:
        named.add(rule.counts_from.recorded_by)
    return named


def unknown_kinds(rule: rules.Rule) -> set[str]:
    return kinds_named_by(rule) - emitted_kinds() - set(ek.LEGACY)


@pytest.mark.parametrize("rule", rules.RULES, ids=lambda r: r.code)
def test_every_kind_a_rule_starts_ends_or_moots_on_is_one_the_app_writes(rule):
    assert unknown_kinds(rule) == set()


def test_a_misspelt_trigger_is_caught():
    typo = replace(rules.rule("CPLR7503_STAY"), trigger="arbitration_demand")
    assert unknown_kinds(typo) == {"arbitration_demand"}


def test_the_kinds_that_end_a_case_are_stage_changes():
    assert CASE_ENDINGS <= {t.event_kind for t in wf.TRANSITIONS}


def test_a_legacy_kind_is_not_written_any_more():
    assert not set(ek.LEGACY) & emitted_kinds()


def test_no_kind_is_two_things():
    stage_events = {wf.FILED} | {t.event_kind for t in wf.TRANSITIONS}
    side = [s.kind for s in steps.SIDE_STEPS]
    assert len(side) == len(set(side))
    assert not stage_events & set(side)
    assert not (stage_events | set(side)) & set(ek.RECORDS)


def _bare_kinds(source: str) -> list[int]:
    """Lines where ``add_event`` is given its kind as a string written in place."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "add_event"
                and len(node.args) >= 2
                and isinstance(node.args[1], ast.Constant | ast.JoinedStr)):
            lines.append(node.lineno)
    return lines


@pytest.mark.repository
def test_every_emitter_writes_a_named_kind():
    bare = [f"{path.relative_to(PACKAGE)}:{line}" for path in sorted(PACKAGE.rglob("*.py"))
            for line in _bare_kinds(path.read_text())]
    assert bare == []


def test_the_check_for_bare_kinds_sees_a_string_and_an_f_string():
    assert _bare_kinds('add_event(case, "note", on)\nadd_event(case, f"{k}_proposed", on)\n'
                       'add_event(case, ek.NOTE, on)') == [1, 2]
