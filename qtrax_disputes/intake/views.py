"""Public pages: the complaint form, its confirmation and the complainant's status page."""

from __future__ import annotations

import re

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext, ngettext

from qtrax_disputes.core.clock import now_utc
from qtrax_disputes.core.refusals import Refused
from qtrax_disputes.web.extensions import limiter
from qtrax_disputes.web.formatting import long_date
from qtrax_disputes.web.refusals import show_refusal

from ..documents import held as held_uploads
from ..documents.operations import UploadRefused, chosen_files
from ..mass import settlement
from ..messages import operations as message_operations
from ..messages import queries as message_queries
from ..messages.forms import ComplainantMessageForm
from . import operations, queries
from .forms import (
    ComplaintForm,
    LostLinkForm,
    MediatorAnswerForm,
    OtherMediatorForm,
    SettlementAcceptForm,
    StatusUploadForm,
    complaint_from,
    complaint_limit,
)

bp = Blueprint("intake", __name__)

MAX_FILES = 10
HOLDER_KEY = "upload_holder"


def _files_or_error(form, field) -> list | None:
    files = chosen_files(request.files.getlist(field.name))
    if len(files) > MAX_FILES:
        field.errors.append(gettext("Attach at most %(num)d files at a time.", num=MAX_FILES))
        return None
    return files


def _holder_key() -> str | None:
    """This browser session's key to the files it chose (see documents/held.py)."""
    return session.get(HOLDER_KEY)


def _new_or_existing_holder_key() -> str:
    key = session.get(HOLDER_KEY)
    if key is None:
        key = session[HOLDER_KEY] = held_uploads.new_holder_key()
    return key


def _hold(files, kept: list, field) -> list:
    """Keep the files that pass the checks for the form's next submit; each refused one's
    message goes next to the field. Returns every file the form now holds."""
    if not files:
        return kept
    new, refusals = held_uploads.hold_files(files, _new_or_existing_holder_key())
    field.errors = [*field.errors, *refusals]
    return kept + new


