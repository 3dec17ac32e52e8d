"""Writes on masses; each one transaction with its audit entries."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import select

from qtrax_disputes.core.refusals import Refused, Stale
from qtrax_disputes.db.transactions import operation
from qtrax_disputes.web.extensions import db

from ..audit.log import current_actor, record
from ..cases.models import Case
from . import fees as fee_data
from .models import Mass, MassBatch, MassFeeAmount, MassMember


class MassRefused(Refused):
    """A change to a mass not made, with the reason for counsel."""


class StaleMass(Stale):
    message = ("Someone else changed this mass while you were editing it. Nothing was saved; "
               "review it as it is now and try again.")


def _check_name(name: str, *, other_than: int | None = None) -> str:
    name = " ".join(name.split())
    if not name:
        raise MassRefused.at("name", "Give the mass a name, such as the firm and the claim.")
    if len(name) > 200:
        raise MassRefused.at("name", "Use at most 200 characters.")
    taken = db.session.scalar(select(Mass.id).where(Mass.name == name))
    if taken is not None and taken != other_than:
        raise MassRefused.at("name", f"A mass called “{name}” already exists.")
    return name


def _add_members(mass: Mass, case_ids: Iterable[int]) -> list[Case]:
    wanted = sorted(set(case_ids))
    if not wanted:
        return []
    cases = db.session.scalars(select(Case).where(Case.id.in_(wanted))).all()
    if len(cases) != len(wanted):
        raise MassRefused("Some of the cases chosen no longer exist.")
    taken = db.session.execute(
        select(Case.number, Mass.name).join(MassMember, MassMember.case_id == Case.id)
        .join(Mass, Mass.id == MassMember.mass_id).where(Case.id.in_(wanted))).all()
    if taken:
        listed = ", ".join(f"{number} ({name})" for number, name in taken[:5])
        more = f" and {len(taken) - 5} more" if len(taken) > 5 else ""
        raise MassRefused.at("cases", f"A case belongs to one mass only; already in one: "
                                      f"{listed}{more}.")
    for case in cases:
        db.session.add(MassMember(case_id=case.id, mass_id=mass.id))
        record("case.added_to_mass", case, {"number": case.number, "mass": mass.name})
    return list(cases)


@operation()
def create_mass(name: str, *, counsel: str = "", category: str = "",
                filed_on: date | None = None, case_ids: Iterable[int] = ()) -> Mass:
    """Counsel names a mass (a flagged wave confirmed, or one begun by hand) with its cases."""
    mass = Mass(name=_check_name(name), counsel=counsel.strip()[:200],
                category=category, filed_on=filed_on, created_by=current_actor()[0])
    db.session.add(mass)
    db.session.flush()
    members = _add_members(mass, case_ids)
    record("mass.created", mass, {"name": mass.name, "counsel": mass.counsel,
                                  "category": category, "cases": len(members)})
    db.session.commit()
    return mass


@operation()
def add_cases(mass: Mass, case_ids: Iterable[int]) -> int:
    members = _add_members(mass, case_ids)
    if not members:
        raise MassRefused.at("cases", "Choose at least one case to add.")
    record("mass.cases_added", mass, {"name": mass.name, "cases": len(members)})
    db.session.commit()
    return len(members)


@operation(StaleMass)
def update_mass(mass: Mass, *, expected_version: int, name: str, counsel: str,
                process_arbitrator: str, filed_on: date | None, note: str) -> Mass:
    if mass.version != expected_version:
        raise StaleMass()
    before = {"name": mass.name, "counsel": mass.counsel,
              "process_arbitrator": mass.process_arbitrator,
              "filed_on": mass.filed_on.isoformat() if mass.filed_on else None}
    mass.name = _check_name(name, other_than=mass.id)
    mass.counsel = counsel.strip()[:200]
    mass.process_arbitrator = process_arbitrator.strip()[:200]
    mass.filed_on = filed_on
    mass.note = note.strip()
    after = {"name": mass.name, "counsel": mass.counsel,
             "process_arbitrator": mass.process_arbitrator,
             "filed_on": filed_on.isoformat() if filed_on else None}
    changes = {k: {"from": before[k], "to": after[k]} for k in before if before[k] != after[k]}
    if changes:
        record("mass.updated", mass, {"name": mass.name, "changes": changes})
    db.session.commit()
    return mass


def _member(mass: Mass, case_id: int) -> MassMember:
    member = db.session.get(MassMember, case_id)
    if member is None or member.mass_id != mass.id:
        raise MassRefused("That case is not in this mass.")
    return member


@operation()
def update_member(mass: Mass, case_id: int, *, affirmation_on: date | None, deficiency: str,
                  bellwether: bool, batch_number: int | None) -> MassMember:
    """Record a filing's affirmation (MA-2), its deficiency, its batch and bellwether mark."""
    member = _member(mass, case_id)
    batch_id = None
    if batch_number is not None:
        batch = next((b for b in mass.batches if b.number == batch_number), None)
        if batch is None:
            raise MassRefused.at("batch", f"This mass has no batch {batch_number}.")
        batch_id = batch.id
    member.affirmation_on = affirmation_on
    member.deficiency = deficiency.strip()[:500]
    member.bellwether = bellwether
    member.batch_id = batch_id
    case = db.session.get(Case, case_id)
    record("mass.member_updated", case, {
        "number": case.number if case else None, "mass": mass.name,
        "affirmation_on": affirmation_on.isoformat() if affirmation_on else None,
        "deficiency": member.deficiency, "bellwether": bellwether, "batch": batch_number})
    db.session.commit()
    return member


