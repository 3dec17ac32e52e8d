"""A global settlement: one offer to the whole mass, each claimant's acceptance, and each
case settled on its signed release; the cases that do not accept go on along their road.

An acceptance reaches Qtrax in one of three ways, and keeps which (``MassAcceptance.source``):
counsel's list (a spreadsheet), typed in by staff, or the claimant's own on their status page.
A case settled on its release owes the claimant its amount on the case's cost ledger, in the
same transaction as the settled step; its payment is the ledger's.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from qtrax_disputes.core.clock import today
from qtrax_disputes.core.refusals import Refused
from qtrax_disputes.db.transactions import operation
from qtrax_disputes.web.extensions import db

from ..audit.log import current_actor, record
from ..cases import workflow as wf
from ..cases.categories import CATEGORY_LABELS
from ..cases.models import Case
from ..cases.operations.road import StepInput, StepRefused, take_step_within
from ..costs import operations as cost_operations
from ..costs.models import CostItem, CostPayment
from ..documents.operations import storage
from .models import Mass, MassAcceptance, MassMember, MassOffer


class OfferRefused(Refused):
    """A settlement offer, acceptance or release not recorded."""


# How an acceptance reached Qtrax, as stored, and as staff read it on the mass's page.
COUNSELS_LIST, STAFF, STATUS_PAGE = "counsel's list", "staff", "status page"
SOURCE_LABELS = {COUNSELS_LIST: "from counsel's list", STAFF: "entered by staff",
                 STATUS_PAGE: "by the claimant on the status page"}


@operation()
def make_offer(mass: Mass, *, per_claimant_cents: int | None, by_category: dict[str, int],
               made_on: date, accept_by: date | None, terms: str,
               on_status_pages: bool = False) -> MassOffer:
    """The offer to the whole mass; ``on_status_pages``: the claimants' counsel agreed that
    each claimant be told it on their status page, and may accept it there."""
    if per_claimant_cents is None or per_claimant_cents <= 0:
        raise OfferRefused.at("amount", "Enter the amount offered to each claimant.")
    unknown = [c for c in by_category if c not in CATEGORY_LABELS]
    if unknown:
        raise OfferRefused.at("by_category", "Unknown categories: " + ", ".join(unknown))
    if accept_by and accept_by < made_on:
        raise OfferRefused.at("accept_by", "The last day to accept cannot be before the offer.")
    if not terms.strip():
        raise OfferRefused.at("terms", "State the terms the claimants accept.")
    offer = MassOffer(mass_id=mass.id, made_on=made_on, per_claimant_cents=per_claimant_cents,
                      by_category=dict(by_category), accept_by=accept_by, terms=terms.strip(),
                      on_status_pages=on_status_pages, created_by=current_actor()[0])
    db.session.add(offer)
    record("mass.offer_made", mass, {"name": mass.name, "per_claimant_cents": per_claimant_cents,
                                     "by_category": by_category,
                                     "accept_by": accept_by.isoformat() if accept_by else None,
                                     "on_status_pages": on_status_pages})
    db.session.commit()
    return offer


def current_offer(mass_id: int) -> MassOffer | None:
    return db.session.scalar(select(MassOffer).where(MassOffer.mass_id == mass_id)
                             .order_by(MassOffer.id.desc()).limit(1))


def parse_by_category(text: str) -> dict[str, int]:
    """'email_sold = 1500' lines → {'email_sold': 150000}; ValueError naming a bad line."""
    from qtrax_disputes.web.forms_common import parse_money

    amounts = {}
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        category, sep, amount = line.partition("=")
        if not sep:
            raise ValueError(f"Line {number}: write category = amount.")
        amounts[category.strip()] = parse_money(amount)
    return amounts


@dataclass(frozen=True)
class Recorded:
    accepted: int
    already: int
    unknown: tuple[str, ...]  # what named no case of the mass


def _add_acceptance(offer: MassOffer, case: Case, accepted_on: date, source: str,
                    actor: str | None = None) -> None:
    """One acceptance and its audit entry, in the caller's transaction."""
    db.session.add(MassAcceptance(offer_id=offer.id, case_id=case.id,
                                  accepted_on=accepted_on, source=source))
    record("mass.offer_accepted", case, {"number": case.number, "offer": offer.id,
                                         "accepted_on": accepted_on.isoformat(),
                                         "source": source}, actor=actor)


