from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from qtrax_disputes.core.email_address import normalise_email
from qtrax_disputes.web.forms_common import (
    DateField,
    MoneyField,
    carried,
    no_control_characters,
    not_in_future,
)

from .categories import CATEGORIES


class CaseEditForm(FlaskForm):
    version = HiddenField()
    complainant_name = StringField("Complainant's name", validators=[
        DataRequired("Enter the complainant's name."), Length(max=200), no_control_characters])
    complainant_email = EmailField("Complainant's email", validators=[
        DataRequired("Enter an email address."), Email("Enter a valid email address."),
        Length(max=254)])
    complainant_phone = StringField("Phone", validators=[Optional(), Length(max=40)])
    account_identifier = StringField("Qtrax account", validators=[Length(max=254)])
    category = SelectField("Category", choices=list(CATEGORIES))
    summary = StringField("Summary", validators=[DataRequired("Enter a short summary."),
                                                 Length(max=200), no_control_characters])
    description = TextAreaField("Description", validators=[
        DataRequired("Enter the description."), Length(max=20000), no_control_characters])
    desired_resolution = TextAreaField("Resolution sought", validators=[Length(max=5000)])
    incident_on = DateField("Date of the incident", validators=[Optional(), not_in_future])
    information_given_on = DateField("Information given to Qtrax on (or the account opened)",
                                     validators=[Optional(), not_in_future])
    information_given_until = DateField("… and until, if given over a span",
                                        validators=[Optional(), not_in_future])
    amount_claimed = MoneyField("Amount claimed (USD)", validators=[Optional()])
    is_child_data = BooleanField("Concerns a child under 13")
    # A browser sends nothing for an unticked box; this says the box was on the form, so
    # "unticked" and "not sent" can be told apart.
    is_child_data_shown = HiddenField(default="1")

    def values(self, names) -> dict:
        """The named details as the operation takes them (the amount in cents, the email
        lower-cased), only those the post carried."""
        typed = {name: self[name].data for name in names if name in self._fields}
        typed["amount_claimed_cents"] = self.amount_claimed.cents
        typed["complainant_email"] = normalise_email(self.complainant_email.data)
        sent_by = {"amount_claimed_cents": self.amount_claimed,
                   "is_child_data": self.is_child_data_shown}
        return {name: value for name, value in typed.items()
                if carried(sent_by.get(name) or self[name])}

    def validate_information_given_until(self, field):
        start = self.information_given_on.data
        if field.data and (start is None or field.data < start):
            raise ValidationError("Give the first day too, and a last day on or after it.")

    def validate_amount_claimed(self, field):
        if field.cents is not None and field.cents <= 0:
            field.errors.append("The amount must be more than zero.")


class NoteForm(FlaskForm):
    text = TextAreaField("Add a note", validators=[
        DataRequired("Write the note first."), Length(max=10000), no_control_characters])


class AssignForm(FlaskForm):
    version = HiddenField()
    assignee = SelectField("Assigned to", coerce=str, validators=[Optional()])


PARTY_ROLE_CHOICES = [
    ("claimant", "Claimant"), ("respondent", "Respondent"),
    ("claimant_counsel", "Claimant's counsel"), ("respondent_counsel", "Respondent's counsel"),
]


class PartyForm(FlaskForm):
    role = SelectField("Role", choices=PARTY_ROLE_CHOICES)
    name = StringField("Name", validators=[DataRequired("Enter the name."), Length(max=200),
                                           no_control_characters])
    organisation = StringField("Organisation", validators=[Length(max=200)])
    email = EmailField("Email", validators=[Optional(), Email("Enter a valid email address."),
                                            Length(max=254)])
    phone = StringField("Phone", validators=[Length(max=40)])
    address = TextAreaField("Address", validators=[Length(max=500)])


class ProposalForm(FlaskForm):
    kind = SelectField("Neutral", choices=[("mediator", "Mediator"),
                                           ("arbitrator", "Arbitrator")])
    neutral = SelectField("From the roster", coerce=str, validators=[Optional()])
    name = StringField("Or a new person: name", validators=[Length(max=200),
                                                            no_control_characters])
    organisation = StringField("Organisation", validators=[Length(max=200)])
    email = EmailField("Email", validators=[Optional(), Email("Enter a valid email address."),
                                            Length(max=254)])
    proposed_by = SelectField("Proposed by", choices=[
        ("claimant", "The complainant"), ("respondent", "Qtrax"),
        ("aaa", "The AAA (appointment)")])
    proposed_on = DateField("Date proposed", validators=[DataRequired("Enter the date."),
                                                         not_in_future])

    def validate_name(self, field):
        if not self.neutral.data and not (field.data or "").strip():
            raise ValidationError("Choose someone from the roster or enter a name.")


class ConflictCheckForm(FlaskForm):
    disclosures = TextAreaField("The neutral's disclosures", validators=[
        DataRequired("Record what the neutral disclosed (or that they disclosed nothing)."),
        Length(max=10000), no_control_characters])


class AnswerForm(FlaskForm):
    side = SelectField("Side", choices=[("claimant", "The complainant"),
                                        ("respondent", "Qtrax")])
    answer = SelectField("Answer", choices=[("accepted", "Accepted"), ("rejected", "Rejected")])
    answered_on = DateField("Date", validators=[DataRequired("Enter the date."),
                                                not_in_future])
    reason = TextAreaField("Reason to accept despite the conflict check's hits (counsel)",
                           validators=[Length(max=5000)])


class ClauseForm(FlaskForm):
    """Counsel confirms which version's dispute clause governs the procedure."""

    version = HiddenField()
    version_on = SelectField("The clause of the version in force from", choices=[],
                             validate_choice=True)
    reason = TextAreaField("Why this clause governs", validators=[
        DataRequired("Say why this clause governs (for the record)."), Length(max=2000),
        no_control_characters])
