"""Moving a case along its road, and recording the steps that happen within a stage."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, time, timedelta

from sqlalchemy import select

from qtrax_disputes.core.clock import now_utc
from qtrax_disputes.core.email_address import normalise_email
from qtrax_disputes.core.refusals import Refused
from qtrax_disputes.db.transactions import commit_or_stale
from qtrax_disputes.web.extensions import db

from ...audit.log import record
from ...auth.roles import COUNSEL
from ...deadlines.engine import (
    recount_suspended,
    start_deadlines,
    suspensions_of,
)
from ...deadlines.models import Deadline
from ...documents.operations import UploadRefused, storage, store_documents
from .. import aaa, event_labels, steps
from .. import event_kinds as ek
from .. import workflow as wf
from ..events import add_event, current_actor, new_event
from ..facts import facts_of_new_case, latest_event, recorded_facts, side_steps_offered
from ..models import Case, CaseEvent
from .details import StaleCase, case_operation


class StepRefused(Refused):
    """A step not taken; ``message`` says why and ``field_errors`` point at form fields."""


@dataclass
class StepInput:
    occurred_on: date
    note: str = ""
    values: dict = field(default_factory=dict)
    document: object | None = None  # a werkzeug FileStorage, or None
    # A demand of a mass arbitration is billed by the mass's schedule (mass/fees.py), not
    # by the single-case fees proposed to staff on the case page.
    propose_fees: bool = True


def _plain(value):
    if isinstance(value, date | time):
        return value.isoformat()
    return value


def _recorded(values: dict) -> dict:
    """The values a step's data keeps: what was given (a 0 is given; an empty field is not)."""
    return {name: _plain(value) for name, value in values.items()
            if value is not None and value != "" and value is not False}


def _facts_with(case: Case, target: str, step: StepInput,
                recorded: wf.CaseFacts) -> wf.CaseFacts:
    v = step.values
    return dataclasses.replace(
        recorded,
        session_date=v.get("session_on"),
        venue=v.get("venue") or "",
        virtual_agreed=bool(v.get("virtual_agreed")),
        impasse_in_writing=bool(v.get("in_writing")),
        mediation_waived=bool(v.get("mediation_waived")),
        settlement_signed=step.document is not None,
        hearing_date=v.get("hearing_on"),
        award_document=step.document is not None,
        award_received_on=step.occurred_on if target == wf.AWARD_RECEIVED else None,
        aaa_notice_sent_on=v.get("notice_sent_on"),
        aaa_notice_received_on=step.occurred_on if target == wf.AAA_NOTICED else None,
        arbitrator_named=recorded.arbitrator_named or (
            target == wf.ARBITRATOR_APPOINTED and steps.appointment_named(v)),
        court=v.get("court") or "",
        index_number=v.get("index_number") or "",
    )


def _store_step_document(tx, case: Case, step: StepInput, *, tag: str,
                         visible_to_claimant: bool = False) -> int:
    """Keep the paper a step came with; a refused file refuses the step, next to its field."""
    actor, actor_id = current_actor()
    try:
        (document,) = store_documents(tx, case, [step.document], uploaded_by=actor,
                                      uploaded_by_user_id=actor_id, tag=tag,
                                      visible_to_claimant=visible_to_claimant)
    except UploadRefused as exc:
        raise StepRefused(exc.message, {"document": exc.message}) from exc
    return document.id


def _last_step_date(case: Case) -> date | None:
    return db.session.scalar(
        select(CaseEvent.occurred_on).where(CaseEvent.case_id == case.id,
                                            CaseEvent.to_stage.is_not(None))
        .order_by(CaseEvent.occurred_on.desc()).limit(1))


def _check_date(case: Case, occurred_on: date) -> None:
    previous = _last_step_date(case)
    if previous and occurred_on < previous:
        raise StepRefused(
            f"The date cannot be before the case's previous step ({previous.isoformat()}).",
            {"occurred_on": f"Enter {previous.isoformat()} or later."})


