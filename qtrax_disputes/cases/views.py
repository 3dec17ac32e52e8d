"""Staff pages of cases: the list and the case page with its small forms."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple
from urllib.parse import parse_qsl, urlencode

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_login import current_user
from markupsafe import Markup

from qtrax_disputes.auth.roles import STAFF
from qtrax_disputes.core.email_address import normalise_email
from qtrax_disputes.web.downloads import attachment
from qtrax_disputes.web.forms_common import version_of
from qtrax_disputes.web.read_cache import cached
from qtrax_disputes.web.refusals import show_refusal

from ..auth import queries as auth_queries
from ..neutrals import queries as neutral_queries
from . import event_labels, operations, queries, steps, workflow
from .categories import CATEGORIES
from .export import case_rows_csv
from .forms import (
    AnswerForm,
    CaseEditForm,
    ClauseForm,
    ConflictCheckForm,
    NoteForm,
    PartyForm,
    ProposalForm,
)
from .list_forms import ASSIGN, NOBODY, BulkForm, PinForm, SavedViewForm
from .models import NeutralProposal
from .render import assign_form, edit_form, proposal_form, render_case, send_back
from .sections import PARTIES, Section, part_url, register_section
from .step_forms import prefix_for, side_step_form_class, transition_form_class

bp = Blueprint("cases", __name__, url_prefix="/cases")

# The case's own sections; its record (complaint, facts, timeline, parties, assignment) is the
# page itself. The road's data is the page's, shared by all of them (cases/page.py). The
# first one's part (the overview) is where the case's own forms come back with errors.
for _section in (
    Section(name="progress", title="Where the case is on its road", anchor="progress",
            template="cases/_progress.html", slot="top", order=10),
    Section(name="steps", title="Next step", anchor="steps", template="cases/_steps.html",
            slot="lead", order=10),
    Section(name="neutrals", title="Mediator and arbitrator", anchor="neutrals",
            template="cases/_neutrals.html", slot="record", order=10, tab=PARTIES),
    Section(name="policy", title="Privacy policy", anchor="policy",
            template="cases/_policy.html", slot="side", order=90),
):
    register_section(bp, _section)


def _list_html(filters: queries.CaseFilters, args: dict, selectable: bool) -> Markup:
    rows, total = queries.case_list(filters, current_user.id)
    # Rendered without the context processors: the fragment is shared by everyone who asks,
    # so it must not see who is asking. Autoescaped, so already safe to insert as it is.
    return Markup(current_app.jinja_env.get_template("cases/_list.html").render(  # noqa: S704
        rows=rows, total=total, filters=filters,
        capped=bool(filters.q) and total > queries.SEARCH_COUNT_CAP,
        page_size=queries.PAGE_SIZE, categories=CATEGORIES, stages=workflow.STAGE_LABELS,
        users=queries.assignable_users(), args=args, selectable=selectable,
        mass_name=mass_name(filters.mass),
    ))


def mass_name(mass_id: str) -> str:
    from ..mass.queries import name_of

    return name_of(mass_id)


def list_query(pairs) -> str:
    """The list's filters as a query string, in a stable order; the page is not a filter."""
    return urlencode(sorted((k, v) for k, v in pairs if k != "page" and v != ""))


def _back_to_list(query: str):
    # Parsed and encoded again: only name=value pairs ever follow the list's own address.
    again = urlencode(parse_qsl(query or ""))
    return redirect(url_for("cases.index") + (f"?{again}" if again else ""))


def _assignee_choices():
    # No one is chosen until the person chooses: a reassignment by default would unassign.
    # The staff are kept as plain pairs with the list itself, not read again on every view of it.
    people = cached(("cases.assignable",), lambda: [
        (str(u.id), u.display_name) for u in queries.assignable_users()])
    return [("", "Choose a person"), (NOBODY, "Nobody (unassign)"), *people]


class ViewLink(NamedTuple):
    """What the list shows of a saved view."""

    id: int
    name: str
    query_string: str
    pinned: bool


def _index_page(save_form=None, bulk_form=None, status: int = 200):
    filters = queries.CaseFilters.from_args(request.args)
    args = request.args.to_dict()
    selectable = current_user.can(STAFF)
    # The links on the page are built from the query string as given, so it is the key; only
    # "assigned to me" depends on who asks, and only staff get the boxes to select cases.
    key = ("cases.index", tuple(sorted(args.items())),
           current_user.id if filters.assignee == "me" else None, selectable)
    query = list_query(request.args.items(multi=True))
    save_form = save_form or SavedViewForm(formdata=None, query=query)
    if selectable and bulk_form is None:
        bulk_form = BulkForm(formdata=None, back=query)
    if bulk_form is not None:
        bulk_form.assignee.choices = _assignee_choices()
    return render_template(
        "cases/index.html",
        list_html=cached(key, lambda: _list_html(filters, args, selectable)),
        # Kept as plain rows, like the list: a person's views change only by their own writes.
        views=cached(("cases.views", current_user.id), lambda: [
            ViewLink(v.id, v.name, v.query_string, v.pinned)
            for v in queries.saved_views(current_user.id)]),
        current_query=query,
        save_form=save_form, bulk_form=bulk_form, pin_form=PinForm(formdata=None),
    ), status


