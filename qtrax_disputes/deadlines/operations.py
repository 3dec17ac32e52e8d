"""Staff writes on deadlines: add a manual one, mark one done, waive one; the feed token."""

from __future__ import annotations

from datetime import date

from qtrax_disputes.core.clock import now_utc, today
from qtrax_disputes.core.refusals import Refused
from qtrax_disputes.db.transactions import operation
from qtrax_disputes.web.extensions import db

from ..audit.log import record
from ..cases import event_kinds as ek
from ..cases.events import add_event
from ..cases.models import Case
from ..intake.tokens import hash_token, new_token
from .models import DONE, OPEN, WAIVED, WINDOW, Deadline


class DeadlineRefused(Refused):
    """A deadline not marked done, waived or decided, and why."""


def add_manual_deadline(case: Case, *, title: str, due_on: date, note: str = "",
                        concerns_claimant: bool = False) -> Deadline:
    deadline = Deadline(
        case_id=case.id, rule_code=None, rule_version="", title=title.strip(), act="us",
        due_on=due_on, raw_due_on=due_on, regime="none", source="Set by staff",
        explanation=f"Set by hand on {today().isoformat()}" + (f": {note.strip()}" if note.strip()
                                                                else "."),
        verified=True, concerns_claimant=concerns_claimant,
    )
    db.session.add(deadline)
    add_event(case, ek.DEADLINE_ADDED, today(), note=f"Deadline added: {deadline.title}, due "
                                                    f"{due_on.isoformat()}.")
    record("deadline.added", deadline, {"case": case.number, "title": deadline.title,
                                        "due_on": due_on.isoformat()})
    db.session.commit()
    return deadline


def _still_open(deadline: Deadline) -> None:
    if deadline.status != OPEN:
        raise DeadlineRefused("This deadline is no longer open; the page shows its state now.")


@operation()
def complete_deadline(deadline: Deadline, *, done_on: date, user, note: str = "") -> None:
    _still_open(deadline)
    deadline.status = DONE
    deadline.done_on = done_on
    deadline.done_at = now_utc()
    deadline.done_by_id = user.id
    late = done_on > deadline.due_on
    add_event(deadline.case, ek.DEADLINE_DONE, done_on,
              note=f"Done: {deadline.title} (due {deadline.due_on.isoformat()})"
                   + (" — after its due date." if late else ".") + (f" {note}" if note else ""))
    record("deadline.done", deadline, {"case": deadline.case.number, "title": deadline.title,
                                       "done_on": done_on.isoformat(), "late": late})
    db.session.commit()


@operation()
def waive_deadline(deadline: Deadline, *, reason: str, user) -> None:
    _still_open(deadline)
    if not reason.strip():
        raise DeadlineRefused("Give the reason for waiving this deadline.")
    deadline.status = WAIVED
    deadline.waive_reason = reason.strip()
    deadline.done_at = now_utc()
    deadline.done_by_id = user.id
    add_event(deadline.case, ek.DEADLINE_WAIVED, today(),
              note=f"Waived: {deadline.title} (due {deadline.due_on.isoformat()}). "
                   f"Reason: {deadline.waive_reason}")
    record("deadline.waived", deadline, {"case": deadline.case.number, "title": deadline.title,
                                         "reason": deadline.waive_reason})
    db.session.commit()


def _open_window(deadline: Deadline) -> None:
    _still_open(deadline)
    if deadline.obligation != WINDOW:
        raise DeadlineRefused("This is a duty already: it must be done whatever is decided.")


@operation()
def decide_to_act(deadline: Deadline, *, user) -> None:
    """Counsel decides Qtrax will use this window: from now on it is a duty and goes overdue."""
    _open_window(deadline)
    if deadline.will_act_at is not None:
        raise DeadlineRefused("Qtrax is already marked to act on this window.")
    deadline.will_act_at = now_utc()
    deadline.will_act_by_id = user.id
    add_event(deadline.case, ek.DEADLINE_WILL_ACT, today(),
              note=f"Qtrax will act: {deadline.title} (due {deadline.due_on.isoformat()}).")
    record("deadline.will_act", deadline, {"case": deadline.case.number,
                                           "title": deadline.title})
    db.session.commit()


@operation()
def undo_decision_to_act(deadline: Deadline, *, user) -> None:
    """Counsel takes back "Qtrax will act": the deadline is a window again and may lapse."""
    _open_window(deadline)
    if deadline.will_act_at is None:
        raise DeadlineRefused("Qtrax is not marked to act on this window.")
    deadline.will_act_at = None
    deadline.will_act_by_id = None
    add_event(deadline.case, ek.DEADLINE_WILL_NOT_ACT, today(),
              note=f"Qtrax will not act after all: {deadline.title} "
                   f"(due {deadline.due_on.isoformat()}).")
    record("deadline.will_not_act", deadline, {"case": deadline.case.number,
                                               "title": deadline.title})
    db.session.commit()


def reset_feed_token(user) -> str:
    """A new private calendar address for ``user``; the old one stops working at once."""
    token, token_hash = new_token()
    user.feed_token_hash = token_hash
    record("user.feed_token_reset", user, {"email": user.email})
    db.session.commit()
    return token


def user_for_feed_token(token: str):
    from ..auth.models import User

    if not token or len(token) > 200:
        return None
    return db.session.query(User).filter_by(feed_token_hash=hash_token(token),
                                            active=True).first()


def apply_rule_changes(changes) -> int:
    """Move open deadlines to the dates their current rules give, each noted on its case."""
    from ..deadlines import rules as rulebook

    for change in changes:
        deadline = change.deadline
        rule = rulebook.rule(deadline.rule_code)
        old_version = deadline.rule_version
        deadline.rule_version = rule.version_under(deadline.case.aaa_rules)
        deadline.source = rule.source_under(deadline.case.aaa_rules)
        deadline.raw_due_on = change.new_raw
        deadline.due_on = change.new_due
        deadline.explanation = change.explanation
        deadline.verified = rule.is_verified(deadline.case.aaa_rules)
        add_event(deadline.case, ek.DEADLINE_RECOMPUTED, today(),
                  note=f"{deadline.title}: {rule.source_under(deadline.case.aaa_rules)} "
                       f"({old_version} → {deadline.rule_version}); "
                       f"due {change.old_due.isoformat()} → {change.new_due.isoformat()}.")
        record("deadline.recomputed", deadline, {
            "case": deadline.case.number, "rule": rule.code, "from_version": old_version,
            "to_version": deadline.rule_version, "from": change.old_due.isoformat(),
            "to": change.new_due.isoformat()}, actor="system")
    db.session.commit()
    return len(changes)
