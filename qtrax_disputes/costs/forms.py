import re

from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from qtrax_disputes.web.forms_common import DateField, MoneyField, no_control_characters

from .queries import mediator_choices
from .schedules import COST_KIND_LABELS, COST_KINDS, STAGE_LABELS, STAGES

MARK_CHOICES = [("V", "Verified in the source"), ("S", "Secondary source"),
                ("U", "Unverified")]

PARTY_CHOICES = [("claimant", "The complainant (claimant)"), ("respondent", "Qtrax (respondent)")]
_PERCENT = re.compile(r"^\d{1,3}(\.\d{1,2})?$")


def percent_to_bp(text: str) -> int:
    """'62.5' → 6250 basis points, exactly."""
    text = (text or "").strip().rstrip("%").strip()
    if not _PERCENT.match(text):
        raise ValueError("Enter a percentage between 0 and 100, like 60 or 62.5.")
    whole, _, fraction = text.partition(".")
    bp = int(whole) * 100 + int(fraction.ljust(2, "0") or 0)
    if bp > 10000:
        raise ValueError("Enter a percentage between 0 and 100, like 60 or 62.5.")
    return bp


class CostItemForm(FlaskForm):
    version = HiddenField()
    stage = SelectField("Stage", choices=[(s, STAGE_LABELS[s]) for s in STAGES])
    kind = SelectField("Kind", choices=[(k, COST_KIND_LABELS[k]) for k in COST_KINDS])
    description = StringField("Description", validators=[Length(max=300),
                                                         no_control_characters])
    amount = MoneyField("Amount (USD)")
    incurred_on = DateField("Incurred on", validators=[DataRequired("Enter the date.")])
    incurred_by = SelectField("Incurred by", choices=PARTY_CHOICES)
    # The mediator's charge, worked out from the roster's rate when no amount is typed.
    mediator = SelectField("Mediator from the roster", coerce=str, validators=[Optional()])
    hours = StringField("Hours", validators=[Optional(), Length(max=8)])
    minimum_hours = StringField("Minimum hours", validators=[Optional(), Length(max=8)])
    cancellation_fee = MoneyField("Cancellation fee (USD)", validators=[Optional()])
    deposit = MoneyField("Deposit paid by the complainant (USD)", validators=[Optional()])

    def validate_amount(self, field):
        if field.cents is None and not field.errors and not (self.mediator.data and
                                                            self.hours.data):
            raise ValidationError("Enter the amount, or choose a mediator and the hours.")
        if field.cents is not None and field.cents <= 0:
            raise ValidationError("The amount must be more than zero.")


class OverrideForm(FlaskForm):
    version = HiddenField()
    claimant_percent = StringField("Complainant's share (%)", validators=[
        DataRequired("Enter the complainant's share.")])
    respondent_percent = StringField("Qtrax's share (%)", validators=[
        DataRequired("Enter Qtrax's share.")])
    reason = TextAreaField("Reason", validators=[
        DataRequired("Give the reason for changing the split."), Length(max=2000),
        no_control_characters])
    award_citation = StringField("Award that reallocates the fees (if any)",
                                 validators=[Length(max=300)])

    def validate_respondent_percent(self, field):
        try:
            claimant = percent_to_bp(self.claimant_percent.data)
            respondent = percent_to_bp(field.data)
        except ValueError as exc:
            raise ValidationError(str(exc)) from exc
        if claimant + respondent != 10000:
            raise ValidationError("The shares must add up to 100%.")


class PaymentForm(FlaskForm):
    party = SelectField("Paid by", choices=PARTY_CHOICES)
    amount = MoneyField("Amount (USD)", validators=[DataRequired("Enter the amount paid.")])
    paid_on = DateField("Paid on", validators=[DataRequired("Enter the date.")])
    note = StringField("Note", validators=[Length(max=300)])

    def validate_amount(self, field):
        if field.cents is not None and field.cents <= 0:
            raise ValidationError("The payment must be more than zero.")


class CasePaymentForm(PaymentForm):
    """A payment recorded under the case's ledger: the item is chosen, not in the address."""

    item = SelectField("For", coerce=int, choices=[],
                       validate_choice=True)


class DeleteForm(FlaskForm):
    reason = StringField("Why delete it", validators=[
        DataRequired("Say why the cost is deleted."), Length(max=500)])


# The amounts that are often read elsewhere than the filing fees: each may carry its own mark
# and source (the 2020 schedule's are secondary-source figures in a verified schedule).
OWN_MARK_AMOUNTS: tuple[tuple[str, str], ...] = (
    ("clause_review_fee", "clause_review_fee_cents"),
    ("case_management_fee", "case_management_fee_cents"),
    ("arbitrator_deposit", "arbitrator_deposit_cents"),
    ("arbitrator_compensation", "arbitrator_compensation_cents"),
)