@bp.route("/complaint", methods=["GET", "POST"])
@limiter.limit(complaint_limit, methods=["POST"])
def complaint():
    form = ComplaintForm()
    if request.method == "POST" and form.website.data:
        abort(400)  # only a program fills the field people cannot see
    removing = request.form.get("remove_held", "") if request.method == "POST" else ""
    valid = form.validate_on_submit()
    # Another site's page cannot make this browser keep or drop files.
    forged = bool(getattr(form, "csrf_token", None) and form.csrf_token.errors)
    if removing:
        # "Remove" sends the form back as it is, without that file and without judging it yet.
        if not forged:
            held_uploads.release(removing, _holder_key())
        for f in form:
            if f.name != "csrf_token":
                f.errors = []
        valid = False
    kept = (held_uploads.claimable(request.form.getlist("held"), _holder_key())
            if request.method == "POST" else [])
    files = [] if forged else chosen_files(request.files.getlist("attachments"))
    if len(kept) + len(files) > MAX_FILES:
        form.attachments.errors = [*form.attachments.errors,
                                   gettext("Attach at most %(num)d files at a time.",
                                           num=MAX_FILES)]
        files, valid = [], False
    refused = None  # an UploadRefused of a file just chosen
    if valid:
        try:
            filed = operations.file_complaint(complaint_from(form), files, held=kept)
        except held_uploads.HeldFileGone as exc:
            show_refusal(exc, form, field="attachments")
            kept = [item for item in kept if item.token != exc.token]
        except UploadRefused as exc:
            # A file just chosen was refused: holding them one by one below names it next
            # to the field, and keeps the others for the next submit.
            refused = exc
        else:
            # The session cookie is readable by whoever holds it: it carries the seed,
            # which opens nothing without the server's key, never the link itself.
            session["filed"] = {"number": filed.case.number, "seed": filed.seed}
            return redirect(url_for("intake.filed"))
    kept = _hold(files, kept, form.attachments)
    if refused is not None and not form.attachments.errors:
        show_refusal(refused, form, field="attachments")
    return render_template("intake/complaint.html", form=form,
                           kept=[item.shown for item in kept],
                           kept_minutes=current_app.config["HELD_UPLOAD_MINUTES"],
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
    expires = case.status_token_expires_at if case is not None else None
    if case is None or (expires is not None and expires < now_utc()):
        # A dead link (replaced, expired, mistyped) says how to get a fresh one.
        abort(make_response(render_template("intake/dead_link.html"), 404))
    return case


def _mediator_forms(view: dict, sent=None) -> dict:
    """One answer form and one "someone else" form per proposal put to the complainant, each
    prefixed by the proposal so the ids on the page stay unique; ``sent`` is the form just
    refused, kept as typed."""
    forms: dict[int, dict] = {}
    for proposal in view["mediator"]["to_answer"]:
        forms[proposal.id] = {
            "answer": MediatorAnswerForm(prefix=f"answer-{proposal.id}",
                                         version=proposal.version, formdata=None),
            "other": OtherMediatorForm(prefix=f"other-{proposal.id}",
                                       version=proposal.version, formdata=None),
        }
    if sent is not None and sent[0] in forms:
        # kept as typed, with the version as it is now: a stale answer is not stale twice
        sent[2].version.data = forms[sent[0]][sent[1]].version.data
        forms[sent[0]][sent[1]] = sent[2]
    return forms


def _status_page(case, token: str, *, form=None, message_form=None, sent=None,
                 code: int = 200):
    """The status page, with the upload, the message or a mediator's form shown with its
    errors."""
    view = queries.status_view(case)
    return render_template(
        "intake/status.html", **view, token=token,
        form=form or StatusUploadForm(formdata=None),
        mediator_forms=_mediator_forms(view, sent),
        messages=message_queries.case_messages(case, complainant=True),
        message_form=message_form or ComplainantMessageForm(formdata=None, prefix="message"),
        max_file_mb=current_app.config["MAX_FILE_BYTES"] // (1024 * 1024)), code


@bp.route("/status/<token>", methods=["GET"])
def status(token: str):
    return _status_page(_case_for_token(token), token)


@bp.route("/status/<token>/documents", methods=["POST"])
@limiter.limit(complaint_limit)
def status_upload(token: str):
    case = _case_for_token(token)
    form = StatusUploadForm()
    if form.validate_on_submit():
        files = _files_or_error(form, form.attachments)
        if files == []:
            form.attachments.errors.append(gettext("Choose at least one file to add."))
        elif files:
            try:
                count = operations.add_documents_from_complainant(case, files, form.note.data or "")
            except UploadRefused as exc:
                show_refusal(exc, form, field="attachments")
            else:
                flash(ngettext("%(num)d document added to your case.",
                               "%(num)d documents added to your case.", count), "success")
                return redirect(url_for("intake.status", token=token))
    return _status_page(case, token, form=form, code=400)


@bp.route("/status/<token>/messages", methods=["POST"])
@limiter.limit(complaint_limit)
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
                                               gettext("Nothing was sent: choose your "
                                                       "files again.")]
            else:
                flash(gettext("Your message was sent. We will answer here, and email you "
                              "when we do."), "success")
                return redirect(url_for("intake.status", token=token) + "#messages")
    return _status_page(case, token, message_form=form, code=400)


@bp.route("/status/<token>/documents/<int:document_id>")
def status_document(token: str, document_id: int):
    case = _case_for_token(token)
    document = queries.claimant_document(case, document_id)
    if document is None:
        abort(404)
    from ..documents.delivery import send_document

    return send_document(document, actor=f"complainant:{case.number}")



def _version(form) -> int:
    try:
        return int(form.version.data or 0)
    except ValueError:
        return 0


@bp.route("/status/<token>/mediator/<int:proposal_id>/answer", methods=["POST"])
@limiter.limit(complaint_limit)
def answer_mediator(token: str, proposal_id: int):
    case = _case_for_token(token)
    form = MediatorAnswerForm(prefix=f"answer-{proposal_id}")
    if form.validate_on_submit():
        try:
            operations.answer_mediator(case, proposal_id, answer=form.answer.data,
                                       reason=form.reason.data or "",
                                       expected_version=_version(form))
        except Refused as exc:
            show_refusal(exc, form)
        else:
            flash(gettext("Your answer was sent. Thank you.") if form.answer.data == "accepted"
                  else gettext("Your answer was sent. Qtrax will propose someone else or ask "
                               "you to."), "success")
            return redirect(url_for("intake.status", token=token) + "#mediator")
    return _status_page(case, token, sent=(proposal_id, "answer", form), code=400)


@bp.route("/status/<token>/mediator/<int:proposal_id>/other", methods=["POST"])
@limiter.limit(complaint_limit)
def propose_mediator(token: str, proposal_id: int):
    case = _case_for_token(token)
    form = OtherMediatorForm(prefix=f"other-{proposal_id}")
    if form.validate_on_submit():
        try:
            operations.propose_other_mediator(case, proposal_id, name=form.name.data or "",
                                              reason=form.reason.data or "",
                                              expected_version=_version(form))
        except Refused as exc:
            show_refusal(exc, form)
        else:
            flash(gettext("Your proposal was sent. Qtrax will check the mediator you "
                          "proposed and answer."), "success")
            return redirect(url_for("intake.status", token=token) + "#mediator")
    return _status_page(case, token, sent=(proposal_id, "other", form), code=400)


# --- the claimant's acceptance of a settlement offer to their mass ---------------------------


@bp.route("/status/<token>/settlement", methods=["GET"])
def settlement_offer(token: str):
    """The confirm step: the offer said again, and the one button that accepts it."""
    case = _case_for_token(token)
    offer = settlement.offer_for_claimant(case)
    if offer is None or offer.state != settlement.OPEN:
        return redirect(url_for("intake.status", token=token) + "#settlement")
    form = SettlementAcceptForm(formdata=None, offer=str(offer.offer_id))
    return render_template("intake/settlement_confirm.html", case=case, offer=offer,
                           token=token, form=form)


def _offer_id(form: SettlementAcceptForm) -> int | None:
    value = form.offer.data or ""
    return int(value) if re.fullmatch(r"[0-9]{1,9}", value) else None


@bp.route("/status/<token>/settlement", methods=["POST"])
@limiter.limit(complaint_limit)
def accept_settlement(token: str):
    case = _case_for_token(token)
    form = SettlementAcceptForm()
    offer_id = _offer_id(form) if form.validate_on_submit() else None
    if offer_id is None:
        flash(gettext("Your acceptance was not recorded: the page you sent it from was out of "
                      "date. Read the offer again below."), "error")
        return _status_page(case, token, code=400)
    try:
        done = settlement.accept_for_claimant(case, offer_id)
    except settlement.OfferRefused as exc:
        flash(exc.message, "error")
        return _status_page(case, token, code=422)
    if done.already:
        flash(gettext("Your acceptance was recorded already, on %(date)s. Nothing more is "
                      "needed from you now.", date=long_date(done.accepted_on)), "success")
    else:
        flash(gettext("Thank you: your acceptance is recorded. We will send you the release "
                      "to sign."), "success")
    # To the top, where the message is; the settlement follows the case's stage.
    return redirect(url_for("intake.status", token=token))


@bp.route("/case-links", methods=["GET", "POST"])
@limiter.limit(complaint_limit, methods=["POST"])
def lost_link():
    """A lost status link: fresh links to the address's open cases, by email. The answer is
    the same whether or not the address filed anything, so the page tells nobody who did."""
    form = LostLinkForm()
    if form.validate_on_submit():
        operations.send_case_links(form.email.data)
        return redirect(url_for("intake.lost_link_sent"))
    return render_template("intake/lost_link.html", form=form), (
        400 if request.method == "POST" else 200)


@bp.route("/case-links/sent")
def lost_link_sent():
    return render_template("intake/lost_link_sent.html")
