from flask_wtf import FlaskForm
from flask_wtf.file import FileField, MultipleFileField
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from qtrax_disputes.web.forms_common import DateField, no_control_characters

from .models import TAGS


class UploadForm(FlaskForm):
    files = MultipleFileField("Files")
    tag = SelectField("Tag", choices=list(TAGS), default="evidence")
    description = StringField("Description", validators=[Length(max=500),
                                                         no_control_characters])
    privileged = BooleanField("Privileged (never shown to the complainant)")
    visible_to_claimant = BooleanField("The complainant may see it on their status page")
    doc_date = DateField("Date of the document (privilege log)", validators=[Optional()])
    author = StringField("Author (privilege log)", validators=[Length(max=200)])
    recipients = StringField("Recipients (privilege log)", validators=[Length(max=500)])
    privilege_basis = StringField("Basis of privilege", validators=[Length(max=200)])

    def validate_privilege_basis(self, field):
        if self.privileged.data and not (field.data or "").strip():
            from wtforms.validators import ValidationError

            raise ValidationError("Say why it is privileged (e.g. attorney–client "
                                  "communication).")


class VersionForm(FlaskForm):
    file = FileField("New version")
    note = StringField("What changed", validators=[Length(max=500)])


class DeleteDocumentForm(FlaskForm):
    reason = TextAreaField("Reason", validators=[
        DataRequired("Give the reason for deleting the document."), Length(max=1000)])
