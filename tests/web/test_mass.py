"""Mass arbitration: a wave noticed and confirmed, imported, moved in bulk, and its fees."""

from __future__ import annotations

import io
from datetime import date

import pytest
from sqlalchemy import func, select

from qtrax_disputes.audit.models import AuditEntry
from qtrax_disputes.cases import workflow as wf
from qtrax_disputes.cases.models import Case, CaseEvent, Party
from qtrax_disputes.deadlines.models import Deadline
from qtrax_disputes.mass import bulk
from qtrax_disputes.mass.models import Mass, MassMember
from qtrax_disputes.outbox.models import OutboxMessage
from qtrax_disputes.web.extensions import db
from tests import factories
from tests.conftest import page_text

TEMPLATE = ("Qtrax shared my listening history with advertisers after I turned data sharing "
            "off in my settings. I want damages under the privacy policy. Claimant {n}.")
FIRM = "Keller Lenkner LLP"


def wave(app, n, *, firm=FIRM, start=0, stage=wf.FILED):
    with app.app_context():
        return [factories.make_case(
            stage, name=f"Claimant {i}", email=f"claimant{i}@mail.example", account=f"user{i}",
            category="third_party_disclosure", description=TEMPLATE.format(n=i),
            parties=[{"role": "claimant_counsel", "name": "A. Lawyer", "organisation": firm,
                      "email": "intake@kellerlenkner.example"}]).id
            for i in range(start, start + n)]


def count(app, model, *where):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_25_similar_demands_by_one_firm_are_flagged_and_counsel_confirms_them(app, client, auth):
    ids = wave(app, 25)
    auth.login("counsel")
    page = page_text(client.get("/masses"))
    assert "Likely mass arbitrations" in page and f"25 cases by {FIRM}" in page
    response = client.post("/masses", data={
        "name": "Keller — listening history", "counsel": FIRM,
        "category": "third_party_disclosure", "wave": f"{FIRM}\x1fthird_party_disclosure"})
    assert response.status_code == 302, page_text(response)
    with app.app_context():
        mass = db.session.scalar(select(Mass))
        members = set(db.session.scalars(select(MassMember.case_id)))
        assert mass.name == "Keller — listening history" and members == set(ids)
        assert db.session.scalar(select(func.count()).where(
            AuditEntry.action == "case.added_to_mass")) == 25
    # Confirmed: no longer flagged.
    assert "Likely mass arbitrations" not in page_text(client.get("/masses"))


def test_24_are_not_flagged(app, client, auth):
    wave(app, 24)
    auth.login("counsel")
    assert "Likely mass arbitrations" not in page_text(client.get("/masses"))


def test_only_counsel_confirms_a_mass(app, client, auth):
    auth.login("staff")
    assert client.post("/masses", data={"name": "x"}).status_code == 403


def test_a_case_belongs_to_one_mass(app, client, auth):
    [first] = wave(app, 1)
    auth.login("counsel")
    client.post("/masses", data={"name": "One"})
    client.post("/masses", data={"name": "Two"})
    with app.app_context():
        one, two = db.session.scalars(select(Mass).order_by(Mass.id)).all()
        number = db.session.get(Case, first).number
        one_id, two_id = one.id, two.id
    assert client.post(f"/masses/{one_id}/cases", data={"numbers": number}).status_code == 302
    refused = client.post(f"/masses/{two_id}/cases", data={"numbers": number})
    assert refused.status_code == 422
    assert "A case belongs to one mass only" in page_text(refused)
    assert count(app, MassMember) == 1


CSV_HEAD = "name,email,account,claim,incident date,demand filed,counsel\n"


def spreadsheet(*rows: str) -> tuple[io.BytesIO, str]:
    return io.BytesIO((CSV_HEAD + "".join(r + "\n" for r in rows)).encode()), "claimants.csv"


def make_mass(client, name="Wave", **extra):
    client.post("/masses", data={"name": name, **extra})


def mass_id(app, name="Wave"):
    with app.app_context():
        return db.session.scalar(select(Mass.id).where(Mass.name == name))


