"""What the case page shows of the case itself, gathered with a fixed number of queries.

The features' sections (documents, costs, deadlines) bring their own data: see sections.py.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from qtrax_disputes.core.clock import today
from qtrax_disputes.web.extensions import db
from qtrax_disputes.web.formatting import clock_time

from ..auth.roles import VIEWER
from . import aaa, event_labels, queries, stages_public, steps, timeline
from . import event_kinds as ek
from . import workflow as wf
from .categories import label as category_label
from .facts import recorded_facts, side_steps_offered
from .models import Case, NeutralProposal
from .operations.neutrals import PARTY_ROLES, conflict_role
from .sections import OVERVIEW, TABS, TIMELINE
from .step_forms import (
    NOTIFY_USER_CHOICES,
    prefix_for,
    side_step_form_class,
    transition_form_class,
)


def progress(case: Case, suspended_from: str | None) -> list[dict]:
    """The main road as a line of stages: done, current or ahead."""
    at = suspended_from or case.stage
    road = list(wf.ROAD)
    position = road.index(at) if at in road else None
    line = []
    for index, stage in enumerate(road):
        if position is None:
            state = "ahead"
        else:
            state = "done" if index < position else "current" if index == position else "ahead"
        line.append({"stage": stage, "label": wf.STAGE_LABELS[stage], "state": state})
    return line


# What the case page lists under "Key facts", from each step's recorded data.
KEY_FACTS: dict[str, tuple[tuple[str, str], ...]] = {
    wf.MEDIATION_SCHEDULED: (("session_on", "Mediation session"), ("session_time", "Time"),
                             ("venue", "Venue"), ("virtual_agreed", "Virtual (agreed)")),
    wf.IMPASSE: (("declared_by", "Impasse declared by"),),
    wf.SETTLED: (("terms", "Settlement terms"), ("amount", "Settlement amount"),
                 ("payment_due_on", "Payment due")),
    wf.ARBITRATION_DEMANDED: (("served_on", "Qtrax served with the demand"),
                              ("aaa_rules", "AAA rules"), ("claim_amount", "Amount demanded"),
                              ("documents_only", "Documents only (desk)"),
                              ("mediation_waived", "Mediation waived")),
    wf.AAA_NOTICED: (("notice_sent_on", "AAA notice sent"),
                     ("aaa_case_number", "AAA case number")),
    wf.HEARING_SCHEDULED: (("hearing_on", "Hearing"), ("hearing_time", "Time"),
                           ("venue", "Hearing venue")),
    wf.AWARD_ISSUED: (("amount", "Award amount"), ("prevailing", "Prevailing party"),
                      ("fee_reallocation", "Fee reallocation")),
    wf.AWARD_RECEIVED: (("transmitted_on", "Award transmitted"),),
    wf.CONFIRMED: (("court", "Court"), ("index_number", "Index number")),
    wf.PAID: (("amount", "Amount paid"),),
    ek.COURT_APPLICATION_FILED: (("suspension_days", "AAA suspension (days)"),
                                 ("suspended_until", "Suspended until (unless ended early)")),
    ek.BREACH_DISCOVERED: (("ny_residents_affected", "New York residents affected"),),
    ek.COURT_ORDER_RECEIVED: (("return_on", "Return date of the order or subpoena"),
                              ("notify_user", "Notify the user")),
}
# Stored codes shown by their words.
FACT_WORDS: dict[str, dict[str, str]] = {
    "aaa_rules": aaa.RULE_SETS,
    "notify_user": dict(NOTIFY_USER_CHOICES),
    # Read after its label: "Impasse declared by the mediator".
    "declared_by": {"claimant": "the complainant", "respondent": "Qtrax",
                    "mediator": "the mediator", "both": "both sides"},
}
TIME_FACTS = {"session_time", "hearing_time"}
MONEY_FACTS = {"amount", "claim_amount"}


def key_facts(events) -> list[tuple[str, object, bool]]:
    """(label, value, is_money) from the latest event of each kind that has facts."""
    latest, recorded = {}, {}
    moves = {moved: scheduled for scheduled, moved in steps.MOVED_BY.items()}
    for event in sorted(events, key=lambda e: (e.occurred_on, e.id)):  # oldest first
        if event.kind in KEY_FACTS:
            latest[event.kind], recorded[event.kind] = event, dict(event.data or {})
        elif event.kind in moves and moves[event.kind] in recorded:
            # A move changes the day and time of the session or hearing it moves, not where.
            recorded[moves[event.kind]].update(
                {k: v for k, v in (event.data or {}).items() if v not in (None, "")})
    facts = []
    for kind, fields in KEY_FACTS.items():
        event = latest.get(kind)
        if event is None:
            continue
        for name, label in fields:
            value = recorded[kind].get(name)
            if value is None or value == "" or value is False:
                continue
            if name in FACT_WORDS:
                value = FACT_WORDS[name].get(value, value)
            if name in TIME_FACTS:
                value = clock_time(value)
            facts.append((label, "yes" if value is True else value, name in MONEY_FACTS))
        if kind == wf.AWARD_RECEIVED:
            facts.append(("Award received", event.occurred_on.isoformat(), False))
    return facts


def _label(transition: wf.Transition, facts: wf.CaseFacts) -> str:
    """A demand before mediation ends is "mediation waived" only where the clause requires
    mediation; under a clause that does not, it is simply the demand."""
    if (transition.target == wf.ARBITRATION_DEMANDED and not facts.mediation_required
            and transition.requires == (wf.MEDIATION_WAIVED,)):
        return "File an arbitration demand (the clause does not require mediation first)"
    return transition.label


def expected_next(offered: list[dict], stage: str, suspended_from: str | None) -> dict | None:
    """The step the road expects next, of those offered: the way back from a suspension, else
    the one reaching the nearest stage further along the road. Settling, withdrawing,
    suspending and the like leave the road: they are the "other steps"."""
    if suspended_from is not None:
        for step in offered:
            if step["transition"].target == suspended_from:
                return step
    at = suspended_from or stage
    position = wf.ROAD.index(at) if at in wf.ROAD else -1
    ahead = [(wf.ROAD.index(s["transition"].target), i, s) for i, s in enumerate(offered)
             if s["transition"].target in wf.ROAD and wf.ROAD.index(s["transition"].target)
             > position]
    return min(ahead, key=lambda x: x[:2])[2] if ahead else None


def road_context(case: Case, role: str, forms: dict | None = None) -> dict:
    """The steps offered now, each with its form; the ones still blocked, with why."""
    from ..policies.case_policy import clause_risks, governing_for
    from ..policies.protocol import protocol_risks
    from ..policies.queries import all_versions
    from ..policies.versions import CLAUSE_TERMS

    forms = forms or {}
    versions = all_versions()
    policy = governing_for(case, versions)
    facts = recorded_facts(case, versions)
    offered, blocked = [], []
    for transition, _ in wf.available(case.stage, role, facts):
        gaps = steps.prior_gaps(transition, facts)
        if gaps:
            blocked.append({"transition": transition, "gaps": gaps})
            continue
        prefix = prefix_for(transition.target)
        form = forms.get(prefix) or transition_form_class(transition)(prefix=prefix,
                                                                      formdata=None)
        offered.append({"transition": transition, "form": form, "prefix": prefix,
                        "open": prefix in forms, "label": _label(transition, facts)})
    side = []
    for step in side_steps_offered(case, role):
        prefix = f"side_{step.kind}"
        form = forms.get(prefix) or side_step_form_class(step)(prefix=prefix, formdata=None)
        side.append({"step": step, "form": form, "prefix": prefix, "open": prefix in forms})
    demand_near = any(t.target == wf.ARBITRATION_DEMANDED for t in wf.transitions_from(
        case.stage)) or case.stage in wf.ARBITRATION_STAGES
    # The nearest stage ahead, offered or not yet: when it cannot be taken yet, the card says
    # so and what it waits for (a step further on, such as waiving mediation, is another step).
    expected = expected_next(offered + blocked, case.stage, facts.suspended_from)
    next_step = expected if expected in offered else None
    next_blocked = expected if expected in blocked else None
    return {
        "facts": facts,
        "next_step": next_step,
        "next_blocked": next_blocked,
        "other_steps": [s for s in offered if s is not next_step],
        "progress": progress(case, facts.suspended_from),
        "phase": wf.phase_of(case.stage, facts.suspended_from),
        "offered_steps": offered,
        "blocked_steps": [b for b in blocked if b is not next_blocked],
        "side_steps": side,
        "protocol_risks": protocol_risks(policy.clause) if demand_near else (),
        "clause_risks": clause_risks(policy),
        "demand_near": demand_near,
        "policy": policy,
        "policy_versions": versions,
        "clause_terms": CLAUSE_TERMS,
        "rule_sets": aaa.RULE_SETS,
    }


def days_left(due: date, on: date) -> str:
    days = (due - on).days
    if days == 0:
        return "due today"
    if days > 0:
        return f"{days} day{'' if days == 1 else 's'} left"
    return f"{-days} day{'' if days == -1 else 's'} overdue"


def header_context(case: Case) -> dict:
    """What the header above every part of the case page says."""
    on = today()
    deadline = queries.next_deadline(case, on)
    return {
        "next_deadline": deadline,
        "next_deadline_days": days_left(deadline.due_on, on) if deadline else "",
        "today": on,
    }


def timeline_context(case: Case, events, kind: str) -> dict:
    kind = kind if kind in dict(event_labels.FILTERS) else ""
    return {
        "timeline_groups": timeline.build(events, queries.case_emails(case), kind),
        "timeline_kind": kind,
        "timeline_filters": event_labels.FILTERS,
    }


def case_page_context(case: Case, role: str = VIEWER, forms: dict | None = None,
                      tab: str = OVERVIEW, kind: str = "") -> dict:
    """The case's own part of its page; ``forms``: the step forms shown with their errors;
    ``tab``: the part of the page shown; ``kind``: the timeline's filter."""
    proposals = db.session.scalars(
        select(NeutralProposal).where(NeutralProposal.case_id == case.id)
        .order_by(NeutralProposal.id.desc())
    ).all()
    return {
        "case": case,
        "category_text": category_label(case.category),
        "stage_label": wf.STAGE_LABELS.get(case.stage, case.stage),
        "stage_labels": wf.STAGE_LABELS,
        "public_stage": stages_public.describe(case.stage),
        "events": (events := queries.timeline(case)),
        "key_facts": key_facts(events),
        **header_context(case),
        **(timeline_context(case, events, kind) if tab == TIMELINE else {}),
        "tab": tab,
        "tabs": TABS,
        "party_roles": PARTY_ROLES,
        "conflict_role": conflict_role,
        "correctable_ids": {
            e.id for e in events
            if (needed := steps.role_to_correct(e.kind, e.from_stage, e.to_stage))
            and wf.role_allows(role, needed)},
        "proposals": proposals,
        **road_context(case, role, forms),
    }
