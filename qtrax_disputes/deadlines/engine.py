"""Turning timeline events into deadlines: rules start them, later events end them.

Every case event passes through ``start_deadlines``; the rules in ``rules.py`` say which events
start which periods and which events complete them. The operation that wrote the event owns the
transaction: nothing here commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import current_app
from sqlalchemy import select

from qtrax_disputes.core.clock import now_utc
from qtrax_disputes.core.progress import Steps, through
from qtrax_disputes.web.extensions import db

from ..cases import event_kinds as ek
from ..cases import event_labels
from ..cases import workflow as wf
from ..cases.models import Case, CaseEvent
from . import rules as rulebook
from .calendar import (
    Suspension,
    compute_due,
    next_business_day,
    resume_after,
    suspension_periods,
)
from .models import CLOSED, DONE, OPEN, Deadline

# Events that end a case's dispute: a deadline they end was neither met nor missed.
CASE_ENDINGS = frozenset({wf.SETTLED, wf.WITHDRAWN, wf.CLOSED, wf.DISMISSED, wf.SMALL_CLAIMS})



def _ending(event: CaseEvent) -> str:
    """The words for the step that ended a case, as its timeline says them."""
    return event_labels.label(event.kind, event.to_stage, event.data)

def period_for(rule: rulebook.Rule) -> int | None:
    """The rule's period, or the configured one for a rule the law leaves open."""
    return rule.period_n(current_app.config)


def explain(rule: rulebook.Rule, n: int, start: rulebook.Start, due_explanation: str,
            verified: bool, ruleset: str | None = None) -> str:
    """One line a lawyer can check: the rule and its source (the case's AAA rule set where it
    depends on one), the day it counts from, then the counting."""
    period = rule.period_label if rule.n is not None else f"{n} {rule.unit}"
    when = (f"on {start.phrase}, {start.on.isoformat()}" if n == 0
            else f"{period} after {start.phrase} on {start.on.isoformat()}")
    text = f"{rule.title}: {when} ({rule.source_under(ruleset)}). {due_explanation}"
    if start.assumed:
        text += f" ASSUMED starting day: {start.assumed}."
    if rule.n is None:
        text += (f" The period is this firm's setting {rule.n_config}: the dispute clause "
                 "sets none.")
    if not verified:
        text += " UNVERIFIED rule: check it against its source before relying on it."
    return text


@dataclass(frozen=True)
class Computed:
    raw: date
    due: date
    explanation: str
    verified: bool


def compute(rule: rulebook.Rule, case: Case, start: rulebook.Start,
            suspensions: list[Suspension] | None = None) -> Computed | None:
    """``suspensions``: the case's, when the caller knows them (a new case has none)."""
    n = period_for(rule)
    if n is None:
        return None
    due = compute_due(start.on, n, rule.unit, rule.roll, rule.alt_roll)
    verified = rule.is_verified(case.aaa_rules)
    counting = due.explanation
    raw, final = due.raw, due.due
    if rule.stops_while_suspended:
        raw, stops = resume_after(start.on, due.raw,
                                  suspensions_of(case) if suspensions is None else suspensions)
        if stops:
            final = raw if rule.roll == "none" else next_business_day(raw, rule.roll)
            counting += " " + " ".join(stop.explanation for stop in stops)
            if final != raw:
                counting += f" It runs to the next business day, {final.isoformat()}."
    return Computed(raw, final, explain(rule, n, start, counting, verified, case.aaa_rules),
                    verified)


def suspensions_of(case: Case) -> list[Suspension]:
    """The AAA's suspensions of this case's arbitration, from its court applications (their
    length as recorded with the step) and any step lifting one early."""
    events = db.session.execute(select(CaseEvent.kind, CaseEvent.occurred_on, CaseEvent.data)
                                .where(CaseEvent.case_id == case.id,
                                       CaseEvent.kind.in_((ek.COURT_APPLICATION_FILED,
                                                           ek.SUSPENSION_LIFTED)))).all()
    applications = [(on, int((data or {}).get("suspension_days") or 0))
                    for kind, on, data in events if kind == ek.COURT_APPLICATION_FILED]
    lifted = [on for kind, on, _ in events if kind == ek.SUSPENSION_LIFTED]
    return suspension_periods([a for a in applications if a[1] > 0], lifted)


def recount_suspended(case: Case) -> None:
    """A suspension begun or lifted moves every open AAA-rule deadline of the case: each is
    counted again from its own start through the suspensions now on record."""
    for deadline in db.session.scalars(select(Deadline).where(
            Deadline.case_id == case.id, Deadline.status == OPEN,
            Deadline.rule_code.in_([r.code for r in rulebook.RULES
                                    if r.stops_while_suspended]))):
        trigger = db.session.get(CaseEvent, deadline.trigger_event_id)
        if trigger is None:
            continue
        rule = rulebook.rule(deadline.rule_code)
        computed = compute(rule, case, rule.start(trigger.kind, trigger.occurred_on,
                                                  trigger.data))
        if computed is None:
            continue
        deadline.raw_due_on = computed.raw
        deadline.due_on = computed.due
        deadline.explanation = computed.explanation


