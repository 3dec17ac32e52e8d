"""Public pages: the complaint form, its confirmation and the complainant's status page."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from qtrax_disputes.core.clock import now_utc
from qtrax_disputes.web.extensions import limiter
from qtrax_disputes.web.refusals import show_refusal

from ..documents.operations import UploadRefused, chosen_files
from ..messages import operations as message_operations
from ..messages import queries as message_queries
from ..messages.forms import ComplainantMessageForm
from . import operations, queries
from .forms import ComplaintForm, StatusUploadForm

bp = Blueprint("intake", __name__)

MAX_FILES = 10


def _complaint_limit() -> str:
    return current_app.config["COMPLAINT_RATE_LIMIT"]


def _files_or_error(form, field) -> list | None:
    files = chosen_files(request.files.getlist(field.name))
    if len(files) > MAX_FILES:
        field.errors.append(f"Attach at most {MAX_FILES} files at a time.")
        return None
    return files


@bp.route("/complaint", methods=["GET", "POST"])
@limiter.limit(_complaint_limit, methods=["POST"])
def complaint():
    form = ComplaintForm()
    if request.method == "POST" and form.website.data:
        abort(400)  # only a program fills the field people cannot see
    if form.validate_on_submit():
        files = _files_or_error(form, form.attachments)
        if files is not None:
            try:
                filed = operations.file_complaint(
                    operations.Complaint(
                        name=form.name.data, email=form.email.data, phone=form.phone.data or "",
                        account=form.account.data, category=form.category.data,
                        incident_on=form.incident_on.data, description=form.description.data,
                        resolution=form.resolution.data, amount_cents=form.amount.cents,
                        is_child_data=form.is_child_data.data,
                        information_given_on=form.information_given_on.data,
                    ),
                    files,
                )
            except UploadRefused as exc:
                show_refusal(exc, form, field="attachments")
            else:
                # The session cookie is readable by whoever holds it: it carries the seed,
                # which opens nothing without the server's key, never the link itself.
                session["filed"] = {"number": filed.case.number, "seed": filed.seed}
                return redirect(url_for("intake.filed"))
    files_were_chosen = bool(chosen_files(request.files.getlist("attachments")))
    return render_template("intake/complaint.html", form=form,
                           reselect_files=request.method == "POST" and files_were_chosen,
                           max_file_mb=current_app.config["MAX_FILE_BYTES"] // (1024 * 1024))


@bp.route("/complaint/filed")
def filed():
    details = session.get("filed")
    if not details or "seed" not in details:
        return redirect(url_for("intake.complaint"))
    return render_template("intake/filed.html", number=details["number"],
                           link=operations.status_url_for_seed(details["seed"]))


def _case_for_token(token: str):
    case = queries.case_for_token(token)
    if case is None:
        abort(404)
    expires = case.status_token_expires_at
    if expires is not None and expires < now_utc():
        abort(404)
    return case


def _status_page(case, token: str, *, form=None, message_form=None, status: int = 200):
    """The status page, with the upload or the message form shown with its errors."""
    return render_template(
        "intake/status.html", **queries.status_view(case), token=token,
        form=form or StatusUploadForm(formdata=None),
        messages=message_queries.case_messages(case, complainant=True),
        message_form=message_form or ComplainantMessageForm(formdata=None, prefix="message"),
        max_file_mb=current_app.config["MAX_FILE_BYTES"] // (1024 * 1024)), status


@bp.route("/status/<token>", methods=["GET"])
def status(token: str):
    return _status_page(_case_for_token(token), token)


@bp.route("/status/<token>/documents", methods=["POST"])
@limiter.limit(_complaint_limit)
def status_upload(token: str):
    case = _case_for_token(token)
    form = StatusUploadForm()
    if form.validate_on_submit():
        files = _files_or_error(form, form.attachments)
        if files == []:
            form.attachments.errors.append("Choose at least one file to add.")
        elif files:
            try:
                count = operations.add_documents_from_complainant(case, files, form.note.data or "")
            except UploadRefused as exc:
                show_refusal(exc, form, field="attachments")
            else:
                flash(f"{count} document(s) added to your case.", "success")
                return redirect(url_for("intake.status", token=token))
    return _status_page(case, token, form=form, status=400)


@bp.route("/status/<token>/messages", methods=["POST"])
@limiter.limit(_complaint_limit)
def status_message(token: str):
    case = _case_for_token(token)
    form = ComplainantMessageForm(prefix="message")
    if form.validate_on_submit():
        files = _files_or_error(form, form.attachments)
        if files is not None:
            try:
                message_operations.send_from_complainant(case, form.body.data or "", files)
            except (UploadRefused, message_operations.MessageRefused) as exc:
                show_refusal(exc, form, field="attachments")
                if isinstance(exc, UploadRefused):
                    form.attachments.errors = [*form.attachments.errors,
                                               "Nothing was sent: choose your files again."]
            else:
                flash("Your message was sent. We will answer here, and email you when we "
                      "do.", "success")
                return redirect(url_for("intake.status", token=token) + "#messages")
    return _status_page(case, token, message_form=form, status=400)


@bp.route("/status/<token>/documents/<int:document_id>")
def status_document(token: str, document_id: int):
    case = _case_for_token(token)
    document = queries.claimant_document(case, document_id)
    if document is None:
        abort(404)
    from ..documents.delivery import send_document

    return send_document(document, actor=f"complainant:{case.number}")

