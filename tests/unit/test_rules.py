"""Deadline rules are data (docs/rules.md): the table, its look-ups, and dates worked by hand."""

from __future__ import annotations

from dataclasses import FrozenInstanceError, replace
from datetime import date

import pytest

from qtrax_disputes.deadlines import rules as r
from qtrax_disputes.deadlines.calendar import ROLLS, UNITS

D = date

DOMAIN_CODES = {
    "CPLR7503_STAY", "CPLR7509_MODIFY", "CPLR7509_OBJECT", "CPLR7511_VACATE",
    "CPLR7510_CONFIRM", "FAA12_VACATE", "FAA9_CONFIRM", "AAA_ANSWER", "AAA_AWARD",
    "GBL899AA_NOTICE", "POLICY_CHILD_DELETE", "MEDIATION_WINDOW",
    # Issue #16 item 13: the clerical correction, the court order's return date, and each
    # recipient's GBL § 899-aa notice as its own duty.
    "AAA_CORRECTION", "COURT_ORDER_RETURN", "GBL899AA_AG", "GBL899AA_DOS", "GBL899AA_POLICE",
    "GBL899AA_CRA",
}  # fmt: skip

POST_AWARD = {
    "CPLR7509_MODIFY", "CPLR7509_OBJECT", "CPLR7511_VACATE", "CPLR7510_CONFIRM",
    "FAA12_VACATE", "FAA9_CONFIRM",
}  # fmt: skip

# code: (trigger, n, unit, roll, source contains, mark)
EXPECTED = {
    "CPLR7503_STAY": ("arbitration_demanded", 20, "days", "NY", "CPLR 7503(c)", "V"),
    "CPLR7509_MODIFY": ("award_received", 20, "days", "NY", "CPLR 7509", "V"),
    "CPLR7509_OBJECT": ("modification_requested", 10, "days", "NY", "CPLR 7509", "V"),
    "CPLR7511_VACATE": ("award_received", 90, "days", "NY", "CPLR 7511(a)", "V"),
    "CPLR7510_CONFIRM": ("award_received", 1, "years", "NY", "CPLR 7510", "V"),
    "FAA12_VACATE": ("award_received", 3, "months", "FED", "9 U.S.C. § 12", "V"),
    "FAA9_CONFIRM": ("award_issued", 1, "years", "FED", "9 U.S.C. § 9", "V"),
    "AAA_ANSWER": ("aaa_noticed", 14, "days", "none", "AAA Consumer", "V"),
    "AAA_AWARD": ("record_closed", 30, "days", "none", "AAA Consumer", "V"),
    "GBL899AA_NOTICE": ("breach_discovered", 30, "days", "none", "899-aa", "V"),
    "POLICY_CHILD_DELETE": ("child_data_discovered", 0, "days", "none", "COPPA", "policy"),
    "AAA_CORRECTION": ("award_issued", 20, "days", "none", "commercial analog", "U"),
    "COURT_ORDER_RETURN": ("court_order_received", 0, "days", "none", "subpoena", "design"),
    "GBL899AA_AG": ("breach_discovered", 30, "days", "none", "899-aa", "U"),
    "GBL899AA_DOS": ("breach_discovered", 30, "days", "none", "899-aa", "U"),
    "GBL899AA_POLICE": ("breach_discovered", 30, "days", "none", "899-aa", "U"),
    "GBL899AA_CRA": ("breach_discovered", 30, "days", "none", "899-aa", "U"),
    "MEDIATION_WINDOW": ("mediation_requested", None, "days", "none", "", "design"),
}


def test_every_domain_rule_is_shipped_once() -> None:
    codes = [x.code for x in r.RULES]
    assert len(codes) == len(set(codes))
    assert set(codes) == DOMAIN_CODES


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_rule_row(code: str) -> None:
    trigger, n, unit, roll, source, mark = EXPECTED[code]
    rule = r.rule(code)
    assert (rule.trigger, rule.n, rule.unit, rule.roll, rule.mark) == (
        trigger, n, unit, roll, mark,
    )  # fmt: skip
    assert source in rule.source