def _deadline_from(rule: rulebook.Rule, case: Case, event: CaseEvent,
                   suspensions: list[Suspension] | None = None) -> Deadline | None:
    if not rule.applies_to(event.data):
        return None
    start = rule.start(event.kind, event.occurred_on, event.data)
    computed = compute(rule, case, start, suspensions)
    if computed is None:
        return None
    return Deadline(
        case_id=case.id, rule_code=rule.code, rule_version=rule.version_under(case.aaa_rules),
        title=rule.title,
        act=rule.act, trigger_event_id=event.id, trigger_on=start.on,
        raw_due_on=computed.raw, due_on=computed.due, regime=rule.roll,
        explanation=computed.explanation, source=rule.source_under(case.aaa_rules),
        verified=computed.verified,
        concerns_claimant=rule.concerns_claimant,
        obligation=rule.obligation_under(current_app.config),
    )


def start_deadlines(case: Case, event: CaseEvent) -> list[Deadline]:
    """Complete what ``event`` ends, close what it makes moot, then open what it starts.
    Returns the new deadlines."""
    end_deadlines(case, event)
    restart_from_recorded_day(case, event)
    end_moot_deadlines(case, event)
    if event.kind in (ek.COURT_APPLICATION_FILED, ek.SUSPENSION_LIFTED):
        db.session.flush()  # the suspension this event makes or ends must be on record
        recount_suspended(case)
    created = []
    for rule in rulebook.rules_triggered_by(event.kind):
        for old in _open(case, rule.code):
            _restarted(rule, old, event)
        deadline = _deadline_from(rule, case, event)
        if deadline is not None:
            db.session.add(deadline)
            created.append(deadline)
    if event.kind in CASE_ENDINGS and event.to_stage is not None and not case.is_open:
        close_open_deadlines(case, f"The case ended (“{_ending(event)}”) on "
                                   f"{event.occurred_on.isoformat()}.")
    if created:
        db.session.flush()
    return created


def deadlines_of_new_case(case: Case, events: list[CaseEvent]) -> list[Deadline]:
    """``start_deadlines`` of each of a new case's first events in turn (its filing and the
    steps it walked, all with their ids), not added yet: what they start, end or make moot
    among themselves, read from nothing but the events (a chunk of imported cases is written
    together). Events that re-count from the record or end the case are refused."""
    opened: list[Deadline] = []
    for event in events:
        if (event.kind in (ek.COURT_APPLICATION_FILED, ek.SUSPENSION_LIFTED, *CASE_ENDINGS)
                or rulebook.rules_recorded_by(event.kind)):
            raise ValueError(f"a {event.kind} event needs the case's record")
        ending = {r.code for r in rulebook.rules_ended_by(event.kind)}
        mooting = dict((r.code, reason) for r, reason in rulebook.rules_mooted_by(event.kind))
        for deadline in opened:
            if deadline.status != OPEN:
                continue
            if deadline.rule_code in ending:
                _ended(deadline, event)
            elif deadline.rule_code in mooting:
                _mooted(deadline, event, mooting[deadline.rule_code])
        for rule in rulebook.rules_triggered_by(event.kind):
            for old in [d for d in opened if d.rule_code == rule.code and d.status == OPEN]:
                _restarted(rule, old, event)
            started = _deadline_from(rule, case, event, suspensions=[])
            if started is not None:
                opened.append(started)
    return opened


def _restarted(rule: rulebook.Rule, old: Deadline, event: CaseEvent) -> None:
    if rule.survives_modification:
        keep_for_the_original_award(rule, old, event)
        return
    # A restarted clock (a modified award received again) replaces the open one.
    old.status = CLOSED
    old.waive_reason = f"Superseded: the clock restarted on {event.occurred_on}."


def _open(case: Case, code: str) -> list[Deadline]:
    return list(db.session.scalars(select(Deadline).where(
        Deadline.case_id == case.id, Deadline.rule_code == code, Deadline.status == OPEN)))


def keep_for_the_original_award(rule: rulebook.Rule, deadline: Deadline,
                                event: CaseEvent) -> None:
    """A modified award opens its own clock; the earlier award's stays open, marked, because a
    court may hold what the modification left unchanged to the earlier award's period."""
    if deadline.title != rule.title:
        return  # already marked at an earlier modification
    deadline.title = f"{rule.title} (original award, received {deadline.trigger_on})"
    deadline.explanation += (
        f" Kept open after a modified award was received on {event.occurred_on.isoformat()}: "
        "courts may apply the original award's period to what was not modified (cautious "
        "practice, secondary source). It stays open until it is closed with a reason.")


def restart_from_recorded_day(case: Case, event: CaseEvent) -> None:
    """An event recording the day a period truly runs from (Qtrax served with the demand)
    re-counts the open deadline that had assumed another day."""
    for rule in rulebook.rules_recorded_by(event.kind):
        if rule.counts_from.recorded_day(event.occurred_on, event.data) is None:
            continue  # this step does not say the day: the count stays as it was
        start = rule.start(event.kind, event.occurred_on, event.data)
        computed = compute(rule, case, start)
        if computed is None:
            continue
        for deadline in _open(case, rule.code):
            deadline.trigger_event_id = event.id
            deadline.trigger_on = start.on
            deadline.raw_due_on = computed.raw
            deadline.due_on = computed.due
            deadline.explanation = computed.explanation
            deadline.verified = computed.verified


