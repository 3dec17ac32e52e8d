"""An imported wave's cases are written a chunk at a time (mass/importing.py), yet each must be
exactly the case that filing it and walking it to its stage one by one writes: the same case,
timeline, deadlines, audit entries, parties and membership. Here the same spreadsheet goes
both ways and the rows are compared."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import inspect as sa_inspect
from sqlalchemy import select

from qtrax_disputes.audit.log import acting_as
from qtrax_disputes.audit.models import AuditEntry
from qtrax_disputes.cases import workflow as wf
from qtrax_disputes.cases.models import Case, CaseEvent, Party
from qtrax_disputes.cases.operations.road import StepInput, take_step_within
from qtrax_disputes.core.clock import frozen, today
from qtrax_disputes.deadlines.models import Deadline
from qtrax_disputes.documents.operations import storage
from qtrax_disputes.intake import sources
from qtrax_disputes.intake.operations import Complaint, file_within
from qtrax_disputes.mass import importing, operations
from qtrax_disputes.mass.models import Mass, MassMember
from qtrax_disputes.web.extensions import db
from tests import factories

CLAIM = ("Qtrax shared my listening history with advertisers after I turned data sharing off "
         "in my settings. I want damages under the privacy policy.")
HEAD = "name,email,account,claim,category,incident date,demand filed,counsel,counsel email," \
       "aaa case number\n"


def rows(domain: str) -> str:
    """Claimants as varied as a wave gets: dates of their own, a demand of the year before,
    no counsel, an AAA number, another category, and two accounts of one address (the second
    a possible duplicate of the first, as is the first of a case filed before the wave)."""
    return "".join(line + "\n" for line in [
        f"Ana Ruiz,ana@{domain},ana,{CLAIM},,2026-03-01,2026-10-05,Coordinated LLP,"
        "intake@cc.example,01-26-0001-0001",
        f"Ben Ode,ben@{domain},ben,{CLAIM} Ben.,,2025-11-11,2025-12-22,Coordinated LLP,,",
        f"Cy Lam,cy@{domain},cy,Sold my email address to a broker.,email_sold,2026-01-05,"
        "2026-11-13,,,",
        f"Di Oto,di@{domain},di1,{CLAIM},,2026-04-30,2026-09-30,Coordinated LLP,,",
        f"Di Oto,di@{domain},di2,{CLAIM},,2026-04-30,,Coordinated LLP,,",
        f"Ed Pau,old@{domain},ed,{CLAIM},,2026-05-02,2026-10-01,Coordinated LLP,,",
        f"Flo Qi,flo@{domain},flo,{CLAIM},,,2026-11-02,Coordinated LLP,,",
    ])


def one_by_one(mass: Mass, values: dict, *, stage: str, role: str) -> None:
    """What importing a row meant before chunks: the filing, then the road's own steps."""
    received = today()
    demand_on = values["demand_filed_on"] or received
    filed_on = min(received, demand_on) if stage == wf.ARBITRATION_DEMANDED else received
    complaint = Complaint(name=values["name"], email=values["email"], phone="",
                          account=values["account"], category=values["category"],
                          incident_on=values["incident_on"], description=values["claim"],
                          resolution="", amount_cents=None, is_child_data=False)
    with storage().transaction() as tx:
        case = file_within(tx, complaint, [], filed_on=filed_on, source=sources.MASS_IMPORT,
                           staff_note=f" Imported into the mass “{mass.name}”.",
                           receipt=False).case
        if values["counsel"] or values["counsel_email"]:
            db.session.add(Party(case_id=case.id, role="claimant_counsel",
                                 name=values["counsel"] or values["counsel_email"],
                                 organisation=values["counsel"], email=values["counsel_email"]))
        if stage in (wf.TRIAGE, wf.ARBITRATION_DEMANDED):
            take_step_within(tx, case, wf.TRIAGE, StepInput(
                filed_on, note="Triage started as the case was imported."), role=role)
        if stage == wf.ARBITRATION_DEMANDED:
            step = {"filed_by": "claimant", "mediation_waived": True}
            if values["aaa_case_number"]:
                step["aaa_case_number"] = values["aaa_case_number"]
            take_step_within(tx, case, wf.ARBITRATION_DEMANDED, StepInput(
                demand_on, values=step, note="Recorded as the case was imported.",
                propose_fees=False), role=role)
        db.session.add(MassMember(case_id=case.id, mass_id=mass.id))
        db.session.commit()


# Different by nature, not by path: ids, the moment of writing, the optimistic-lock counter
# (a case flushed once per step counts higher), the status link's random token.
NOT_COMPARED = {"id", "case_id", "number", "version", "created_at", "updated_at", "at",
                "status_token_hash", "status_token_expires_at", "trigger_event_id",
                "possible_duplicate_of_id", "done_at", "object_id"}


def _columns(row, domain: str, mass_name: str) -> dict:
    def plain(value):
        if isinstance(value, str):
            return value.replace(domain, "<domain>").replace(mass_name, "<mass>")
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        return value

    return {c.key: plain(getattr(row, c.key)) for c in sa_inspect(row).mapper.column_attrs
            if c.key not in NOT_COMPARED}