@pytest.mark.parametrize("rule", r.RULES, ids=lambda x: x.code)
def test_rule_fields_are_valid(rule: r.Rule) -> None:
    assert rule.unit in UNITS
    assert rule.roll in ROLLS
    assert rule.mark in r.MARKS
    assert rule.act in r.ACTORS
    assert rule.ends_on and all(isinstance(k, str) for k in rule.ends_on)
    assert rule.version and rule.title and rule.source
    hash(rule)  # usable as a key: every field is immutable


def test_rules_are_frozen() -> None:
    with pytest.raises(FrozenInstanceError):
        r.rule("CPLR7511_VACATE").n = 30  # type: ignore[misc]


def test_unknown_code() -> None:
    with pytest.raises(KeyError):
        r.rule("NOPE")


def test_ends_on_rows() -> None:
    assert "modification_requested" in r.rule("CPLR7509_MODIFY").ends_on
    assert {"vacatur_filed", "vacated", "confirmed"} <= set(r.rule("CPLR7511_VACATE").ends_on)
    assert "confirmed" in r.rule("CPLR7510_CONFIRM").ends_on
    assert r.rule("AAA_ANSWER").ends_on[0] == "answer_filed"
    assert r.rule("AAA_AWARD").ends_on[0] == "award_issued"
    # The residents' notice ends with its own step; the single step of before still ends the
    # deadlines it was recorded for.
    assert r.rule("GBL899AA_NOTICE").ends_on == ("breach_notice_residents_sent",
                                                 "breach_notices_sent")
    assert r.rule("GBL899AA_AG").ends_on == ("breach_notice_ag_sent",)
    assert r.rule("GBL899AA_DOS").ends_on == ("breach_notice_dos_sent",)
    assert r.rule("GBL899AA_POLICE").ends_on == ("breach_notice_police_sent",)
    assert r.rule("GBL899AA_CRA").ends_on == ("breach_notice_cra_sent",)
    assert r.rule("COURT_ORDER_RETURN").ends_on == ("court_order_answered",)
    assert r.rule("AAA_CORRECTION").ends_on[0] == "correction_requested"
    assert r.rule("POLICY_CHILD_DELETE").ends_on == ("child_data_deleted",)
    assert {"mediation_held", "settled", "impasse", "withdrawn"} <= set(
        r.rule("MEDIATION_WINDOW").ends_on
    )


@pytest.mark.parametrize("code", sorted(POST_AWARD))
def test_post_award_rules_end_when_the_case_does(code: str) -> None:
    assert {"settled", "withdrawn", "closed"} <= set(r.rule(code).ends_on)


def test_rules_triggered_by() -> None:
    assert [x.code for x in r.rules_triggered_by("award_received")] == [
        "CPLR7509_MODIFY", "CPLR7511_VACATE", "CPLR7510_CONFIRM", "FAA12_VACATE",
    ]  # fmt: skip
    assert [x.code for x in r.rules_triggered_by("award_issued")] == ["FAA9_CONFIRM",
                                                                      "AAA_CORRECTION"]
    assert [x.code for x in r.rules_triggered_by("aaa_noticed")] == ["AAA_ANSWER"]
    assert r.rules_triggered_by("no_such_event") == []


def test_rules_ended_by() -> None:
    assert {x.code for x in r.rules_ended_by("confirmed")} == {
        "CPLR7511_VACATE", "CPLR7510_CONFIRM", "FAA12_VACATE", "FAA9_CONFIRM",
    }  # fmt: skip
    assert [x.code for x in r.rules_ended_by("answer_filed")] == ["AAA_ANSWER"]
    assert [x.code for x in r.rules_ended_by("child_data_deleted")] == ["POLICY_CHILD_DELETE"]


