from flask import current_app
from flask_babel import lazy_gettext as _l
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
from qtrax_disputes.web.i18n import current_language

from ..cases.categories import CATEGORIES

ACKNOWLEDGEMENT = (
    _l("I understand the dispute process in Qtrax's privacy policy: the dispute goes first to "
    "mediation in New York City with a mediator both sides agree on; the costs of mediation, "
    "other than each side's own attorney fees, are mine to pay; and if mediation does not "
    "resolve it, it goes to binding arbitration in New York under the rules of the American "
    "Arbitration Association.")
)


class ComplaintForm(FlaskForm):
    # How the error summary names a field whose label is too long to link by.
    short_labels = {"acknowledge": _l("Acknowledgement")}

    name = StringField(_l("Your full name"), validators=[
        DataRequired(_l("Enter your name.")), Length(max=200, message=_l("Keep the name under 200 "
                                                  "characters.")), no_control_characters])
    email = EmailField(_l("Your email address"), validators=[
        DataRequired(_l("Enter your email address.")),
        Email(_l("Enter a valid email address, like name@example.com.")), Length(max=254)])
    phone = StringField(_l("Phone (optional)"), validators=[Optional(), Length(max=40)])
    account = StringField(_l("Your Qtrax account (email or user name)"), validators=[
        DataRequired(_l("Enter the email or user name of your Qtrax account.")),
        Length(max=254), no_control_characters])
    category = SelectField(_l("What is the complaint about?"), choices=[("", _l("Choose one…")), *[
        (code, _l(label)) for code, label in CATEGORIES]],
                           validators=[DataRequired(_l("Choose what the complaint is about."))])
    incident_on = DateField(_l("When did it happen?"), validators=[
        InputRequired(_l("Enter the date it happened (or your best estimate).")), not_in_future])
    information_given_on = DateField(
        _l("When did you give Qtrax the information this is about, or open your account?"),
        validators=[Optional(), not_in_future])
    description = TextAreaField(_l("What happened?"), validators=[
        DataRequired(_l("Tell us what happened.")),
        Length(min=20, max=20000, message=_l("Describe what happened in 20 to 20,000 characters.")),
        no_control_characters])
    resolution = TextAreaField(_l("What would resolve it for you?"), validators=[
        DataRequired(_l("Tell us what resolution you want.")), Length(max=5000),
        no_control_characters])
    amount = MoneyField(_l("Amount you claim, in US dollars (optional)"),
                        validators=[Optional(), Length(max=20)])
    is_child_data = BooleanField(_l("The information concerns a child under 13"))
    attachments = MultipleFileField(_l("Documents (optional)"))
    acknowledge = BooleanField(ACKNOWLEDGEMENT, validators=[
        DataRequired(_l("Please confirm that you have read how disputes are handled."))])
    # Left empty by people (it is hidden from them); bots fill every field they find.
    website = StringField(_l("Leave this field empty"), validators=[Optional()])

    def validate_amount(self, field):
        if field.cents is not None and field.cents <= 0:
            field.errors.append(_l("The amount must be more than zero."))


class StatusUploadForm(FlaskForm):
    attachments = MultipleFileField(_l("Add documents"), validators=[])
    note = TextAreaField(_l("A note about these documents (optional)"),
                         validators=[Optional(), Length(max=2000), no_control_characters])



class MediatorAnswerForm(FlaskForm):
    """The complainant's yes or no to a proposed mediator, with the proposal as they read it."""

    answer = SelectField(_l("Your answer"), choices=[("accepted", _l("I accept this mediator")),
                                                 ("rejected", _l("I do not accept this mediator"))],
                         validators=[DataRequired(_l("Choose whether you accept this mediator."))])
    reason = TextAreaField(_l("Why, if you want to say (optional)"),
                           validators=[Optional(), Length(max=2000), no_control_characters])
    version = HiddenField(validators=[DataRequired()])


class OtherMediatorForm(FlaskForm):
    """Someone the complainant proposes instead of the mediator Qtrax proposed."""

    name = StringField(_l("Name of the mediator you propose"), validators=[
        DataRequired(_l("Enter the name of the mediator you propose.")),
        Length(max=200, message=_l("Keep the name under 200 characters.")), no_control_characters])
    reason = TextAreaField(_l("Why you propose them (optional)"),
                           validators=[Optional(), Length(max=2000), no_control_characters])
    version = HiddenField(validators=[DataRequired()])


class SettlementAcceptForm(FlaskForm):
    """The claimant's acceptance of a settlement offer, confirmed on a page of its own; the
    offer it names is the one they read, so a newer offer is never accepted unread."""

    offer = HiddenField(validators=[DataRequired()])


class LostLinkForm(FlaskForm):
    # a space around a pasted address is no reason to refuse it
    email = EmailField(_l("The email address you filed with"), filters=[
        lambda value: value.strip() if isinstance(value, str) else value], validators=[
        DataRequired(_l("Enter your email address.")),
        Email(_l("Enter a valid email address, like name@example.com.")), Length(max=254)])


def complaint_limit() -> str:
    """How often one address may file (the form and the API alike)."""
    return current_app.config["COMPLAINT_RATE_LIMIT"]


def complaint_from(form: ComplaintForm):
    """The complaint a valid form holds (the public form's, or the API's checked by it)."""
    from .operations import Complaint

    return Complaint(
        # Each required field was validated: ``or ""`` only tells the type checker so.
        name=form.name.data or "", email=form.email.data or "", phone=form.phone.data or "",
        account=form.account.data or "", category=form.category.data,
        incident_on=form.incident_on.data, description=form.description.data or "",
        resolution=form.resolution.data or "", amount_cents=form.amount.cents,
        is_child_data=form.is_child_data.data,
        information_given_on=form.information_given_on.data,
        language=current_language(),
    )
