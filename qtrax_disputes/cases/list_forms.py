"""The case list's forms: naming the current filters, and one change to the selected cases."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from qtrax_disputes.web.forms_common import no_control_characters

ASSIGN, NOTE = "assign", "note"
NOBODY = "none"  # the assignee chosen to unassign the selected cases


class SavedViewForm(FlaskForm):
    name = StringField("Name these filters", validators=[
        DataRequired("Give the view a name."), Length(max=80), no_control_characters])
    query = HiddenField(validators=[Length(max=1000)])
    pinned = BooleanField("Pin it above the list")


class PinForm(FlaskForm):
    pinned = HiddenField()


class BulkForm(FlaskForm):
    cases = SelectMultipleField("Cases", choices=[], validate_choice=False, validators=[
        DataRequired("Select at least one case in the list.")])
    action = SelectField("Change", choices=[(ASSIGN, "Reassign"), (NOTE, "Add a note")])
    assignee = SelectField("Assign the selected cases to", choices=[], validators=[Optional()])
    note = TextAreaField("Note on each selected case", validators=[
        Length(max=10000), no_control_characters])
    back = HiddenField(validators=[Length(max=1000)])

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if self.action.data == NOTE and not (self.note.data or "").strip():
            self.note.errors = [*self.note.errors, "Write the note to add."]
            ok = False
        if self.action.data == ASSIGN and not self.assignee.data:
            self.assignee.errors = [*self.assignee.errors, "Choose whom to assign them to."]
            ok = False
        return ok
