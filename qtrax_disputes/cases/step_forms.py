"""Forms for the steps of the road, each asking exactly what its step needs."""

from __future__ import annotations

from functools import cache

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    EmailField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
)

from qtrax_disputes.web.forms_common import (
    DateField,
    MoneyField,
    no_control_characters,
    not_in_future,
)

from . import steps, workflow
from .aaa import RULE_SETS

SIDES = [("claimant", "The complainant"), ("respondent", "Qtrax")]
# Counsel's decision whether the user is told of a court order or subpoena (docs/road.md
# § Side tracks of a case).
NOTIFY_USER_CHOICES = [("", "Not decided yet"), ("yes", "Yes, the user will be told"),
                       ("no", "No (say why in the note)")]

# Every extra field a step may ask for, built fresh for each form class.
FIELD_CATALOGUE = {
    "session_on": lambda: DateField("Date of the session", validators=[Optional()]),
    "session_time": lambda: TimeField("Time (New York)", validators=[Optional()]),
    "venue": lambda: StringField(
        "Venue", validators=[Length(max=300), no_control_characters],
        description="An address in New York City, e.g. “JAMS, 620 Eighth Ave, New York, NY”."),
    "virtual_agreed": lambda: BooleanField("Both sides agreed to a virtual session"),
    "declared_by": lambda: SelectField(
        "Declared by", validators=[Optional()],
        choices=[("", "—"), *SIDES, ("mediator", "The mediator"), ("both", "Both sides")]),
    "in_writing": lambda: BooleanField("The impasse was declared in writing"),
    "document": lambda: FileField("Document"),
    "terms": lambda: TextAreaField("Terms", validators=[
        DataRequired("Summarise the terms."), Length(max=10000), no_control_characters]),
    "amount": lambda: MoneyField("Amount (USD)", validators=[Optional()]),
    "payment_due_on": lambda: DateField("Payment due on", validators=[Optional()]),
    "aaa_rules": lambda: SelectField(
        "AAA rules that apply", validators=[Optional()],
        choices=[("", "Chosen by the demand's filing date"), *RULE_SETS.items()]),
    "served_on": lambda: DateField(
        "Date Qtrax was served with the demand", validators=[Optional(), not_in_future],
        description="CPLR 7503(c)'s 20 days run from service. Leave empty if not known: the "
                    "deadline then counts from the filing day and says so."),
    "notice_sent_on": lambda: DateField(
        "Date the AAA sent its notice", validators=[Optional(), not_in_future],
        description="The date on the AAA's notice of the filing: the answer period runs from "
                    "it, not from the day it reached us."),
    "aaa_case_number": lambda: StringField("AAA case number", validators=[Length(max=40)]),
    "claim_amount": lambda: MoneyField("Amount claimed in the demand (USD)",
                                       validators=[Optional()]),
    # Who filed and before how many arbitrators decide the AAA filing fees the demand brings.
    "filed_by": lambda: SelectField("Demand filed by", choices=SIDES, default="claimant"),
    "arbitrators": lambda: SelectField(
        "Arbitrators", choices=[("1", "One arbitrator"), ("3", "Three arbitrators")],
        default="1"),
    "hearing_requested": lambda: BooleanField("A hearing is requested or ordered"),
    "mediation_waived": lambda: BooleanField("Both sides waived mediation in writing"),
    "hearing_on": lambda: DateField("Date of the hearing", validators=[Optional()]),
    "hearing_time": lambda: TimeField("Time (New York)", validators=[Optional()]),
    "prevailing": lambda: SelectField(
        "Prevailing party", validators=[Optional()],
        choices=[("", "—"), *SIDES, ("split", "Neither entirely")]),
    "fee_reallocation": lambda: TextAreaField(
        "Fee reallocation ordered by the award", validators=[Length(max=5000)]),
    "transmitted_on": lambda: DateField("Date the AAA transmitted the award",
                                        validators=[Optional()]),
    "requested_by": lambda: SelectField("Requested by", validators=[Optional()],
                                        choices=[("", "—"), *SIDES]),
    "court": lambda: StringField("Court", validators=[Length(max=200)]),
    # GBL § 899-aa: more than 5,000 New York residents also brings the consumer reporting
    # agencies' notice (deadlines/rules.py, MORE_THAN_5000_RESIDENTS).
    "ny_residents_affected": lambda: IntegerField(
        "New York residents affected", validators=[
            InputRequired("Enter how many New York residents are affected (0 if none)."),
            NumberRange(min=0, max=1_000_000_000, message="Enter a number of people, 0 or "
                                                           "more.")],
        description="The consumer reporting agencies must also be told when more than "
                    "5,000 New York residents are affected."),
    "return_on": lambda: DateField("Return date", validators=[
        DataRequired("Enter the return date the order or subpoena sets.")],
        description="The day the order or subpoena must be answered by."),
    "notify_user": lambda: SelectField(
        "Notify the user?", choices=NOTIFY_USER_CHOICES, default=""),
    "index_number": lambda: StringField("Index number", validators=[Length(max=60)]),
    # The AAA's appointment of an arbitrator (steps.STEP_FIELDS): the roster is read each
    # time the form is made, so a neutral added since is offered.
    "arbitrator_neutral": lambda: SelectField(
        "Arbitrator the AAA appointed, from the roster (none if both sides chose one)",
        choices=_roster_arbitrators,
        validators=[Optional()],
        description="Leave this and the name empty if both sides chose the arbitrator and "
                    "accepted them under Parties and neutrals."),
    "arbitrator_name": lambda: StringField(
        "Or an arbitrator not on the roster: name",
        validators=[Length(max=200), no_control_characters]),
    "arbitrator_organisation": lambda: StringField(
        "Organisation", validators=[Length(max=200), no_control_characters]),
    "arbitrator_email": lambda: EmailField(
        "Email", validators=[Optional(), Email("Enter a valid email address."),
                             Length(max=254)]),
    "disclosures": lambda: TextAreaField(
        "The arbitrator's disclosures", validators=[Length(max=10000), no_control_characters],
        description="What the arbitrator disclosed under the AAA's rules, or that they "
                    "disclosed nothing. Other cases they appear in are searched as you record "
                    "the appointment."),
    "conflict_reason": lambda: TextAreaField(
        "If the conflict check finds other cases: why the appointment stands (counsel)",
        validators=[Length(max=5000), no_control_characters]),
}


