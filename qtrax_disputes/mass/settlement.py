"""A global settlement: one offer to the whole mass, each claimant's acceptance, and each
case settled on its signed release; the cases that do not accept go on along their road."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select

from qtrax_disputes.core.refusals import Refused
from qtrax_disputes.db.transactions import operation
from qtrax_disputes.web.extensions import db

from ..audit.log import current_actor, record
from ..cases import workflow as wf
from ..cases.categories import CATEGORY_LABELS
from ..cases.models import Case
from ..cases.operations.road import StepInput, StepRefused, take_step_within
from ..documents.operations import storage
from .models import Mass, MassAcceptance, MassMember, MassOffer


class OfferRefused(Refused):
    """A settlement offer, acceptance or release not recorded."""


@operation()
def make_offer(mass: Mass, *, per_claimant_cents: int | None, by_category: dict[str, int],
               made_on: date, accept_by: date | None, terms: str) -> MassOffer:
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
                      created_by=current_actor()[0])
    db.session.add(offer)
    record("mass.offer_made", mass, {"name": mass.name, "per_claimant_cents": per_claimant_cents,
                                     "by_category": by_category,
                                     "accept_by": accept_by.isoformat() if accept_by else None})
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
        db.session.add(MassAcceptance(offer_id=offer.id, case_id=case_id,
                                      accepted_on=accepted_on, source=source))
        case = cases[case_id]
        record("mass.offer_accepted", case, {"number": case.number, "offer": offer.id,
                                             "accepted_on": accepted_on.isoformat(),
                                             "source": source})
        accepted += 1
    outside = [str(i) for i in ids if i not in members]
    db.session.commit()
    return Recorded(accepted, len(taken), tuple(list(unknown) + outside))


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
    release its document), and the acceptance records the settlement; one transaction."""
    acceptance = db.session.get(MassAcceptance, (offer.id, case.id))
    if acceptance is None:
        raise OfferRefused("This claimant has not accepted the offer: record the acceptance "
                           "first.")
    if acceptance.settled_event_id is not None:
        raise OfferRefused("This case is settled on the offer already.")
    step = StepInput(signed_on, note=f"Settled on the global offer to the mass ({offer.terms}).",
                     values={"terms": offer.terms, "amount": offer.amount_for(case.category)},
                     document=release)
    try:
        with storage().transaction() as tx:
            event = take_step_within(tx, case, wf.SETTLED, step, role=role)
            acceptance.settled_event_id = event.id
            db.session.commit()
    except StepRefused as exc:
        raise OfferRefused(exc.message, exc.field_errors) from exc


@dataclass(frozen=True)
class OfferState:
    accepted: int
    settled: int
    members: int


def offer_state(offer: MassOffer) -> OfferState:
    accepted, settled = db.session.execute(select(
        func.count(), func.count(MassAcceptance.settled_event_id)).where(
        MassAcceptance.offer_id == offer.id)).one()
    members = db.session.scalar(select(func.count()).where(
        MassMember.mass_id == offer.mass_id)) or 0
    return OfferState(accepted or 0, settled or 0, members)


def awaiting_release(offer: MassOffer, limit: int = 50) -> list[tuple[int, str, str, int]]:
    """(case id, number, claimant, amount) of acceptances not settled yet."""
    return [(cid, number, name, offer.amount_for(category)) for cid, number, name, category in
            db.session.execute(
                select(Case.id, Case.number, Case.complainant_name, Case.category)
                .join(MassAcceptance, MassAcceptance.case_id == Case.id)
                .where(MassAcceptance.offer_id == offer.id,
                       MassAcceptance.settled_event_id.is_(None))
                .order_by(Case.number).limit(limit))]
