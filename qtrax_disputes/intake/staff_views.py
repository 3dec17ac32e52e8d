"""Staff's "New case": a complaint that came another way than the public form."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user

from qtrax_disputes.web.refusals import show_refusal

from ..cases import workflow as wf
from ..cases.operations import StepRefused
from . import opening
from .operations import Complaint
from .staff_forms import DEMAND_FIELDS, StaffCaseForm

bp = Blueprint("opening", __name__)


@bp.route("/cases/new", methods=["GET", "POST"])
def new_case():
    form = StaffCaseForm()
    if form.validate_on_submit():
        complaint = Complaint(
            name=form.name.data, email=form.email.data, phone=form.phone.data or "",
            account=form.account.data, category=form.category.data,
            incident_on=form.incident_on.data, description=form.description.data,
            resolution=form.resolution.data, amount_cents=form.amount.cents,
            is_child_data=form.is_child_data.data,
            information_given_on=form.information_given_on.data)
        starts_at_demand = form.start.data == wf.ARBITRATION_DEMANDED
        try:
            filed = opening.open_case(complaint, opening.Opening(
                source=form.source.data, received_on=form.received_on.data,
                start=form.start.data,
                demand_filed_on=form.demand_filed_on.data if starts_at_demand else None,
                demand=form.demand_values() if starts_at_demand else {}),
                role=current_user.role)
        except StepRefused as exc:
            # The demand step's "occurred_on" is this form's demand date.
            exc.field_errors = {("demand_filed_on" if k == "occurred_on" else k): v
                                for k, v in exc.field_errors.items()}
            show_refusal(exc, form, lead="The case was not opened:")
        else:
            case = filed.case
            flash(f"Case {case.number} opened and the receipt queued for "
                  f"{case.complainant_name}.", "success")
            if case.possible_duplicate_of:
                flash(f"Possible duplicate of {case.possible_duplicate_of.number}: the same "
                      "complainant has an open case with a similar description.", "warning")
            return redirect(url_for("cases.show", number=case.number))
    return render_template("intake/new_case.html", form=form, demand_fields=DEMAND_FIELDS)
