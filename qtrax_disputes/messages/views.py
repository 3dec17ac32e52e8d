"""Staff write to the complainant from the case's timeline."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, request

from qtrax_disputes.web.refusals import show_refusal

from ..cases import queries as case_queries
from ..cases.render import send_back
from ..cases.sections import TIMELINE, part_url, register_section
from ..documents.operations import UploadRefused, chosen_files
from . import operations
from .case_section import MESSAGES, PREFIX
from .forms import StaffMessageForm

bp = Blueprint("messages", __name__)
register_section(bp, MESSAGES)

MAX_FILES = 10


@bp.route("/cases/<number>/messages", methods=["POST"])
def write(number: str):
    case = case_queries.case_or_404(number)
    form = StaffMessageForm(prefix=PREFIX)
    files = chosen_files(request.files.getlist(form.attachments.name))
    form.validate()
    if len(files) > MAX_FILES:
        form.attachments.errors = [f"Attach at most {MAX_FILES} files at a time."]
    if form.errors or form.attachments.errors:
        return send_back(case, "The message was not sent", tab=TIMELINE, message_form=form)
    try:
        operations.send_from_staff(case, form.body.data or "", files)
    except (UploadRefused, operations.MessageRefused) as exc:
        told = show_refusal(exc, form, field="attachments")
        if isinstance(exc, UploadRefused):
            form.attachments.errors = [*form.attachments.errors,
                                       "Nothing was sent: choose your files again."]
        return send_back(case, "The message was not sent", told=told, tab=TIMELINE,
                         message_form=form)
    if case.updates_off_at is None:
        flash("Message sent. The complainant is emailed a link to read it.", "success")
    else:
        flash("Message sent. The complainant turned update emails off, so it waits for them "
              "on their status page.", "success")
    return redirect(part_url(number, TIMELINE, "messages"))
