"""Staff document pages: upload, versions, soft delete, the privilege log."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request
from flask_login import current_user

from qtrax_disputes.web.downloads import attachment
from qtrax_disputes.web.refusals import show_refusal

from ..cases import queries as case_queries
from ..cases.render import send_back
from ..cases.sections import part_url, register_section
from . import operations, privilege_log, queries
from .case_section import DOCUMENTS
from .forms import DeleteDocumentForm, UploadForm, VersionForm
from .models import Document

bp = Blueprint("documents", __name__)
register_section(bp, DOCUMENTS)

MAX_FILES = 20


def _document_or_404(case, document_id: int) -> Document:
    document = queries.document_of(case, document_id)
    if document is None:
        abort(404)  # another case's document is not reachable by changing the number
    return document


def _back(number: str):
    return redirect(part_url(number, "documents"))


@bp.route("/cases/<number>/documents", methods=["POST"])
def upload(number: str):
    case = case_queries.case_or_404(number)
    form = UploadForm()
    files = operations.chosen_files(request.files.getlist("files"))
    if form.validate() and not files:
        form.files.errors = ["Choose at least one file."]
    elif len(files) > MAX_FILES:
        form.files.errors = [f"Add at most {MAX_FILES} files at a time."]
    if form.errors or form.files.errors:
        return send_back(case, "The documents were not added", upload_form=form,
                         upload_open=True)
    log_fields = {"doc_date": form.doc_date.data,
                  "author": (form.author.data or "").strip(),
                  "recipients": (form.recipients.data or "").strip(),
                  "privilege_basis": (form.privilege_basis.data or "").strip()}
    try:
        documents = operations.upload_documents(
            case, files, tag=form.tag.data, privileged=form.privileged.data,
            visible_to_claimant=form.visible_to_claimant.data,
            description=form.description.data or "", log_fields=log_fields)
    except operations.UploadRefused as exc:
        told = show_refusal(exc, form, field="files")
        form.files.errors.append("Nothing was saved: choose your files again.")
        return send_back(case, "The documents were not added", told=told, upload_form=form,
                         upload_open=True)
    flash(f"{len(documents)} document(s) added.", "success")
    return _back(number)


@bp.route("/cases/<number>/documents/<int:document_id>/versions", methods=["POST"])
def new_version(number: str, document_id: int):
    case = case_queries.case_or_404(number)
    document = _document_or_404(case, document_id)
    form = VersionForm(prefix=f"v{document.id}")
    upload = request.files.get(form.file.name)
    if not form.validate() or not upload or not upload.filename:
        flash("Choose the file of the new version.", "error")
        return _back(number)
    try:
        operations.add_version(document, upload, form.note.data or "")
    except operations.UploadRefused as exc:
        show_refusal(exc, lead="The new version was not saved.")
        return _back(number)
    flash("New version added; the earlier one is kept in the history.", "success")
    return _back(number)


@bp.route("/cases/<number>/documents/<int:document_id>/delete", methods=["POST"])
def delete(number: str, document_id: int):
    case = case_queries.case_or_404(number)
    document = _document_or_404(case, document_id)
    form = DeleteDocumentForm(prefix=f"d{document.id}")
    if not form.validate():
        flash("Give the reason for deleting the document.", "error")
        return _back(number)
    operations.soft_delete(document, form.reason.data, current_user)
    flash(f"{document.original_name} was deleted; it stays in the history.", "success")
    return _back(number)


@bp.route("/cases/<number>/privilege-log")
def privilege_log_page(number: str):
    case = case_queries.case_or_404(number)
    return render_template("documents/privilege_log_page.html", case=case,
                           log=privilege_log.entries(queries.privilege_log(case)))


@bp.route("/cases/<number>/privilege-log.csv")
def privilege_log_csv(number: str):
    case = case_queries.case_or_404(number)
    return attachment(privilege_log.as_csv(privilege_log.entries(queries.privilege_log(case))),
                      "text/csv", f"{case.number}-privilege-log.csv")


@bp.route("/cases/<number>/privilege-log.pdf")
def privilege_log_pdf(number: str):
    case = case_queries.case_or_404(number)
    html = render_template("documents/privilege_log.html", case=case,
                           log=privilege_log.entries(queries.privilege_log(case)))
    return attachment(privilege_log.as_pdf(html), "application/pdf",
                      f"{case.number}-privilege-log.pdf")
