"""The deadline rules of deadlines/rules.py, one row per rule: what starts it, its period, how
it rolls, its source and how sure that is, what ends it, who acts, and whether the complainant
sees it. The table must be exactly these rules."""

from __future__ import annotations

from datetime import date

import pytest

from qtrax_disputes.deadlines import rules as r

ENDS = ("settled", "withdrawn", "closed")
AWARD_WINDOW_ENDS = ("vacatur_filed", "vacated", "confirmed", *ENDS)
GBL = "N.Y. Gen. Bus. Law § 899-aa"
AAA_CONSUMER = "AAA Consumer Arbitration Rules"

# code: (trigger, n, unit, roll, source, mark, verified, ends_on, act, concerns_claimant)
TABLE = {
    "CPLR7503_STAY": ("arbitration_demanded", 20, "days", "NY", "CPLR 7503(c)", "V", True,
                      ENDS, "us", False),
    "CPLR7509_MODIFY": ("award_received", 20, "days", "NY", "CPLR 7509", "V", True,
                        ("modification_requested", *ENDS), "either", True),
    "CPLR7509_OBJECT": ("modification_requested", 10, "days", "NY", "CPLR 7509", "V", True,
                        ("award_received", *ENDS), "either", True),
    "CPLR7511_VACATE": ("award_received", 90, "days", "NY", "CPLR 7511(a)", "V", True,
                        AWARD_WINDOW_ENDS, "either", True),
    "CPLR7510_CONFIRM": ("award_received", 1, "years", "NY", "CPLR 7510, 215(5)", "V", True,
                         ("confirmed", "vacated", *ENDS), "either", True),
    "FAA12_VACATE": ("award_received", 3, "months", "FED", "9 U.S.C. § 12", "V", True,
                     AWARD_WINDOW_ENDS, "either", True),
    "FAA9_CONFIRM": ("award_issued", 1, "years", "FED", "9 U.S.C. § 9", "V", True,
                     ("confirmed", "vacated", *ENDS), "either", True),
    "AAA_ANSWER": ("aaa_noticed", 14, "days", "none", AAA_CONSUMER, "V", True,
                   ("answer_filed", *ENDS), "us", True),
    "AAA_AWARD": ("record_closed", 30, "days", "none", AAA_CONSUMER, "V", True,
                  ("award_issued", *ENDS), "either", True),
    # Unverified, by analogy with the Commercial Rules: never on the complainant's page.
    "AAA_CORRECTION": ("award_issued", 20, "days", "none",
                       "AAA Commercial Arbitration Rules (2022-09-01), by analogy (commercial "
                       "analog)", "U", False, ("correction_requested", *ENDS), "either", False),
    # Statutory duties to others: ending the dispute does not end them, and they are Qtrax's
    # compliance, not the complainant's dispute. Only the residents' 30 days are verified.
    "GBL899AA_NOTICE": ("breach_discovered", 30, "days", "none", GBL, "V", True,
                        ("breach_notice_residents_sent", "breach_notices_sent"), "us", False),
    "GBL899AA_AG": ("breach_discovered", 30, "days", "none", GBL, "U", False,
                    ("breach_notice_ag_sent",), "us", False),
    "GBL899AA_DOS": ("breach_discovered", 30, "days", "none", GBL, "U", False,
                     ("breach_notice_dos_sent",), "us", False),
    "GBL899AA_POLICE": ("breach_discovered", 30, "days", "none", GBL, "U", False,
                        ("breach_notice_police_sent",), "us", False),
    "GBL899AA_CRA": ("breach_discovered", 30, "days", "none", GBL, "U", False,
                     ("breach_notice_cra_sent",), "us", False),
    # Owed to the court whatever becomes of the dispute; telling the user is counsel's call.
    "COURT_ORDER_RETURN": ("court_order_received", 0, "days", "none",
                           "The court order or subpoena, which sets the return date", "design",
                           True, ("court_order_answered",), "us", False),
    "POLICY_CHILD_DELETE": ("child_data_discovered", 0, "days", "none",
                            "Privacy policy (immediate deletion); stricter than COPPA, 16 CFR "
                            "312.10", "policy", True, ("child_data_deleted",), "us", True),
    "MEDIATION_WINDOW": ("mediation_requested", None, "days", "none",
                         "Firm target (the dispute clause sets no time for mediation)",
                         "design", True,
                         ("mediation_held", "settled", "impasse", "withdrawn", "closed"),
                         "either", True),
}

BREACH = ["GBL899AA_NOTICE", "GBL899AA_AG", "GBL899AA_DOS", "GBL899AA_POLICE", "GBL899AA_CRA"]


def as_row(rule: r.Rule):
    return (rule.trigger, rule.n, rule.unit, rule.roll, rule.source, rule.mark, rule.verified,
            rule.ends_on, rule.act, rule.concerns_claimant)


def test_the_table_is_exactly_these_rules_in_this_order():
    assert [x.code for x in r.RULES] == list(TABLE)


@pytest.mark.parametrize("code", list(TABLE))
def test_rule(code):
    assert as_row(r.rule(code)) == TABLE[code]


