"""The complaint form forgives: files chosen before a refused submit are kept, for that browser
only and for a while, and become the case's documents when the form is finally filed."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select, update

from qtrax_disputes.cases.models import Case
from qtrax_disputes.core.clock import now_utc
from qtrax_disputes.documents.models import Document, HeldUpload
from qtrax_disputes.documents.operations import UploadRefused, storage
from qtrax_disputes.web.extensions import db
from tests.conftest import CsrfClient, page_text
from tests.web.helpers import (
    ELF_BYTES,
    PDF_BYTES,
    PNG_BYTES,
    age_stored_files,
    complaint_data,
    file,
    file_complaint,
    kept_files,
)


def count(app, model):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def stored_hashes(app) -> set[str]:
    root = Path(app.config["UPLOAD_DIR"])
    return {p.parent.name + p.name for p in root.glob("??/*") if p.is_file()}


def resubmit(client, kept, files=(), **overrides):
    """The re-rendered form sent again: what it carries of the kept files, and what was typed."""
    data = complaint_data(**overrides)
    data["held"] = [token for token, _ in kept]
    if files:
        data["attachments"] = list(files)
    return client.post("/complaint", data=data, content_type="multipart/form-data")


def refused_with(client, *files):
    """A first submit refused for a missing name, with these files chosen."""
    response = file_complaint(client, files=list(files), name="")
    assert response.status_code == 200 and "Enter your name." in page_text(response)
    return response


def test_files_chosen_before_a_refused_submit_are_kept_and_shown_with_a_remove_button(
        app, client):
    response = refused_with(client, file(PDF_BYTES, "evidence.pdf"))
    kept = kept_files(response)
    assert [name for _, name in kept] == ["evidence.pdf"]
    html = response.get_data(as_text=True)
    assert f'name="remove_held" value="{kept[0][0]}"' in html
    text = page_text(response)
    assert "You do not need to choose it again." in text and "choose your files again" not in text
    assert "1 KB" in text
    assert count(app, HeldUpload) == 1 and count(app, Document) == 0 and count(app, Case) == 0


def test_the_kept_file_is_filed_with_the_case_without_being_chosen_again(app, client):
    kept = kept_files(refused_with(client, file(PDF_BYTES, "evidence.pdf")))
    response = resubmit(client, kept)
    assert response.status_code == 302
    with app.app_context():
        (document,) = db.session.scalars(select(Document)).all()
        assert document.original_name == "evidence.pdf" and document.tag == "complaint"
        with storage().open(document.sha256) as handle:
            assert handle.read() == PDF_BYTES
    assert count(app, HeldUpload) == 0


def test_a_file_chosen_again_alongside_the_kept_ones_is_filed_too(app, client):
    kept = kept_files(refused_with(client, file(PDF_BYTES, "evidence.pdf")))
    assert resubmit(client, kept, files=[file(PNG_BYTES, "photo.png")]).status_code == 302
    with app.app_context():
        names = db.session.scalars(select(Document.original_name).order_by(Document.id)).all()
    assert names == ["evidence.pdf", "photo.png"]


def test_remove_takes_one_kept_file_off_the_form_and_keeps_what_was_typed(app, client):
    kept = kept_files(refused_with(client, file(PDF_BYTES, "first.pdf"),
                                   file(PNG_BYTES, "second.png")))
    assert [name for _, name in kept] == ["first.pdf", "second.png"]
    data = complaint_data(name="", description="What I typed about the spam I received.")
    data.update(held=[token for token, _ in kept], remove_held=kept[0][0])
    response = client.post("/complaint", data=data, content_type="multipart/form-data")
    assert response.status_code == 200
    assert [name for _, name in kept_files(response)] == ["second.png"]
    html = response.get_data(as_text=True)
    assert "What I typed about the spam I received." in html
    assert "Please correct" not in html  # removing a file is not a submit to judge
    assert count(app, HeldUpload) == 1


def test_a_removed_file_is_not_filed_even_if_its_token_is_sent_again(app, client):
    kept = kept_files(refused_with(client, file(PDF_BYTES, "first.pdf")))
    data = complaint_data(held=[kept[0][0]], remove_held=kept[0][0])
    client.post("/complaint", data=data, content_type="multipart/form-data")
    assert resubmit(client, kept).status_code == 302
    assert count(app, Document) == 0


def test_another_browser_cannot_claim_a_kept_file(app, client):
    kept = kept_files(refused_with(client, file(PDF_BYTES, "private.pdf")))
    app.test_client_class = CsrfClient
    stranger = app.test_client()
    # The stranger's browser holds files of its own, and sends the other's tokens with them.
    own = kept_files(refused_with(stranger, file(PNG_BYTES, "mine.png")))
    assert resubmit(stranger, kept + own, name="Someone Else").status_code == 302
    with app.app_context():
        assert db.session.scalars(select(Document.original_name)).all() == ["mine.png"]
    assert count(app, HeldUpload) == 1
    assert resubmit(client, kept).status_code == 302  # its own browser still can
    assert count(app, Document) == 2


def test_an_expired_kept_file_is_no_longer_offered(app, client):
    kept = kept_files(refused_with(client, file(PDF_BYTES, "late.pdf")))
    with app.app_context():
        db.session.execute(update(HeldUpload).values(expires_at=now_utc() - timedelta(seconds=1)))
        db.session.commit()
    assert resubmit(client, kept).status_code == 302
    assert count(app, Document) == 0


def test_kept_files_become_documents_in_the_same_commit_as_the_case(app, client, monkeypatch):
    kept = kept_files(refused_with(client, file(PDF_BYTES, "evidence.pdf")))

    def receipt_fails(*args, **kwargs):
        raise UploadRefused("The receipt could not be queued.")

    # The last write of the filing refuses: the case, its documents and the claim all go.
    monkeypatch.setattr("qtrax_disputes.intake.operations.enqueue", receipt_fails)
    response = resubmit(client, kept)
    assert response.status_code == 200
    assert "The receipt could not be queued." in page_text(response)
    assert count(app, Case) == 0 and count(app, Document) == 0
    assert count(app, HeldUpload) == 1
    assert [name for _, name in kept_files(response)] == ["evidence.pdf"]
    monkeypatch.undo()
    assert resubmit(client, kept).status_code == 302
    assert count(app, Document) == 1 and count(app, HeldUpload) == 0


def test_a_refused_file_is_named_next_to_the_field_and_the_others_are_kept(app, client):
    response = file_complaint(client, files=[file(PNG_BYTES, "photo.png"),
                                             file(ELF_BYTES, "invoice.pdf"),
                                             file(b"", "empty.txt")])
    html = response.get_data(as_text=True)
    error = re.search(r'<p class="error" id="attachments-error">(.*?)</p>', html, re.S).group(1)
    assert "invoice.pdf: this is not an accepted type" in error
    assert "empty.txt: the file is empty." in error
    assert [name for _, name in kept_files(response)] == ["photo.png"]
    assert count(app, Case) == 0


def test_documents_gc_keeps_the_file_of_a_kept_upload(app, client):
    refused_with(client, file(PNG_BYTES, "photo.png"))
    age_stored_files(app)
    result = app.test_cli_runner().invoke(args=["documents", "gc"])
    assert result.exit_code == 0 and "0 file(s) removed" in result.output
    assert len(stored_hashes(app)) == 1


def test_purge_held_removes_expired_kept_files_but_never_one_a_document_uses(app, client):
    # A case filed with the PDF; another attempt, refused, kept the same PDF and a PNG.
    assert file_complaint(client, files=[file(PDF_BYTES, "filed.pdf")]).status_code == 302
    app.test_client_class = CsrfClient
    other = app.test_client()
    refused_with(other, file(PDF_BYTES, "same-bytes.pdf"), file(PNG_BYTES, "photo.png"))
    with app.app_context():
        pdf_hash = db.session.scalar(select(Document.sha256))
    assert len(stored_hashes(app)) == 2

    runner = app.test_cli_runner()
    age_stored_files(app)
    assert "0 expired" in runner.invoke(args=["documents", "purge-held"]).output
    assert count(app, HeldUpload) == 2  # not yet expired: kept, files and all

    with app.app_context():
        db.session.execute(update(HeldUpload).values(expires_at=now_utc() - timedelta(seconds=1)))
        db.session.commit()
    result = runner.invoke(args=["documents", "purge-held"])
    assert result.exit_code == 0, result.output
    assert "2 expired kept file(s) released, 1 stored file(s) removed" in result.output
    assert count(app, HeldUpload) == 0
    assert stored_hashes(app) == {pdf_hash}  # the document's file stays