@operation()
def record_acceptances(offer: MassOffer, case_ids: Iterable[int], accepted_on: date, *,
                       source: str, unknown: Iterable[str] = ()) -> Recorded:
    """Each case's acceptance, once (an acceptance already recorded is left as it is)."""
    if accepted_on < offer.made_on:
        raise OfferRefused.at("accepted_on", "An acceptance cannot be before the offer.")
    ids = sorted(set(case_ids))
    members = set(db.session.scalars(select(MassMember.case_id).where(
        MassMember.mass_id == offer.mass_id, MassMember.case_id.in_(ids)))) if ids else set()
    taken = set(db.session.scalars(select(MassAcceptance.case_id).where(
        MassAcceptance.offer_id == offer.id, MassAcceptance.case_id.in_(ids)))) if ids else set()
    cases = {c.id: c for c in db.session.scalars(select(Case).where(Case.id.in_(ids)))}
    accepted = 0
    for case_id in ids:
        if case_id not in members or case_id in taken:
            continue
        _add_acceptance(offer, cases[case_id], accepted_on, source)
        accepted += 1
    outside = [str(i) for i in ids if i not in members]
    db.session.commit()
    return Recorded(accepted, len(taken), tuple(list(unknown) + outside))


# --- the claimant's own acceptance, on their status page -------------------------------------

OPEN, ACCEPTED, LAPSED = "open", "accepted", "lapsed"


@dataclass(frozen=True)
class ClaimantOffer:
    """The offer as the claimant's status page tells it: open to accept, accepted (by any
    road), or lapsed (its last day has passed). Their amount only, never another's."""

    offer_id: int
    state: str
    amount_cents: int
    terms: str
    accept_by: date | None
    accepted_on: date | None = None
    settled: bool = False


def offer_for_claimant(case: Case) -> ClaimantOffer | None:
    """What the status page says of a settlement offer to the case's mass, or None: the case
    is in no mass, its mass has no offer made yet, the offer is for counsel to pass on (not
    shown on the status pages), or the case ended otherwise before it accepted. Once accepted
    (an earlier offer included), the acceptance is what is told."""
    mass_id = db.session.scalar(select(MassMember.mass_id).where(
        MassMember.case_id == case.id))
    if mass_id is None:
        return None
    accepted = db.session.execute(
        select(MassAcceptance, MassOffer).join(MassOffer, MassOffer.id == MassAcceptance.offer_id)
        .where(MassAcceptance.case_id == case.id, MassOffer.mass_id == mass_id,
               MassOffer.on_status_pages.is_(True))
        .order_by(MassOffer.id.desc()).limit(1)).first()
    if accepted is not None:
        acceptance, offer = accepted
        return ClaimantOffer(offer.id, ACCEPTED, offer.amount_for(case.category), offer.terms,
                             offer.accept_by, acceptance.accepted_on,
                             acceptance.settled_event_id is not None)
    offer = current_offer(mass_id)
    if offer is None or not offer.on_status_pages or offer.made_on > today():
        return None
    if not wf.is_open(case.stage) or case.stage == wf.SETTLED:
        return None  # withdrawn, dismissed, settled on its own: nothing left to accept
    lapsed = offer.accept_by is not None and today() > offer.accept_by
    return ClaimantOffer(offer.id, LAPSED if lapsed else OPEN, offer.amount_for(case.category),
                         offer.terms, offer.accept_by)


@dataclass(frozen=True)
class ClaimantAccepted:
    accepted_on: date
    already: bool  # recorded before (a second click, or counsel's list got there first)