@pytest.mark.parametrize("code", BREACH)
def test_each_breach_notice_is_its_own_duty_as_the_builder_makes_it(code):
    # The five rows come from one builder; build them again and check each as the table does.
    built = {x.code: x for x in r._breach_notices()}
    fresh = built[code]
    assert as_row(fresh) == TABLE[code]
    assert fresh == r.rule(code)
    assert (fresh.version, fresh.alt_roll, fresh.obligation, fresh.obligation_mark) == (
        "2026.1", "NY", r.DUTY, "V")
    assert fresh.obligation_source == (
        "A statutory duty to notify (N.Y. Gen. Bus. Law § 899-aa)")
    assert fresh.title.startswith("Notify ")
    assert fresh.counts_from is None and fresh.moot_on == ()


def test_only_the_consumer_reporting_agencies_notice_waits_for_more_than_5000_residents():
    built = {x.code: x for x in r._breach_notices()}
    assert built["GBL899AA_CRA"].only_above == r.MORE_THAN_5000_RESIDENTS
    assert [c for c in BREACH if built[c].only_above is None] == BREACH[:4]
    cra = built["GBL899AA_CRA"]
    assert not cra.applies_to({"ny_residents_affected": 5000})
    assert cra.applies_to({"ny_residents_affected": 5001})
    assert built["GBL899AA_AG"].applies_to({"ny_residents_affected": 1})


def test_the_breach_notes_say_how_sure_the_period_is():
    built = {x.code: x for x in r._breach_notices()}
    assert built["GBL899AA_NOTICE"].note.startswith("Within 30 days after discovery")
    assert built["GBL899AA_AG"].note == r._BREACH_AGENCY_NOTE
    assert built["GBL899AA_CRA"].note == (
        "Owed because more than 5,000 New York residents are affected. "
        + r._BREACH_AGENCY_NOTE)


def test_an_unknown_rule_code_is_named():
    with pytest.raises(KeyError, match="no deadline rule 'NOPE'"):
        r.rule("NOPE")


@pytest.mark.parametrize(
    ("ruleset", "version", "verified"),
    [
        (None, "2014-09-01", True),
        ("2014", "2014-09-01", True),
        ("2014-09-01", "2014-09-01", True),
        ("2025", "2025-05-01", False),
        (" 2025-05-01 ", "2025-05-01", False),
        ("1999", "2014-09-01", False),  # unknown set: the rule's own version, unverified
    ],
)
def test_an_aaa_rule_follows_the_cases_rule_set(ruleset, version, verified):
    answer = r.rule("AAA_ANSWER")
    assert answer.version_under(ruleset) == version
    assert answer.is_verified(ruleset) is verified


def test_a_statutory_rule_ignores_the_rule_set():
    stay = r.rule("CPLR7503_STAY")
    assert stay.version_under("2025") == "2026.1"
    assert stay.source_under("2025") == "CPLR 7503(c)"


def test_the_source_as_staff_read_it_names_the_rule_set():
    answer = r.rule("AAA_ANSWER")
    assert answer.source_under("2014-09-01") == "AAA Consumer Arbitration Rules (2014-09-01)"
    assert answer.source_under("2025") == (
        "AAA Consumer Arbitration Rules and Mediation Procedures (2025-05-01), unverified")
    assert answer.source_under("1999") == "AAA Consumer Arbitration Rules, unverified"


@pytest.mark.parametrize(
    ("config", "n"),
    [
        (None, None), ({}, None), ({"MEDIATION_WINDOW_DAYS": ""}, None),
        ({"MEDIATION_WINDOW_DAYS": 0}, None), ({"MEDIATION_WINDOW_DAYS": 1}, 1),
        ({"MEDIATION_WINDOW_DAYS": "45"}, 45),
    ],
)
def test_the_mediation_window_comes_from_the_setting(config, n):
    assert r.rule("MEDIATION_WINDOW").period_n(config) == n


def test_a_step_without_its_own_starting_day_counts_from_itself_in_words():
    start = r.rule("CPLR7509_MODIFY").start("award_received", date(2027, 5, 4), None)
    assert start == r.Start(date(2027, 5, 4), "“Award received”", "")


def test_an_unrecorded_starting_day_is_assumed_and_says_why():
    stay = r.rule("CPLR7503_STAY")
    start = stay.start("arbitration_demanded", date(2027, 3, 1), {})
    assert start.on == date(2027, 3, 1)
    assert start.phrase == "“Arbitration demanded”"
    assert start.assumed == stay.counts_from.assumed
    answer = r.rule("AAA_ANSWER")
    start = answer.start("aaa_noticed", date(2027, 3, 1), None)
    assert (start.phrase, start.assumed) == ("“AAA notice received (answer period)”",
                                             "the day is not recorded")


def test_a_later_step_records_the_day_the_period_runs_from():
    correction = r.rule("AAA_CORRECTION")
    start = correction.start("award_received", date(2027, 5, 10),
                             {"transmitted_on": "2027-05-06"})
    assert start == r.Start(date(2027, 5, 6), "the AAA sent the award to the parties")
    # Without the day in the step's data, the step's own date stands in.
    start = correction.start("award_received", date(2027, 5, 10), {})
    assert start == r.Start(date(2027, 5, 10), "the AAA sent the award to the parties")
    stay = r.rule("CPLR7503_STAY")
    start = stay.start("demand_served", date(2027, 3, 4), None)
    assert start == r.Start(date(2027, 3, 4), "service of the demand on Qtrax")
