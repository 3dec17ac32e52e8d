"""The retention purge: personal data and files of long-closed cases go; the record stays."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import func, select

from qtrax_disputes.cases.models import Case, CaseEvent, Party
from qtrax_disputes.core.clock import frozen
from qtrax_disputes.documents.models import Document
from qtrax_disputes.web.extensions import db

from .helpers import (
    PDF_BYTES,
    PNG_BYTES,
    age_stored_files,
    file,
    file_complaint,
    filed_number_and_token,
)


def file_at(client, when: datetime, **overrides):
    with frozen(when):
        file_complaint(client, incident_on="2018-01-02", **overrides)
        filed = filed_number_and_token(client)
    age_stored_files(client.application)  # stored when filed, years ago
    return filed


def close(app, number, closed_on: date):
    with app.app_context():
        case = db.session.scalars(select(Case).where(Case.number == number)).one()
        case.stage, case.closed_on = "closed", closed_on
        db.session.add(Party(case_id=case.id, role="claimant_counsel", name="Lee Lawyer",
                             email="lee@law.example"))
        db.session.commit()


def case(app, number) -> Case:
    with app.app_context():
        row = db.session.scalars(select(Case).where(Case.number == number)).one()
        db.session.expunge(row)
        return row


def files(app) -> list[Path]:
    root = Path(app.config["UPLOAD_DIR"])
    return [p for p in root.rglob("*") if p.is_file() and p.parent.name != "tmp"]


def test_purge_removes_personal_data_and_files_of_cases_past_retention(app, client, runner):
    old, old_token = file_at(client, datetime(2018, 3, 1, 15, tzinfo=UTC),
                             files=[file(PDF_BYTES, "evidence.pdf")],
                             category="child_under_13", is_child_data="y")
    recent, _ = file_at(client, datetime(2024, 3, 1, 15, tzinfo=UTC),
                        files=[file(PNG_BYTES, "screenshot.png")], email="recent@example.com",
                        description="A recent complaint about marketing emails.")
    still_open, _ = file_at(client, datetime(2018, 4, 1, 15, tzinfo=UTC),
                            email="open@example.com", description="An old open complaint.")
    close(app, old, date(2018, 6, 1))  # more than 7 years before 2026-11-25
    close(app, recent, date(2024, 6, 1))

    with frozen(datetime(2026, 11, 25, 15, tzinfo=UTC)):
        listed = runner.invoke(args=["retention", "purge", "--dry-run"])
        assert f"{old}  closed 2018-06-01  (child data)" in listed.output
        assert recent not in listed.output and still_open not in listed.output
        assert case(app, old).complainant_name == "Jane Roe"  # a dry run changes nothing
        assert len(files(app)) == 2

        done = runner.invoke(args=["retention", "purge", "--yes"])
    assert "purged 1 case(s): 1 document(s), 1 file(s) removed" in done.output

    purged = case(app, old)
    assert purged.complainant_name == "Purged" and purged.description == ""
    assert "jane.roe" not in purged.complainant_email and purged.purged_on is not None
    # The anonymised record stays for the reports: number, category, dates, stage.
    assert (purged.category, purged.filed_on, purged.closed_on, purged.stage) == (
        "child_under_13", date(2018, 3, 1), date(2018, 6, 1), "closed")
    with app.app_context():
        assert db.session.scalars(select(Party.name).where(Party.case_id == purged.id)).all() \
            == ["Purged"]
        assert db.session.scalar(select(func.count(Document.id)).where(
            Document.case_id == purged.id)) == 0
        kinds = db.session.scalars(select(CaseEvent.kind).where(
            CaseEvent.case_id == purged.id)).all()
        notes = db.session.scalars(select(CaseEvent.note).where(
            CaseEvent.case_id == purged.id, CaseEvent.kind == "filed")).all()
    assert "retention_purged" in kinds and "child_data_deleted" in kinds
    assert notes == [""]
    assert len(files(app)) == 1  # the recent case's file stays
    assert case(app, recent).complainant_email == "recent@example.com"
    assert client.get(f"/status/{old_token}").status_code == 404

    with frozen(datetime(2026, 11, 25, 15, tzinfo=UTC)):
        again = runner.invoke(args=["retention", "purge", "--yes"])
    assert "purged 0 case(s)" in again.output


def test_purge_needs_a_choice(runner):
    result = runner.invoke(args=["retention", "purge"])
    assert result.exit_code != 0 and "--dry-run" in result.output


def test_a_shared_file_stays_while_another_case_uses_it(app, client, runner):
    old, _ = file_at(client, datetime(2018, 3, 1, 15, tzinfo=UTC),
                     files=[file(PDF_BYTES, "same.pdf")])
    newer, _ = file_at(client, datetime(2025, 3, 1, 15, tzinfo=UTC),
                       files=[file(PDF_BYTES, "same.pdf")], email="other@example.com",
                       description="The same document in a newer case.")
    close(app, old, date(2018, 6, 1))
    with frozen(datetime(2026, 11, 25, 15, tzinfo=UTC)):
        runner.invoke(args=["retention", "purge", "--yes"])
    assert len(files(app)) == 1


def test_a_file_kept_on_the_complaint_form_stays_when_a_purged_case_used_the_same_bytes(
        app, client, runner):
    old, _ = file_at(client, datetime(2018, 3, 1, 15, tzinfo=UTC),
                     files=[file(PDF_BYTES, "same.pdf")])
    close(app, old, date(2018, 6, 1))
    # Someone's form, sent back for corrections, keeps the same bytes for its next submit.
    with frozen(datetime(2026, 11, 25, 14, tzinfo=UTC)):
        file_complaint(client, files=[file(PDF_BYTES, "kept.pdf")], name="",
                       email="kept@example.com")
    age_stored_files(app)
    with frozen(datetime(2026, 11, 25, 15, tzinfo=UTC)):
        done = runner.invoke(args=["retention", "purge", "--yes"])
    assert "purged 1 case(s): 1 document(s), 0 file(s) removed" in done.output
    assert len(files(app)) == 1
