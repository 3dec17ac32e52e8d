"""The complainant's writes: filing a complaint and adding documents through the status link."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app, url_for
from flask_babel import gettext
from sqlalchemy import delete, select

from qtrax_disputes.core.clock import now_utc, today
from qtrax_disputes.core.email_address import normalise_email
from qtrax_disputes.db.transactions import commit_or_stale, operation
from qtrax_disputes.web.extensions import db

from ..audit.log import record
from ..cases import event_kinds as ek
from ..cases import workflow
from ..cases.events import add_event, current_actor
from ..cases.models import Case, NeutralProposal
from ..cases.numbering import next_number
from ..cases.operations.neutrals import (
    VIA_STATUS_PAGE,
    ProposalRefused,
    StaleProposal,
    add_proposal,
    settle_answer,
)
from ..deadlines.engine import start_deadlines
from ..documents.held import Claimable, claim_within
from ..documents.operations import add_document_rows, put_files, storage, store_documents
from ..outbox import sealed
from ..outbox.operations import enqueue
from ..policies.queries import all_versions
from ..policies.versions import InForce, in_force_for
from ..web.i18n import in_their_language
from . import sources
from .models import StatusLink
from .tokens import new_status_link

# Two descriptions this alike from the same address, while the first case is open, are shown
# to staff as a possible duplicate. The filing is still accepted: the person may have a
# second, different grievance.
DUPLICATE_SIMILARITY = 0.6


@dataclass(frozen=True)
class Complaint:
    name: str
    email: str
    phone: str
    account: str
    category: str
    incident_on: date | None
    description: str
    resolution: str
    amount_cents: int | None
    is_child_data: bool
    information_given_on: date | None = None
    language: str = "en"  # the language the form was filled in: their emails speak it


@dataclass(frozen=True)
class Filed:
    case: Case
    seed: str  # stands for the status link; see outbox.sealed


def _summary(description: str) -> str:
    first = " ".join(description.split())
    return first if len(first) <= 120 else first[:117].rstrip() + "…"


def _similar(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.lower()[:2000], b.lower()[:2000]).ratio()


def find_possible_duplicate(email: str, description: str) -> Case | None:
    open_cases = db.session.scalars(
        select(Case).where(Case.complainant_email == email, Case.closed_on.is_(None))
        .order_by(Case.id.desc()).limit(20)
    )
    best = max(((c, _similar(c.description, description)) for c in open_cases),
               key=lambda pair: pair[1], default=(None, 0.0))
    return best[0] if best[1] >= DUPLICATE_SIMILARITY else None


def mark_possible_duplicates(cases: list[Case]) -> None:
    """``find_possible_duplicate`` for a chunk of new cases at once (written already, so that
    their ids follow their order), in their order: each is compared with the open cases
    already filed from its address, the chunk's earlier ones included, newest first (one
    query for the chunk)."""
    emails = sorted({case.complainant_email for case in cases})
    filed: dict[str, list[Case]] = {}
    for older in db.session.scalars(
            select(Case).where(Case.complainant_email.in_(emails), Case.closed_on.is_(None),
                               Case.id.not_in([case.id for case in cases]))
            .order_by(Case.id.desc())):
        filed.setdefault(older.complainant_email, []).append(older)
    for case in cases:
        earlier = filed.setdefault(case.complainant_email, [])
        best = max(((c, _similar(c.description, case.description)) for c in earlier[:20]),
                   key=lambda pair: pair[1], default=(None, 0.0))
        case.possible_duplicate_of = best[0] if best[1] >= DUPLICATE_SIMILARITY else None
        earlier.insert(0, case)


def status_url(token: str) -> str:
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + url_for("intake.status",
                                                                       token=token)


def status_url_for_seed(seed: str) -> str:
    return status_url(sealed.unseal(seed))


@operation()
def file_complaint(complaint: Complaint, files, held: list[Claimable] | None = None) -> Filed:
    """Create the case, its documents, its first deadlines and the receipt: all or nothing.

    ``held`` are the files kept from the form's earlier, refused submit: they become the
    case's documents in the same commit, and their held rows go with it."""
    with storage().transaction() as tx:
        filed = file_within(tx, complaint, files, filed_on=today(), source=sources.WEB,
                            held=held or [])
        db.session.commit()
    return filed


