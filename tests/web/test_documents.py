"""Every paper of a case: kept byte for byte, versioned, shown only to those allowed."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from sqlalchemy import func, select

from qtrax_disputes.audit.models import AuditEntry
from qtrax_disputes.documents.models import Document
from qtrax_disputes.web.extensions import db

from ..conftest import page_text
from .helpers import (
    ELF_BYTES,
    PDF_BYTES,
    PNG_BYTES,
    age_stored_files,
    file,
    file_complaint,
    filed_number_and_token,
    gc_after_the_grace_period,
)

TEXT_BYTES = "Letter to the complainant — 12 March.\n".encode()


@pytest.fixture
def filed(client):
    file_complaint(client)
    return filed_number_and_token(client)


def upload(client, number, *files, **fields):
    data = {"tag": "evidence", "description": "", "author": "", "recipients": "",
            "privilege_basis": "", "files": list(files)}
    data.update(fields)
    return client.post(f"/cases/{number}/documents", data=data,
                       content_type="multipart/form-data")


def documents(app) -> list[Document]:
    with app.app_context():
        rows = db.session.scalars(select(Document).order_by(Document.id)).all()
        for row in rows:
            db.session.expunge(row)
        return rows


def stored_files(app) -> list[Path]:
    root = Path(app.config["UPLOAD_DIR"])
    return sorted(p for p in root.rglob("*") if p.is_file() and p.parent.name != "tmp")


def test_upload_download_and_a_new_version(app, client, auth, filed):
    number, _ = filed
    auth.login("staff")
    response = upload(client, number, file(PDF_BYTES, "contract.pdf"),
                      file(TEXT_BYTES, "letter.txt"), tag="correspondence")
    assert response.status_code == 302
    contract = next(d for d in documents(app) if d.original_name == "contract.pdf")
    text = page_text(client.get(f"/cases/{number}?section=documents"))
    assert "contract.pdf" in text and "letter.txt" in text
    assert f"SHA-256 {hashlib.sha256(PDF_BYTES).hexdigest()}" in text

    download = client.get(f"/cases/{number}/documents/{contract.id}")
    assert download.data == PDF_BYTES
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert download.headers["X-Content-Type-Options"] == "nosniff"

    preview = client.get(f"/cases/{number}/documents/{contract.id}?inline=1")
    assert preview.mimetype == "application/pdf"
    assert preview.headers["Content-Disposition"].startswith("inline;")
    assert preview.data == PDF_BYTES

    new_pdf = PDF_BYTES + b"% signed copy\n"
    response = client.post(f"/cases/{number}/documents/{contract.id}/versions", data={
        f"v{contract.id}-file": (io.BytesIO(new_pdf), "contract-signed.pdf"),
        f"v{contract.id}-note": "Signed by both sides"}, content_type="multipart/form-data")
    assert response.status_code == 302
    latest = documents(app)[-1]
    assert latest.supersedes_id == contract.id and latest.tag == "correspondence"
    text = page_text(client.get(f"/cases/{number}?section=documents"))
    assert "contract-signed.pdf" in text and "1 earlier version(s)" in text
    # The old version is still there, byte for byte.
    assert client.get(f"/cases/{number}/documents/{contract.id}").data == PDF_BYTES

    with app.app_context():
        actions = db.session.scalars(select(AuditEntry.action)).all()
    assert actions.count("document.uploaded") == 3  # two files, then the new version
    assert actions.count("document.downloaded") == 3
    assert "document.versioned" in actions


def test_identical_files_are_stored_once(app, client, auth, filed):
    number, _ = filed
    auth.login("staff")
    upload(client, number, file(PNG_BYTES, "a.png"))
    upload(client, number, file(PNG_BYTES, "b.png"))
    assert len(documents(app)) == 2
    assert len(stored_files(app)) == 1


def test_privileged_documents_never_reach_the_complainant(app, client, auth, filed):
    number, token = filed
    auth.login("counsel")
    upload(client, number, file(TEXT_BYTES, "advice.txt"), tag="correspondence",
           privileged="y", visible_to_claimant="y", privilege_basis="Attorney–client",
           author="Counsel", recipients="Qtrax Legal")
    upload(client, number, file(PNG_BYTES, "screenshot.png"), visible_to_claimant="y")
    advice, screenshot = documents(app)
    assert not advice.visible_to_claimant  # privileged wins over the visibility tick
    auth.logout()
    status = page_text(client.get(f"/status/{token}"))
    assert "screenshot.png" in status and "advice.txt" not in status
    assert client.get(f"/status/{token}/documents/{advice.id}").status_code == 404
    assert client.get(f"/status/{token}/documents/{screenshot.id}").data == PNG_BYTES


def test_another_cases_document_is_unreachable_by_guessing_ids(app, client, auth, filed):
    number, token = filed
    file_complaint(client, email="second@example.com",
                   description="Another complaint entirely, about cookies.")
    other_number, other_token = filed_number_and_token(client)
    auth.login("staff")
    upload(client, other_number, file(PDF_BYTES, "theirs.pdf"), visible_to_claimant="y")
    theirs = documents(app)[-1]
    assert client.get(f"/cases/{number}/documents/{theirs.id}").status_code == 404
    assert client.post(f"/cases/{number}/documents/{theirs.id}/versions", data={
        f"v{theirs.id}-file": (io.BytesIO(PDF_BYTES), "x.pdf")},
        content_type="multipart/form-data").status_code == 404
    auth.logout()
    assert client.get(f"/status/{token}/documents/{theirs.id}").status_code == 404
    assert client.get(f"/status/{other_token}/documents/{theirs.id}").status_code == 200


def test_a_path_traversal_name_is_only_a_name(app, client, auth, filed):
    number, _ = filed
    auth.login("staff")
    assert upload(client, number, file(TEXT_BYTES, "../../etc/passwd")).status_code == 302
    (document,) = documents(app)
    assert document.original_name == "passwd"
    (stored,) = stored_files(app)
    assert Path(app.config["UPLOAD_DIR"]) in stored.parents
    assert stored.name == document.sha256[2:]


@pytest.mark.parametrize("data, name, message", [
    (b"", "empty.pdf", "the file is empty."),
    (ELF_BYTES, "invoice.pdf", "not an accepted type"),
])
def test_refused_files_leave_no_row_and_gc_removes_their_files(
        app, client, auth, filed, data, name, message):
    number, _ = filed
    auth.login("staff")
    response = upload(client, number, file(PNG_BYTES, "good.png"), file(data, name))
    assert response.status_code == 400
    text = page_text(response)
    assert name in text and message in text and "choose your files again" in text
    assert documents(app) == []
    # good.png stays until gc: another request may be reusing the same bytes right now.
    gc_after_the_grace_period(app)
    assert stored_files(app) == []


def test_a_file_over_the_limit_is_refused_and_nothing_is_kept(app, client, auth, filed):
    number, _ = filed
    auth.login("staff")
    app.config["MAX_FILE_BYTES"], before = 2048, app.config["MAX_FILE_BYTES"]
    try:
        response = upload(client, number, file(PDF_BYTES + b"0" * 4096, "big.pdf"))
    finally:
        app.config["MAX_FILE_BYTES"] = before
    assert "larger than the" in page_text(response)
    assert documents(app) == [] and stored_files(app) == []


def test_a_long_unicode_name_with_quotes_is_kept_safely(app, client, auth, filed):
    number, _ = filed
    auth.login("staff")
    # A browser sends the double quotes of a file name as %22.
    name = "Zoë's %22final%22 résumé – " + "ü" * 300 + ".pdf"
    assert upload(client, number, file(PDF_BYTES, name)).status_code == 302
    (document,) = documents(app)
    assert len(document.original_name) == 255 and document.original_name.endswith(".pdf")
    assert document.original_name.startswith("Zoë's \"final\" résumé")
    disposition = client.get(f"/cases/{number}/documents/{document.id}") \
        .headers["Content-Disposition"]
    assert "filename*=UTF-8''Zo%C3%AB%27s%20%22final%22" in disposition
    fallback = disposition.split('filename="')[1].split('"')[0]
    assert fallback.isascii() and '"' not in fallback


def test_counsel_soft_delete_with_a_reason_and_it_stays_in_the_history(
        app, client, auth, filed):
    number, _ = filed
    auth.login("staff")
    upload(client, number, file(PDF_BYTES, "draft.pdf"))
    (draft,) = documents(app)
    assert client.post(f"/cases/{number}/documents/{draft.id}/delete",
                       data={f"d{draft.id}-reason": "x"}).status_code == 403
    auth.logout()
    auth.login("counsel")
    client.post(f"/cases/{number}/documents/{draft.id}/delete",
                data={f"d{draft.id}-reason": "Uploaded to the wrong case."})
    (draft,) = documents(app)
    assert draft.deleted_at is not None and draft.deleted_reason == "Uploaded to the wrong case."
    text = page_text(client.get(f"/cases/{number}?section=documents"))
    assert "deleted" in text and "Uploaded to the wrong case." in text
    assert len(stored_files(app)) == 1  # the file is kept until gc after the retention


def test_the_privilege_log_as_csv_and_pdf(app, client, auth, filed):
    number, _ = filed
    auth.login("counsel")
    upload(client, number, file(TEXT_BYTES, "memo.txt"), tag="correspondence",
           privileged="y", privilege_basis="Attorney work product", author="A. Counsel",
           recipients="Qtrax Legal", doc_date="2026-03-01")
    upload(client, number, file(PNG_BYTES, "shot.png"))
    csv_text = client.get(f"/cases/{number}/privilege-log.csv").get_data(as_text=True)
    lines = csv_text.lstrip("\ufeff").splitlines()
    assert len(lines) == 2
    assert "2026-03-01,Correspondence,,A. Counsel,Qtrax Legal,Attorney work product,memo.txt" \
        in lines[1]
    pdf = client.get(f"/cases/{number}/privilege-log.pdf")
    assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    from pypdf import PdfReader

    pdf_text = " ".join(PdfReader(io.BytesIO(pdf.data)).pages[0].extract_text().split())
    assert "Attorney work product" in pdf_text and "A. Counsel" in pdf_text


def test_privileged_needs_its_basis(app, client, auth, filed):
    number, _ = filed
    auth.login("counsel")
    response = upload(client, number, file(TEXT_BYTES, "memo.txt"), privileged="y")
    assert response.status_code == 400
    assert "Say why it is privileged" in page_text(response)
    assert documents(app) == []


def test_verify_finds_an_altered_file_and_gc_removes_strays(app, client, auth, runner, filed):
    number, _ = filed
    auth.login("staff")
    upload(client, number, file(PDF_BYTES, "contract.pdf"))
    ok = runner.invoke(args=["documents", "verify"])
    assert ok.exit_code == 0 and "0 missing, 0 altered" in ok.output
    (stored,) = stored_files(app)
    stored.write_bytes(PDF_BYTES + b"tampered")
    bad = runner.invoke(args=["documents", "verify"])
    assert bad.exit_code == 1 and "ALTERED" in bad.output

    stray = Path(app.config["UPLOAD_DIR"]) / "ab" / ("c" * 62)
    stray.parent.mkdir(parents=True, exist_ok=True)
    stray.write_bytes(b"orphan")
    assert "0 file(s) removed" in runner.invoke(args=["documents", "gc"]).output  # too young
    age_stored_files(app)
    gc = runner.invoke(args=["documents", "gc"])
    assert "1 file(s) removed" in gc.output
    assert not stray.exists() and stored.exists()


def test_a_missing_file_shows_a_clear_page_not_an_error(app, client, auth, filed):
    number, _ = filed
    auth.login("staff")
    upload(client, number, file(PDF_BYTES, "contract.pdf"))
    (document,) = documents(app)
    stored_files(app)[0].unlink()
    response = client.get(f"/cases/{number}/documents/{document.id}")
    assert response.status_code == 404
    assert "missing from storage" in page_text(response)
    with app.app_context():
        assert db.session.scalar(select(func.count(AuditEntry.id)).where(
            AuditEntry.action == "document.downloaded")) == 0


def test_a_client_that_sends_only_the_file_and_tag_is_served(app, client, auth, filed):
    number, _ = filed
    auth.login("staff")
    response = client.post(f"/cases/{number}/documents", data={
        "tag": "evidence", "files": [file(PDF_BYTES, "bare.pdf")]},
        content_type="multipart/form-data")
    assert response.status_code == 302
    assert [d.original_name for d in documents(app)] == ["bare.pdf"]


HTML_AS_TEXT = b"<html><body><script>alert(document.cookie)</script></body></html>\n"
SVG_AS_TEXT = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>\n'
PDF_HTML_POLYGLOT = PDF_BYTES + b"<html><script>alert(document.domain)</script></html>\n"


def saved_as(response) -> tuple[str, str]:
    """The name a browser saves the download under: the ASCII one and the UTF-8 one."""
    disposition = response.headers["Content-Disposition"]
    fallback = disposition.split('filename="')[1].split('"')[0]
    return fallback, disposition.split("filename*=UTF-8''")[1]


@pytest.mark.parametrize("data, name, saved", [
    (HTML_AS_TEXT, "page.html", "page.txt"),
    (SVG_AS_TEXT, "img.svg", "img.txt"),
    (b"Plain words, nothing to run.\n", "x.exe", "x.txt"),
    (PDF_HTML_POLYGLOT, "poly.html", "poly.pdf"),
    (PDF_BYTES, "Award.PDF", "Award.PDF"),
    (PNG_BYTES, "screenshot", "screenshot.png"),
], ids=lambda value: value if isinstance(value, str) else "")
def test_a_download_is_named_for_what_its_bytes_are_not_what_the_uploader_called_it(
        app, client, auth, filed, data, name, saved):
    number, token = filed
    auth.login("staff")
    assert upload(client, number, file(data, name), visible_to_claimant="y").status_code == 302
    (document,) = [d for d in documents(app) if d.original_name == name]
    for address in (f"/cases/{number}/documents/{document.id}",
                    f"/cases/{number}/documents/{document.id}?inline=1",
                    f"/status/{token}/documents/{document.id}"):
        response = client.get(address)
        assert response.data == data
        assert saved_as(response) == (saved, saved), address
    # shown as it was uploaded
    assert name in page_text(client.get(f"/cases/{number}?section=documents"))


def test_privileged_documents_need_staff_as_the_privilege_log_does(app, client, auth, filed):
    number, _ = filed
    auth.login("counsel")
    upload(client, number, file(TEXT_BYTES, "advice.txt"), tag="correspondence",
           privileged="y", privilege_basis="Attorney–client", author="Counsel")
    upload(client, number, file(PNG_BYTES, "screenshot.png"))
    advice, screenshot = documents(app)
    auth.logout()

    auth.login("viewer")
    case_page = page_text(client.get(f"/cases/{number}?section=documents"))
    assert "screenshot.png" in case_page and "advice.txt" not in case_page
    assert client.get(f"/cases/{number}/documents/{advice.id}").status_code == 404
    assert client.get(f"/cases/{number}/documents/{advice.id}?inline=1").status_code == 404
    assert client.get(f"/cases/{number}/documents/{screenshot.id}").data == PNG_BYTES
    auth.logout()

    auth.login("staff")
    assert "advice.txt" in page_text(client.get(f"/cases/{number}?section=documents"))
    assert client.get(f"/cases/{number}/documents/{advice.id}").data == TEXT_BYTES
