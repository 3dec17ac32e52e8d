"""What the case page shows of the case itself, gathered with a fixed number of queries.

The features' sections (documents, costs, deadlines) bring their own data: see sections.py.
"""

from __future__ import annotations

from sqlalchemy import select

from qtrax_disputes.core.clock import today
from qtrax_disputes.web.extensions import db

from ..auth.roles import VIEWER
from . import aaa, queries, stages_public, steps
from . import event_kinds as ek
from . import workflow as wf
from .categories import label as category_label
from .facts import recorded_facts, side_steps_offered
from .models import Case, NeutralProposal
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
}
MONEY_FACTS = {"amount", "claim_amount"}


def key_facts(events) -> list[tuple[str, object, bool]]:
    """(label, value, is_money) from the latest event of each kind that has facts."""
    latest = {}
    for event in events:
        if event.kind in KEY_FACTS:
            latest[event.kind] = event
    facts = []
    for kind, fields in KEY_FACTS.items():
        event = latest.get(kind)
        if event is None:
            continue
        for name, label in fields:
            value = (event.data or {}).get(name)
            if value is None or value == "" or value is False:
                continue
            if name in FACT_WORDS:
                value = FACT_WORDS[name].get(value, value)
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
    return {
        "facts": facts,
        "progress": progress(case, facts.suspended_from),
        "phase": wf.phase_of(case.stage, facts.suspended_from),
        "offered_steps": offered,
        "blocked_steps": blocked,
        "side_steps": side,
        "protocol_risks": protocol_risks(policy.clause) if demand_near else (),
        "clause_risks": clause_risks(policy),
        "demand_near": demand_near,
        "policy": policy,
        "policy_versions": versions,
        "clause_terms": CLAUSE_TERMS,
        "rule_sets": aaa.RULE_SETS,
    }


def case_page_context(case: Case, role: str = VIEWER, forms: dict | None = None) -> dict:
    """The case's own part of its page; ``forms``: the step forms shown with their errors."""
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
        "today": today(),
        "correctable_ids": {
            e.id for e in events
            if (needed := steps.role_to_correct(e.kind, e.from_stage, e.to_stage))
            and wf.role_allows(role, needed)},
        "proposals": proposals,
        **road_context(case, role, forms),
    }