def new_case(complaint: Complaint, *, number: str, filed_on: date, source: str,
             in_force: InForce) -> tuple[Case, str]:
    """The case a filing makes, not yet added, and the seed of its status link."""
    seed, _, token_hash = new_status_link()
    link_days = current_app.config.get("STATUS_LINK_DAYS")
    case = Case(
        number=number,
        stage=workflow.FILED,
        category=complaint.category,
        complainant_name=complaint.name.strip(),
        complainant_email=normalise_email(complaint.email),
        complainant_phone=complaint.phone.strip(),
        account_identifier=complaint.account.strip(),
        summary=_summary(complaint.description),
        description=complaint.description.strip(),
        desired_resolution=complaint.resolution.strip(),
        incident_on=complaint.incident_on,
        is_child_data=complaint.is_child_data,
        language=complaint.language,
        amount_claimed_cents=complaint.amount_cents,
        status_token_hash=token_hash,
        status_token_expires_at=(now_utc() + timedelta(days=link_days)) if link_days
        else None,
        filed_on=filed_on,
        source=source,
        information_given_on=complaint.information_given_on,
        policy_version_on=in_force.version.effective_on if in_force.version else None,
        policy_reason=in_force.reason,
    )
    return case, seed


def filing_note(source: str, staff_note: str = "") -> str:
    """The filing event's note: how the complaint came in."""
    if source == sources.WEB:
        return "Complaint filed through the public form."
    label = sources.label(source)
    return f"Entered by staff from {label[0].lower()}{label[1:]}." + staff_note


def filed_detail(case: Case, source: str, in_force: InForce) -> dict:
    """The audit entry's detail of a filing."""
    return {"number": case.number, "category": case.category,
            "child_data": case.is_child_data, "source": source,
            "possible_duplicate_of": case.possible_duplicate_of.number
            if case.possible_duplicate_of else None,
            "policy_version": in_force.version.key if in_force.version else None}


def file_within(tx, complaint: Complaint, files, *, filed_on: date, source: str,
                staff_note: str = "", held: list[Claimable] | None = None,
                receipt: bool = True) -> Filed:
    """The filing inside the caller's transaction: the public form's, or staff entering a
    complaint that came another way (then the filing is theirs, not the complainant's).

    ``receipt`` False sends the complainant nothing: a claimant of a mass arbitration is
    represented by counsel, to whom Qtrax's lawyers must speak instead of to them."""
    email = normalise_email(complaint.email)
    description = complaint.description.strip()
    # Reads and the files first: the case number is the first write, and from it until
    # the commit every other filing waits (PostgreSQL locks the counter's row, SQLite the
    # database), so nothing slow may come after it.
    duplicate_of = find_possible_duplicate(email, description)
    in_force = in_force_for(all_versions(), complaint.information_given_on)
    stored = claim_within(tx, held or []) + put_files(tx, files)
    case, seed = new_case(complaint, number=next_number(filed_on.year), filed_on=filed_on,
                          source=source, in_force=in_force)
    case.possible_duplicate_of = duplicate_of
    db.session.add(case)
    db.session.flush()
    actor = f"complainant:{case.number}" if source == sources.WEB else current_actor()[0]
    event = add_event(case, workflow.FILED, filed_on, actor=actor, to_stage=workflow.FILED,
                      visible_to_claimant=True, note=filing_note(source, staff_note))
    record("case.filed", case, filed_detail(case, source, in_force), actor=actor)
    start_deadlines(case, event)
    if case.is_child_data:
        # The policy promises immediate deletion of a child's information once known:
        # the filing itself is the discovery.
        child = add_event(case, ek.CHILD_DATA_DISCOVERED, filed_on, actor=actor,
                          note="The complainant marked the information as concerning a "
                               "child under 13.")
        start_deadlines(case, child)
    add_document_rows(case, stored, uploaded_by=actor, tag="complaint",
                      visible_to_claimant=True)
    # Required (no way to turn it off): it carries the case number and the only link.
    # The link is sealed: the outbox fills it in as the email leaves and strikes it after.
    if not receipt:
        return Filed(case=case, seed=seed)
    with in_their_language(case):
        enqueue(case.complainant_email,
                gettext("Your complaint %(number)s was received", number=case.number),
                template="receipt", context={"case": case,
                                             "link": status_url(sealed.marker(seed))},
                case_id=case.id)
    return Filed(case=case, seed=seed)


@operation()
def add_documents_from_complainant(case: Case, files, note: str = "") -> int:
    actor = f"complainant:{case.number}"
    with storage().transaction() as tx:
        documents = store_documents(tx, case, files, uploaded_by=actor, tag="evidence",
                                    visible_to_claimant=True)
        add_event(case, ek.DOCUMENTS_ADDED, today(), actor=actor, visible_to_claimant=True,
                  note=note.strip() or f"The complainant added {len(documents)} document(s).",
                  data={"documents": [d.id for d in documents]})
        db.session.commit()
    return len(documents)