def written(mass_name: str, domain: str) -> list[dict]:
    """Every row written for each case of the mass, in row order, without what differs by
    nature; where rows point at each other (a deadline's trigger, a possible duplicate, an
    audit entry's case number) the pointer is kept as what it points at."""
    mass = db.session.scalar(select(Mass).where(Mass.name == mass_name))
    cases = db.session.scalars(select(Case).join(MassMember, MassMember.case_id == Case.id)
                               .where(MassMember.mass_id == mass.id).order_by(Case.id)).all()
    found = []
    for case in cases:
        events = db.session.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id)
                                    .order_by(CaseEvent.id)).all()
        position = {e.id: i for i, e in enumerate(events)}
        deadlines = db.session.scalars(select(Deadline).where(Deadline.case_id == case.id)
                                       .order_by(Deadline.id)).all()
        audit = db.session.scalars(select(AuditEntry).where(
            AuditEntry.object_type == "cases", AuditEntry.object_id == str(case.id))
            .order_by(AuditEntry.id)).all()
        parties = db.session.scalars(select(Party).where(Party.case_id == case.id)
                                     .order_by(Party.id)).all()
        member = db.session.get(MassMember, case.id)
        duplicate = case.possible_duplicate_of
        found.append({
            "case": _columns(case, domain, mass_name),
            "year": case.number[:7],
            "possible duplicate of": duplicate.complainant_email.replace(domain, "<domain>")
            if duplicate else None,
            "events": [_columns(e, domain, mass_name) for e in events],
            "deadlines": [{**_columns(d, domain, mass_name),
                           "trigger": position.get(d.trigger_event_id)} for d in deadlines],
            "audit": [{**_columns(a, domain, mass_name), "detail": {
                **a.detail, "number": "<number>",
                # a number of its own in each mass: which case it is, is compared above
                **({"possible_duplicate_of": "<number>"}
                   if a.detail.get("possible_duplicate_of") else {})}} for a in audit],
            "parties": [_columns(p, domain, mass_name) for p in parties],
            "member": {k: v for k, v in _columns(member, domain, mass_name).items()
                       if k != "mass_id"},
        })
    return found


def assert_same(row: int, got: dict, expected: dict) -> None:
    """The first difference, named by row, table and column (a bare dict diff hides it)."""
    for part, wanted in expected.items():
        have = got[part]
        if isinstance(wanted, list):
            assert len(have) == len(wanted), f"row {row}: {len(have)} {part}, not {len(wanted)}"
            pairs = list(zip(have, wanted, strict=True))
        else:
            pairs = [(have, wanted)]
        for n, (a, b) in enumerate(pairs):
            if isinstance(b, dict):
                for column in b:
                    assert a.get(column) == b[column], (
                        f"row {row}, {part} {n}, {column}: {a.get(column)!r} != {b[column]!r}")
            assert a == b, f"row {row}, {part} {n}"


@pytest.fixture
def wave_day():
    with frozen(datetime(2026, 11, 16, 15, 0, tzinfo=UTC)):
        yield


@pytest.mark.parametrize("stage", sorted(importing.START_STAGES))
def test_a_chunk_of_imported_cases_is_what_filing_them_one_by_one_writes(
        app, wave_day, monkeypatch, stage):
    monkeypatch.setattr(importing, "CHUNK", 3)  # chunks of 3, 3 and 1: a seam between Di's rows
    with app.app_context():
        for domain in ("batched.example", "single.example"):
            # Filed before the wave from Ed's address: his row is its possible duplicate.
            factories.make_case(wf.FILED, email=f"old@{domain}", account="older",
                                description=CLAIM, filed_on=date(2026, 10, 1))
        with acting_as("os:paralegal"):
            batched = operations.create_mass("Batched", category="")
            checked = list(importing.checked_rows(
                io.BytesIO((HEAD + rows("batched.example")).encode()), "wave.csv",
                category="third_party_disclosure"))
            assert all(row.ok for row in checked), [row.problems for row in checked]
            done = importing.import_rows(batched, checked, stage=stage, role="counsel",
                                         mediation_waived=True)
            assert done == importing.Imported(7, 0)
            single = operations.create_mass("Single", category="")
            for row in importing.checked_rows(
                    io.BytesIO((HEAD + rows("single.example")).encode()), "wave.csv",
                    category="third_party_disclosure"):
                one_by_one(single, row.values, stage=stage, role="counsel")

        chunked = written("Batched", "batched.example")
        reference = written("Single", "single.example")
        assert len(chunked) == len(reference) == 7
        for row, (got, expected) in enumerate(zip(chunked, reference, strict=True), start=1):
            assert_same(row, got, expected)
        # What the comparison rests on is there to compare.
        if stage == wf.ARBITRATION_DEMANDED:
            assert chunked[1]["year"] == "QD-2025"  # Ben's demand was made in 2025
            assert all(len(case["deadlines"]) == 1 for case in chunked)
        assert chunked[4]["possible duplicate of"] == "di@<domain>"
        assert chunked[5]["possible duplicate of"] == "old@<domain>"


def test_numbers_follow_the_rows_across_chunks(app, wave_day, monkeypatch):
    monkeypatch.setattr(importing, "CHUNK", 2)
    with app.app_context(), acting_as("os:paralegal"):
        mass = operations.create_mass("Numbered", category="")
        importing.import_rows(mass, importing.checked_rows(
            io.BytesIO((HEAD + rows("n.example")).encode()), "wave.csv",
            category="third_party_disclosure"), stage=wf.FILED, role="counsel")
        numbers = db.session.scalars(select(Case.number).join(
            MassMember, MassMember.case_id == Case.id).order_by(Case.id)).all()
        assert numbers == [f"QD-2026-{n:06d}" for n in range(1, 8)]
