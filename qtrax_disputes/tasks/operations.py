"""Asking counsel to take a step, and closing the request once the case has moved past it."""

from __future__ import annotations

from flask import current_app, url_for
from sqlalchemy import select

from qtrax_disputes.core.clock import now_utc
from qtrax_disputes.core.refusals import Refused
from qtrax_disputes.db.transactions import operation
from qtrax_disputes.web.extensions import db

from ..audit.log import record
from ..auth.models import User
from ..auth.roles import COUNSEL, at_least
from ..cases import workflow as wf
from ..cases.events import current_actor
from ..cases.models import Case, CaseEvent
from ..outbox.operations import enqueue
from .models import CounselTask


class TaskRefused(Refused):
    """A request to counsel not made; ``field_errors`` point at the form's fields."""


def counsel_steps(stage: str, role: str) -> list[wf.Transition]:
    """The steps from ``stage`` that counsel may take and ``role`` may not: what staff ask."""
    return [t for t in wf.transitions_from(stage)
            if at_least(COUNSEL, t.min_role) and not at_least(role, t.min_role)]


@operation()
def ask_counsel(case: Case, step: str, counsel: User | None, note: str, *,
                asked_by: User) -> CounselTask:
    """Open a task for ``counsel`` to take ``step`` on ``case``, and email them."""
    transition = wf.find(case.stage, step)
    if transition is None or transition not in counsel_steps(case.stage, asked_by.role):
        raise TaskRefused("That step is not counsel's to take on this case now.",
                          {"step": "Choose one of the steps listed."})
    if counsel is None or not (counsel.active and at_least(counsel.role, COUNSEL)):
        raise TaskRefused("Choose an active member of counsel.",
                          {"counsel": "Choose an active member of counsel."})
    what = transition.label + (f": {note.strip()}" if note.strip() else "")
    task = CounselTask(case_id=case.id, step=step, what=what, asked_by_id=asked_by.id,
                       assigned_to_id=counsel.id)
    db.session.add(task)
    db.session.flush()
    link = current_app.config["PUBLIC_BASE_URL"].rstrip("/") + url_for(
        "cases.show", number=case.number)
    enqueue(counsel.email, f"{case.number}: {transition.label}", template="counsel_task",
            context={"case": case, "task": task, "asked_by": asked_by, "link": link},
            case_id=case.id)
    record("task.asked", task, {"number": case.number, "step": step,
                                "counsel": counsel.email})
    db.session.commit()
    return task


def close_tasks_moved_past(case: Case, event: CaseEvent) -> list[CounselTask]:
    """Called by the step operation, in its transaction: close the case's open tasks whose step
    cannot be taken from where the case now is (the step itself was taken, or overtaken)."""
    tasks = db.session.scalars(select(CounselTask).where(
        CounselTask.case_id == case.id, CounselTask.closed_at.is_(None))).all()
    _, actor_id = current_actor()
    closed = []
    for task in tasks:
        if wf.find(case.stage, task.step) is not None:
            continue  # still to be done from the new stage
        task.closed_at, task.closed_by_id, task.closed_by_event_id = now_utc(), actor_id, event.id
        record("task.closed", task, {"number": case.number, "step": task.step,
                                     "taken": event.to_stage == task.step})
        closed.append(task)
    return closed
