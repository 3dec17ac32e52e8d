"""The privilege log in the app: for each document withheld, what CPLR 3122(b) asks (the legal
ground, the type, the general subject matter, the date, author and recipients), the same rows
on the page, in the CSV and in the PDF, for staff and up only."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import select

from qtrax_disputes.documents.models import Document
from qtrax_disputes.web.extensions import db

from ..conftest import page_text
from .helpers import PNG_BYTES, file, file_complaint, filed_number_and_token
from .tables import table
from .test_documents import TEXT_BYTES, upload

MEMO = {"tag": "correspondence", "privileged": "y", "doc_date": "2026-03-01",
        "description": "Advice on the retention of listening history",
        "privilege_basis": "Attorney–client communication", "author": "A. Counsel",
        "recipients": "Qtrax Legal; J. Doe (CTO)"}


@pytest.fixture
def logged(client, auth):
    """A case with one privileged memo and one ordinary screenshot, signed in as counsel."""
    file_complaint(client)
    number, _ = filed_number_and_token(client)
    auth.login("counsel")
    assert upload(client, number, file(TEXT_BYTES, "memo.txt"), **MEMO).status_code == 302
    assert upload(client, number, file(PNG_BYTES, "shot.png")).status_code == 302
    return number


def page_rows(client, number) -> list[list[str]]:
    html = client.get(f"/cases/{number}/privilege-log").get_data(as_text=True)
    return table(html, "Documents withheld as privileged")["tbody"]


def csv_rows(client, number) -> list[dict[str, str]]:
    text = client.get(f"/cases/{number}/privilege-log.csv").get_data(as_text=True)
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def test_the_page_states_what_cplr_3122b_asks_of_each_withheld_document(client, logged):
    html = client.get(f"/cases/{logged}/privilege-log").get_data(as_text=True)
    log = table(html, "Documents withheld as privileged")
    assert log["thead"] == [["No.", "Date", "Type of document", "General subject matter",
                             "Author", "Recipients", "Legal ground for withholding",
                             "Document"]]
    (row,) = log["tbody"]  # the screenshot is not withheld
    assert row[:7] == ["1", "Sun 2026-03-01", "Correspondence",
                       "Advice on the retention of listening history", "A. Counsel",
                       "Qtrax Legal; J. Doe (CTO)", "Attorney–client communication"]
    assert row[7].startswith("memo.txt Verify file SHA-256 ")


def test_the_description_staff_entered_is_kept_through_a_new_version(app, client, logged):
    with app.app_context():
        memo_id = db.session.scalar(select(Document.id).where(Document.original_name == "memo.txt"))
    response = client.post(f"/cases/{logged}/documents/{memo_id}/versions", data={
        f"v{memo_id}-file": (io.BytesIO(b"Revised memo.\n"), "memo-v2.txt"),
        f"v{memo_id}-note": "Typo in the second paragraph"}, content_type="multipart/form-data")
    assert response.status_code == 302
    with app.app_context():
        new = db.session.scalar(select(Document).where(Document.original_name == "memo-v2.txt"))
        assert new.description == MEMO["description"]
        assert new.version_note == "Typo in the second paragraph"
    rows = page_rows(client, logged)
    assert [r[3] for r in rows] == [MEMO["description"]] * 2
    assert "(revises no. 1)" in rows[1][7]
    assert [r["subject_matter"] for r in csv_rows(client, logged)] == [MEMO["description"]] * 2
    assert "this version: Typo in the second paragraph" in page_text(
        client.get(f"/cases/{logged}?section=documents"))


def test_the_csv_and_the_pdf_state_the_pages_rows(client, logged):
    (shown,) = page_rows(client, logged)
    (row,) = csv_rows(client, logged)
    assert [row["number"], row["type"], row["subject_matter"], row["author"],
            row["recipients"], row["basis_of_privilege"]] == [shown[0], *shown[2:7]]
    assert row["date"] == "2026-03-01" and shown[1].endswith("2026-03-01")
    assert shown[7] == f"{row['document']} Verify file SHA-256 {row['sha256']}"

    from pypdf import PdfReader

    pdf = client.get(f"/cases/{logged}/privilege-log.pdf").data
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    for cell in (*shown[1:7], row["document"]):
        assert cell in text, cell
    for heading in ("Type of document", "General subject matter", "Legal ground for withholding"):
        assert heading in text


def test_the_documents_section_links_the_page(client, logged):
    html = client.get(f"/cases/{logged}?section=documents").get_data(as_text=True)
    assert f'href="/cases/{logged}/privilege-log">Privilege log</a>' in html


@pytest.mark.parametrize("suffix", ["", ".csv", ".pdf"])
def test_a_viewer_is_refused_the_log(client, auth, logged, suffix):
    auth.logout()
    auth.login("viewer")
    assert client.get(f"/cases/{logged}/privilege-log{suffix}").status_code == 403
    assert "Privilege log" not in page_text(client.get(f"/cases/{logged}?section=documents"))


def test_staff_read_the_log(client, auth, logged):
    auth.logout()
    auth.login("staff")
    assert page_rows(client, logged)[0][6] == "Attorney–client communication"


def test_an_undated_paper_comes_last_and_says_so(client, logged):
    upload(client, logged, file(b"Notes.\n", "notes.txt"),
           **{**MEMO, "doc_date": "", "description": "", "author": ""})
    rows = page_rows(client, logged)
    assert [r[0] for r in rows] == ["1", "2"]
    assert rows[1][1:5] == ["Undated", "Correspondence", "Not stated", "Not stated"]