def test_the_import_preview_lists_each_bad_row_and_saves_nothing(app, client, auth, new_case):
    new_case("filed", email="taken@mail.example", account="taken")
    auth.login("counsel")
    make_mass(client)
    cases_before = count(app, Case)
    audit_before = count(app, AuditEntry)
    accounts = (io.BytesIO(b"good1\ngood2\ntaken\ntwice\n"), "accounts.csv")
    response = client.post(f"/masses/{mass_id(app)}/import", data={
        "spreadsheet": spreadsheet(
            "Good One,good1@mail.example,good1,Shared my data,2026-03-01,2026-10-01,Firm",  # 2
            ",nobody@mail.example,x,Shared,2026-03-01,,Firm",  # 3: no name
            "Twice,twice@mail.example,twice,Shared,2026-03-01,,Firm",  # 4
            "Twice Again,twice@mail.example,twice,Shared,2026-03-01,,Firm",  # 5: row 4 again
            "Taken,taken@mail.example,taken,Shared,2026-03-01,,Firm",  # 6: an existing case
            "Stranger,s@mail.example,nosuch,Shared,2026-03-01,,Firm",  # 7: no such account
            "Early,early@mail.example,good2,Shared,1999-01-01,,Firm",  # 8: before the policy
            "Bad Date,bd@mail.example,good2,Shared,someday,,Firm",  # 9
            "Bad Mail,not-an-address,good2,Shared,2026-03-01,,Firm",  # 10
        ),
        "stage": "filed", "accounts": accounts}, content_type="multipart/form-data")
    assert response.status_code == 200, page_text(response)
    text = page_text(response)
    assert "9 rows" in text and "2 can be imported" in text and "7 cannot" in text
    for line, problem in [(3, "no name"), (5, "the same claimant as row 4"),
                          (6, "already a case: QD-"), (7, "no Qtrax account 'nosuch'"),
                          (8, "before the privacy policy existed"),
                          (9, "'someday' is not a date"), (10, "is not a valid address")]:
        assert f"{line} " in text and problem in text, (line, problem)
    assert count(app, Case) == cases_before
    assert count(app, AuditEntry) == audit_before


def _import(app, client, rows, *, stage="arbitration_demanded", waived=True):
    response = client.post(f"/masses/{mass_id(app)}/import", data={
        "spreadsheet": spreadsheet(*rows), "stage": stage,
        **({"mediation_waived": "y"} if waived else {})}, content_type="multipart/form-data")
    held = response.get_data(as_text=True).split('name="held" type="hidden" value="')[1][:40]
    held = held.split('"')[0]
    return client.post(f"/masses/{mass_id(app)}/import/confirm", data={
        "held": held, "stage": stage, "mediation_waived": "1" if waived else ""})


def test_the_import_creates_each_case_with_its_own_clocks(app, client, auth):
    auth.login("counsel")
    make_mass(client)
    outbox_before = count(app, OutboxMessage)
    response = _import(app, client, [
        # Demand filed Monday 2026-10-05: CPLR 7503(c)'s 20 days end Sunday 2026-10-25, which
        # rolls to Monday 2026-10-26.
        "Ana,ana@mail.example,ana,Shared my data,2026-03-01,2026-10-05,Firm LLP",
        # Filed Thursday 2026-10-01: 20 days end Wednesday 2026-10-21.
        "Ben,ben@mail.example,ben,Shared my data,2026-03-02,2026-10-01,Firm LLP",
    ])
    assert response.status_code == 302
    with app.app_context():
        cases = {c.complainant_name: c for c in db.session.scalars(select(Case))}
        assert {c.stage for c in cases.values()} == {wf.ARBITRATION_DEMANDED}
        assert {c.source for c in cases.values()} == {"mass_import"}
        due = {name: db.session.scalar(select(Deadline.due_on).where(
            Deadline.case_id == case.id, Deadline.rule_code == "CPLR7503_STAY"))
            for name, case in cases.items()}
        assert due == {"Ana": date(2026, 10, 26), "Ben": date(2026, 10, 21)}
        assert db.session.scalar(select(func.count()).select_from(MassMember)) == 2
        counsel = db.session.scalars(select(Party.organisation).where(
            Party.role == "claimant_counsel")).all()
        assert counsel == ["Firm LLP", "Firm LLP"]
    # Represented claimants are not written to: no receipt.
    assert count(app, OutboxMessage) == outbox_before
    # A mass is billed by the mass schedule, not by single-case fees proposed per case.
    from qtrax_disputes.costs.models import CostItem
    assert count(app, CostItem) == 0


