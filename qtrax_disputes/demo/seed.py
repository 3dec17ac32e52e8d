"""Demo data: cases spread along the road with their events, parties, deadlines, costs and
documents, inserted in bulk so that 100,000 cases take a couple of minutes.

Reproducible: the same seed gives the same data. Rows are written with explicit ids after the
current maximum, so seeding adds to a database without touching what is there.
"""

from __future__ import annotations

import hashlib
import io
import random
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import func, insert, select, text

from qtrax_disputes.core.clock import today
from qtrax_disputes.core.progress import Steps, through
from qtrax_disputes.db.statistics import refresh_statistics
from qtrax_disputes.web.extensions import db

from ..audit.log import record
from ..auth.models import User
from ..auth.roles import ADMIN
from ..cases import workflow as wf
from ..cases.categories import CATEGORIES
from ..cases.models import Case, CaseEvent, CaseNumberCounter, Party
from ..costs.allocation import allocate
from ..costs.models import CostItem
from ..costs.schedules import COST_KIND_LABELS, schedule_in_force
from ..deadlines import rules as rulebook
from ..deadlines.calendar import compute_due
from ..deadlines.models import Deadline
from ..documents.models import Document
from ..documents.operations import storage
from .accounts import DEMO_ACCOUNTS

BATCH = 5000
FIRST = ["Ana", "Ben", "Chen", "Dana", "Eli", "Fatima", "Gus", "Hana", "Ivan", "Jo", "Kofi",
         "Lena", "Mo", "Nia", "Omar", "Pia", "Raj", "Sara", "Tomás", "Uma", "Vic", "Wen"]
LAST = ["Abbott", "Baker", "Cohen", "Diaz", "Evans", "Fischer", "Garcia", "Huang", "Ito",
        "Jones", "Khan", "Lopez", "Murphy", "Nguyen", "Okafor", "Patel", "Quinn", "Rossi",
        "Smith", "Tanaka", "Usman", "Volkov", "Walsh", "Young", "Zhou"]
STORIES = [
    "I started receiving spam at an address I only ever gave to Qtrax.",
    "A marketing firm called me using details I gave only to Qtrax.",
    "My child's account information was collected without my consent.",
    "I was told my data was part of a breach but nobody notified me.",
    "I asked for my data to be deleted and it was not.",
    "Cookies kept my password after I asked to be forgotten.",
]
ENDINGS = (wf.CLOSED, wf.WITHDRAWN, wf.SETTLED)


@dataclass
class Rows:
    cases: list = field(default_factory=list)
    events: list = field(default_factory=list)
    parties: list = field(default_factory=list)
    deadlines: list = field(default_factory=list)
    costs: list = field(default_factory=list)
    documents: list = field(default_factory=list)


def _next_id(model) -> int:
    return (db.session.scalar(select(func.max(model.id))) or 0) + 1


def _flush(rows: Rows) -> None:
    for model, batch in ((Case, rows.cases), (CaseEvent, rows.events), (Party, rows.parties),
                         (Deadline, rows.deadlines), (CostItem, rows.costs),
                         (Document, rows.documents)):
        if batch:
            # Core inserts on the table: the ORM's per-row bookkeeping is not needed here.
            db.session.execute(insert(model.__table__), batch)
            batch.clear()


def new_demo_password() -> str:
    """A fresh one for each seeding: a password published once for every demo would open
    any database seeded with it that became reachable from outside."""
    return secrets.token_urlsafe(15)


def demo_users(password: str) -> list[int]:
    """A few staff to assign cases to, created once; every seeding gives them ``password``
    (the one the CLI prints), which ends the sessions opened with the one before."""
    ids = []
    for email, name, role in DEMO_ACCOUNTS:
        user = db.session.scalar(select(User).where(User.email == email))
        if user is None:
            user = User(email=email, name=name, role=role)
            db.session.add(user)
        else:
            user.session_version += 1
        user.set_password(password)
        db.session.flush()
        if user.assignable and user.role != ADMIN:  # the administrator works no cases
            ids.append(user.id)
    return ids


def _demo_files() -> list[dict]:
    """A handful of small real files in storage, shared by the demo documents."""
    samples = [
        ("complaint.txt", b"Complaint as filed. The complainant's own words.\n"),
        ("screenshot.png", bytes.fromhex(
            "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
            "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")),
        ("letter.pdf", b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type"
                       b"/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"),
    ]
    stored = []
    with storage().transaction() as tx:
        for name, data in samples:
            put = tx.put(io.BytesIO(data), max_bytes=1 << 20)
            stored.append({"original_name": name, "sha256": put.sha256, "size": put.size,
                           "media_type": put.media_type})
    return stored


