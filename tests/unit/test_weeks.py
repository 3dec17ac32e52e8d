"""ISO weeks, checked against the calendar by hand."""

from datetime import date

import pytest

from qtrax_disputes.reports.weeks import Week


def test_week_47_of_2026_runs_monday_16_to_sunday_22_november():
    week = Week.parse("2026-W47")
    assert (week.start, week.end) == (date(2026, 11, 16), date(2026, 11, 22))


def test_the_last_complete_week_on_wednesday_25_november_2026_is_w47():
    assert Week.last_complete(date(2026, 11, 25)).label == "2026-W47"


def test_on_a_monday_the_week_just_ended_is_the_last_complete_one():
    # Monday 2026-11-23: W47 ended yesterday.
    assert Week.last_complete(date(2026, 11, 23)).label == "2026-W47"


def test_weeks_cross_the_year_line():
    # 2027-01-01 is a Friday: it belongs to 2026-W53 (2026 has 53 ISO weeks).
    assert Week.of(date(2027, 1, 1)).label == "2026-W53"
    assert Week.parse("2026-W53").shifted(1).label == "2027-W01"


@pytest.mark.parametrize("text", ["2026-47", "W47", "2025-W53", ""])
def test_not_a_week(text):
    with pytest.raises(ValueError):
        Week.parse(text)
