from flask_wtf import FlaskForm
from wtforms import SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from qtrax_disputes.web.forms_common import no_control_characters


class AskCounselForm(FlaskForm):
    step = SelectField("The step", validators=[DataRequired("Choose the step.")])
    counsel = SelectField("Ask", validators=[DataRequired("Choose who to ask.")])
    note = TextAreaField("What counsel should know (optional)", validators=[
        Optional(), Length(max=2000), no_control_characters])
