from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from qtrax_disputes.web.forms_common import (
    DateField,
    MoneyField,
    no_control_characters,
    not_in_future,
)

from .importing import START_STAGES


class NewMassForm(FlaskForm):
    """Counsel confirms a flagged wave as a mass, or begins one by hand."""

    name = StringField("Name of the mass", validators=[
        DataRequired("Give the mass a name, such as the firm and the claim."), Length(max=200)])
    counsel = StringField("Claimants' counsel (firm)", validators=[Length(max=200)])
    category = HiddenField()
    filed_on = DateField("Filed with the AAA on", validators=[Optional(), not_in_future])
    wave = HiddenField()  # the flagged wave being confirmed: its counsel and category


class AddCasesForm(FlaskForm):
    numbers = TextAreaField("Case numbers", validators=[
        DataRequired("Enter at least one case number."), Length(max=200_000)])


class MassForm(FlaskForm):
    version = HiddenField()
    name = StringField("Name", validators=[DataRequired("Give the mass a name."),
                                           Length(max=200)])
    counsel = StringField("Claimants' counsel (firm)", validators=[Length(max=200)])
    process_arbitrator = StringField("Process arbitrator", validators=[Length(max=200)])
    filed_on = DateField("Filed with the AAA on", validators=[Optional(), not_in_future])
    note = TextAreaField("Note", validators=[Length(max=10_000), no_control_characters])


class BatchForm(FlaskForm):
    merits_arbitrator = StringField("Merits arbitrator", validators=[Length(max=200)])
    hearings_from = DateField("Hearings from", validators=[Optional()])
    hearings_to = DateField("Hearings to", validators=[Optional()])
    note = StringField("Note", validators=[Length(max=1000), no_control_characters])


class MemberForm(FlaskForm):
    affirmation_on = DateField("Affirmation (MA-2) received on",
                               validators=[Optional(), not_in_future])
    deficiency = StringField("Deficiency", validators=[Length(max=500), no_control_characters])
    bellwether = BooleanField("Bellwether case")
    batch = SelectField("Batch", choices=[], validators=[Optional()])


class ImportForm(FlaskForm):
    spreadsheet = FileField("Claimants' spreadsheet (CSV or XLSX)")
    stage = SelectField("Where the cases stand", choices=list(START_STAGES.items()))
    mediation_waived = BooleanField("Mediation was waived for these demands")
    accounts = FileField("Qtrax accounts to check against (optional, one per line)")


class ConfirmImportForm(FlaskForm):
    held = HiddenField(validators=[DataRequired()])
    accounts = HiddenField()  # the kept accounts list, when one was sent
    stage = HiddenField(validators=[DataRequired()])
    mediation_waived = HiddenField()


class FeeAmountForm(FlaskForm):
    schedule = HiddenField(validators=[DataRequired()])
    fee = HiddenField(validators=[DataRequired()])
    amount = MoneyField("Amount in US dollars (empty: not known)", validators=[Length(max=20)])
    source = StringField("Where it comes from", validators=[
        DataRequired("Say where the amount comes from."), Length(max=500)])


class AffirmationsForm(FlaskForm):
    received_on = DateField("Received on", validators=[
        DataRequired("Enter the day the affirmations arrived."), not_in_future])
    numbers = TextAreaField("Only these cases (optional)", validators=[Length(max=200_000)])


class OfferForm(FlaskForm):
    amount = MoneyField("Amount to each claimant (USD)", validators=[Length(max=20)])
    by_category = TextAreaField("Other amounts by category (optional)",
                                validators=[Length(max=5_000)])
    made_on = DateField("Offered on", validators=[DataRequired("Enter the day of the offer."),
                                                  not_in_future])
    accept_by = DateField("Accept by (optional)", validators=[Optional()])
    terms = TextAreaField("Terms", validators=[Length(max=10_000), no_control_characters])
    on_status_pages = BooleanField("Show the offer to the claimants on their status pages, "
                                   "where each may accept it")


class AcceptancesForm(FlaskForm):
    accepted_on = DateField("Accepted on", validators=[Optional(), not_in_future])
    numbers = TextAreaField("Case numbers", validators=[Length(max=200_000)])
    sheet = FileField("Or counsel's list (CSV with “case” or “email”, and “accepted on”)")


class ReleaseForm(FlaskForm):
    release = FileField("Signed release")
    signed_on = DateField("Signed on", validators=[DataRequired("Enter the day it was signed."),
                                                   not_in_future])