@pytest.mark.parametrize(
    ("code", "ruleset", "expected"),
    [
        ("AAA_ANSWER", "2014", True),
        ("AAA_ANSWER", "2014-09-01", True),
        ("AAA_ANSWER", "2025", False),
        ("AAA_ANSWER", "2025-05-01", False),
        ("AAA_AWARD", "2025", False),
        ("AAA_AWARD", "1999", False),  # an unknown rule set is never taken as verified
        ("AAA_ANSWER", None, True),  # no rule set: the base flag (verified for 2014)
        ("CPLR7511_VACATE", "2025", True),  # statutes do not depend on the AAA rule set
    ],
)
def test_is_verified(code: str, ruleset: str | None, expected: bool) -> None:
    assert r.rule(code).is_verified(ruleset) is expected


def test_rule_compute_dates() -> None:
    # CPLR 7511(a): award received Mon 2025-12-29 + 90 days (2 + 31 + 28 + 29) = Sun
    # 2026-03-29 -> Mon 2026-03-30.
    assert r.rule("CPLR7511_VACATE").compute(D(2025, 12, 29)).due == D(2026, 3, 30)
    # FAA § 12: award received Sep 14 + 3 months = Mon Dec 14 2026.
    assert r.rule("FAA12_VACATE").compute(D(2026, 9, 14)).due == D(2026, 12, 14)
    # AAA answer: Fri Jan 23 + 14 calendar days = Fri Feb 6 2026.
    assert r.rule("AAA_ANSWER").compute(D(2026, 1, 23)).due == D(2026, 2, 6)
    # Child data: same day, even a Saturday (Mar 7 2026).
    due = r.rule("POLICY_CHILD_DELETE").compute(D(2026, 3, 7))
    assert due.due == D(2026, 3, 7)
    assert due.falls_on_non_business_day


def test_cplr_and_faa_for_the_same_act_earliest_wins() -> None:
    # Award received Thu 2026-10-01.
    # CPLR 7511(a): Oct 2..31 = 30, + 30 Nov = 60, + 30 Dec = 90 -> Wed 2026-12-30.
    # FAA § 12: Oct 1 + 3 months = Fri 2027-01-01, New Year's Day -> Sat, Sun -> Mon 2027-01-04.
    received = D(2026, 10, 1)
    dues = {x.code: x.compute(received).due for x in r.rules_covering("vacate")}
    assert dues == {"CPLR7511_VACATE": D(2026, 12, 30), "FAA12_VACATE": D(2027, 1, 4)}
    assert min(dues, key=dues.__getitem__) == "CPLR7511_VACATE"
    assert {x.code for x in r.rules_covering("confirm")} == {"CPLR7510_CONFIRM", "FAA9_CONFIRM"}


def test_mediation_window_is_configurable() -> None:
    rule = r.rule("MEDIATION_WINDOW")
    assert rule.n is None
    assert rule.compute(D(2026, 3, 2)) is None
    assert rule.compute(D(2026, 3, 2), {}) is None
    assert rule.compute(D(2026, 3, 2), {"MEDIATION_WINDOW_DAYS": None}) is None
    # Mon Mar 2 + 30 days: Mar 3..31 = 29, + Apr 1 = 30 -> Wed 2026-04-01 (no roll).
    due = rule.compute(D(2026, 3, 2), {"MEDIATION_WINDOW_DAYS": 30})
    assert due is not None and due.due == D(2026, 4, 1)


def test_adding_a_rule_is_adding_a_row(monkeypatch: pytest.MonkeyPatch) -> None:
    extra = replace(r.rule("AAA_ANSWER"), code="TEST_EXTRA", trigger="test_event", ends_on=("x",))
    monkeypatch.setattr(r, "RULES", (*r.RULES, extra))
    assert r.rule("TEST_EXTRA") is extra
    assert r.rules_triggered_by("test_event") == [extra]
    assert r.rules_ended_by("x") == [extra]


