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

from ..cases.models import Case, CaseEvent
from ..clock import now_utc
from ..extensions import db
from . import rules as rulebook
from .calendar import compute_due
from .models import CLOSED, DONE, OPEN, Deadline

# Events that end a case's dispute: a deadline they end was neither met nor missed.
CASE_ENDINGS = frozenset({"settled", "withdrawn", "closed", "dismissed", "small_claims"})


def period_for(rule: rulebook.Rule) -> int | None:
    """The rule's period, or the configured one for a rule the law leaves open."""
    return rule.period_n(current_app.config)


def explain(rule: rulebook.Rule, n: int, trigger_kind: str, trigger_on: date,
            due_explanation: str, verified: bool) -> str:
    """One line a lawyer can check: rule, version, trigger and date, then the counting."""
    period = rule.period_label if rule.n is not None else f"{n} {rule.unit}"
    text = (f"{rule.title}: {period} after “{trigger_kind.replace('_', ' ')}” on "
            f"{trigger_on.isoformat()} ({rule.source}; rule {rule.code}, version "
            f"{rule.version}). {due_explanation}")
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


def compute(rule: rulebook.Rule, case: Case, kind: str, trigger_on: date) -> Computed | None:
    n = period_for(rule)
    if n is None:
        return None
    due = compute_due(trigger_on, n, rule.unit, rule.roll)
    verified = rule.is_verified(case.aaa_rules)
    return Computed(due.raw, due.due, explain(rule, n, kind, trigger_on, due.explanation,
                                              verified), verified)


def _deadline_from(rule: rulebook.Rule, case: Case, event: CaseEvent) -> Deadline | None:
    computed = compute(rule, case, event.kind, event.occurred_on)
    if computed is None:
        return None
    return Deadline(
        case_id=case.id, rule_code=rule.code, rule_version=rule.version, title=rule.title,
        act=rule.act, trigger_event_id=event.id, trigger_on=event.occurred_on,
        raw_due_on=computed.raw, due_on=computed.due, regime=rule.roll,
        explanation=computed.explanation, source=rule.source, verified=computed.verified,
        concerns_claimant=rule.concerns_claimant,
        obligation=rule.obligation_under(current_app.config),
    )


def start_deadlines(case: Case, event: CaseEvent) -> list[Deadline]:
    """Complete what ``event`` ends, close what it makes moot, then open what it starts.
    Returns the new deadlines."""
    end_deadlines(case, event)
    end_moot_deadlines(case, event)
    created = []
    for rule in rulebook.rules_triggered_by(event.kind):
        # A restarted clock (a modified award received again) replaces the open one.
        for old in db.session.scalars(select(Deadline).where(
                Deadline.case_id == case.id, Deadline.rule_code == rule.code,
                Deadline.status == OPEN)):
            old.status = CLOSED
            old.waive_reason = f"Superseded: the clock restarted on {event.occurred_on}."
        deadline = _deadline_from(rule, case, event)
        if deadline is not None:
            db.session.add(deadline)
            created.append(deadline)
    if event.kind in CASE_ENDINGS and event.to_stage is not None and not case.is_open:
        close_open_deadlines(case, f"The case ended ({event.kind.replace('_', ' ')}) on "
                                   f"{event.occurred_on.isoformat()}.")
    if created:
        db.session.flush()
    return created


def end_deadlines(case: Case, event: CaseEvent) -> None:
    codes = [r.code for r in rulebook.rules_ended_by(event.kind)]
    if not codes:
        return
    for deadline in db.session.scalars(select(Deadline).where(
            Deadline.case_id == case.id, Deadline.rule_code.in_(codes),
            Deadline.status == OPEN)):
        if event.kind in CASE_ENDINGS:
            deadline.status = CLOSED
            deadline.waive_reason = f"The case was {event.kind.replace('_', ' ')}."
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
            deadline.status = CLOSED
            deadline.waive_reason = f"Moot: {reason}, on {event.occurred_on.isoformat()}."
            deadline.done_at = now_utc()


# Duties the law puts on Qtrax whatever becomes of the dispute: closing the case does not
# discharge them (the policy's deletion promise; N.Y. GBL § 899-aa notices).
OUTLIVE_THE_CASE = frozenset({"POLICY_CHILD_DELETE", "GBL899AA_NOTICE"})


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
        computed = compute(rule, case, event.kind, new_date)
        if computed is None:
            continue
        changes.append(Recomputed(deadline, deadline.due_on, computed.due, computed.raw,
                                  computed.explanation))
    return changes


def pending_rule_changes() -> list[Recomputed]:
    """Open deadlines whose rule now gives another date (a new rule version, a changed
    setting, a corrected holiday): what `flask deadlines recompute` shows before applying."""
    changes = []
    rows = db.session.execute(
        select(Deadline, Case, CaseEvent.kind)
        .join(Case, Case.id == Deadline.case_id)
        .join(CaseEvent, CaseEvent.id == Deadline.trigger_event_id)
        .where(Deadline.status == OPEN, Deadline.rule_code.is_not(None))
        .order_by(Deadline.due_on)
    ).all()
    for deadline, case, kind in rows:
        try:
            rule = rulebook.rule(deadline.rule_code)
        except KeyError:
            continue
        computed = compute(rule, case, kind, deadline.trigger_on)
        if computed is None:
            continue
        if computed.due != deadline.due_on or rule.version != deadline.rule_version:
            changes.append(Recomputed(deadline, deadline.due_on, computed.due, computed.raw,
                                      computed.explanation))
    return changes
