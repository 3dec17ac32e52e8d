"""The case's timeline as the page shows it: newest first, one line per entry with who and
when, grouped by the stage the case was in, and filtered by kind (``?kind=notes``).

No database here: the events and emails come in from queries.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from qtrax_disputes.core.clock import to_local

from . import event_labels as labels
from . import workflow as wf


@dataclass(frozen=True)
class Entry:
    label: str
    kind: str  # the filter it falls under (event_labels.FILTERS)
    who: str
    occurred_on: date
    recorded_at: datetime | None
    note: str = ""
    event: object | None = None  # the CaseEvent, for "correct the date"; None for an email


@dataclass(frozen=True)
class Group:
    stage: str
    label: str
    entries: tuple[Entry, ...]


def who(event) -> str:
    """Who wrote an entry, by name: never the stored "user:10"."""
    if event.actor_user is not None:
        return event.actor_user.display_name
    actor = event.actor or ""
    if actor.startswith("complainant:"):
        return "the complainant"
    if actor == "system":
        return "Qtrax Disputes (automatically)"
    return "a former user" if actor.startswith("user:") else actor


def _entry_label(event) -> str:
    """A stage change heads its group, which names the stage: the entry says where from."""
    if event.to_stage and event.kind not in (wf.FILED, wf.RESUMED):
        came_from = wf.STAGE_LABELS.get(event.from_stage or "")
        return f"Moved here from “{came_from}”" if came_from else "Moved to this stage"
    return labels.label(event.kind, event.to_stage, event.data)


def _event_entry(event) -> Entry:
    return Entry(label=_entry_label(event),
                 kind=labels.filter_of(event.kind, event.to_stage), who=who(event),
                 occurred_on=event.occurred_on, recorded_at=event.recorded_at,
                 note=event.note or "", event=event)


def _email_entry(message) -> Entry:
    sent = message.sent_at or message.created_at
    label = (f"Email not sent to {message.to_address} (the complainant turned updates off): "
             f"{message.subject}" if message.status == "withheld"  # outbox.models.WITHHELD
             else f"Email to {message.to_address}: {message.subject}")
    return Entry(label=label,
                 kind=labels.EMAILS, who="Qtrax Disputes (automatically)",
                 occurred_on=to_local(sent).date(), recorded_at=sent)


def build(events, emails=(), kind: str = "") -> list[Group]:
    """The groups, newest stage first and newest entry first in each."""
    entries = [_event_entry(e) for e in events] + [_email_entry(m) for m in emails]
    # Oldest first to follow the stage the case was in at each entry.
    entries.sort(key=lambda e: (e.occurred_on,
                                e.recorded_at.timestamp() if e.recorded_at else 0.0,
                                getattr(e.event, "id", 0) or 0))
    groups: list[tuple[str, list[Entry]]] = []
    stage = wf.FILED
    for entry in entries:
        reached = getattr(entry.event, "to_stage", None)
        if reached:
            stage = reached
        if not groups or groups[-1][0] != stage:
            groups.append((stage, []))
        if not kind or entry.kind == kind:
            groups[-1][1].append(entry)
    return [Group(stage, wf.STAGE_LABELS.get(stage, "Other"), tuple(reversed(items)))
            for stage, items in reversed(groups) if items]
