from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from qtrax_disputes.web.forms_common import DateField, no_control_characters

from .versions import CLAUSE_TERM_LABELS, MEDIATION_COSTS, DisputeClause, Term

MAX_TEXT = 200_000


def _term(name: str, **extra):
    return StringField(CLAUSE_TERM_LABELS[name], validators=[
        DataRequired("State this term of the clause."), Length(max=300), no_control_characters],
        **extra)


class ClauseTermsForm(FlaskForm):
    """The terms of a version's dispute clause, as parameters."""

    governing_law = _term("governing_law")
    mediation_first = SelectField(CLAUSE_TERM_LABELS["mediation_first"],
                                  choices=[("yes", "Yes: mediation before arbitration"),
                                           ("no", "No: arbitration may be demanded directly")])
    mediation_place = _term("mediation_place")
    mediator_chosen = _term("mediator_chosen")
    mediation_costs = SelectField(CLAUSE_TERM_LABELS["mediation_costs"],
                                  choices=[(k, v[0].upper() + v[1:]) for k, v in
                                           MEDIATION_COSTS.items()])
    arbitration_provider = _term("arbitration_provider")
    arbitration_rules = _term("arbitration_rules")
    arbitration_place = _term("arbitration_place")
    judgment = _term("judgment")

    def fill_clause(self, clause: DisputeClause) -> None:
        for name in CLAUSE_TERM_LABELS:
            value = clause[name]
            getattr(self, name).data = ("yes" if value else "no") if name == "mediation_first" \
                else value

    def clause(self, before: DisputeClause | None) -> DisputeClause:
        """The clause as typed; a term left as it was keeps the words it rested on."""
        terms = {}
        for name in CLAUSE_TERM_LABELS:
            raw = getattr(self, name).data
            value = raw == "yes" if name == "mediation_first" else raw.strip()
            words = before.terms[name].words if before and before[name] == value else ""
            terms[name] = Term(value, words)
        return DisputeClause(terms)


class VersionForm(ClauseTermsForm):
    effective_on = DateField("Took effect on", validators=[
        DataRequired("Enter the day this version took effect, e.g. 2027-03-01.")])
    posted_on = DateField("Posted on", validators=[Optional()])
    title = StringField("Title", validators=[Length(max=200), no_control_characters])
    source = StringField("Where the text was read", validators=[
        DataRequired("Say where this text comes from (an archived copy, the firm's records)."),
        Length(max=500), no_control_characters])
    text = TextAreaField("Full text", validators=[
        DataRequired("Paste the full text of this version."), Length(max=MAX_TEXT)])