def test_period_label() -> None:
    assert r.rule("CPLR7510_CONFIRM").period_label == "1 year"
    assert r.rule("FAA12_VACATE").period_label == "3 months"
    assert r.rule("POLICY_CHILD_DELETE").period_label == "same day"
    assert r.rule("MEDIATION_WINDOW").period_label == "configurable"


def test_the_breach_notice_shows_the_raw_date_and_the_next_business_day() -> None:
    # Discovered Thu Jun 4 2026: 30 days is Sat Jul 4 (Independence Day). No roll is verified
    # for GBL § 899-aa, so Jul 4 is the date to meet; counsel may treat GCL § 25-a as applying,
    # so Mon Jul 6 is shown beside it.
    due = r.rule("GBL899AA_NOTICE").compute(D(2026, 6, 4))
    assert (due.raw, due.due, due.alt_due) == (D(2026, 7, 4), D(2026, 7, 4), D(2026, 7, 6))
    assert "N.Y. Gen. Constr. Law § 25-a" in due.explanation
    # The AAA's own periods have no such reading: their raw date stands alone.
    answer = r.rule("AAA_ANSWER").compute(D(2026, 6, 20))
    assert answer.due == D(2026, 7, 4) and answer.alt_due is None


# --- The day a period counts from (issue #16, items 7 and 8) ---------------------------------

STAY = r.rule("CPLR7503_STAY")
ANSWER = r.rule("AAA_ANSWER")


def test_the_stay_period_runs_from_service_not_from_filing() -> None:
    # Demand filed with the AAA Monday 2026-03-02; Qtrax served Wednesday 2026-03-04.
    start = STAY.start("arbitration_demanded", D(2026, 3, 2), {"served_on": "2026-03-04"})
    assert (start.on, start.assumed) == (D(2026, 3, 4), "")
    assert "service of the demand" in start.phrase
    # 20 days after Wed 2026-03-04 (not counted) is Tuesday 2026-03-24, a court day.
    assert STAY.compute(start.on).due == D(2026, 3, 24)


def test_until_service_is_known_the_stay_counts_from_filing_and_says_it_is_assumed() -> None:
    start = STAY.start("arbitration_demanded", D(2026, 3, 2), {})
    assert start.on == D(2026, 3, 2)
    assert "not recorded" in start.assumed and "filed with the AAA" in start.assumed
    # 20 days after Mon 2026-03-02 is Sunday 2026-03-22; GCL § 25-a → Monday 2026-03-23.
    assert STAY.compute(start.on).due == D(2026, 3, 23)


def test_service_recorded_later_is_the_day_the_stay_counts_from() -> None:
    start = STAY.start("demand_served", D(2026, 3, 4), {})
    assert (start.on, start.assumed) == (D(2026, 3, 4), "")
    assert [x.code for x in r.rules_recorded_by("demand_served")] == ["CPLR7503_STAY"]


def test_the_answer_runs_from_the_day_the_aaa_sent_its_notice_not_its_receipt() -> None:
    # The AAA sent its notice Friday 2026-01-23; it reached Qtrax Monday 2026-01-26.
    start = ANSWER.start("aaa_noticed", D(2026, 1, 26), {"notice_sent_on": "2026-01-23"})
    assert (start.on, start.assumed) == (D(2026, 1, 23), "")
    # 14 calendar days after Fri 2026-01-23 is Friday 2026-02-06 (from receipt: Mon 02-09).
    assert ANSWER.compute(start.on).due == D(2026, 2, 6)


def test_a_rule_without_a_separate_starting_day_counts_from_its_step() -> None:
    start = r.rule("CPLR7511_VACATE").start("award_received", D(2026, 4, 1),
                                            {"served_on": "2026-03-04"})
    assert (start.on, start.assumed) == (D(2026, 4, 1), "")


def test_only_the_vacate_windows_outlive_a_modified_award() -> None:
    # Courts may hold what a modification left unchanged to the original award's period.
    assert {x.code for x in r.RULES if x.survives_modification} == {
        "CPLR7511_VACATE", "FAA12_VACATE"}