def seed(cases: int, *, password: str, weeks: int = 104, seed_value: int = 2026,
         steps: Steps = through) -> dict:
    """Add ``cases`` demo cases filed over the last ``weeks`` weeks; the demo accounts sign
    in with ``password``. Commits in batches."""
    rng = random.Random(seed_value)
    staff = demo_users(password)
    files = _demo_files()
    end = today()
    start = end - timedelta(weeks=weeks)
    span = (end - start).days
    ids = {m: _next_id(m) for m in (Case, CaseEvent, Party, Deadline, CostItem, Document)}
    counters = {year: last for year, last in db.session.execute(
        select(CaseNumberCounter.year, CaseNumberCounter.last))}
    rules = {kind: rulebook.rules_triggered_by(kind) for kind in wf.STAGES}
    versions = _policy_versions()
    rows, counts = Rows(), dict.fromkeys(("cases", "events", "deadlines", "costs"), 0)
    stamp = datetime.combine(end, time(12), tzinfo=UTC)

    # Filing dates in order, as real filings arrive: ids, numbers and dates then agree.
    filing_dates = sorted(start + timedelta(days=rng.randrange(span + 1)) for _ in range(cases))
    for filed_on in steps(filing_dates, "seeding   "):
        year = filed_on.year
        counters[year] = counters.get(year, 0) + 1
        case_id = ids[Case]
        ids[Case] += 1
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        category = rng.choice(CATEGORIES)[0]
        child = category == "child_under_13" or rng.random() < 0.01
        # How far along the road, and whether it ended early.
        reach = min(int(rng.expovariate(0.35)) + 1, len(wf.ROAD) - 1)
        road = list(wf.ROAD[:reach + 1])
        if rng.random() < 0.3 and reach < len(wf.ROAD) - 1:
            road.append(rng.choice(ENDINGS))
            if road[-1] in (wf.WITHDRAWN, wf.SETTLED):
                road.append(wf.CLOSED)
        on, events = filed_on, []
        for index, stage in enumerate(road):
            if index:
                on = on + timedelta(days=rng.randint(1, 21))
            if on > end:
                break
            events.append((stage, on))
        stage, last_on = events[-1]
        closed_on = last_on if stage in wf.TERMINAL else None
        assignee = rng.choice(staff) if rng.random() < 0.85 else None
        rows.cases.append({
            "id": case_id, "number": f"QD-{year}-{counters[year]:06d}", "stage": stage,
            "category": category, "complainant_name": name,
            "complainant_email": f"{name.lower().replace(' ', '.')}{case_id}@example.com",
            "complainant_phone": "", "account_identifier": name.split()[0].lower(),
            "summary": rng.choice(STORIES)[:120], "description": rng.choice(STORIES),
            "desired_resolution": "Stop sharing my data and say who received it.",
            "incident_on": filed_on - timedelta(days=rng.randint(1, 60)),
            **_information_given(versions, filed_on - timedelta(days=rng.randint(60, 3000))),
            "is_child_data": child, "amount_claimed_cents": rng.choice([None, 50000, 250000]),
            "assigned_to_id": assignee, "status_token_hash": hashlib.sha256(
                f"demo-{seed_value}-{case_id}".encode()).hexdigest(),
            "filed_on": filed_on, "closed_on": closed_on, "version": 1,
            "created_at": stamp, "updated_at": stamp,
        })
        rows.parties.append({"id": ids[Party], "case_id": case_id, "role": "claimant",
                             "name": name, "email": "", "phone": "", "address": "",
                             "organisation": ""})
        rows.parties.append({"id": ids[Party] + 1, "case_id": case_id, "role": "respondent",
                             "name": "Qtrax, Inc.", "email": "legal@qtrax.example",
                             "phone": "", "address": "New York, NY", "organisation": "Qtrax"})
        ids[Party] += 2
        previous = None
        for kind, occurred_on in events:
            event_id = ids[CaseEvent]
            ids[CaseEvent] += 1
            rows.events.append({
                "id": event_id, "case_id": case_id, "kind": kind, "from_stage": previous,
                "to_stage": kind, "occurred_on": occurred_on, "recorded_at": stamp,
                "actor": "system", "actor_user_id": None, "note": "", "data": {},
                "visible_to_claimant": True})
            previous = kind
            for rule in rules.get(kind, ()):
                n = rule.n if rule.n is not None else None
                if n is None:
                    continue
                due = compute_due(occurred_on, n, rule.unit, rule.roll, rule.alt_roll)
                is_last = (kind, occurred_on) == events[-1]
                status = "open" if is_last and closed_on is None else "done"
                rows.deadlines.append({
                    "id": ids[Deadline], "case_id": case_id, "rule_code": rule.code,
                    "rule_version": rule.version, "title": rule.title, "act": rule.act,
                    "trigger_event_id": event_id, "trigger_on": occurred_on,
                    "raw_due_on": due.raw, "due_on": due.due, "regime": rule.roll,
                    "explanation": due.explanation, "source": rule.source,
                    "verified": rule.verified, "concerns_claimant": rule.concerns_claimant,
                    "obligation": rule.obligation_under(current_app.config), "status": status,
                    "created_at": stamp, "waive_reason": "",
                    "done_on": min(due.due, occurred_on + timedelta(days=5))
                    if status == "done" else None})
                ids[Deadline] += 1
        if wf.MEDIATION_HELD in road[:len(events)]:
            rows.costs.append(_cost(ids, case_id, "mediation", "mediator_fee",
                                    rng.choice([90000, 125000, 180000]), events, stamp))
        if wf.ARBITRATION_DEMANDED in road[:len(events)]:
            rows.costs.append(_cost(ids, case_id, "arbitration", "aaa_consumer_filing_fee", 50000,
                                    events, stamp))
        sample = files[case_id % len(files)]
        rows.documents.append({
            "id": ids[Document], "case_id": case_id, **sample, "tag": "complaint",
            "description": "", "privileged": False, "visible_to_claimant": True,
            "uploaded_by": "complainant", "uploaded_at": stamp, "author": "",
            "recipients": "", "privilege_basis": "", "deleted_reason": ""})
        ids[Document] += 1
        counts["cases"] += 1
        if len(rows.events) >= BATCH:
            counts["events"] += len(rows.events)
            counts["deadlines"] += len(rows.deadlines)
            counts["costs"] += len(rows.costs)
            _flush(rows)
    counts["events"] += len(rows.events)
    counts["deadlines"] += len(rows.deadlines)
    counts["costs"] += len(rows.costs)
    _flush(rows)
    _save_counters(counters)
    _advance_sequences()
    record("demo.seeded", detail={"weeks": weeks, "seed": seed_value, **counts},
           actor="system", object_type="demo")
    db.session.commit()
    refresh_statistics()
    return counts


