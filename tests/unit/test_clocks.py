"""Issue #16 items 11-13: AAA clocks stopped by a court application, the 2025 rules' versions,
and the rules that were missing. Dates worked out by hand in the comments."""

from __future__ import annotations

from datetime import date

import pytest

from qtrax_disputes.cases import aaa
from qtrax_disputes.deadlines import rules as r
from qtrax_disputes.deadlines.calendar import Suspension, resume_after, suspension_periods

D = date

# --- 11. Suspension by a court application ---------------------------------------------------


def test_the_aaa_suspends_30_days_under_the_2014_rules_and_90_under_the_2025_rules():
    assert aaa.court_application_suspension("2014").days == 30
    assert aaa.court_application_suspension("2025").days == 90
    assert aaa.court_application_suspension("2025-05-01").days == 90
    assert aaa.court_application_suspension("2014").mark == "V"
    # No period is known for the commercial rules (docs/rules.md § Rule by rule): none is invented.
    assert aaa.court_application_suspension("commercial") is None
    assert aaa.court_application_suspension(None) is None


def test_only_the_aaa_rules_clocks_stop_while_the_arbitration_is_suspended():
    stopping = {x.code for x in r.RULES if x.stops_while_suspended}
    assert stopping == {"AAA_ANSWER", "AAA_AWARD", "AAA_CORRECTION"}
    assert all(r.rule(code).roll == "none" for code in stopping)
    # Statutory clocks run on: CPLR 7503(c)'s stay among them.
    assert not r.rule("CPLR7503_STAY").stops_while_suspended
    assert not r.rule("FAA12_VACATE").stops_while_suspended


def test_a_clock_stops_and_resumes_with_the_days_it_had_left():
    # The AAA's notice sent Mon 2026-03-02: the answer is due 14 days later, Mon 2026-03-16.
    # A court application on Fri 2026-03-06 (2014 rules) suspends the arbitration 30 days, to
    # Sun 2026-04-05. On 03-06 the clock had counted 03-03..03-06 (4 days): 10 days left.
    # From 04-05 (not counted) 10 days is Wed 2026-04-15.
    raw, stops = resume_after(D(2026, 3, 2), D(2026, 3, 16),
                              [Suspension(D(2026, 3, 6), D(2026, 4, 5))])
    assert raw == D(2026, 4, 15)
    [stop] = stops
    assert stop.days_left == 10 and stop.suspension.days == 30
    assert stop.explanation == (
        "The arbitration was suspended from 2026-03-06 to 2026-04-05 (30 days); the period "
        "resumed with 10 days left, so it ends Wednesday 2026-04-15.")


def test_a_suspension_lifted_early_gives_the_clock_back_sooner():
    # 2025 rules: a court application Fri 2026-03-06 suspends 90 days, to Thu 2026-06-04; the
    # AAA lifts it on Mon 2026-03-23. The answer (notice sent 03-02, 10 days left on 03-06)
    # resumes from 03-23: Thu 2026-04-02.
    [period] = suspension_periods([(D(2026, 3, 6), 90)], [D(2026, 3, 23)])
    assert period == Suspension(D(2026, 3, 6), D(2026, 3, 23))
    raw, _ = resume_after(D(2026, 3, 2), D(2026, 3, 16), [period])
    assert raw == D(2026, 4, 2)
    # Without the lifting it would run to 06-04 + 10 = Sun 2026-06-14.
    [full] = suspension_periods([(D(2026, 3, 6), 90)], [])
    assert full.end == D(2026, 6, 4)
    assert resume_after(D(2026, 3, 2), D(2026, 3, 16), [full])[0] == D(2026, 6, 14)


def test_a_lifting_before_the_application_does_not_end_it():
    [period] = suspension_periods([(D(2026, 3, 6), 30)], [D(2026, 3, 1)])
    assert period.end == D(2026, 4, 5)


def test_a_period_that_starts_while_suspended_counts_from_the_end():
    # The record closed Wed 2026-03-11 during a suspension from 03-06 to 04-05: the 30 days of
    # the award count from 04-05: Tue 2026-05-05.
    raw, [stop] = resume_after(D(2026, 3, 11), D(2026, 4, 10),
                               [Suspension(D(2026, 3, 6), D(2026, 4, 5))])
    assert (raw, stop.days_left) == (D(2026, 5, 5), 30)


def test_a_suspension_outside_the_period_leaves_it_alone():
    # Ended before the period started; begun on the last day (nothing left to stop).
    before = Suspension(D(2026, 1, 5), D(2026, 2, 4))
    on_the_day = Suspension(D(2026, 3, 16), D(2026, 4, 15))
    assert resume_after(D(2026, 3, 2), D(2026, 3, 16), [before, on_the_day]) == (
        D(2026, 3, 16), ())


