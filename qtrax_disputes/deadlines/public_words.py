"""The dates the complainant sees, each said as one plain sentence.

The status page never shows a rule's code, title, explanation or source: those are written
for staff. A rule the complainant should know about has a sentence here, with ``%(date)s``
where its day goes ("Monday, 1 March 2027"); every other rule is listed in ``INTERNAL``, on
purpose, with why. A test checks that every rule of ``rules.RULES`` is in exactly one of the
two, so a new rule cannot reach the public page unworded, nor be forgotten. Pure: no Flask,
no database.

Whole sentences, each translated as it stands (``N_`` marks it for the catalogue).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from qtrax_disputes.core.words import N_

SENTENCES: dict[str, str] = {
    "CPLR7509_MODIFY": N_("Either side may ask the arbitrator to correct the decision until "
                       "%(date)s."),
    "CPLR7509_OBJECT": N_("Either side may object to a request to correct the decision until "
                       "%(date)s."),
    "CPLR7511_VACATE": N_("Either side may ask a court to cancel or change the decision until "
                       "%(date)s."),
    "CPLR7510_CONFIRM": N_("Either side may ask a court to confirm the decision until %(date)s."),
    "FAA12_VACATE": N_("Under federal law, either side may ask a federal court to cancel or "
                    "change the decision until %(date)s."),
    "FAA9_CONFIRM": N_("Under federal law, either side may ask a federal court to confirm the "
                    "decision until %(date)s."),
    "AAA_AWARD": N_("The arbitrator's decision is expected by %(date)s."),
    "MEDIATION_WINDOW": N_("We aim to hold the mediation meeting by %(date)s."),
}

# Deliberately not shown, and why: Qtrax's own tasks, and steps that do not concern the
# complainant or that our own sources have not confirmed.
INTERNAL: dict[str, str] = {
    "CPLR7503_STAY": "Qtrax's own option to go to court before arbitration.",
    "AAA_ANSWER": "Qtrax's own task: its answer to the AAA.",
    "AAA_CORRECTION": "Not confirmed by our sources; staff weigh it.",
    "GBL899AA_NOTICE": "Qtrax's own duty after a breach; the notice itself reaches people.",
    "GBL899AA_AG": "Qtrax's own duty to notify an authority.",
    "GBL899AA_DOS": "Qtrax's own duty to notify an authority.",
    "GBL899AA_POLICE": "Qtrax's own duty to notify an authority.",
    "GBL899AA_CRA": "Qtrax's own duty to notify the consumer reporting agencies.",
    "COURT_ORDER_RETURN": "Qtrax's own answer to a court order.",
    "POLICY_CHILD_DELETE": "Qtrax's own task; the complainant is told when it is done.",
}

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def long_date(day: date) -> str:
    """A day as a person says it: Monday, 1 March 2027."""
    return f"{_WEEKDAYS[day.weekday()]}, {day.day} {_MONTHS[day.month - 1]} {day.year}"


def sentence(rule_code: str | None, due_on: date, *,
             translate: Callable[[str], str] = lambda text: text,
             say_date: Callable[[date], str] = long_date) -> str | None:
    """The public sentence for a deadline of this rule, or None when it is not for the public
    (a rule listed in INTERNAL, a deadline set by hand, a rule nobody has worded yet).

    A page passes its reader's ``translate`` (gettext) and ``say_date``: the sentence is
    translated whole, then its day put in, said in the same language."""
    template = SENTENCES.get(rule_code or "")
    return translate(template) % {"date": say_date(due_on)} if template else None