# --- the complainant's own answer to a proposed mediator ------------------------------------


def _answerable(case: Case, proposal_id: int, expected_version: int) -> NeutralProposal:
    from .queries import answerable_proposal

    proposal = answerable_proposal(case, proposal_id)
    if proposal is None:
        raise ProposalRefused("This proposal can no longer be answered here. Reload the page "
                              "to see where the choice of mediator stands.")
    if proposal.version != expected_version:
        raise StaleProposal()
    return proposal


@operation(StaleProposal)
def answer_mediator(case: Case, proposal_id: int, *, answer: str, reason: str,
                    expected_version: int) -> NeutralProposal:
    """The complainant accepts or declines a mediator on the status page. Both sides' yes
    makes the mediator, by the same rule as an answer staff record (``settle_answer``)."""
    if answer not in ("accepted", "rejected"):
        raise ProposalRefused.at("answer", "Choose whether you accept this mediator.")
    proposal = _answerable(case, proposal_id, expected_version)
    proposal.claimant_answer_via = VIA_STATUS_PAGE
    settle_answer(proposal, side="claimant", answer=answer, answered_on=today(),
                  how=" on the status page", actor=f"complainant:{case.number}", reason=reason)
    commit_or_stale(StaleProposal)
    return proposal


@operation(StaleProposal)
def propose_other_mediator(case: Case, proposal_id: int, *, name: str, reason: str,
                           expected_version: int) -> NeutralProposal:
    """The complainant declines the proposed mediator and proposes someone else, whom they
    accept by proposing; staff then check the new name for conflicts as for any other."""
    if not " ".join(name.split()):
        raise ProposalRefused.at("name", "Enter the name of the mediator you propose.")
    proposal = _answerable(case, proposal_id, expected_version)
    actor = f"complainant:{case.number}"
    proposal.claimant_answer_via = VIA_STATUS_PAGE
    settle_answer(proposal, side="claimant", answer="rejected", answered_on=today(),
                  how=" on the status page, proposing someone else", actor=actor,
                  reason=reason)
    other = add_proposal(case, kind=proposal.kind, proposed_by="claimant",
                         proposed_on=today(), name=name, actor=actor, via=VIA_STATUS_PAGE,
                         reason=reason)
    commit_or_stale(StaleProposal)
    return other


# --- a lost link -----------------------------------------------------------------------------


def _links_email(name: str, links: list[tuple[str, str]]) -> str:
    """The links email, in the language being written (``in_their_language``)."""
    lines = "\n".join(gettext("Case %(number)s: %(link)s", number=number, link=link)
                      for number, link in links)
    return "\n\n".join([
        gettext("Dear %(name)s,", name=name),
        gettext("You asked for the links to your open cases. Here they are (keep them to "
                "yourself: anyone with a link can see that case):"),
        lines,
        gettext("Links we sent you before no longer work."),
        gettext("If you did not ask for this, you can ignore this email: only the links above "
                "work now."),
        gettext("Qtrax Legal"),
    ]) + "\n"


@operation()
def send_case_links(email: str) -> int:
    """Fresh status links to every open case filed from this address, by email to it.

    Each case's link is replaced, so an old link (lost, forwarded, seen over a shoulder)
    stops working. Nothing is said to the person asking: the page answers the same whether
    or not the address is known; the count is for the caller's tests and logs only."""
    address = normalise_email(email)
    cases = db.session.scalars(
        select(Case).where(Case.complainant_email == address, Case.closed_on.is_(None))
        .order_by(Case.id)
    ).all()
    if not cases:
        return 0
    link_days = current_app.config.get("STATUS_LINK_DAYS")
    links = []
    for case in cases:
        seed, _, token_hash = new_status_link()
        case.status_token_hash = token_hash
        case.status_token_expires_at = ((now_utc() + timedelta(days=link_days)) if link_days
                                        else None)
        # And the further links the update emails carried: every old link stops working.
        db.session.execute(delete(StatusLink).where(StatusLink.case_id == case.id))
        links.append((case.number, status_url(sealed.marker(seed))))
        record("case.status_link_renewed", case, {"number": case.number},
               actor=f"complainant:{case.number}")
    # In the language of their latest complaint: one email for all their cases.
    with in_their_language(cases[-1]):
        enqueue(address, gettext("Your case links"),
                _links_email(cases[-1].complainant_name, links),
                case_id=cases[0].id if len(cases) == 1 else None)
    commit_or_stale()
    return len(cases)