def test_two_suspensions_each_stop_the_clock():
    # Notice sent 2026-03-02, due 03-16. Suspended 03-04..03-09 (5 days): 12 left -> 03-21.
    # Suspended again 03-11..03-13 (2 days): 10 left -> 03-23.
    raw, stops = resume_after(D(2026, 3, 2), D(2026, 3, 16), [
        Suspension(D(2026, 3, 11), D(2026, 3, 13)), Suspension(D(2026, 3, 4), D(2026, 3, 9))])
    assert raw == D(2026, 3, 23)
    assert [s.days_left for s in stops] == [12, 10]


# --- 12. The 2025 AAA rules ------------------------------------------------------------------


@pytest.mark.parametrize("code", ["AAA_ANSWER", "AAA_AWARD"])
def test_an_aaa_rule_under_the_2025_set_is_the_2025_version_and_unverified(code):
    rule = r.rule(code)
    assert rule.version_under("2025") == "2025-05-01"
    assert rule.source_under("2025") == (
        "AAA Consumer Arbitration Rules and Mediation Procedures (2025-05-01), unverified")
    assert rule.version_under("2014") == "2014-09-01"
    assert rule.source_under("2014") == "AAA Consumer Arbitration Rules (2014-09-01)"


def test_a_statute_reads_as_its_citation_without_internal_versions():
    rule = r.rule("CPLR7511_VACATE")
    assert rule.source_under("2025") == "CPLR 7511(a)"
    assert "2026.1" not in rule.source_under("2025")


def test_an_unverified_rule_says_so_in_its_source():
    assert r.rule("AAA_CORRECTION").source_under("2014").endswith(", unverified")
    assert r.rule("GBL899AA_AG").source_under(None) == "N.Y. Gen. Bus. Law § 899-aa, unverified"
    assert r.rule("GBL899AA_NOTICE").source_under(None) == "N.Y. Gen. Bus. Law § 899-aa"


# --- 13. The missing rules -------------------------------------------------------------------

CORRECTION = r.rule("AAA_CORRECTION")


def test_the_correction_counts_from_the_awards_transmittal_recorded_with_its_receipt():
    # Award signed Mon 2026-06-01, sent to the parties Wed 06-03, received Fri 06-05.
    start = CORRECTION.start("award_received", D(2026, 6, 5), {"transmitted_on": "2026-06-03"})
    assert (start.on, start.assumed) == (D(2026, 6, 3), "")
    # 20 days after Wed 06-03 is Tue 2026-06-23; no roll.
    assert CORRECTION.compute(start.on).due == D(2026, 6, 23)
    assert CORRECTION.counts_from.recorded_day(D(2026, 6, 5), {}) is None


def test_until_the_transmittal_is_known_the_correction_counts_from_the_signing():
    start = CORRECTION.start("award_issued", D(2026, 6, 1), {})
    assert start.on == D(2026, 6, 1)
    assert "signed" in start.assumed
    # 20 days after Mon 06-01 is Sun 2026-06-21: the raw date stands (no roll verified).
    due = CORRECTION.compute(start.on)
    assert (due.due, due.falls_on_non_business_day) == (D(2026, 6, 21), True)
    assert (CORRECTION.verified, CORRECTION.mark, CORRECTION.concerns_claimant) == (
        False, "U", False)


def test_the_court_order_is_due_on_its_return_date():
    rule = r.rule("COURT_ORDER_RETURN")
    start = rule.start("court_order_received", D(2026, 3, 2), {"return_on": "2026-03-20"})
    assert start.on == D(2026, 3, 20)
    assert rule.compute(start.on).due == D(2026, 3, 20)
    assert (rule.obligation, rule.concerns_claimant) == (r.DUTY, False)


@pytest.mark.parametrize(("affected", "applies"), [
    (5001, True), (5000, False), (4999, False), (0, False), (None, False), ("", False),
    ("12000", True)])
def test_the_consumer_reporting_agencies_only_above_5000_residents(affected, applies):
    data = {} if affected is None else {"ny_residents_affected": affected}
    assert r.rule("GBL899AA_CRA").applies_to(data) is applies


def test_every_other_breach_notice_is_owed_whatever_the_number():
    for code in ("GBL899AA_NOTICE", "GBL899AA_AG", "GBL899AA_DOS", "GBL899AA_POLICE"):
        rule = r.rule(code)
        assert rule.applies_to({"ny_residents_affected": 1})
        assert rule.trigger == "breach_discovered" and rule.obligation == r.DUTY
    assert r.MORE_THAN_5000_RESIDENTS.threshold == 5000
    assert r.MORE_THAN_5000_RESIDENTS.mark == "V"
