"""Cost pages: the ledger's forms on the case page, edits, payments, exports, schedules."""

from __future__ import annotations

from datetime import date

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from qtrax_disputes.web.downloads import attachment
from qtrax_disputes.web.forms_common import version_of
from qtrax_disputes.web.query_args import day
from qtrax_disputes.web.refusals import show_refusal

from ..cases import queries as case_queries
from ..cases.render import send_back
from ..cases.sections import part_url, register_section
from ..neutrals import queries as neutral_queries
from . import charges, export, operations, queries, rule_notes
from .case_section import COSTS, item_label, payment_form
from .forms import (
    CasePaymentForm,
    CostItemForm,
    DeleteForm,
    OverrideForm,
    ScheduleForm,
    item_form,
    percent_to_bp,
)
from .models import CostItem
from .schedules import STAGE_LABELS

bp = Blueprint("costs", __name__)
register_section(bp, COSTS)


def _words() -> dict:
    """How the cost pages name a stage, an item and a rule: labels, never codes."""
    return {"stage_labels": STAGE_LABELS, "item_label": item_label,
            "rule_name": rule_notes.rule_name}


def _item_or_404(item_id: int) -> CostItem:
    item = queries.item(item_id)
    if item is None:
        abort(404)
    return item


def _values(form: CostItemForm) -> operations.ItemValues:
    """The item as typed; a mediator's charge is worked out from the roster when asked."""
    amount, description = form.amount.cents, form.description.data or ""
    if amount is None:
        neutral = neutral_queries.neutral(int(form.mediator.data))
        charge = charges.mediator_charge(
            name=neutral.name, hourly_cents=neutral.hourly_rate_cents,
            hours=charges.parse_hours(form.hours.data),
            minimum_hours=charges.parse_hours(form.minimum_hours.data)
            if form.minimum_hours.data else 0,
            cancellation_fee_cents=form.cancellation_fee.cents or 0)
        amount, description = charge.amount_cents, description or charge.description
    return operations.ItemValues(form.stage.data, form.kind.data, description, amount,
                                 form.incurred_on.data, form.incurred_by.data)


def _valid_item_form(form: CostItemForm) -> bool:
    ok = form.validate()
    for name in ("hours", "minimum_hours"):
        field = form[name]
        if field.data:
            try:
                charges.parse_hours(field.data)
            except ValueError as exc:
                field.errors = [*field.errors, str(exc)]
                ok = False
    if ok and form.mediator.data and form.hours.data and form.amount.cents is None:
        neutral = neutral_queries.neutral(int(form.mediator.data))  # a valid choice: an id
        if neutral is None or neutral.hourly_rate_cents is None:
            form.mediator.errors = ["This mediator has no hourly rate on the roster."]
            ok = False
    return ok


@bp.route("/cases/<number>/costs", methods=["POST"])
def add(number: str):
    case = case_queries.case_or_404(number)
    form = item_form()
    if not _valid_item_form(form):
        return send_back(case, "The cost was not added", cost_form=form, cost_open=True)
    values = _values(form)
    deposit = ("claimant", form.deposit.cents, values.incurred_on) if form.deposit.cents else None
    try:
        operations.add_item(case, values, deposit=deposit, recorded_by=current_user)
    except operations.CostRefused as exc:
        return send_back(case, "The cost was not added",
                         told=show_refusal(exc, form, field="amount"),
                         cost_form=form, cost_open=True)
    flash("Cost added.", "success")
    return redirect(part_url(number, "costs"))


@bp.route("/costs/<int:item_id>/edit", methods=["GET", "POST"])
def edit(item_id: int):
    item = _item_or_404(item_id)
    if request.method == "GET":
        form = item_form(obj=item, version=item.version, from_request=False)
        form.amount.set_cents(item.amount_cents)
    else:
        form = item_form()
        if _valid_item_form(form):
            try:
                operations.edit_item(item, _values(form), version_of(form.version.data))
            except operations.StaleItem as exc:
                show_refusal(exc)
                return redirect(part_url(item.case.number, "costs"))
            except operations.CostRefused as exc:
                show_refusal(exc, form, field="amount")  # as the add form shows it
            else:
                flash("Cost saved.", "success")
                return redirect(part_url(item.case.number, "costs"))
    return render_template("costs/edit.html", item=item, form=form,
                           delete_form=DeleteForm(formdata=None)), \
        400 if request.method == "POST" else 200


