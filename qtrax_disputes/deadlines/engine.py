"""Turning timeline events into deadlines: rules start them, later events end them.

Every case event passes through ``start_deadlines``; the rules in ``rules.py`` say which events
start which periods and which events complete them. The operation that wrote the event owns the
transaction: nothing here commits.
"""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from ..cases.models import Case, CaseEvent
from ..clock import now_utc
from ..extensions import db
from . import rules as rulebook
from .calendar import compute_due
from .models import CLOSED, DONE, OPEN, Deadline


def period_for(rule: rulebook.Rule) -> int | None:
    """The rule's period, or the configured one for a rule the law leaves open."""
    if rule.n is not None:
        return rule.n
    value = current_app.config.get(f"{rule.code}_DAYS")
    return int(value) if value not in (None, "") else None


def _deadline_from(rule: rulebook.Rule, case: Case, event: CaseEvent) -> Deadline | None:
    n = period_for(rule)
    if n is None:
        return None
    due = compute_due(event.occurred_on, n, rule.unit, rule.roll)
    verified = rule.is_verified(case.aaa_rules)
    explanation = due.explanation
    if rule.n is None:
        explanation += (f" The period ({n} {rule.unit}) is this firm's setting "
                        f"{rule.code}_DAYS: the dispute clause sets none.")
    if not verified:
        explanation += " This rule is not verified: check it against its source."
    return Deadline(
        case_id=case.id, rule_code=rule.code, rule_version=rule.version, title=rule.title,
        act=rule.act, trigger_event_id=event.id, trigger_on=event.occurred_on,
        raw_due_on=due.raw, due_on=due.due, regime=rule.roll, explanation=explanation,
        source=rule.source, verified=verified, concerns_claimant=rule.concerns_claimant,
    )


def start_deadlines(case: Case, event: CaseEvent) -> list[Deadline]:
    """Complete what ``event`` ends, then open what it starts. Returns the new deadlines."""
    end_deadlines(case, event)
    created = []
    for rule in rulebook.rules_triggered_by(event.kind):
        # A restarted clock (e.g. a modified award received again) replaces the open one.
        for old in db.session.scalars(select(Deadline).where(
                Deadline.case_id == case.id, Deadline.rule_code == rule.code,
                Deadline.status == OPEN)):
            old.status = CLOSED
            old.waive_reason = f"Superseded: the clock restarted on {event.occurred_on}."
        deadline = _deadline_from(rule, case, event)
        if deadline is not None:
            db.session.add(deadline)
            created.append(deadline)
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
        deadline.status = DONE
        deadline.done_on = event.occurred_on
        deadline.done_at = now_utc()
        deadline.done_by_id = event.actor_user_id


def close_open_deadlines(case: Case, reason: str) -> None:
    """A case that ends leaves no deadline open: they were neither met nor missed."""
    for deadline in db.session.scalars(select(Deadline).where(
            Deadline.case_id == case.id, Deadline.status == OPEN)):
        deadline.status = CLOSED
        deadline.waive_reason = reason
