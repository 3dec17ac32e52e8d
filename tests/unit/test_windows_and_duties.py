"""Windows and duties (docs/rules.md § Windows and duties): which deadline rules a side may let
lapse, which must be done, and which later steps make a period moot. The table is data; this
checks it."""

from __future__ import annotations

import pytest

from qtrax_disputes.deadlines import rules as r

# docs/rules.md § Windows and duties: CPLR 7503(c), 7509, 7510, 7511 and FAA §§ 9 and 12 are
# windows; the child-data deletion and the GBL § 899-aa notices are duties.
WINDOWS = {"CPLR7503_STAY", "CPLR7509_MODIFY", "CPLR7509_OBJECT", "CPLR7511_VACATE",
           "CPLR7510_CONFIRM", "FAA12_VACATE", "FAA9_CONFIRM"}
DUTIES = {"GBL899AA_NOTICE", "GBL899AA_AG", "GBL899AA_DOS", "GBL899AA_POLICE", "GBL899AA_CRA",
          "POLICY_CHILD_DELETE"}
# docs/rules.md § Windows and duties: the clerical correction is a request a party may make, by the
# commercial analog [U]: a window, classified with the analog's mark.
UNVERIFIED_WINDOWS = {"AAA_CORRECTION"}


@pytest.mark.parametrize("rule", r.RULES, ids=lambda rule: rule.code)
def test_every_rule_says_whether_it_is_a_window_or_a_duty_and_why(rule):
    assert rule.obligation in (r.WINDOW, r.DUTY)
    assert rule.obligation_source
    assert rule.obligation_mark in r.MARKS


@pytest.mark.parametrize("code", sorted(WINDOWS))
def test_the_post_award_periods_and_the_stay_are_windows_by_the_sources(code):
    rule = r.rule(code)
    assert (rule.obligation, rule.obligation_mark) == (r.WINDOW, "V")


@pytest.mark.parametrize("code", sorted(DUTIES))
def test_the_deletion_and_the_breach_notices_are_duties_by_the_sources(code):
    rule = r.rule(code)
    assert (rule.obligation, rule.obligation_mark) == (r.DUTY, "V")


def test_a_rule_the_sources_do_not_classify_stays_a_duty_unless_the_firm_says_window():
    unclassified = {rule.code for rule in r.RULES} - WINDOWS - DUTIES - UNVERIFIED_WINDOWS
    assert unclassified == {"AAA_ANSWER", "AAA_AWARD", "MEDIATION_WINDOW", "COURT_ORDER_RETURN"}
    for code in unclassified:
        rule = r.rule(code)
        assert rule.obligation_mark == "design"
        assert rule.obligation_under({}) == r.DUTY
        assert rule.obligation_under({"DEADLINE_WINDOWS": {code}}) == r.WINDOW


def test_the_firm_setting_cannot_turn_a_duty_of_the_law_into_a_window():
    config = {"DEADLINE_WINDOWS": {"GBL899AA_NOTICE", "POLICY_CHILD_DELETE"}}
    assert r.rule("GBL899AA_NOTICE").obligation_under(config) == r.DUTY
    assert r.rule("POLICY_CHILD_DELETE").obligation_under(config) == r.DUTY


def test_taking_part_in_the_arbitration_makes_the_stay_moot():
    for kind in ("answer_filed", "arbitrator_appointed"):
        [(rule, reason)] = r.rules_mooted_by(kind)
        assert rule.code == "CPLR7503_STAY" and "took part in the arbitration" in reason
    # The AAA's notice is the AAA's act, not Qtrax's part: the window stays open.
    assert r.rules_mooted_by("aaa_noticed") == []


def test_the_award_makes_the_aaa_answer_moot():
    [(rule, reason)] = r.rules_mooted_by("award_issued")
    assert rule.code == "AAA_ANSWER" and "award was issued" in reason


def test_the_clerical_correction_is_a_window_marked_unverified_like_its_source():
    rule = r.rule("AAA_CORRECTION")
    assert (rule.obligation, rule.obligation_mark) == (r.WINDOW, "U")
    assert rule.obligation_under({"DEADLINE_WINDOWS": set()}) == r.WINDOW


def test_the_case_page_reads_why_with_the_mark():
    assert r.rule("CPLR7511_VACATE").obligation_reason() == (
        "Window: A side may apply within the period; unused, it lapses [verified]")
    assert r.rule("AAA_CORRECTION").obligation_reason().endswith("[unverified]")
    assert r.rule("AAA_ANSWER").obligation_reason().startswith("Duty: Not classified")
    assert r.rule("AAA_ANSWER").obligation_reason().endswith("[firm practice]")
    # A duty the firm's setting made a window says so, not the rule's own reason.
    assert r.rule("AAA_ANSWER").obligation_reason(r.WINDOW) == (
        "Window: this firm's setting DEADLINE_WINDOWS [firm practice]")