def _policy_versions():
    """The policy's versions, the shipped 2013 one with its published text loaded, so a demo
    case shows the version that governs it word for word."""
    from ..policies import operations as policy_operations
    from ..policies.queries import all_versions
    from ..policies.shipped import POLICY_2013

    if not next(v for v in all_versions() if v.effective_on == POLICY_2013.effective_on).text:
        text = (Path(__file__).parent.parent / "policies" / "texts" / "2013-11-02.md").read_text(
            encoding="utf-8")
        policy_operations.load_text(POLICY_2013.effective_on, text)
    return all_versions()


def _information_given(versions, given_on) -> dict:
    from ..policies.versions import in_force_for

    in_force = in_force_for(versions, given_on)
    return {"information_given_on": given_on,
            "policy_version_on": in_force.version.effective_on if in_force.version else None,
            "policy_reason": in_force.reason}


def _cost(ids, case_id, stage, kind, amount, events, stamp) -> dict:
    # Split by the rules themselves, so a demo cost reads like a real one (its rule's words
    # and source), though the rows are inserted in bulk for speed.
    incurred_on = events[-1][1]
    decided = allocate(stage, kind, incurred_by="claimant", amount_cents=amount,
                       incurred_on=incurred_on, schedule=schedule_in_force(incurred_on))
    claimant_cents = decided.claimant_cents
    row = {"id": ids[CostItem], "case_id": case_id, "stage": stage, "kind": kind,
           "description": COST_KIND_LABELS[kind], "amount_cents": amount,
           "currency": "USD", "incurred_on": events[-1][1], "incurred_by": "claimant",
           "claimant_share_cents": claimant_cents,
           "respondent_share_cents": amount - claimant_cents,
           "rule_code": decided.rule_code, "rule_source": decided.source[:300],
           "explanation": decided.explanation, "verified": decided.verified,
           "override_reason": "", "status": "confirmed", "created_at": stamp, "version": 1}
    ids[CostItem] += 1
    return row


def _save_counters(counters: dict[int, int]) -> None:
    for year, last in counters.items():
        row = db.session.get(CaseNumberCounter, year)
        if row is None:
            db.session.add(CaseNumberCounter(year=year, last=last))
        else:
            row.last = max(row.last, last)


def _advance_sequences() -> None:
    """Explicit ids leave PostgreSQL's sequences behind; move them past the new rows."""
    if db.engine.dialect.name != "postgresql":
        return
    for table in ("cases", "case_events", "parties", "deadlines", "cost_items", "documents",
                  "users"):
        # The table names are the constants above, never input.
        db.session.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
            f"COALESCE((SELECT MAX(id) FROM {table}), 1))"))