def _scheduled_on(case: Case, target: str) -> date | None:
    """The day the session or hearing now recorded as held was last scheduled for."""
    if target not in steps.HELD_AFTER:
        return None
    kind, name, _ = steps.HELD_AFTER[target]
    found = [e for e in (latest_event(case, kind), latest_event(case, steps.MOVED_BY[kind]))
             if e is not None]
    scheduled = max(found, key=lambda e: (e.occurred_on, e.id), default=None)
    given = (scheduled.data or {}).get(name) if scheduled is not None else None
    return date.fromisoformat(given) if given else None


def _check_dates_together(case: Case, target: str, step: StepInput) -> None:
    errors = steps.date_conflicts(target, step.occurred_on, step.values,
                                  _scheduled_on(case, target))
    if errors:
        raise StepRefused(next(iter(errors.values())), errors)


APPOINTMENT_FIELDS = frozenset(steps.STEP_FIELDS[wf.ARBITRATOR_APPOINTED])


def _appoint_arbitrator(case: Case, step: StepInput, role: str) -> dict:
    """The AAA's appointment, in the step's own transaction: the arbitrator becomes the case's
    (a proposal by the AAA, agreed as made, and a party), with the disclosures and the conflict
    search as they were when recorded. Other cases found need counsel and a reason, as an
    acceptance despite hits does (operations/neutrals.py ``answer_proposal``)."""
    from ...neutrals.queries import neutral as roster_neutral
    from ..conflicts import find_conflicts
    from ..models import NeutralProposal, Party

    v = step.values
    if gaps := steps.appointment_gaps(v):
        raise StepRefused(next(iter(gaps.values())), gaps)
    neutral = None
    if v.get("arbitrator_neutral"):
        neutral = roster_neutral(int(v["arbitrator_neutral"])) \
            if str(v["arbitrator_neutral"]).isdigit() else None
        if neutral is None or not neutral.active:
            raise StepRefused.at("arbitrator_neutral", "Choose an arbitrator on the roster.")
    name = neutral.name if neutral else " ".join(v["arbitrator_name"].split())
    email = (neutral.email if neutral else v.get("arbitrator_email")) or ""
    hits = find_conflicts(case, name=name, email=email,
                          neutral_id=neutral.id if neutral else None)
    reason = (v.get("conflict_reason") or "").strip()
    if hits:
        found = (f"The conflict check found {name} in {len(hits)} other "
                 f"{'case' if len(hits) == 1 else 'cases'} or roles: "
                 + ", ".join(f"{h['case']} ({h['role']})" for h in hits) + ".")
        if not wf.role_allows(role, COUNSEL):
            raise StepRefused(found + " Only counsel may record this appointment.")
        if not reason:
            raise StepRefused.at("conflict_reason", found + " Say why the appointment stands "
                                 "(or object to the AAA instead).")
    _, actor_id = current_actor()
    proposal = NeutralProposal(
        case_id=case.id, kind="arbitrator", neutral_id=neutral.id if neutral else None,
        name=name, organisation=(neutral.organisation if neutral
                                 else v.get("arbitrator_organisation") or "").strip(),
        email=normalise_email(email), proposed_by="aaa", proposed_on=step.occurred_on,
        disclosures=v["disclosures"].strip(), conflict_hits=hits,
        conflict_checked_at=now_utc(), conflict_checked_by_id=actor_id,
        conflict_cleared_reason=reason if hits else "", status="agreed")
    db.session.add(proposal)
    db.session.add(Party(case_id=case.id, role="arbitrator", name=name, email=proposal.email,
                         organisation=proposal.organisation))
    record("neutral.appointed", proposal, {
        "case": case.number, "name": name, "by": "aaa", "hits": hits,
        "override_reason": proposal.conflict_cleared_reason})
    return {"arbitrator": name, "proposal": proposal.id, "conflict_hits": len(hits)}


