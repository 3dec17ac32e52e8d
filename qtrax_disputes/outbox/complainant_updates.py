"""Update emails to the complainant: the steps of their case that concern them, and staff's
messages, each with a fresh link to their status page, and a way to turn them off.

Called inside the operation that takes the step (its transaction commits the email with the
step). The same step recorded twice is emailed once (``dedupe_key``). A complainant who turned
updates off receives only what the law or the policy requires (``required=True``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import current_app
from flask_babel import gettext
from itsdangerous import BadSignature, URLSafeSerializer

from qtrax_disputes.core.clock import now_utc
from qtrax_disputes.core.words import N_
from qtrax_disputes.db.transactions import operation
from qtrax_disputes.web.extensions import db

from ..audit.log import record
from ..cases import workflow as wf
from ..cases.models import Case, CaseEvent
from ..intake.models import StatusLink
from ..web.formatting import clock_time, long_date
from ..web.i18n import in_their_language
from . import sealed
from .models import OutboxMessage
from .operations import enqueue, is_queued

# What each update says: its subject and its first sentence, whole sentences (to be
# translated later as they are).
MEDIATOR_PROPOSED = "mediator_proposed"
SESSION_SCHEDULED = "session_scheduled"
HEARING_SCHEDULED = "hearing_scheduled"
IMPASSE = "impasse"
AWARD_ISSUED = "award_issued"
AWARD_RECEIVED = "award_received"
CLOSED = "closed"
STAFF_MESSAGE = "staff_message"


@dataclass(frozen=True)
class Update:
    subject: str  # with %(number)s
    headline: str


UPDATES: dict[str, Update] = {
    MEDIATOR_PROPOSED: Update(N_("Case %(number)s: a mediator has been proposed"),
                              N_("A mediator has been proposed for your case.")),
    SESSION_SCHEDULED: Update(N_("Case %(number)s: your mediation session is scheduled"),
                              N_("Your mediation session has been scheduled.")),
    HEARING_SCHEDULED: Update(N_("Case %(number)s: your arbitration hearing is scheduled"),
                              N_("Your arbitration hearing has been scheduled.")),
    IMPASSE: Update(N_("Case %(number)s: the mediation ended without an agreement"),
                    N_("The mediation ended without an agreement. The dispute may now go to "
                    "binding arbitration.")),
    AWARD_ISSUED: Update(N_("Case %(number)s: the arbitrator has decided"),
                         N_("The arbitrator has issued an award in your case.")),
    AWARD_RECEIVED: Update(N_("Case %(number)s: the award has been delivered"),
                           N_("The award in your case has been delivered to both sides. The time "
                           "to act on it starts now: your status page shows the dates.")),
    CLOSED: Update(N_("Case %(number)s: your case is closed"), N_("Your case has been closed.")),
    STAFF_MESSAGE: Update(N_("Case %(number)s: a message from Qtrax Legal"),
                          N_("Qtrax Legal has written to you about your case.")),
}

# The stage a step reaches → the update it sends.
STAGE_UPDATES = {
    wf.MEDIATION_SCHEDULED: SESSION_SCHEDULED,
    wf.HEARING_SCHEDULED: HEARING_SCHEDULED,
    wf.IMPASSE: IMPASSE,
    wf.AWARD_ISSUED: AWARD_ISSUED,
    wf.AWARD_RECEIVED: AWARD_RECEIVED,
    wf.CLOSED: CLOSED,
}


def plain_date(day: date) -> str:
    """A day in words in the language being written (Monday, 1 March 2027)."""
    return long_date(day)


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="qtrax-updates-off")


def updates_off_token(case: Case) -> str:
    """Signed, so unguessable; it only turns this case's updates off, so it need not expire."""
    return _serializer().dumps(case.id)


def case_for_updates_off_token(token: str) -> Case | None:
    try:
        case_id = _serializer().loads(token)
    except BadSignature:
        return None
    return db.session.get(Case, case_id) if isinstance(case_id, int) else None


def _public_url(endpoint: str, **values) -> str:
    # Built from the URL map, not url_for: steps are also taken outside a request (the CLI).
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + path


def _fresh_status_link(case: Case) -> str:
    """A further status link for this email: sealed in the queued body, like the receipt's."""
    from ..intake.tokens import new_status_link

    seed, _, token_hash = new_status_link()
    db.session.add(StatusLink(case_id=case.id, token_hash=token_hash))
    return _public_url("intake.status", token=sealed.marker(seed))


def tell_complainant(case: Case, what: str, *, detail: str = "", required: bool = False,
                     dedupe_key: str | None = None) -> OutboxMessage | None:
    """Queue the update ``what`` (a key of UPDATES) to the case's complainant, in the
    caller's transaction. None when it is not sent: a duplicate, updates turned off (unless
    ``required``), or no address left (a purged case)."""
    if not case.complainant_email or case.purged_on is not None:
        return None
    if case.updates_off_at is not None and not required:
        return None
    if dedupe_key and is_queued(dedupe_key):
        return None  # before the link is made: a duplicate leaves no link behind
    update = UPDATES[what]
    unsubscribe_url = None if required else _public_url("updates.off",
                                                        token=updates_off_token(case))
    with in_their_language(case):
        subject = gettext(update.subject, number=case.number)
        return enqueue(case.complainant_email, subject, template="update", context={
            "case": case, "headline": gettext(update.headline), "detail": detail,
            "link": _fresh_status_link(case), "unsubscribe_url": unsubscribe_url,
        }, case_id=case.id, dedupe_key=dedupe_key, unsubscribe_url=unsubscribe_url)


def _when_and_where(values: dict, day_key: str, time_key: str) -> str:
    day, at, venue = values.get(day_key), values.get(time_key), values.get("venue")
    if not isinstance(day, date):
        return ""
    when = (gettext("%(date)s at %(time)s (New York time)", date=plain_date(day),
                    time=clock_time(at)) if at else plain_date(day))
    if venue:
        return gettext("It is set for %(when)s, at %(venue)s.", when=when, venue=venue)
    return gettext("It is set for %(when)s.", when=when)


def step_taken(case: Case, event: CaseEvent, values: dict) -> OutboxMessage | None:
    """The update a step of the road sends, if it concerns the complainant."""
    what = STAGE_UPDATES.get(event.to_stage or "")
    if what is None:
        return None
    detail = ""
    with in_their_language(case):
        if what == SESSION_SCHEDULED:
            detail = _when_and_where(values, "session_on", "session_time")
        elif what == HEARING_SCHEDULED:
            detail = _when_and_where(values, "hearing_on", "hearing_time")
    return tell_complainant(
        case, what, detail=detail,
        dedupe_key=f"update:{case.id}:{event.to_stage}:{event.occurred_on.isoformat()}")


def mediator_proposed(case: Case, name: str, proposed_on: date) -> OutboxMessage | None:
    with in_their_language(case):
        detail = gettext("The proposed mediator is %(name)s. The policy calls for a mediator "
                         "both sides agree on: your status page shows who they are.", name=name)
    return tell_complainant(
        case, MEDIATOR_PROPOSED, detail=detail,
        dedupe_key=f"update:{case.id}:mediator:{name.lower()}:{proposed_on.isoformat()}")


@operation()
def turn_updates_off(case: Case) -> bool:
    """The complainant turns update emails off (from the email itself). True if it changed."""
    if case.updates_off_at is not None:
        return False
    case.updates_off_at = now_utc()
    record("case.updates_off", case, {"number": case.number},
           actor=f"complainant:{case.number}")
    db.session.commit()
    return True