def _roster_arbitrators() -> list[tuple[str, str]]:
    from ..neutrals.queries import neutral_choices

    return [("", "— Not on the roster —"), *neutral_choices("arbitrator")]


class _StepForm(FlaskForm):
    occurred_on = DateField("Date", validators=[DataRequired("Enter the date."),
                                                not_in_future])
    note = TextAreaField("Note", validators=[Length(max=10000), no_control_characters])

    def check_amounts(self) -> bool:
        ok = True
        for name in ("amount", "claim_amount"):
            field = getattr(self, name, None)
            if field is not None and field.cents is not None and field.cents < 0:
                field.errors.append("The amount cannot be negative.")
                ok = False
        return ok


@cache  # one class per step: built once, not on every page
def transition_form_class(transition: workflow.Transition) -> type[FlaskForm]:
    attrs = {name: FIELD_CATALOGUE[name]() for name in steps.fields_for(transition)}
    attrs["occurred_on"] = DateField(transition.needs_date_label or "Date", validators=[
        DataRequired("Enter the date."), not_in_future])
    if transition.note_required:
        attrs["note"] = TextAreaField("Reason", validators=[
            DataRequired("Give the reason."), Length(max=10000), no_control_characters])
    return type(f"Step_{transition.source}_{transition.target}", (_StepForm,), attrs)


@cache
def side_step_form_class(step: steps.SideStep) -> type[FlaskForm]:
    attrs = {"occurred_on": DateField(step.date_label, validators=[
        DataRequired("Enter the date."), not_in_future])}
    attrs.update({name: FIELD_CATALOGUE[name]() for name in step.fields})
    if step.document_tag:
        attrs["document"] = FileField("Document" + ("" if step.document_required
                                                   else " (optional)"))
    return type(f"Side_{step.kind}", (_StepForm,), attrs)


def prefix_for(target: str) -> str:
    return f"to_{target}"