@case_operation
def move_case(case: Case, target: str, step: StepInput, *, role: str,
              expected_version: int) -> CaseEvent:
    """Take one step of the road: check it, write its event, start and end its deadlines."""
    if case.version != expected_version:
        raise StaleCase()
    with storage().transaction() as tx:
        event = take_step_within(tx, case, target, step, role=role)
        # Here, not in take_step_within: a case opened at a later stage walks past steps
        # that happened before it reached Qtrax, and its receipt says where it stands.
        from ...outbox.complainant_updates import step_taken

        step_taken(case, event, step.values)
        commit_or_stale(StaleCase)
    return event


def check_step(case: Case, target: str, step: StepInput, *, role: str) -> wf.Transition:
    """The checks of a step, without taking it: its transition, or the refusal it would get
    (a bulk step's preview asks this of every case)."""
    transition = _check_against(case, target, step, role=role, recorded=recorded_facts(case))
    _check_date(case, step.occurred_on)
    _check_dates_together(case, target, step)
    return transition


def _check_against(case: Case, target: str, step: StepInput, *, role: str,
                   recorded: wf.CaseFacts) -> wf.Transition:
    facts = _facts_with(case, target, step, recorded)
    try:
        transition = wf.check(case.stage, target, role, facts)
    except wf.IllegalTransition as exc:
        codes = wf.missing_codes(exc.transition, facts) if exc.transition else []
        raise StepRefused(exc.message, {
            steps.REQUIREMENT_FIELDS[code]: wf.REQUIREMENT_MESSAGES[code]
            for code in codes if code in steps.REQUIREMENT_FIELDS}) from exc
    return transition


def take_step_within(tx, case: Case, target: str, step: StepInput, *, role: str) -> CaseEvent:
    """The step of ``move_case`` inside the caller's transaction (and file transaction
    ``tx``), which commits it: a case opened at a later stage walks its road this way."""
    transition = check_step(case, target, step, role=role)

    values = _recorded({k: v for k, v in step.values.items() if k not in APPOINTMENT_FIELDS})
    note = step.note.strip()
    if target == wf.ARBITRATOR_APPOINTED and steps.appointment_named(step.values):
        values.update(_appoint_arbitrator(case, step, role))
        checked = (f"the conflict check found {values['conflict_hits']} other case(s)"
                   if values["conflict_hits"] else "the conflict check found no other case")
        note = "\n".join(filter(None, [f"{values['arbitrator']} appointed by the AAA; "
                                        f"{checked}.", note]))
    if target == wf.ARBITRATION_DEMANDED:
        _demanded(case, step, values)
    from_stage = case.stage
    if step.document is not None:
        values["document_id"] = _store_step_document(
            tx, case, step, tag=steps.DOCUMENT_TAGS.get(target, "other"),
            visible_to_claimant=target in (wf.SETTLED, wf.AWARD_RECEIVED))
    event = add_event(case, transition.event_kind, step.occurred_on, from_stage=from_stage,
                      to_stage=target, note=note, data=values,
                      visible_to_claimant=True)
    case.stage = target
    if target in wf.TERMINAL and case.closed_on is None:
        case.closed_on = step.occurred_on
    start_deadlines(case, event)
    if target == wf.ARBITRATION_DEMANDED and from_stage != wf.VACATED and step.propose_fees:
        from ...costs.operations import propose_aaa_fees

        propose_aaa_fees(case, event)  # for staff to confirm on the case page
    if target == wf.SETTLED and step.values.get("payment_due_on"):
        _settlement_deadline(case, event, step.values["payment_due_on"])
    from ...tasks.operations import close_tasks_moved_past

    close_tasks_moved_past(case, event)  # what counsel was asked to do, now done
    record("case.moved", case, {"number": case.number, "from": from_stage, "to": target,
                                "occurred_on": step.occurred_on.isoformat(),
                                "values": values})
    return event


