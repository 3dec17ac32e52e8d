from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from qtrax_disputes.web.forms_common import DateField, no_control_characters, not_in_future


class ManualDeadlineForm(FlaskForm):
    title = StringField("What is due", validators=[
        DataRequired("Say what is due."), Length(max=200), no_control_characters])
    due_on = DateField("Due on", validators=[DataRequired("Enter the due date.")])
    note = TextAreaField("Why (shown with the deadline)", validators=[Length(max=2000)])
    concerns_claimant = BooleanField("Show it to the complainant on their status page")


class CompleteForm(FlaskForm):
    done_on = DateField("Done on", validators=[DataRequired("Enter the date it was done."),
                                               not_in_future])
    note = StringField("Note", validators=[Length(max=500), no_control_characters])
    confirm = BooleanField("Yes, this deadline was met", validators=[
        DataRequired("Tick the box to confirm.")])


class WaiveForm(FlaskForm):
    reason = TextAreaField("Reason for waiving", validators=[
        DataRequired("Give the reason for waiving this deadline."), Length(max=2000),
        no_control_characters])


class EventDateForm(FlaskForm):
    occurred_on = DateField("Correct legal date", validators=[
        DataRequired("Enter the corrected date."), not_in_future])
    reason = StringField("Why the date changes", validators=[
        DataRequired("Say why the date is corrected."), Length(max=500), no_control_characters])
    confirm = BooleanField("Apply the new dates shown above")
    # The date the shown preview was worked out for: a date changed after the preview is
    # previewed again, never applied unseen.
    previewed_on = HiddenField()
