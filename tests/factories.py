"""Test factories: the case a test needs, said in one line, made the way the app makes it.

Every factory calls the operations the views call (filing, the road's steps, parties,
deadlines, documents, costs), so each writes the rows, timeline events, deadlines and audit
entries a real use would; nothing here inserts a row by hand. A later stage is reached by
walking the road, step by step, each with what the law asks of it (an agreed mediator, the
signed confidentiality agreement, an impasse in writing, the AAA's notice...).

They need an app context; the fixtures in tests/web/conftest.py give one. The case is filed
on ``filed_on`` (the clock is pinned there while it is filed) and each step is taken one day
after the one before, so a test knows its dates without reading them back.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from flask import current_app
from werkzeug.datastructures import FileStorage

from qtrax_disputes.auth import operations as accounts
from qtrax_disputes.auth.models import User
from qtrax_disputes.cases import workflow as wf
from qtrax_disputes.cases.models import Case, NeutralProposal
from qtrax_disputes.cases.operations import neutrals as neutral_operations
from qtrax_disputes.cases.operations.road import StepInput, move_case, record_side_step
from qtrax_disputes.core.clock import frozen
from qtrax_disputes.costs import operations as cost_operations
from qtrax_disputes.deadlines import operations as deadline_operations
from qtrax_disputes.documents import operations as document_operations
from qtrax_disputes.intake import operations as intake
from qtrax_disputes.web.extensions import db

PASSWORD = "correct horse battery staple"  # tests/conftest.py's TEST_PASSWORD
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>"
    b"endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
FILED_ON = date(2026, 1, 5)  # a Monday


def pdf(name: str = "document.pdf", data: bytes = PDF_BYTES) -> FileStorage:
    """An upload as a browser sends it."""
    return FileStorage(io.BytesIO(data), filename=name, content_type="application/pdf")


# --- people -------------------------------------------------------------------------------


def make_user(role: str = "staff", *, email: str | None = None, name: str = "") -> User:
    """An account of ``role`` that signs in with PASSWORD."""
    return accounts.create_user(email or f"{role}-{os.urandom(3).hex()}@qtrax.example",
                                PASSWORD, role, name=name or role.title())


def _actor(role: str) -> User:
    """Who takes the steps the factories take: one account per role, made when first asked."""
    email = f"factory-{role}@qtrax.example"
    return db.session.scalar(db.select(User).where(User.email == email)) or make_user(
        role, email=email, name=f"Factory {role.title()}")


# --- the case and its road ----------------------------------------------------------------


@dataclass(frozen=True)
class MadeCase:
    number: str
    id: int
    status_path: str  # the complainant's private link, as a path
    stepped_on: date  # the date of its last step


COMPLAINT = {
    "name": "Jane Roe", "email": "jane.roe@example.com", "phone": "+1 212 555 0100",
    "account": "janeroe", "category": "email_sold", "incident_on": date(2025, 12, 20),
    "description": "I started receiving spam at an address I only ever gave to Qtrax.",
    "resolution": "Tell me who received my address and stop sharing it.",
    "amount_cents": None, "is_child_data": False, "information_given_on": None,
}


def _agree_on(case: Case, kind: str, on: date) -> None:
    """A neutral proposed by the complainant, checked for conflicts and accepted by Qtrax."""
    proposal = neutral_operations.propose_neutral(
        case, kind=kind, proposed_by="claimant", proposed_on=on, name=f"Pat {kind.title()}",
        organisation="Midtown ADR", email=f"pat.{kind}@adr.example")
    counsel = _actor(wf.COUNSEL)
    neutral_operations.record_conflict_check(proposal, "No relationship with either side.",
                                             counsel)
    neutral_operations.answer_proposal(proposal, side="respondent", answer="accepted",
                                       answered_on=on, reason="", user=counsel)


def _sign_confidentiality(case: Case, on: date) -> None:
    record_side_step(case, "confidentiality_signed",
                     StepInput(on, document=pdf("confidentiality.pdf")), role=wf.STAFF)


# How each stage of the road is reached: the stage before it, what must be on record first,
# and what its own form gives. The side exits come from the stage a test most often needs.
def _road() -> dict[str, tuple[str, object, dict]]:
    def session(on):
        # The day the factory takes the next step: a session is held on its day or later.
        return {"session_on": on + timedelta(days=1), "venue": "New York, NY"}

    return {
        wf.TRIAGE: (wf.FILED, None, {}),
        wf.MEDIATION_REQUESTED: (wf.TRIAGE, None, {}),
        wf.MEDIATOR_SELECTION: (wf.MEDIATION_REQUESTED, None, {}),
        wf.MEDIATION_AGREED: (wf.MEDIATOR_SELECTION,
                              lambda case, on: _agree_on(case, "mediator", on), {}),
        wf.MEDIATION_SCHEDULED: (wf.MEDIATION_AGREED, _sign_confidentiality, session),
        wf.MEDIATION_HELD: (wf.MEDIATION_SCHEDULED, None, {}),
        wf.IMPASSE: (wf.MEDIATION_HELD, None, {"in_writing": True}),
        wf.ARBITRATION_DEMANDED: (wf.IMPASSE, None, {}),
        wf.AAA_NOTICED: (wf.ARBITRATION_DEMANDED, None, lambda on: {"notice_sent_on": on}),
        wf.ARBITRATOR_APPOINTED: (wf.AAA_NOTICED,
                                  lambda case, on: _agree_on(case, "arbitrator", on), {}),
        wf.HEARING_SCHEDULED: (wf.ARBITRATOR_APPOINTED, None,
                               lambda on: {"hearing_on": on + timedelta(days=1)}),
        wf.HEARING_HELD: (wf.HEARING_SCHEDULED, None, {}),
        wf.RECORD_CLOSED: (wf.HEARING_HELD, None, {}),
        wf.AWARD_ISSUED: (wf.RECORD_CLOSED, None, {}),
        wf.AWARD_RECEIVED: (wf.AWARD_ISSUED, None, {}),
        wf.CONFIRMED: (wf.AWARD_RECEIVED, None,
                       {"court": "Supreme Court, New York County", "index_number": "654321/2026"}),
        wf.PAID: (wf.CONFIRMED, None, {}),
        wf.CLOSED: (wf.PAID, None, {}),
        wf.DISMISSED: (wf.TRIAGE, None, {}),
        wf.WITHDRAWN: (wf.TRIAGE, None, {}),
        wf.SETTLED: (wf.TRIAGE, None, {}),
        wf.SUSPENDED: (wf.TRIAGE, None, {}),
        wf.SMALL_CLAIMS: (wf.TRIAGE, None, {}),
    }


# Steps whose form asks for the signed paper (the award, the settlement agreement).
_WITH_DOCUMENT = {wf.AWARD_RECEIVED: "award.pdf", wf.SETTLED: "settlement.pdf"}


def road_to(stage: str, *, mediation_waived: bool = False) -> list[str]:
    """The stages a case passes through from filing to ``stage``, in order."""
    road, path = _road(), [stage]
    while path[0] != wf.FILED:
        if path[0] not in road:
            raise ValueError(f"make_case does not know the way to {path[0]!r}")
        if mediation_waived and path[0] == wf.ARBITRATION_DEMANDED:
            path.insert(0, wf.TRIAGE)
            continue
        path.insert(0, road[path[0]][0])
    return path


def take_step(case: Case, target: str, on: date, *, role: str = wf.COUNSEL,
              **values) -> None:
    """One step of the road as its form takes it, with what the step must have on record."""
    _, before, own = _road().get(target, (None, None, {}))
    if before is not None:
        before(case, on)
    given = own(on) if callable(own) else dict(own)
    given.update(values)
    row = wf.find(case.stage, target)
    note = "Recorded by the test's factory." if row and row.note_required else ""
    document = pdf(_WITH_DOCUMENT[target]) if target in _WITH_DOCUMENT else None
    move_case(case, target, StepInput(on, note=note, values=given, document=document),
              role=role, expected_version=case.version)


def make_case(stage: str = wf.FILED, *, parties=(), deadlines=(), filed_on: date = FILED_ON,
              mediation_waived: bool = False, steps: dict | None = None, **facts) -> MadeCase:
    """A complaint filed on ``filed_on`` and walked along the road to ``stage``.

    ``facts`` are the complaint's (category, is_child_data, name, email, amount_cents...);
    ``parties`` dicts for add_party (role, name, email...); ``deadlines`` (title, due_on)
    pairs set by hand; ``steps`` maps a stage to extra values of its form (e.g.
    ``{"arbitration_demanded": {"claim_amount": 500000}}``); ``mediation_waived`` goes from
    triage straight to the arbitration demand."""
    complaint = intake.Complaint(**{**COMPLAINT, **facts})
    # The receipt carries the status link, built from the app's address: a request's.
    with current_app.test_request_context(), frozen(
            datetime.combine(filed_on, datetime.min.time(), UTC) + timedelta(hours=15)):
        filed = intake.file_complaint(complaint, [])
    case = filed.case
    on = filed_on
    for target in road_to(stage, mediation_waived=mediation_waived)[1:]:
        on += timedelta(days=1)
        extra = dict((steps or {}).get(target, {}))
        if mediation_waived and target == wf.ARBITRATION_DEMANDED:
            extra.setdefault("mediation_waived", True)
        take_step(case, target, on, **extra)
    for party in parties:
        neutral_operations.add_party(case, {"email": "", "phone": "", "address": "",
                                            "organisation": "", **party})
    for title, due_on in deadlines:
        deadline_operations.add_manual_deadline(case, title=title, due_on=due_on)
    return MadeCase(number=case.number, id=case.id,
                    status_path="/status/" + intake_token(filed.seed), stepped_on=on)


def intake_token(seed: str) -> str:
    from qtrax_disputes.outbox import sealed

    return sealed.unseal(seed)


def case_of(made: MadeCase | str) -> Case:
    number = made if isinstance(made, str) else made.number
    return db.session.scalars(db.select(Case).where(Case.number == number)).one()


# --- what a case holds ----------------------------------------------------------------------


def make_document(made: MadeCase | str, *, name: str = "evidence.pdf", data: bytes = PDF_BYTES,
                  tag: str = "evidence", privileged: bool = False,
                  visible_to_claimant: bool = False, description: str = ""):
    """A document staff added to the case, its file in storage."""
    (document,) = document_operations.upload_documents(
        case_of(made), [pdf(name, data)], tag=tag, privileged=privileged,
        visible_to_claimant=visible_to_claimant, description=description)
    return document


def make_cost(made: MadeCase | str, *, stage: str = "mediation", kind: str = "room",
              amount_cents: int = 100_00, incurred_on: date | None = None,
              incurred_by: str = "claimant", description: str = ""):
    """A confirmed cost on the ledger, split by the rule that applies to it."""
    case = case_of(made)
    values = cost_operations.ItemValues(stage, kind, description, amount_cents,
                                        incurred_on or case.filed_on + timedelta(days=5),
                                        incurred_by)
    return cost_operations.add_item(case, values)


def make_proposal(made: MadeCase | str, *, kind: str = "mediator", on: date | None = None,
                  name: str = "Pat Neutral") -> NeutralProposal:
    case = case_of(made)
    return neutral_operations.propose_neutral(case, kind=kind, proposed_by="claimant",
                                              proposed_on=on or case.filed_on, name=name)