def end_deadlines(case: Case, event: CaseEvent) -> None:
    codes = [r.code for r in rulebook.rules_ended_by(event.kind)]
    if not codes:
        return
    for deadline in db.session.scalars(select(Deadline).where(
            Deadline.case_id == case.id, Deadline.rule_code.in_(codes),
            Deadline.status == OPEN)):
        _ended(deadline, event)


def _ended(deadline: Deadline, event: CaseEvent) -> None:
    if event.kind in CASE_ENDINGS:
        deadline.status = CLOSED
        deadline.waive_reason = f"The case ended: “{_ending(event)}”."
    elif deadline.lapsed(event.occurred_on):
        # A window that closed unused before this step was not met by it, late or not.
        deadline.status = CLOSED
        deadline.waive_reason = f"The window closed on {deadline.due_on.isoformat()} unused."
    else:
        deadline.status = DONE
        deadline.done_on = event.occurred_on
        deadline.done_by_id = event.actor_user_id
    deadline.done_at = now_utc()


def end_moot_deadlines(case: Case, event: CaseEvent) -> None:
    """A period the road has made moot ends by itself, saying why: neither met nor missed."""
    for rule, reason in rulebook.rules_mooted_by(event.kind):
        for deadline in db.session.scalars(select(Deadline).where(
                Deadline.case_id == case.id, Deadline.rule_code == rule.code,
                Deadline.status == OPEN)):
            _mooted(deadline, event, reason)


def _mooted(deadline: Deadline, event: CaseEvent, reason: str) -> None:
    deadline.status = CLOSED
    deadline.waive_reason = f"Moot: {reason}, on {event.occurred_on.isoformat()}."
    deadline.done_at = now_utc()


# Duties the law puts on Qtrax whatever becomes of the dispute: closing the case does not
# discharge them (the policy's deletion promise; N.Y. GBL § 899-aa notices).
OUTLIVE_THE_CASE = frozenset({"POLICY_CHILD_DELETE", "COURT_ORDER_RETURN",
                              *(r.code for r in rulebook.RULES if r.code.startswith("GBL899AA"))})


def close_open_deadlines(case: Case, reason: str) -> None:
    """A case that ends leaves no dispute deadline open: they were neither met nor missed."""
    for deadline in db.session.scalars(select(Deadline).where(
            Deadline.case_id == case.id, Deadline.status == OPEN)):
        if deadline.rule_code in OUTLIVE_THE_CASE:
            continue
        deadline.status = CLOSED
        deadline.waive_reason = reason
        deadline.done_at = now_utc()


@dataclass(frozen=True)
class Recomputed:
    deadline: Deadline
    old_due: date
    new_due: date
    new_raw: date
    explanation: str
    trigger_on: date  # the day the new date counts from


def recompute_for_event(case: Case, event: CaseEvent, new_date: date) -> list[Recomputed]:
    """What the deadlines started by ``event`` would become if it happened on ``new_date``.

    Nothing is changed: the caller shows this list, and applies it only when confirmed.
    """
    changes = []
    for deadline in db.session.scalars(select(Deadline).where(
            Deadline.trigger_event_id == event.id, Deadline.rule_code.is_not(None))
            .order_by(Deadline.due_on)):
        try:
            rule = rulebook.rule(deadline.rule_code)
        except KeyError:
            continue  # a rule since removed: its deadline keeps its date
        start = rule.start(event.kind, new_date, event.data)
        if start.on == deadline.trigger_on:
            continue  # it counts from a day the step recorded apart from its own date
        computed = compute(rule, case, start)
        if computed is None:
            continue
        changes.append(Recomputed(deadline, deadline.due_on, computed.due, computed.raw,
                                  computed.explanation, start.on))
    return changes


def pending_rule_changes(steps: Steps = through) -> list[Recomputed]:
    """Open deadlines whose rule now gives another date (a new rule version, a changed
    setting, a corrected holiday): what `flask deadlines recompute` shows before applying."""
    changes = []
    rows = db.session.execute(
        select(Deadline, Case, CaseEvent)
        .join(Case, Case.id == Deadline.case_id)
        .join(CaseEvent, CaseEvent.id == Deadline.trigger_event_id)
        .where(Deadline.status == OPEN, Deadline.rule_code.is_not(None))
        .order_by(Deadline.due_on)
    ).all()
    for deadline, case, event in steps(rows, "checking  "):
        try:
            rule = rulebook.rule(deadline.rule_code)
        except KeyError:
            continue
        start = rule.start(event.kind, event.occurred_on, event.data)
        computed = compute(rule, case, start)
        if computed is None:
            continue
        if computed.due != deadline.due_on or \
                rule.version_under(case.aaa_rules) != deadline.rule_version:
            changes.append(Recomputed(deadline, deadline.due_on, computed.due, computed.raw,
                                      computed.explanation, start.on))
    return changes
