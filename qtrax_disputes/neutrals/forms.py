from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length, Optional

from qtrax_disputes.core.email_address import normalise_email
from qtrax_disputes.web.forms_common import MoneyField, carried, no_control_characters

from .models import KINDS


class NeutralForm(FlaskForm):
    name = StringField("Name", validators=[
        DataRequired("Enter the name."), Length(max=200), no_control_characters])
    kind = SelectField("Serves as", choices=list(KINDS))
    organisation = StringField("Organisation", validators=[Length(max=200),
                                                           no_control_characters])
    email = EmailField("Email", validators=[
        Optional(), Email("Enter a valid email address, or leave it empty."), Length(max=254)])
    phone = StringField("Phone", validators=[Optional(), Length(max=40), no_control_characters])
    location = StringField("Location", validators=[Length(max=200), no_control_characters])
    hourly_rate = MoneyField("Hourly rate (USD)", validators=[Optional()])
    daily_rate = MoneyField("Daily rate (USD)", validators=[Optional()])
    notes = TextAreaField("Notes", validators=[Length(max=10000), no_control_characters])
    active = BooleanField("Active (offered when proposing a neutral)", default=True)
    # A browser sends nothing for an unticked box; this says the box was on the form, so
    # "unticked" and "not sent" can be told apart.
    active_shown = HiddenField(default="1")

    FIELD_OF = {"hourly_rate_cents": "hourly_rate", "daily_rate_cents": "daily_rate"}

    def validate_hourly_rate(self, field):
        _more_than_zero(field)

    def validate_daily_rate(self, field):
        _more_than_zero(field)

    def values(self) -> dict:
        """What the operations take: plain values, rates in cents, text trimmed; only what
        the post carried, so a partial post leaves the other fields as they are."""
        typed = {
            "name": self.name.data.strip(),
            "kind": self.kind.data,
            "organisation": (self.organisation.data or "").strip(),
            "email": normalise_email(self.email.data),
            "phone": (self.phone.data or "").strip(),
            "location": (self.location.data or "").strip(),
            "hourly_rate_cents": self.hourly_rate.cents,
            "daily_rate_cents": self.daily_rate.cents,
            "notes": (self.notes.data or "").strip(),
            "active": bool(self.active.data),
        }
        return {name: value for name, value in typed.items()
                if self._carried(self.FIELD_OF.get(name, name))}

    def _carried(self, name: str) -> bool:
        if name == "active" and self.active_shown.raw_data:
            return True
        return carried(self[name])


def _more_than_zero(field) -> None:
    if field.cents is not None and field.cents <= 0:
        field.errors.append("The rate must be more than zero.")
