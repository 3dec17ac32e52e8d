"""The "New case" form staff fill in for a complaint that came by letter, email, phone or as
an AAA notice: the public form's questions, asked of staff, and where the case starts."""

from __future__ import annotations

from wtforms import SelectField
from wtforms.validators import DataRequired, InputRequired, Optional

from qtrax_disputes.web.forms_common import DateField, not_in_future

from ..cases import workflow as wf
from ..cases.step_forms import FIELD_CATALOGUE
from .forms import ComplaintForm
from .opening import STARTS
from .sources import SOURCE_LABELS, STAFF_SOURCES

# The complainant's questions in the third person: staff are typing what someone else said.
STAFF_LABELS = {
    "name": "Complainant's full name", "email": "Complainant's email address",
    "phone": "Complainant's phone (optional)",
    "account": "Their Qtrax account (email or user name)",
    "incident_on": "When did it happen?",
    "information_given_on": "When did they give Qtrax the information, or open the account?",
    "resolution": "What resolution do they seek?",
    "amount": "Amount claimed, in US dollars (optional)",
}
# The demand's own questions, from the demand step's form, when the case starts there.
DEMAND_FIELDS = ("served_on", "aaa_case_number", "claim_amount", "aaa_rules", "arbitrators",
                 "hearing_requested", "mediation_waived")


class StaffCaseForm(ComplaintForm):
    # The complainant's acknowledgement, the bot trap and the uploads are the public form's:
    # WTForms drops a field a subclass sets to None (its stubs do not know that idiom).
    acknowledge = None  # type: ignore[assignment]
    website = None  # type: ignore[assignment]
    attachments = None  # type: ignore[assignment]
    source = SelectField("How did the complaint reach Qtrax?",
                         choices=[("", "Choose one…"),
                                  *((s, SOURCE_LABELS[s]) for s in STAFF_SOURCES)],
                         validators=[DataRequired("Choose how the complaint arrived.")])
    received_on = DateField("Date Qtrax received it", validators=[
        InputRequired("Enter the date the letter, email, call or notice reached Qtrax."),
        not_in_future])
    start = SelectField("Where does the case start?", choices=list(STARTS.items()),
                        default=wf.FILED)
    demand_filed_on = DateField("Date the demand was filed with the AAA",
                                validators=[Optional(), not_in_future])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, text in STAFF_LABELS.items():
            self[name].label.text = text

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        # Optional() ends the field's own checks when it is empty: the demand needs its date.
        if self.start.data == wf.ARBITRATION_DEMANDED and self.demand_filed_on.data is None \
                and not self.demand_filed_on.errors:
            self.demand_filed_on.errors = ["Enter the date the demand was filed with the AAA."]
            valid = False
        return valid

    def demand_values(self) -> dict:
        return {name: (self[name].cents if hasattr(self[name], "cents") else self[name].data)
                for name in DEMAND_FIELDS}


for _name in DEMAND_FIELDS:
    setattr(StaffCaseForm, _name, FIELD_CATALOGUE[_name]())