def workbook(*rows: list) -> tuple[io.BytesIO, str]:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Claimant Name", "E-mail", "Qtrax Account", "Allegations", "Date of claim",
                  "Filing date", "Law firm"])
    for row in rows:
        sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    return data, "claimants.xlsx"


def test_an_excel_workbook_imports_with_its_date_cells(app, client, auth):
    auth.login("counsel")
    make_mass(client)
    response = client.post(f"/masses/{mass_id(app)}/import", data={
        "spreadsheet": workbook(
            ["Ana", "ana@mail.example", "ana", "Shared my data", date(2026, 3, 1),
             date(2026, 10, 5), "Firm LLP"],
            ["Ben", "ben@mail.example", "ben", "Shared my data", "sometime", None, "Firm LLP"]),
        "stage": "arbitration_demanded", "mediation_waived": "y"},
        content_type="multipart/form-data")
    assert response.status_code == 200, page_text(response)
    text = page_text(response)
    assert "2 rows" in text and "1 can be imported" in text
    assert "'sometime' is not a date" in text
    held = response.get_data(as_text=True).split('name="held" type="hidden" value="')[1]
    client.post(f"/masses/{mass_id(app)}/import/confirm", data={
        "held": held.split('"')[0], "stage": "arbitration_demanded", "mediation_waived": "1"})
    with app.app_context():
        ana = db.session.scalar(select(Case))
        assert (ana.complainant_name, ana.incident_on) == ("Ana", date(2026, 3, 1))
        # The demand's own day, from its date cell: 20 days to Sunday 2026-10-25, so Monday.
        assert db.session.scalar(select(Deadline.due_on).where(
            Deadline.case_id == ana.id)) == date(2026, 10, 26)