def _demanded(case: Case, step: StepInput, values: dict) -> None:
    """A demand sets the case's AAA rules (those in force on the day), and the step keeps
    them with whether the case is heard on documents only."""
    case.aaa_rules = step.values.get("aaa_rules") or aaa.rule_set_for(step.occurred_on)
    values["aaa_rules"] = case.aaa_rules
    values["documents_only"] = aaa.documents_only(step.values.get("claim_amount"),
                                                  bool(step.values.get("hearing_requested")))


# What ``walk_new_case`` leaves out of ``take_step_within`` needs the case's record or its
# own transaction: an appointment's conflict search, a step's document, a settlement's
# payment deadline, the demand's proposed fees, a held session or hearing's scheduled day.
_NOT_WALKED = frozenset({wf.ARBITRATOR_APPOINTED, wf.SETTLED, *steps.HELD_AFTER})


def walk_new_case(case: Case, walk: list[tuple[str, StepInput]], *, role: str, versions,
                  filed: CaseEvent) -> list[CaseEvent]:
    """``take_step_within`` for each step of ``walk``, for a new case whose timeline holds only
    ``filed``: the same checks, events and audit entries, read from nothing but the case (a
    chunk of imported cases is written together). The events are not added yet, and their
    deadlines are the caller's to start (``deadlines_of_new_case``): they need the events'
    ids. A new case has no counsel's tasks to close."""
    events = [filed]
    for target, step in walk:
        if target in _NOT_WALKED or step.document is not None or (
                step.propose_fees and target == wf.ARBITRATION_DEMANDED):
            raise ValueError(f"a new case cannot walk to {target} without its record")
        recorded = facts_of_new_case(case, versions, {e.kind for e in events})
        transition = _check_against(case, target, step, role=role, recorded=recorded)
        previous = max((e.occurred_on for e in events if e.to_stage is not None), default=None)
        if previous and step.occurred_on < previous:
            raise StepRefused(f"The date cannot be before the case's previous step "
                              f"({previous.isoformat()}).")
        if errors := steps.date_conflicts(target, step.occurred_on, step.values, None):
            raise StepRefused(next(iter(errors.values())), errors)
        values = _recorded(step.values)
        if target == wf.ARBITRATION_DEMANDED:
            _demanded(case, step, values)
        from_stage = case.stage
        events.append(new_event(case, transition.event_kind, step.occurred_on,
                                from_stage=from_stage, to_stage=target,
                                note=step.note.strip(), data=values, visible_to_claimant=True))
        case.stage = target
        if target in wf.TERMINAL and case.closed_on is None:
            case.closed_on = step.occurred_on
        record("case.moved", case, {"number": case.number, "from": from_stage, "to": target,
                                    "occurred_on": step.occurred_on.isoformat(),
                                    "values": values})
    return events[1:]


def _settlement_deadline(case: Case, event: CaseEvent, due_on: date) -> None:
    db.session.add(Deadline(
        case_id=case.id, rule_code=None, title="Settlement payment due", act="us",
        trigger_event_id=event.id, trigger_on=event.occurred_on, raw_due_on=due_on,
        due_on=due_on, regime="none", concerns_claimant=True,
        explanation=f"The date the settlement signed on {event.occurred_on.isoformat()} "
                    "sets for payment.",
        source="The settlement agreement", verified=True))


