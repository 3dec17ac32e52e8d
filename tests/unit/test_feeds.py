"""The deadline feed: valid iCalendar, all-day events on the right dates, stable UIDs."""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

import pytest
from icalendar import Calendar

from qtrax_disputes.deadlines.feeds import FeedItem, calendar_bytes, item_from

STAMP = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
DOMAIN = "disputes.qtrax.example"


def item(id=1, *, due_on=date(2026, 6, 30), status="open", verified=True, title="Answer due"):
    return FeedItem(
        id=id, case_number=f"QD-2026-{id:06d}", title=title, due_on=due_on, status=status,
        explanation="30 days after service, rolled past the weekend.",
        source="AAA Consumer Rule R-2(a)", verified=verified,
        url=f"https://{DOMAIN}/cases/QD-2026-{id:06d}",
    )


def parse(data: bytes) -> tuple[Calendar, dict[str, object]]:
    cal = Calendar.from_ical(data)
    return cal, {str(e["UID"]): e for e in cal.walk("VEVENT")}


def test_the_calendar_header_names_the_feed():
    cal, events = parse(calendar_bytes("Deadlines: Pat", [], domain=DOMAIN, stamp=STAMP))
    assert str(cal["PRODID"]) == "-//Qtrax Disputes//Deadlines//EN"
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["X-WR-CALNAME"]) == "Deadlines: Pat"
    assert str(cal["X-WR-TIMEZONE"]) == "America/New_York"
    assert events == {}


def test_a_deadline_kept_from_before_dates_were_bounded_does_not_break_the_feed():
    # Saved as 9999-12-31 by an older version: the day after it is no date. An all-day event
    # without DTEND lasts its one day (RFC 5545 3.6.1), so the feed still lists it.
    data = calendar_bytes("D", [item(1, due_on=date.max), item(2)], domain=DOMAIN, stamp=STAMP)
    _, events = parse(data)
    assert len(events) == 2 and b"DTSTART;VALUE=DATE:99991231" in data


def test_each_deadline_is_an_all_day_event_on_its_due_date():
    data = calendar_bytes("D", [item(1), item(2, due_on=date(2026, 12, 31))], domain=DOMAIN,
                          stamp=STAMP)
    assert b"DTSTART;VALUE=DATE:20260630" in data
    assert b"DTEND;VALUE=DATE:20260701" in data
    _, events = parse(data)
    assert set(events) == {f"deadline-1@{DOMAIN}", f"deadline-2@{DOMAIN}"}
    first = events[f"deadline-1@{DOMAIN}"]
    start, end = first.decoded("DTSTART"), first.decoded("DTEND")
    assert type(start) is date and type(end) is date  # DATE values, not date-times
    assert (start, end) == (date(2026, 6, 30), date(2026, 7, 1))
    # The year boundary: DTEND is the next day, in the next year.
    last = events[f"deadline-2@{DOMAIN}"]
    assert (last.decoded("DTSTART"), last.decoded("DTEND")) == (date(2026, 12, 31),
                                                                 date(2027, 1, 1))
    assert first.decoded("DTSTAMP") == STAMP
    assert str(first["SUMMARY"]) == "QD-2026-000001: Answer due"
    assert str(first["URL"]) == f"https://{DOMAIN}/cases/QD-2026-000001"
    description = str(first["DESCRIPTION"])
    assert "30 days after service" in description
    assert "AAA Consumer Rule R-2(a)" in description
    assert f"https://{DOMAIN}/cases/QD-2026-000001" in description
    assert str(first["STATUS"]) == "CONFIRMED"


def test_uids_and_bytes_are_stable_across_builds():
    items = [item(1), item(7, due_on=date(2026, 7, 4))]
    one = calendar_bytes("D", items, domain=DOMAIN, stamp=STAMP)
    two = calendar_bytes("D", list(items), domain=DOMAIN, stamp=STAMP)
    assert one == two
    later = calendar_bytes("D", items, domain=DOMAIN, stamp=STAMP + timedelta(hours=5))
    assert set(parse(one)[1]) == set(parse(later)[1]) == {
        f"deadline-1@{DOMAIN}", f"deadline-7@{DOMAIN}"
    }


def test_an_unverified_rule_is_marked_in_the_title():
    _, events = parse(calendar_bytes("D", [item(3, verified=False)], domain=DOMAIN, stamp=STAMP))
    summary = str(events[f"deadline-3@{DOMAIN}"]["SUMMARY"])
    assert summary == "[UNVERIFIED RULE] QD-2026-000003: Answer due"


def test_done_and_waived_deadlines_are_marked_and_waived_is_cancelled():
    items = [item(1, status="done"), item(2, status="waived"), item(3, status="closed")]
    _, events = parse(calendar_bytes("D", items, domain=DOMAIN, stamp=STAMP))
    done, waived, closed = (events[f"deadline-{i}@{DOMAIN}"] for i in (1, 2, 3))
    assert str(done["SUMMARY"]).startswith("[DONE] QD-2026-000001")
    assert str(done["STATUS"]) == "CONFIRMED"
    assert str(waived["SUMMARY"]).startswith("[WAIVED] QD-2026-000002")
    assert str(waived["STATUS"]) == "CANCELLED"
    assert str(closed["STATUS"]) == "CANCELLED"
    for event in (done, waived, closed):
        assert event.walk("VALARM") == []  # no alarm for what is no longer open


def test_open_deadlines_alarm_a_day_before():
    _, events = parse(calendar_bytes("D", [item(1)], domain=DOMAIN, stamp=STAMP))
    (alarm,) = events[f"deadline-1@{DOMAIN}"].walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert alarm.decoded("TRIGGER") == timedelta(days=-1)


def test_text_with_commas_semicolons_and_newlines_round_trips():
    title = "Respond; object, or settle\nin writing"
    _, events = parse(calendar_bytes("D", [item(1, title=title)], domain=DOMAIN, stamp=STAMP))
    assert str(events[f"deadline-1@{DOMAIN}"]["SUMMARY"]) == f"QD-2026-000001: {title}"


def test_item_from_reads_a_deadline_row_and_is_frozen():
    row = SimpleNamespace(
        id=9, case=SimpleNamespace(number="QD-2026-000009"), title="Delete the child's data",
        due_on=date(2026, 6, 30), status="open", explanation="Same day.", source="Policy",
        verified=False,
    )
    made = item_from(row, "https://x/cases/QD-2026-000009")
    assert made == FeedItem(9, "QD-2026-000009", "Delete the child's data", date(2026, 6, 30),
                            "open", "Same day.", "Policy", False,
                            "https://x/cases/QD-2026-000009")
    with pytest.raises(FrozenInstanceError):
        made.title = "changed"  # type: ignore[misc]
