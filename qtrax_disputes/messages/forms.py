from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import MultipleFileField, TextAreaField
from wtforms.validators import DataRequired, Length

from qtrax_disputes.web.forms_common import no_control_characters

from .operations import MAX_BODY

_BODY_CHECKS = [DataRequired(_l("Write your message first.")),
                Length(max=MAX_BODY, message=_l("Keep the message under %(max)s characters.",
                                                   max=f"{MAX_BODY:,}")),
                no_control_characters]


class ComplainantMessageForm(FlaskForm):
    """On the status page: the complainant writes to Qtrax."""

    body = TextAreaField(_l("Your message"), validators=_BODY_CHECKS)
    attachments = MultipleFileField(_l("Attach documents (optional)"))


class StaffMessageForm(FlaskForm):
    """On the case page: staff write to the complainant, who is emailed a link to read it."""

    body = TextAreaField("Message to the complainant", validators=_BODY_CHECKS)
    attachments = MultipleFileField("Attach documents (optional; the complainant will see "
                                    "them)")