@bp.route("")
def index():
    return _index_page()


@bp.route("/export.csv")
def export_csv():
    """Every case the current filters match, not only the page shown: streamed, so the
    first rows leave before the last are read."""
    filters = queries.CaseFilters.from_args(request.args)
    rows = queries.all_matching(filters, current_user.id)
    return attachment(stream_with_context(case_rows_csv(rows)), "text/csv", "cases.csv")


@bp.route("/views", methods=["POST"])
def save_view():
    form = SavedViewForm()
    if not form.validate():
        return _index_page(save_form=form, status=422)
    query = list_query(parse_qsl(form.query.data or ""))
    try:
        operations.save_view(current_user, form.name.data, query, form.pinned.data)
    except operations.ViewRefused as exc:
        show_refusal(exc, form)
        return _index_page(save_form=form, status=422)
    flash(f"Saved the view “{form.name.data.strip()}”.", "success")
    return _back_to_list(query)


def _own_view_or_404(view_id: int):
    view = queries.saved_view_of(current_user.id, view_id)
    if view is None:
        abort(404)  # another person's views are not reachable by changing the id
    return view


@bp.route("/views/<int:view_id>/pin", methods=["POST"])
def pin_view(view_id: int):
    view = _own_view_or_404(view_id)
    form = PinForm()
    if not form.validate():
        abort(400)
    operations.pin_view(view, form.pinned.data == "1")
    return redirect(url_for("cases.index"))


@bp.route("/views/<int:view_id>/delete", methods=["POST"])
def delete_view(view_id: int):
    view = _own_view_or_404(view_id)
    if not PinForm().validate():
        abort(400)
    operations.delete_view(view)
    flash("View deleted.", "success")
    return redirect(url_for("cases.index"))


@bp.route("/bulk", methods=["POST"])
def bulk():
    form = BulkForm()
    form.assignee.choices = _assignee_choices()
    if not form.validate():
        flash("Nothing was changed: " + " ".join(
            e for field in form for e in field.errors), "error")
        return _back_to_list(form.back.data)
    cases = queries.cases_numbered(form.cases.data)
    try:
        if form.action.data == ASSIGN:
            user = auth_queries.account(int(form.assignee.data)) \
                if form.assignee.data != NOBODY else None
            if user is not None and not user.assignable:
                flash("Nothing was changed: choose an active staff member.", "error")
                return _back_to_list(form.back.data)
            changed = operations.bulk_assign(cases, user)
            flash(f"{changed} of {len(cases)} selected cases reassigned.", "success")
        else:
            changed = operations.bulk_note(cases, form.note.data)
            flash(f"Note added to {changed} {'case' if changed == 1 else 'cases'}.", "success")
    except operations.StaleCase as exc:
        show_refusal(exc)
    return _back_to_list(form.back.data)


@bp.route("/<number>")
def show(number: str):
    return render_case(queries.case_or_404(number))


@bp.route("/<number>/edit", methods=["POST"])
def edit(number: str):
    case = queries.case_or_404(number)
    form = CaseEditForm()
    if not form.validate():
        return send_back(case, "The details were not saved", edit_form=form, edit_open=True)
    values = form.values(operations.EDITABLE)
    try:
        changed = operations.update_details(case, values, version_of(form.version.data))
    except operations.StaleCase as exc:
        fresh = edit_form(case)  # read again: the operation rolled back, so the case reloads
        form.version.data = case.version  # a second save, after review, may go through
        return send_back(case, "The details were not saved", 409, told=show_refusal(exc),
                         edit_form=form, edit_open=True, current_details=fresh)
    flash("Saved." if changed else "Nothing had changed.", "success")
    return redirect(url_for("cases.show", number=number))


@bp.route("/<number>/clause", methods=["POST"])
def confirm_clause(number: str):
    from ..policies.queries import all_versions

    case = queries.case_or_404(number)
    form = ClauseForm()
    form.version_on.choices = [(v.key, v.key) for v in all_versions()]
    if not form.validate():
        return send_back(case, "The clause was not confirmed", clause_form=form)
    try:
        changed = operations.confirm_clause(case, date.fromisoformat(form.version_on.data),
                                            form.reason.data or "", version_of(form.version.data))
    except operations.StaleCase as exc:
        form.version.data = case.version
        return send_back(case, "The clause was not confirmed", 409,
                         told=show_refusal(exc), clause_form=form)
    flash("The governing clause was confirmed." if changed else "Nothing had changed.",
          "success")
    return redirect(url_for("cases.show", number=number) + "#policy")