@case_operation
def record_side_step(case: Case, kind: str, step: StepInput, *, role: str) -> CaseEvent:
    """A step within the current stage: its event may start or end deadlines."""
    side = steps.side_step(kind)
    if side is None or side not in side_steps_offered(case, role):
        raise StepRefused("That step cannot be recorded for this case now.")
    if side.document_required and step.document is None:
        raise StepRefused("Attach the document.", {"document": "Attach the signed document."})
    if kind in steps.NEW_DAY and not step.values.get(steps.NEW_DAY[kind][0]):
        name, message = steps.NEW_DAY[kind]
        raise StepRefused(message, {name: message})
    _check_dates_together(case, kind, step)
    if kind == ek.SUSPENSION_LIFTED and not any(
            s.start <= step.occurred_on < s.end for s in suspensions_of(case)):
        raise StepRefused("No suspension of the arbitration was running on that day.",
                          {"occurred_on": "Enter a day while the arbitration was suspended."})
    data = _recorded(step.values)
    if side.suspends:
        suspension = aaa.court_application_suspension(case.aaa_rules)
        if suspension is None:  # pragma: no cover - the step is offered only with a period
            raise StepRefused("This case's AAA rules set no suspension period.")
        data.update(suspension_days=suspension.days, suspension_source=suspension.source,
                    suspended_until=(step.occurred_on + timedelta(days=suspension.days))
                    .isoformat())
    with storage().transaction() as tx:
        if step.document is not None:
            data["document_id"] = _store_step_document(tx, case, step,
                                                       tag=side.document_tag or "other")
        event = add_event(case, kind, step.occurred_on, note=step.note.strip() or side.label,
                          data=data)
        start_deadlines(case, event)
        record("case.step_recorded", case, {"number": case.number, "step": kind,
                                            "occurred_on": step.occurred_on.isoformat()})
        db.session.commit()
    return event


@case_operation
def correct_event_date(case: Case, event: CaseEvent, new_date: date, reason: str, *,
                       role: str) -> list:
    """Move a step to its correct legal date and recompute the deadlines it started.

    The caller has shown ``recompute_for_event``'s old and new dates and the person confirmed.
    """
    from ...deadlines.engine import recompute_for_event

    if event.kind == wf.FILED:
        raise StepRefused("The filing date is when the complaint reached us; it cannot change.")
    needed = steps.role_to_correct(event.kind, event.from_stage, event.to_stage)
    if needed is None:
        raise StepRefused("Only the date of a step can be corrected.")
    if not wf.role_allows(role, needed):
        raise StepRefused(f"Only {wf.role_name(needed)} may correct the date of this step.")
    if new_date < case.filed_on:
        raise StepRefused(f"The date cannot be before the filing ({case.filed_on.isoformat()}).",
                          {"occurred_on": f"Enter {case.filed_on.isoformat()} or later."})
    old_date = event.occurred_on
    changes = recompute_for_event(case, event, new_date)
    for change in changes:
        deadline = change.deadline
        deadline.trigger_on = change.trigger_on
        deadline.raw_due_on = change.new_raw
        deadline.due_on = change.new_due
        deadline.explanation = change.explanation
    event.occurred_on = new_date
    if event.kind in (ek.COURT_APPLICATION_FILED, ek.SUSPENSION_LIFTED):
        if event.kind == ek.COURT_APPLICATION_FILED and (event.data or {}).get("suspension_days"):
            days = int(event.data["suspension_days"])
            event.data = {**event.data, "suspended_until":
                          (new_date + timedelta(days=days)).isoformat()}
        db.session.flush()
        recount_suspended(case)  # the suspension moved: so do the clocks it stopped
    lines = [f"{c.deadline.title}: {c.old_due.isoformat()} → {c.new_due.isoformat()}"
             for c in changes]
    add_event(case, ek.DATE_CORRECTED, new_date,
              note=f"The date of “{event_labels.label(event.kind, event.to_stage, event.data)}” "
                   f"was corrected from "
                   f"{old_date.isoformat()} to {new_date.isoformat()}: {reason.strip()}"
                   + ("\nDeadlines recomputed:\n" + "\n".join(lines) if lines else ""),
              data={"event": event.id, "from": old_date.isoformat(),
                    "to": new_date.isoformat()})
    record("case.event_date_corrected", case, {
        "number": case.number, "event": event.id, "kind": event.kind,
        "from": old_date.isoformat(),
        "to": new_date.isoformat(), "reason": reason.strip(),
        "deadlines": [{"id": c.deadline.id, "from": c.old_due.isoformat(),
                       "to": c.new_due.isoformat()} for c in changes]})
    commit_or_stale(StaleCase)
    return changes