def _own_mark_field(what: str):
    return SelectField(f"How sure is the {what}", default="",
                       choices=[("", "As the schedule"), *MARK_CHOICES])


def _own_source_field(what: str):
    return StringField(f"Source of the {what}, if not the schedule's",
                       validators=[Length(max=300), no_control_characters])


class ScheduleForm(FlaskForm):
    code = StringField("Code", validators=[DataRequired("Enter a code."), Length(max=60),
                                           no_control_characters])
    title = StringField("Title", validators=[DataRequired("Enter a title."), Length(max=200),
                                             no_control_characters])
    effective_on = DateField("Effective on", validators=[DataRequired("Enter the date.")])
    source = StringField("Source (where the amounts were read)", validators=[
        DataRequired("Every schedule needs its source."), Length(max=500),
        no_control_characters])
    mark = SelectField("How sure (the filing fees, and any amount without its own mark)",
                       choices=MARK_CHOICES)
    consumer_filing_fee = MoneyField("Consumer filing fee (USD)", validators=[Optional()])
    business_filing_fee_one = MoneyField("Business fee, consumer files, one arbitrator",
                                         validators=[Optional()])
    business_filing_fee_three = MoneyField("Business fee, consumer files, three arbitrators",
                                           validators=[Optional()])
    business_files_one = MoneyField("Business files, one arbitrator", validators=[Optional()])
    business_files_three = MoneyField("Business files, three arbitrators",
                                      validators=[Optional()])
    clause_review_fee = MoneyField("Clause review fee, clause not registered (USD)",
                                   validators=[Optional()])
    clause_review_fee_mark = _own_mark_field("clause review fee")
    clause_review_fee_source = _own_source_field("clause review fee")
    case_management_fee = MoneyField("Case management fee (USD)", validators=[Optional()])
    case_management_fee_mark = _own_mark_field("case management fee")
    case_management_fee_source = _own_source_field("case management fee")
    arbitrator_deposit = MoneyField("Arbitrator compensation deposit, hearing case (USD)",
                                    validators=[Optional()])
    arbitrator_deposit_mark = _own_mark_field("deposit")
    arbitrator_deposit_source = _own_source_field("deposit")
    arbitrator_compensation = MoneyField("Arbitrator compensation (USD)",
                                         validators=[Optional()])
    arbitrator_compensation_mark = _own_mark_field("arbitrator compensation")
    arbitrator_compensation_source = _own_source_field("arbitrator compensation")
    notes = TextAreaField("Notes", validators=[Length(max=2000), no_control_characters])

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        for prefix, _ in OWN_MARK_AMOUNTS:
            amount, mark = self[prefix], self[f"{prefix}_mark"]
            source = self[f"{prefix}_source"]
            has_source = bool((source.data or "").strip())
            if mark.data and amount.cents is None and not amount.errors:
                mark.errors = [*mark.errors, "Enter the amount this mark is for."]
                ok = False
            if mark.data and not has_source:
                source.errors = [*source.errors,
                                 "An amount with its own mark needs its own source."]
                ok = False
            if has_source and not mark.data:
                mark.errors = [*mark.errors, "Choose how sure the amount is, by its own source."]
                ok = False
        return ok

    def values(self) -> dict:
        """The schedule as the operation stores it: amounts in cents, own marks by amount."""
        values = {
            "code": self.code.data.strip(), "title": self.title.data.strip(),
            "effective_on": self.effective_on.data, "source": self.source.data.strip(),
            "mark": self.mark.data, "notes": (self.notes.data or "").strip(),
            "consumer_filing_fee_cents": self.consumer_filing_fee.cents,
            "business_filing_fee_one_arbitrator_cents": self.business_filing_fee_one.cents,
            "business_filing_fee_three_arbitrators_cents": self.business_filing_fee_three.cents,
            "business_files_one_cents": self.business_files_one.cents,
            "business_files_three_cents": self.business_files_three.cents,
            "amount_marks": {},
        }
        for prefix, name in OWN_MARK_AMOUNTS:
            values[name] = self[prefix].cents
            if self[f"{prefix}_mark"].data:
                values["amount_marks"][name] = {"mark": self[f"{prefix}_mark"].data,
                                                "source": self[f"{prefix}_source"].data.strip()}
        return values


def item_form(*, from_request: bool = True, **kwargs) -> CostItemForm:
    """The cost form with the roster's mediators to choose from."""
    form = CostItemForm(**kwargs) if from_request else CostItemForm(formdata=None, **kwargs)
    form.mediator.choices = mediator_choices()
    return form