@bp.route("/<number>/notes", methods=["POST"])
def add_note(number: str):
    case = queries.case_or_404(number)
    form = NoteForm()
    if not form.validate():
        return send_back(case, "The note was not added", tab="timeline", note_form=form)
    operations.add_note(case, form.text.data)
    flash("Note added.", "success")
    return redirect(part_url(number, "timeline"))


@bp.route("/<number>/assign", methods=["POST"])
def assign(number: str):
    case = queries.case_or_404(number)
    form = assign_form(case)
    form.process(request.form)
    if not form.validate():
        return send_back(case, "The case was not assigned", tab="parties", assign_form=form)
    # Optional() lets a blank choice through unchecked: "" or spaces are nobody.
    chosen = (form.assignee.data or "").strip()
    user = auth_queries.account(int(chosen)) if chosen else None
    if user is not None and not user.assignable:
        form.assignee.errors.append("Choose an active staff member.")
        return send_back(case, "The case was not assigned", tab="parties", assign_form=form)
    try:
        operations.assign(case, user, version_of(form.version.data))
    except operations.StaleCase as exc:
        show_refusal(exc)
        return redirect(url_for("cases.show", number=number, section="parties") + "#assign-h")
    flash(f"Assigned to {user.display_name}." if user else "Unassigned.", "success")
    return redirect(url_for("cases.show", number=number, section="parties") + "#assign-h")


@bp.route("/<number>/documents/<int:document_id>")
def document(number: str, document_id: int):
    from ..documents.delivery import send_document
    from ..documents.queries import document_of, sees_privileged

    case = queries.case_or_404(number)
    found = document_of(case, document_id)
    if found is None:
        abort(404)  # another case's document is not reachable by changing the number
    if found.privileged and not sees_privileged(current_user.role):
        abort(404)  # as absent from the case page, so from its address
    return send_document(found, inline=request.args.get("inline") == "1")


def _step_input(form) -> operations.StepInput:
    values = {}
    for name, field in form._fields.items():
        if name in ("csrf_token", "occurred_on", "note", "document"):
            continue
        values[name] = field.cents if hasattr(field, "cents") else field.data
    document = getattr(form, "document", None)
    chosen = document.data if document is not None and document.data and \
        getattr(document.data, "filename", "") else None
    return operations.StepInput(occurred_on=form.occurred_on.data, note=form.note.data or "",
                                values=values, document=chosen)


def _step_refused(case, form, prefix: str, exc: operations.StepRefused):
    return send_back(case, "The step was not recorded", told=show_refusal(exc, form),
                     step_forms={prefix: form})


@bp.route("/<number>/move/<target>", methods=["POST"])
def transition(number: str, target: str):
    case = queries.case_or_404(number)
    row = workflow.find(case.stage, target)
    if row is None:
        flash(f"This case is no longer at a stage from which it can move to "
              f"“{workflow.stage_label(target)}”. The page shows where it is now.", "error")
        return redirect(url_for("cases.show", number=number))
    prefix = prefix_for(target)
    form = transition_form_class(row)(prefix=prefix)
    if not form.validate() or not form.check_amounts():
        return send_back(case, "The step was not recorded", step_forms={prefix: form})
    try:
        operations.move_case(case, target, _step_input(form), role=current_user.role,
                             expected_version=version_of(request.form.get("version")))
    except operations.StaleCase as exc:
        show_refusal(exc)
        return redirect(url_for("cases.show", number=number))
    except operations.StepRefused as exc:
        return _step_refused(case, form, prefix, exc)
    flash(f"Recorded: {workflow.stage_label(target)}.", "success")
    return redirect(url_for("cases.show", number=number))


@bp.route("/<number>/steps/<kind>", methods=["POST"])
def record_step(number: str, kind: str):
    case = queries.case_or_404(number)
    side = steps.side_step(kind)
    if side is None:
        abort(404)
    prefix = f"side_{kind}"
    form = side_step_form_class(side)(prefix=prefix)
    if not form.validate():
        return send_back(case, "The step was not recorded", step_forms={prefix: form})
    try:
        operations.record_side_step(case, kind, _step_input(form), role=current_user.role)
    except operations.StepRefused as exc:
        return _step_refused(case, form, prefix, exc)
    flash(f"Recorded: {side.label}.", "success")
    return redirect(url_for("cases.show", number=number))