def test_a_file_that_is_not_a_workbook_is_refused_next_to_the_field(app, client, auth):
    auth.login("counsel")
    make_mass(client)
    response = client.post(f"/masses/{mass_id(app)}/import", data={
        "spreadsheet": (io.BytesIO(b"name,email\nnot a zip"), "claimants.xlsx"),
        "stage": "filed"}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "This is not an Excel workbook that can be read." in page_text(response)
    assert count(app, Case) == 0


def test_importing_at_the_demand_needs_mediation_waived(app, client, auth):
    auth.login("counsel")
    make_mass(client)
    response = _import(app, client, ["Ana,ana@mail.example,ana,Shared,2026-03-01,2026-10-05,F"],
                       waived=False)
    assert response.status_code == 302
    told = page_text(client.get(response.headers["Location"]))
    assert "requires mediation before arbitration" in told
    assert count(app, Case) == 0


def test_a_preview_is_confirmed_once(app, client, auth):
    auth.login("counsel")
    make_mass(client)
    rows = ["Ana,ana@mail.example,ana,Shared,2026-03-01,,F"]
    response = client.post(f"/masses/{mass_id(app)}/import", data={
        "spreadsheet": spreadsheet(*rows), "stage": "filed"}, content_type="multipart/form-data")
    held = response.get_data(as_text=True).split('name="held" type="hidden" value="')[1]
    held = held.split('"')[0]
    client.post(f"/masses/{mass_id(app)}/import/confirm", data={"held": held, "stage": "filed"})
    again = client.post(f"/masses/{mass_id(app)}/import/confirm",
                        data={"held": held, "stage": "filed"}, follow_redirects=True)
    assert "imported already" in page_text(again)
    assert count(app, Case) == 1


def _mass_of(app, ids, name="Wave"):
    from qtrax_disputes.mass import operations

    with app.app_context():
        return operations.create_mass(name, case_ids=ids).id


def test_a_bulk_step_moves_the_cases_that_can_and_says_why_the_others_cannot(app, client, auth):
    movable = wave(app, 4, stage=wf.FILED)
    stuck = wave(app, 2, start=10, stage=wf.TRIAGE)  # already past "filed → triage"
    the_mass = _mass_of(app, movable + stuck)
    auth.login("staff")
    preview = client.post(f"/masses/{the_mass}/step", data={
        "to": wf.TRIAGE, "step-occurred_on": "2026-11-02", "action": "preview"})
    text = page_text(preview)
    assert "4 cases will move; 2 cannot" in text
    assert "2: at “Triage”, from which this step is not on the road" in text
    assert count(app, CaseEvent, CaseEvent.to_stage == wf.TRIAGE) == 2  # nothing moved yet
    started = client.post(f"/masses/{the_mass}/step", data={
        "to": wf.TRIAGE, "step-occurred_on": "2026-11-02", "action": "start"})
    assert started.status_code == 302
    progress = started.headers["Location"]
    client.post(progress + "/continue")
    assert "4 moved · 0 refused · 0 to go" in page_text(client.get(progress))
    with app.app_context():
        assert {db.session.get(Case, i).stage for i in movable} == {wf.TRIAGE}
        moved = db.session.scalar(select(func.count()).where(
            AuditEntry.action == "case.moved"))
        assert moved >= 4


def test_an_interrupted_bulk_step_resumes_without_moving_a_case_twice(app, client, auth,
                                                                     monkeypatch):
    monkeypatch.setattr(bulk, "CHUNK", 2)  # several chunks per run, as with thousands
    ids = wave(app, 6)
    the_mass = _mass_of(app, ids)
    with app.app_context():
        planned = bulk.plan(ids, wf.TRIAGE, date(2026, 11, 2), {}, role=wf.STAFF)
        run = bulk.start(db.session.get(Mass, the_mass), planned.movable, wf.TRIAGE,
                         date(2026, 11, 2), {}, role=wf.STAFF)
        run_id = run.id
        assert bulk.run(run_id, limit=3)[bulk.PENDING] == 3  # stopped halfway
    auth.login("staff")
    page = page_text(client.get(f"/masses/{the_mass}/steps/{run_id}"))
    assert "3 moved · 0 refused · 3 to go" in page
    client.post(f"/masses/{the_mass}/steps/{run_id}/continue")
    client.post(f"/masses/{the_mass}/steps/{run_id}/continue")  # once more: nothing left
    with app.app_context():
        per_case = dict(db.session.execute(
            select(CaseEvent.case_id, func.count()).where(CaseEvent.to_stage == wf.TRIAGE)
            .group_by(CaseEvent.case_id)).all())
        assert per_case == {i: 1 for i in ids}


def test_the_fee_forecast_for_2000_cases(app, runner, client, auth):
    auth.login("counsel")
    make_mass(client, filed_on="2023-06-01")  # before 2024-01-15: the 2020 tiers
    result = runner.invoke(args=["mass", "fees", "Wave", "--cases", "2000"])
    assert result.exit_code == 0, result.output
    # Filing, business: 500 × $300 + 1,000 × $225 + 500 × $150 = $450,000.
    # Claimants: 500 × $100 + 1,500 × $50 = $125,000.
    assert "If 2,000 cases are filed: business $450,000.00, claimants $125,000.00" in result.output
    # Appointment adds 2,000 × $1,400 case management = $2,800,000 → $3,250,000.
    assert "to arbitrator appointment: business $3,250,000.00" in result.output
    # A hearing adds 2,000 × $2,500 deposit = $5,000,000 → $8,250,000.
    assert "to a hearing: business $8,250,000.00" in result.output
    page = page_text(client.get(f"/masses/{mass_id(app)}"))
    assert "secondary source, unverified" in page


def test_the_case_list_filters_to_the_mass(app, client, auth):
    ids = wave(app, 3)
    wave(app, 2, start=20, firm="Other Firm")
    the_mass = _mass_of(app, ids)
    auth.login("viewer")
    text = page_text(client.get(f"/cases?mass={the_mass}"))
    assert "3 cases" in text and "Only the cases of the mass Wave" in text


def test_deficiencies_go_back_as_a_list(app, client, auth):
    from qtrax_disputes.mass import operations

    ids = wave(app, 2)
    the_mass = _mass_of(app, ids)
    with app.app_context():
        mass = db.session.get(Mass, the_mass)
        operations.update_member(mass, ids[0], affirmation_on=date(2026, 11, 1),
                                 deficiency="=no signature", bellwether=True, batch_number=None)
    auth.login("staff")
    body = client.get(f"/masses/{the_mass}/deficiencies.csv").get_data(as_text=True)
    lines = body.strip().splitlines()
    assert lines[0].startswith("case,claimant,stage")
    assert len(lines) == 3  # one deficient, one without its affirmation
    assert "'=no signature" in body and "missing" in body


@pytest.mark.parametrize("path", ["/masses/999", "/masses/999/steps/1",
                                  "/masses/999/deficiencies.csv"])
def test_unknown_masses_are_404(client, auth, path):
    auth.login("staff")
    assert client.get(path).status_code == 404


def test_the_weekly_report_has_a_section_per_active_mass(app, client, auth):
    auth.login("counsel")
    make_mass(client, filed_on="2023-06-01")
    _import(app, client, ["Ana,ana@mail.example,ana,Shared my data,2026-03-01,2026-10-05,F",
                          "Ben,ben@mail.example,ben,Shared my data,2026-03-02,2026-09-20,F"])
    text = page_text(client.get("/reports/weekly?week=2026-W41"))  # 2026-10-05 to 10-11
    assert "Mass “Wave”: 2 cases, 1 new demands this week" in text
    assert "Arbitration demanded 2" in text
    # Two demands under the 2020 tiers: 2 × $300 filing + 2 × $1,400 case management.
    assert f"If all 2 cases reach appointment ${2 * 300 + 2 * 1400:,}.00" in text
    # Incurred so far: the two demands filed, nobody appointed yet.
    page = page_text(client.get(f"/masses/{mass_id(app)}"))
    assert "Incurred so far (business): $600.00 — 2 demands filed, 0 with an arbitrator" in page


def test_affirmations_deficiencies_and_bellwethers_are_recorded_per_filing(app, client, auth):
    ids = wave(app, 3)
    the_mass = _mass_of(app, ids)
    auth.login("staff")
    client.post(f"/masses/{the_mass}/batches", data={"merits_arbitrator": "Hon. A. Judge"})
    with app.app_context():
        first = db.session.get(Case, ids[0]).number
    # Counsel's affirmation for one filing, then for every filing still without one.
    assert client.post(f"/masses/{the_mass}/affirmations", data={
        "received_on": "2026-11-02", "numbers": first}).status_code == 302
    client.post(f"/masses/{the_mass}/members/{ids[1]}", data={
        "deficiency": "no account number", "bellwether": "y", "batch": "1"})
    filings = client.get(f"/masses/{the_mass}/filings").get_data(as_text=True)
    assert first in filings and 'value="no account number"' in filings
    text = page_text(client.get(f"/masses/{the_mass}"))
    assert "Counsel's affirmation (MA-2) missing: 2" in text
    assert "With a deficiency: 1" in text
    client.post(f"/masses/{the_mass}/affirmations", data={"received_on": "2026-11-03"})
    with app.app_context():
        members = {m.case_id: m for m in db.session.scalars(select(MassMember))}
        assert members[ids[0]].affirmation_on == date(2026, 11, 2)  # not overwritten
        assert {members[i].affirmation_on for i in ids[1:]} == {date(2026, 11, 3)}
        assert members[ids[1]].bellwether and members[ids[1]].deficiency == "no account number"
        assert members[ids[1]].batch_id is not None
    refused = client.post(f"/masses/{the_mass}/affirmations", data={
        "received_on": "2026-11-03", "numbers": "QD-2026-999999"})
    assert refused.status_code == 422 and "Not cases of this mass" in page_text(refused)


def test_a_global_settlement_settles_the_cases_that_accept_and_the_rest_go_on(
        app, client, auth):
    from qtrax_disputes.documents.models import Document
    from tests.web.helpers import PDF_BYTES, file

    ids = wave(app, 4, stage=wf.TRIAGE)
    the_mass = _mass_of(app, ids)
    with app.app_context():
        numbers = [db.session.get(Case, i).number for i in ids]
    auth.login("counsel")
    refused = client.post(f"/masses/{the_mass}/offers", data={
        "amount": "", "made_on": "2026-11-02", "terms": "Full release"})
    assert refused.status_code == 422 and "Enter the amount offered" in page_text(refused)
    client.post(f"/masses/{the_mass}/offers", data={
        "amount": "1,500", "by_category": "email_sold = 2500", "made_on": "2026-11-02",
        "accept_by": "2026-12-31", "terms": "Full release of all privacy claims"})
    with app.app_context():
        from qtrax_disputes.mass.models import MassAcceptance, MassOffer
        offer_id = db.session.scalar(select(MassOffer.id))
    # Two accept, named by counsel's list (one row names a case of no mass).
    sheet = (io.BytesIO(f"case,accepted on\n{numbers[0]},2026-11-10\n{numbers[1]},2026-11-11\n"
                        "QD-2020-000001,2026-11-11\n".encode()), "acceptances.csv")
    told = client.post(f"/masses/{the_mass}/offers/{offer_id}/acceptances",
                       data={"sheet": sheet}, content_type="multipart/form-data",
                       follow_redirects=True)
    assert "2 acceptances recorded" in page_text(told)
    assert "QD-2020-000001" in page_text(told)
    # The first signs the release: settled on it, $1,500 (its category has no other amount).
    settled = client.post(f"/masses/{the_mass}/offers/{offer_id}/releases/{ids[0]}", data={
        "release": file(PDF_BYTES, "release.pdf"), "signed_on": "2026-11-12"},
        content_type="multipart/form-data", follow_redirects=True)
    assert f"{numbers[0]} is settled on its signed release" in page_text(settled)
    # One who did not accept cannot be settled on the offer.
    not_accepted = client.post(f"/masses/{the_mass}/offers/{offer_id}/releases/{ids[2]}", data={
        "release": file(PDF_BYTES, "release.pdf"), "signed_on": "2026-11-12"},
        content_type="multipart/form-data", follow_redirects=True)
    assert "has not accepted the offer" in page_text(not_accepted)
    with app.app_context():
        stages = [db.session.get(Case, i).stage for i in ids]
        assert stages == [wf.SETTLED, wf.TRIAGE, wf.TRIAGE, wf.TRIAGE]
        event = db.session.scalar(select(CaseEvent).where(CaseEvent.case_id == ids[0],
                                                          CaseEvent.to_stage == wf.SETTLED))
        assert event.data["amount"] == 150_000
        assert db.session.scalar(select(func.count()).select_from(Document).where(
            Document.case_id == ids[0], Document.tag == "agreement")) == 1
        acceptance = db.session.get(MassAcceptance, (offer_id, ids[0]))
        assert acceptance.settled_event_id == event.id and acceptance.source == "counsel's list"
    page = page_text(client.get(f"/masses/{the_mass}"))
    assert "2 of 4 claimants accepted · 1 settled on their signed release" in page


def test_an_amount_no_source_states_is_never_shown_as_nothing(app, client, auth):
    auth.login("counsel")
    make_mass(client, filed_on="2024-02-01")  # the 2024 schedule: claimants' fee not known
    html = client.get(f"/masses/{mass_id(app)}").get_data(as_text=True)
    assert "$0.00 + not known" in html and "Claimant filing fee per case" in html