@operation()
def accept_for_claimant(case: Case, offer_id: int) -> ClaimantAccepted:
    """The claimant accepts the offer on their status page, done by them (the audit names
    "complainant:<number>"). ``offer_id`` is the offer the page showed them: a new offer made
    since is refused, so nobody accepts an amount they did not read. Twice is harmless."""
    shown = offer_for_claimant(case)
    if shown is not None and shown.state == ACCEPTED:
        return ClaimantAccepted(shown.accepted_on or today(), already=True)
    if shown is None or shown.offer_id != offer_id:
        raise OfferRefused(gettext("This offer can no longer be accepted here. The page now "
                                   "shows where the settlement stands."))
    if shown.state == LAPSED:
        raise OfferRefused(gettext("The last day to accept this offer has passed, so it can "
                                   "no longer be accepted here. Your acceptance was not "
                                   "recorded."))
    offer = db.session.get(MassOffer, offer_id)
    if offer is None:  # read a moment ago by offer_for_claimant: only for the type checker
        raise OfferRefused(gettext("This offer can no longer be accepted here. The page now "
                                   "shows where the settlement stands."))
    accepted_on = today()
    _add_acceptance(offer, case, accepted_on, STATUS_PAGE, actor=f"complainant:{case.number}")
    try:
        db.session.commit()
    except IntegrityError:
        # The same page sent twice at once: the other request recorded it.
        db.session.rollback()
        return ClaimantAccepted(accepted_on, already=True)
    return ClaimantAccepted(accepted_on, already=False)


def acceptances_from_sheet(offer: MassOffer, data: bytes) -> tuple[list[int], list[str],
                                                                    date | None]:
    """Case ids named by counsel's list (a 'case' number or an 'email' column, and an
    optional 'accepted on' date), what named nothing, and the latest date given."""
    text = data.decode("utf-8-sig", errors="replace")
    reader = csv.DictReader(io.StringIO(text))
    heads = {h.strip().lower(): h for h in (reader.fieldnames or [])}
    if "case" not in heads and "email" not in heads:
        raise OfferRefused.at("sheet", "The list needs a column “case” (the case number) or "
                                       "“email” (the claimant's email).")
    numbers, emails, days = [], [], []
    for row in reader:
        if "case" in heads and (row.get(heads["case"]) or "").strip():
            numbers.append(row[heads["case"]].strip().upper())
        elif "email" in heads and (row.get(heads["email"]) or "").strip():
            emails.append(row[heads["email"]].strip().lower())
        day = (row.get(heads.get("accepted on", ""), "") or "").strip()
        if day:
            try:
                days.append(datetime.strptime(day, "%Y-%m-%d").date())
            except ValueError:
                raise OfferRefused.at("sheet", f"“{day}” is not a date (YYYY-MM-DD).") from None
    found: dict[str, int] = {}
    member = select(MassMember.case_id).where(MassMember.mass_id == offer.mass_id)
    if numbers:
        found.update({n: i for n, i in db.session.execute(select(Case.number, Case.id).where(
            Case.number.in_(numbers), Case.id.in_(member)))})
    by_email: dict[str, int] = {}
    if emails:
        by_email = {e: i for e, i in db.session.execute(
            select(Case.complainant_email, Case.id).where(
                Case.complainant_email.in_(emails), Case.id.in_(member)))}
    unknown = [n for n in numbers if n not in found] + [e for e in emails if e not in by_email]
    return [*found.values(), *by_email.values()], unknown, max(days, default=None)