@operation()
def record_affirmations(mass: Mass, case_ids: Iterable[int], received_on: date) -> int:
    """Counsel's affirmation (MA-2) received for these filings."""
    members = db.session.scalars(select(MassMember).where(
        MassMember.mass_id == mass.id, MassMember.case_id.in_(sorted(set(case_ids))))).all()
    for member in members:
        member.affirmation_on = received_on
    record("mass.affirmations_received", mass, {"name": mass.name, "cases": len(members),
                                                "received_on": received_on.isoformat()})
    db.session.commit()
    return len(members)


@operation()
def add_batch(mass: Mass, *, merits_arbitrator: str, hearings_from: date | None,
              hearings_to: date | None, note: str = "") -> MassBatch:
    if hearings_from and hearings_to and hearings_to < hearings_from:
        raise MassRefused.at("hearings_to", "The last hearing day cannot be before the first.")
    number = max((b.number for b in mass.batches), default=0) + 1
    batch = MassBatch(mass_id=mass.id, number=number,
                      merits_arbitrator=merits_arbitrator.strip()[:200],
                      hearings_from=hearings_from, hearings_to=hearings_to, note=note.strip())
    db.session.add(batch)
    record("mass.batch_added", mass, {"name": mass.name, "batch": number,
                                      "merits_arbitrator": batch.merits_arbitrator})
    db.session.commit()
    return batch


@operation()
def enter_fee_amount(schedule_code: str, fee_code: str, cents: int | None, source: str
                     ) -> MassFeeAmount:
    """An administrator enters an amount a shipped schedule does not know (or corrects one
    only a secondary source states); it is shown as unverified, with the source given."""
    schedule = next((s for s in fee_data.SCHEDULES if s.code == schedule_code), None)
    fee = next((f for f in schedule.fees if f.code == fee_code), None) if schedule else None
    if fee is None or fee.tiers:
        raise MassRefused.at("fee", "Choose a fee of the schedule (tiered fees are fixed).")
    if cents is not None and cents < 0:
        raise MassRefused.at("amount", "Enter an amount of 0 or more.")
    if not source.strip():
        raise MassRefused.at("source", "Say where the amount comes from (an AAA invoice, a "
                                       "letter, the schedule's page).")
    row = db.session.scalar(select(MassFeeAmount).where(
        MassFeeAmount.schedule_code == schedule_code, MassFeeAmount.fee_code == fee_code))
    before = row.cents if row else fee.cents
    if row is None:
        row = MassFeeAmount(schedule_code=schedule_code, fee_code=fee_code)
        db.session.add(row)
    row.cents, row.source, row.entered_by = cents, source.strip()[:500], current_actor()[0]
    record("mass.fee_amount_entered", object_type="mass_fee_amounts", object_id=fee_code,
           detail={"schedule": schedule_code, "fee": fee_code, "from": before, "to": cents,
                   "source": row.source})
    db.session.commit()
    return row
