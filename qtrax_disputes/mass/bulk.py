"""One road step for many cases of a mass: a preview, then each case moved on its own.

Every case gets its own event, deadlines and audit entry through the road's own operation
(``take_step_within``), exactly as if it were moved from its page. A run keeps one item per
case; the items of a chunk change state in the same transaction as their cases' steps, so a
run stopped at any point (a closed browser, a killed command) is resumed by running it again
and never moves a case twice. A case whose step is refused is rolled back alone (a savepoint)
and its item keeps the reason.

Claimants of a mass are represented: the step emails them nothing (their counsel is told).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, insert, select

from qtrax_disputes.core.clock import now_utc
from qtrax_disputes.web.extensions import db

from ..audit.log import acting_as, current_actor, record
from ..cases import workflow as wf
from ..cases.models import Case
from ..cases.operations.road import StepInput, StepRefused, check_step, take_step_within
from ..documents.operations import storage
from .models import BulkStep, BulkStepItem, Mass
from .operations import MassRefused

CHUNK = 200
# The stages some step of the road leads to: what a bulk step can be asked for.
TARGETS: frozenset[str] = frozenset(t.target for t in wf.TRANSITIONS)
PENDING, MOVED, REFUSED = "pending", "moved", "refused"


def _plain(values: dict) -> dict:
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()
            if v not in (None, "")}


def _step_input(bulk: BulkStep) -> StepInput:
    values = {}
    for name, value in (bulk.values or {}).items():
        if isinstance(value, str) and name.endswith("_on"):
            value = date.fromisoformat(value)
        values[name] = value
    return StepInput(bulk.occurred_on, note=bulk.note, values=values, propose_fees=False)


@dataclass(frozen=True)
class Plan:
    movable: tuple[int, ...]
    refusals: Counter  # reason -> how many cases
    refused: tuple[tuple[int, str], ...]  # (case id, reason), for the list

    @property
    def cannot(self) -> int:
        return sum(self.refusals.values())


def plan(case_ids: Iterable[int], target: str, occurred_on: date, values: dict, *,
         role: str, note: str = "") -> Plan:
    """Which of the cases the step can move, and why the others cannot. Writes nothing."""
    if target not in TARGETS:
        raise MassRefused.at("to_stage", "Choose a stage of the road.")
    step = StepInput(occurred_on, note=note, values=values)
    movable, refused = [], []
    ids = sorted(set(case_ids))
    for start in range(0, len(ids), CHUNK):
        for case in db.session.scalars(select(Case).where(Case.id.in_(ids[start:start + CHUNK]))):
            try:
                check_step(case, target, step, role=role)
            except StepRefused as exc:
                refused.append((case.id, _reason(case, target, exc)))
            else:
                movable.append(case.id)
        db.session.expunge_all()
    return Plan(tuple(movable), Counter(reason for _, reason in refused), tuple(refused))


def _reason(case: Case, target: str, exc: StepRefused) -> str:
    if wf.find(case.stage, target) is None:
        return f"at “{wf.stage_label(case.stage)}”, from which this step is not on the road"
    return exc.message


def start(mass: Mass, case_ids: Iterable[int], target: str, occurred_on: date, values: dict,
          *, role: str, note: str = "") -> BulkStep:
    """Record the run and one pending item per case (one transaction); ``run`` moves them."""
    bulk = BulkStep(mass_id=mass.id, to_stage=target, occurred_on=occurred_on,
                    values=_plain(values), note=note, role=role,
                    requested_by=current_actor()[0])
    db.session.add(bulk)
    db.session.flush()
    ids = sorted(set(case_ids))
    db.session.execute(insert(BulkStepItem),
                       [{"bulk_step_id": bulk.id, "case_id": i, "state": PENDING,
                         "reason": ""} for i in ids])
    record("mass.bulk_step_started", mass, {"name": mass.name, "bulk_step": bulk.id,
                                            "to": target, "on": occurred_on.isoformat(),
                                            "cases": len(ids)})
    db.session.commit()
    return bulk


def counts(bulk_id: int) -> dict[str, int]:
    found: dict[str, int] = {state: n for state, n in db.session.execute(
        select(BulkStepItem.state, func.count()).where(BulkStepItem.bulk_step_id == bulk_id)
        .group_by(BulkStepItem.state))}
    return {state: found.get(state, 0) for state in (PENDING, MOVED, REFUSED)}


def run(bulk_id: int, *, limit: int | None = None,
        progress: Callable[[int], None] | None = None) -> dict[str, int]:
    """Move the pending cases, a chunk per transaction; stop after ``limit`` cases (a web
    request does a share and comes back). Returns the counts after."""
    bulk = db.session.get(BulkStep, bulk_id)
    if bulk is None:
        raise MassRefused("No such bulk step.")
    step = _step_input(bulk)
    # Read once: each chunk's commit and expunge leave the row detached.
    target, role, actor = bulk.to_stage, bulk.role, bulk.requested_by
    done = 0
    with acting_as(actor):
        while limit is None or done < limit:
            size = CHUNK if limit is None else min(CHUNK, limit - done)
            items = db.session.scalars(
                select(BulkStepItem).where(BulkStepItem.bulk_step_id == bulk_id,
                                           BulkStepItem.state == PENDING)
                .order_by(BulkStepItem.case_id).limit(size)
                .with_for_update(skip_locked=True)).all()
            if not items:
                break
            _run_chunk(target, role, list(items), step)
            done += len(items)
            if progress:
                progress(len(items))
        left = counts(bulk_id)
        if left[PENDING] == 0:
            _finish(bulk_id, left)
    return left


def _finish(bulk_id: int, left: dict[str, int]) -> None:
    bulk = db.session.get(BulkStep, bulk_id)
    if bulk is not None and bulk.finished_at is None:
        bulk.finished_at = now_utc()
        mass = db.session.get(Mass, bulk.mass_id)
        if mass is not None:
            record("mass.bulk_step_finished", mass, {
                "name": mass.name, "bulk_step": bulk.id, "to": bulk.to_stage,
                "moved": left[MOVED], "refused": left[REFUSED]})
        db.session.commit()


def _run_chunk(target: str, role: str, items: list[BulkStepItem], step: StepInput) -> None:
    cases = {c.id: c for c in db.session.scalars(
        select(Case).where(Case.id.in_([i.case_id for i in items])))}
    with storage().transaction() as tx:
        for item in items:
            case = cases.get(item.case_id)
            savepoint = db.session.begin_nested()
            try:
                if case is None:
                    raise StepRefused("The case no longer exists.")
                event = take_step_within(tx, case, target, step, role=role)
                savepoint.commit()
            except StepRefused as exc:
                savepoint.rollback()
                item.state, item.reason = REFUSED, (
                    _reason(case, target, exc) if case else exc.message)[:500]
            else:
                item.state, item.event_id = MOVED, event.id
        db.session.commit()
    db.session.expunge_all()


def refused_items(bulk_id: int, limit: int = 500) -> list[tuple[str, str]]:
    return [(number, reason) for number, reason in db.session.execute(
        select(Case.number, BulkStepItem.reason).join(Case, Case.id == BulkStepItem.case_id)
        .where(BulkStepItem.bulk_step_id == bulk_id, BulkStepItem.state == REFUSED)
        .order_by(Case.number).limit(limit))]


def unfinished(mass_id: int) -> list[BulkStep]:
    return list(db.session.scalars(select(BulkStep).where(
        BulkStep.mass_id == mass_id, BulkStep.finished_at.is_(None)).order_by(BulkStep.id)))
