from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    MultipleFileField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional

from qtrax_disputes.web.forms_common import (
    DateField,
    MoneyField,
    no_control_characters,
    not_in_future,
)

from ..cases.categories import CATEGORIES

ACKNOWLEDGEMENT = (
    "I understand the dispute process in Qtrax's privacy policy: the dispute goes first to "
    "mediation in New York City with a mediator both sides agree on; the costs of mediation, "
    "other than each side's own attorney fees, are mine to pay; and if mediation does not "
    "resolve it, it goes to binding arbitration in New York under the rules of the American "
    "Arbitration Association."
)


class ComplaintForm(FlaskForm):
    # How the error summary names a field whose label is too long to link by.
    short_labels = {"acknowledge": "Acknowledgement"}

    name = StringField("Your full name", validators=[
        DataRequired("Enter your name."), Length(max=200, message="Keep the name under 200 "
                                                  "characters."), no_control_characters])
    email = EmailField("Your email address", validators=[
        DataRequired("Enter your email address."),
        Email("Enter a valid email address, like name@example.com."), Length(max=254)])
    phone = StringField("Phone (optional)", validators=[Optional(), Length(max=40)])
    account = StringField("Your Qtrax account (email or user name)", validators=[
        DataRequired("Enter the email or user name of your Qtrax account."),
        Length(max=254), no_control_characters])
    category = SelectField("What is the complaint about?", choices=[("", "Choose one…"),
                                                                   *CATEGORIES],
                           validators=[DataRequired("Choose what the complaint is about.")])
    incident_on = DateField("When did it happen?", validators=[
        InputRequired("Enter the date it happened (or your best estimate)."), not_in_future])
    information_given_on = DateField(
        "When did you give Qtrax the information this is about, or open your account?",
        validators=[Optional(), not_in_future])
    description = TextAreaField("What happened?", validators=[
        DataRequired("Tell us what happened."),
        Length(min=20, max=20000, message="Describe what happened in 20 to 20,000 characters."),
        no_control_characters])
    resolution = TextAreaField("What would resolve it for you?", validators=[
        DataRequired("Tell us what resolution you want."), Length(max=5000),
        no_control_characters])
    amount = MoneyField("Amount you claim, in US dollars (optional)",
                        validators=[Optional(), Length(max=20)])
    is_child_data = BooleanField("The information concerns a child under 13")
    attachments = MultipleFileField("Documents (optional)")
    acknowledge = BooleanField(ACKNOWLEDGEMENT, validators=[
        DataRequired("Please confirm that you have read how disputes are handled.")])
    # Left empty by people (it is hidden from them); bots fill every field they find.
    website = StringField("Leave this field empty", validators=[Optional()])

    def validate_amount(self, field):
        if field.cents is not None and field.cents <= 0:
            field.errors.append("The amount must be more than zero.")


class StatusUploadForm(FlaskForm):
    attachments = MultipleFileField("Add documents", validators=[])
    note = TextAreaField("A note about these documents (optional)",
                         validators=[Optional(), Length(max=2000), no_control_characters])



class MediatorAnswerForm(FlaskForm):
    """The complainant's yes or no to a proposed mediator, with the proposal as they read it."""

    answer = SelectField("Your answer", choices=[("accepted", "I accept this mediator"),
                                                 ("rejected", "I do not accept this mediator")],
                         validators=[DataRequired("Choose whether you accept this mediator.")])
    reason = TextAreaField("Why, if you want to say (optional)",
                           validators=[Optional(), Length(max=2000), no_control_characters])
    version = HiddenField(validators=[DataRequired()])


class OtherMediatorForm(FlaskForm):
    """Someone the complainant proposes instead of the mediator Qtrax proposed."""

    name = StringField("Name of the mediator you propose", validators=[
        DataRequired("Enter the name of the mediator you propose."),
        Length(max=200, message="Keep the name under 200 characters."), no_control_characters])
    reason = TextAreaField("Why you propose them (optional)",
                           validators=[Optional(), Length(max=2000), no_control_characters])
    version = HiddenField(validators=[DataRequired()])


class LostLinkForm(FlaskForm):
    # a space around a pasted address is no reason to refuse it
    email = EmailField("The email address you filed with", filters=[
        lambda value: value.strip() if isinstance(value, str) else value], validators=[
        DataRequired("Enter your email address."),
        Email("Enter a valid email address, like name@example.com."), Length(max=254)])