@operation()
def settle_on_release(offer: MassOffer, case: Case, release, signed_on: date, *,
                      role: str) -> None:
    """The claimant's signed release: the case is settled on it (the road's own step, the
    release its document), the amount is owed to the claimant on the case's ledger, and the
    acceptance records both; one transaction."""
    acceptance = db.session.get(MassAcceptance, (offer.id, case.id))
    if acceptance is None:
        raise OfferRefused("This claimant has not accepted the offer: record the acceptance "
                           "first.")
    if acceptance.settled_event_id is not None:
        raise OfferRefused("This case is settled on the offer already.")
    amount = offer.amount_for(case.category)
    step = StepInput(signed_on, note=f"Settled on the global offer to the mass ({offer.terms}).",
                     values={"terms": offer.terms, "amount": amount},
                     document=release)
    mass = db.session.get(Mass, offer.mass_id)
    try:
        with storage().transaction() as tx:
            # Before the step: the item is at the ledger's stage the case was settled from.
            owed = cost_operations.settlement_owed(
                case, amount_cents=amount, settled_on=signed_on,
                description=f"Settlement on the global offer to the mass "
                            f"“{mass.name if mass else ''}”, offered {offer.made_on.isoformat()}")
            event = take_step_within(tx, case, wf.SETTLED, step, role=role)
            acceptance.settled_event_id = event.id
            acceptance.cost_item_id = owed.id
            db.session.commit()
    except StepRefused as exc:
        raise OfferRefused(exc.message, exc.field_errors) from exc
    except cost_operations.CostRefused as exc:
        raise OfferRefused(exc.message, exc.field_errors) from exc


@dataclass(frozen=True)
class OfferState:
    accepted: int
    settled: int
    members: int
    # How the acceptances arrived: source → count, in SOURCE_LABELS' order.
    by_source: dict[str, int]
    offered_cents: int  # to those who accepted, each their category's amount
    settled_cents: int  # owed on the ledgers of the cases settled on their release
    paid_cents: int  # of that, what the ledgers record Qtrax paid


def offer_state(offer: MassOffer) -> OfferState:
    accepted, settled = db.session.execute(select(
        func.count(), func.count(MassAcceptance.settled_event_id)).where(
        MassAcceptance.offer_id == offer.id)).one()
    members = db.session.scalar(select(func.count()).where(
        MassMember.mass_id == offer.mass_id)) or 0
    counted = {source: n for source, n in db.session.execute(
        select(MassAcceptance.source, func.count()).where(MassAcceptance.offer_id == offer.id)
        .group_by(MassAcceptance.source))}
    by_source = {s: counted.pop(s) for s in SOURCE_LABELS if s in counted} | counted
    offered = sum(offer.amount_for(category) * n for category, n in db.session.execute(
        select(Case.category, func.count()).join(MassAcceptance, MassAcceptance.case_id == Case.id)
        .where(MassAcceptance.offer_id == offer.id).group_by(Case.category)))
    owed_items = select(MassAcceptance.cost_item_id).where(
        MassAcceptance.offer_id == offer.id, MassAcceptance.cost_item_id.is_not(None))
    settled_cents = db.session.scalar(select(func.coalesce(func.sum(CostItem.amount_cents), 0))
                                      .where(CostItem.id.in_(owed_items))) or 0
    paid_cents = db.session.scalar(select(func.coalesce(func.sum(CostPayment.amount_cents), 0))
                                   .where(CostPayment.item_id.in_(owed_items),
                                          CostPayment.party == "respondent")) or 0
    return OfferState(accepted or 0, settled or 0, members, by_source, int(offered),
                      int(settled_cents), int(paid_cents))


def awaiting_release(offer: MassOffer, limit: int = 50) -> list[tuple[int, str, str, int, str]]:
    """(case id, number, claimant, amount, how it was accepted) of acceptances not settled
    yet."""
    return [(cid, number, name, offer.amount_for(category), SOURCE_LABELS.get(source, source))
            for cid, number, name, category, source in db.session.execute(
                select(Case.id, Case.number, Case.complainant_name, Case.category,
                       MassAcceptance.source)
                .join(MassAcceptance, MassAcceptance.case_id == Case.id)
                .where(MassAcceptance.offer_id == offer.id,
                       MassAcceptance.settled_event_id.is_(None))
                .order_by(Case.number).limit(limit))]