@bp.route("/costs/<int:item_id>/delete", methods=["POST"])
def delete(item_id: int):
    item = _item_or_404(item_id)
    number = item.case.number
    form = DeleteForm()
    if not form.validate():
        edit_form = item_form(obj=item, version=item.version, from_request=False)
        edit_form.amount.set_cents(item.amount_cents)
        return render_template("costs/edit.html", item=item, form=edit_form,
                               delete_form=form), 400
    operations.delete_item(item, form.reason.data)
    flash("Cost deleted.", "success")
    return redirect(part_url(number, "costs"))


@bp.route("/costs/<int:item_id>/override", methods=["GET", "POST"])
def override(item_id: int):
    item = _item_or_404(item_id)
    form = OverrideForm(version=item.version,
                        claimant_percent=item.percents[0],
                        respondent_percent=item.percents[1])
    if form.validate_on_submit():
        try:
            operations.override_split(
                item, claimant_bp=percent_to_bp(form.claimant_percent.data),
                reason=form.reason.data, award_citation=form.award_citation.data or "",
                user=current_user, expected_version=version_of(form.version.data))
        except operations.CostRefused as exc:
            show_refusal(exc, form)
        else:
            flash("The split was changed.", "success")
            return redirect(part_url(item.case.number, "costs"))
    return render_template("costs/override.html", item=item, form=form, **_words()), \
        400 if request.method == "POST" else 200


@bp.route("/cases/<number>/costs/payments", methods=["POST"])
def pay(number: str):
    """A payment from the ledger's one form: the item is a choice among the case's own."""
    case = case_queries.case_or_404(number)
    items = [i for i in queries.case_items(case) if i.status == "confirmed"]
    form = payment_form(items, CasePaymentForm(prefix="pay"))
    if not form.validate():
        return send_back(case, "The payment was not recorded", case_payment_form=form)
    item = next(i for i in items if i.id == form.item.data)  # a valid choice is the case's
    operations.record_payment(item, party=form.party.data, amount_cents=form.amount.cents,
                              paid_on=form.paid_on.data, note=form.note.data or "",
                              recorded_by=current_user)
    flash("Payment recorded.", "success")
    return redirect(part_url(number, "costs"))


@bp.route("/costs/<int:item_id>/confirm", methods=["POST"])
def confirm(item_id: int):
    item = _item_or_404(item_id)
    try:
        operations.confirm_item(item, version_of(request.form.get("version")))
    except operations.StaleItem as exc:
        show_refusal(exc)
    else:
        flash("Cost confirmed.", "success")
    return redirect(part_url(item.case.number, "costs"))


def _csv(text: str, filename: str) -> Response:
    return attachment(text, "text/csv", filename)


@bp.route("/cases/<number>/costs.csv")
def case_csv(number: str):
    case = case_queries.case_or_404(number)
    items = [i for i in queries.case_items(case) if i.status == "confirmed"]
    return _csv(export.ledger_csv(items), f"{case.number}-costs.csv")


def _day(name: str) -> date | None:
    return day(request.args.get(name))


@bp.route("/costs")
def index():
    start, end = _day("from"), _day("to")
    items = queries.items_between(start, end)
    return render_template("costs/index.html", ledger=queries.ledger(items), start=start,
                           end=end, **_words())


@bp.route("/costs/ledger.csv")
def ledger_csv():
    start, end = _day("from"), _day("to")
    name = f"costs-{start or 'start'}-to-{end or 'today'}.csv"
    return _csv(export.ledger_csv(queries.items_between(start, end)), name)


@bp.route("/costs/schedules", methods=["GET", "POST"])
def schedules():
    form = ScheduleForm()
    if form.validate_on_submit():
        try:
            operations.add_schedule(form.values(), current_user)
        except operations.CostRefused as exc:
            show_refusal(exc, form)
        else:
            flash("Fee schedule added.", "success")
            return redirect(url_for("costs.schedules"))
    return render_template("costs/schedules.html", form=form,
                           schedules=queries.all_schedules()), \
        400 if form.is_submitted() else 200
