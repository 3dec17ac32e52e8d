"""Deadlines as an iCalendar feed (RFC 5545). Pure: no Flask, no database.

Each deadline is one all-day event whose UID is derived from the deadline's id, so calendar
apps that re-fetch the feed update the event in place instead of adding a copy.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from icalendar import Alarm, Calendar, Event

PRODID = "-//Qtrax Disputes//Deadlines//EN"
TIMEZONE = "America/New_York"

_OPEN = "open"
_CANCELLED_STATUSES = ("waived", "closed")
_STATUS_PREFIX = {"done": "[DONE] ", "waived": "[WAIVED] ", "closed": "[CLOSED] "}
UNVERIFIED_PREFIX = "[UNVERIFIED RULE] "


@dataclass(frozen=True)
class FeedItem:
    id: int
    case_number: str
    title: str
    due_on: date
    status: str
    explanation: str
    source: str
    verified: bool
    url: str


def item_from(deadline: Any, url: str) -> FeedItem:
    """A feed item from a Deadline row (or anything with its attributes and ``case.number``)."""
    return FeedItem(
        id=deadline.id,
        case_number=deadline.case.number,
        title=deadline.title,
        due_on=deadline.due_on,
        status=deadline.status,
        explanation=deadline.explanation or "",
        source=deadline.source or "",
        verified=bool(deadline.verified),
        url=url,
    )


def summary_of(item: FeedItem) -> str:
    prefix = ""
    if not item.verified:
        prefix += UNVERIFIED_PREFIX
    if item.status != _OPEN:
        prefix += _STATUS_PREFIX.get(item.status, f"[{item.status.upper()}] ")
    return f"{prefix}{item.case_number}: {item.title}"


def _description(item: FeedItem) -> str:
    lines = []
    if item.explanation:
        lines.append(item.explanation)
    if item.source:
        lines.append(f"Source: {item.source}")
    if not item.verified:
        lines.append("The rule behind this date is not verified: check it before relying on it.")
    lines.append(f"Case: {item.url}")
    return "\n\n".join(lines)


def _event(item: FeedItem, *, domain: str, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", f"deadline-{item.id}@{domain}")
    event.add("dtstamp", stamp)
    event.add("dtstart", item.due_on)  # a date: VALUE=DATE, an all-day event
    if item.due_on < date.max:  # a row saved before dates were bounded may hold 9999-12-31
        event.add("dtend", item.due_on + timedelta(days=1))  # DTEND is exclusive
    event.add("summary", summary_of(item))
    event.add("description", _description(item))
    event.add("url", item.url)
    event.add("status", "CANCELLED" if item.status in _CANCELLED_STATUSES else "CONFIRMED")
    event.add("transp", "TRANSPARENT")
    if item.status == _OPEN:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", summary_of(item))
        alarm.add("trigger", timedelta(days=-1))
        event.add_component(alarm)
    return event


def calendar_bytes(name: str, items: Iterable[FeedItem], *, domain: str,
                   stamp: datetime | None = None) -> bytes:
    """The feed named ``name`` holding one all-day event per item.

    ``stamp`` is the DTSTAMP of every event (when the feed was generated); pass it in so the
    output is deterministic. Naive datetimes are taken as UTC; default: now.
    """
    if stamp is None:
        stamp = datetime.now(UTC)
    elif stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=UTC)
    else:
        stamp = stamp.astimezone(UTC)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", TIMEZONE)
    for item in items:
        cal.add_component(_event(item, domain=domain, stamp=stamp))
    return cal.to_ical()