@bp.route("/<number>/parties", methods=["POST"])
def add_party(number: str):
    case = queries.case_or_404(number)
    form = PartyForm()
    if not form.validate():
        return send_back(case, "The party was not added", tab="parties", party_form=form,
                         party_open=True)
    operations.add_party(case, {
        "role": form.role.data, "name": form.name.data.strip(),
        "organisation": form.organisation.data.strip(),
        "email": normalise_email(form.email.data), "phone": form.phone.data.strip(),
        "address": form.address.data.strip()})
    flash("Party added.", "success")
    return redirect(url_for("cases.show", number=number, section="parties") + "#people-h")


@bp.route("/<number>/proposals", methods=["POST"])
def propose_neutral(number: str):

    case = queries.case_or_404(number)
    form = proposal_form(ProposalForm())
    if not form.validate():
        return send_back(case, "The proposal was not recorded", tab="parties",
                         proposal_form=form, proposal_open=True)
    neutral = neutral_queries.neutral(int(form.neutral.data)) if form.neutral.data else None
    operations.propose_neutral(
        case, kind=form.kind.data, proposed_by=form.proposed_by.data,
        proposed_on=form.proposed_on.data,
        name=neutral.name if neutral else form.name.data,
        organisation=neutral.organisation if neutral else form.organisation.data or "",
        email=neutral.email if neutral else form.email.data or "",
        neutral_id=neutral.id if neutral else None)
    flash("Proposal recorded. Record the disclosures and run the conflict check next.",
          "success")
    return redirect(part_url(number, "parties", "neutrals"))


def _proposal_or_404(case, proposal_id: int) -> NeutralProposal:
    proposal = queries.proposal_of(case, proposal_id)
    if proposal is None:
        abort(404)
    return proposal


@bp.route("/<number>/proposals/<int:proposal_id>/conflicts", methods=["POST"])
def check_conflicts(number: str, proposal_id: int):
    case = queries.case_or_404(number)
    proposal = _proposal_or_404(case, proposal_id)
    form = ConflictCheckForm()
    if not form.validate():
        return send_back(case, "The conflict check was not recorded", tab="parties",
                         conflict_form=form)
    hits = operations.record_conflict_check(proposal, form.disclosures.data, current_user)
    flash(f"Conflict check recorded: {len(hits)} other case(s) found." if hits
          else "Conflict check recorded: no other case involves this person.",
          "warning" if hits else "success")
    return redirect(part_url(number, "parties", "neutrals"))


@bp.route("/<number>/proposals/<int:proposal_id>/answer", methods=["POST"])
def answer_proposal(number: str, proposal_id: int):
    case = queries.case_or_404(number)
    proposal = _proposal_or_404(case, proposal_id)
    form = AnswerForm()
    if not form.validate():
        return send_back(case, "The answer was not recorded", tab="parties", answer_form=form)
    try:
        operations.answer_proposal(proposal, side=form.side.data, answer=form.answer.data,
                                   answered_on=form.answered_on.data,
                                   reason=form.reason.data or "", user=current_user)
    except operations.ProposalRefused as exc:
        return send_back(case, "The answer was not recorded", tab="parties",
                         told=show_refusal(exc, form), answer_form=form)
    flash("Answer recorded.", "success")
    return redirect(part_url(number, "parties", "neutrals"))


@bp.route("/<number>/events/<int:event_id>/date", methods=["GET", "POST"])
def edit_event_date(number: str, event_id: int):
    """Correct a step's legal date: first show how its deadlines move, then apply."""
    from ..deadlines.engine import recompute_for_event
    from ..deadlines.forms import EventDateForm

    case = queries.case_or_404(number)
    event = queries.event_of(case, event_id)
    if event is None:
        abort(404)
    form = EventDateForm(occurred_on=event.occurred_on)
    preview = None
    changed_after_preview = False
    if form.validate_on_submit() and (occurred_on := form.occurred_on.data) is not None:
        seen = form.previewed_on.data == occurred_on.isoformat()
        changed_after_preview = form.confirm.data and not seen
        if form.confirm.data and seen:
            try:
                operations.correct_event_date(case, event, occurred_on,
                                              form.reason.data or "", role=current_user.role)
            except operations.StaleCase as exc:
                show_refusal(exc)
                return redirect(url_for("cases.show", number=number))
            except operations.StepRefused as exc:
                show_refusal(exc, form)
            else:
                flash("The date was corrected and its deadlines recomputed.", "success")
                return redirect(part_url(number, "timeline"))
        else:
            preview = recompute_for_event(case, event, occurred_on)
            form.previewed_on.data = occurred_on.isoformat()
    return render_template("cases/event_date.html", case=case, event=event, form=form,
                           preview=preview, changed_after_preview=changed_after_preview,
                           event_label=event_labels.label(event.kind, event.to_stage,
                                                          event.data))
