"""Which version of the policy governs a dispute: the one in force when the information was
given (docs/road.md § Which version of the policy governs), and what changed from one version
to the next."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from qtrax_disputes.policies.diff import (
    ADDED,
    CHANGED,
    FOLDED,
    REMOVED,
    SAME,
    folded,
    text_changes,
)
from qtrax_disputes.policies.protocol import protocol_risks
from qtrax_disputes.policies.shipped import CLAUSE_2013, POLICY_2013
from qtrax_disputes.policies.versions import (
    DisputeClause,
    Term,
    clause_changes,
    governing,
    in_force_for,
    ordered,
)


def _clause(**changed) -> DisputeClause:
    terms = dict(CLAUSE_2013.terms)
    terms.update({name: Term(value) for name, value in changed.items()})
    return DisputeClause(terms)


POLICY_2027 = replace(POLICY_2013, effective_on=date(2027, 3, 1), title="2027",
                      clause=_clause(mediation_first=False, mediation_costs="shared"))
BOTH = [POLICY_2027, POLICY_2013]


def test_the_2013_clause_is_the_policy_s_own():
    assert CLAUSE_2013.mediation_first is True
    assert CLAUSE_2013["mediation_place"] == "New York City, New York"
    assert CLAUSE_2013.mediation_costs == "user"
    assert CLAUSE_2013["arbitration_provider"] == "American Arbitration Association"
    assert CLAUSE_2013["governing_law"] == "New York"
    assert "user’s sole expense" in CLAUSE_2013.terms["mediation_costs"].words


def test_each_2013_promise_rests_on_words_of_the_policy():
    with open("qtrax_disputes/policies/texts/2013-11-02.md", encoding="utf-8") as handle:
        text = " ".join(handle.read().split())
    for promise in POLICY_2013.promises:
        assert promise.words in text, promise.code
    for name, term in CLAUSE_2013.terms.items():
        assert term.words in text, name
    for risk in POLICY_2013.risks:
        assert risk.words in text, risk.title
        assert risk.mark == "U"


def test_information_given_under_one_version_is_judged_by_it():
    chosen = in_force_for(BOTH, date(2014, 3, 2))
    assert chosen.version is POLICY_2013
    assert chosen.reason == "information given 2014-03-02: the version in force since 2013-11-02"
    assert not chosen.counsel_chooses


def test_the_day_a_version_takes_effect_is_under_it():
    assert in_force_for(BOTH, date(2027, 3, 1)).version is POLICY_2027
    assert in_force_for(BOTH, date(2027, 2, 28)).version is POLICY_2013


def test_information_given_across_a_change_is_for_counsel():
    chosen = in_force_for(BOTH, date(2026, 5, 1), date(2027, 4, 1))
    assert chosen.counsel_chooses
    assert chosen.version is POLICY_2013  # proposed: the earlier collection
    assert "across the versions in force since 2013-11-02 and since 2027-03-01" in chosen.reason


def test_a_span_inside_one_version_is_that_version():
    chosen = in_force_for(BOTH, date(2027, 3, 2), date(2027, 9, 30))
    assert chosen.version is POLICY_2027 and not chosen.counsel_chooses
    assert chosen.reason.startswith("information given from 2027-03-02 to 2027-09-30")


def test_information_given_before_the_earliest_version_is_for_counsel():
    chosen = in_force_for(BOTH, date(2013, 11, 1))
    assert chosen.version is None and chosen.counsel_chooses
    assert "before the earliest known version (2013-11-02)" in chosen.reason


def test_an_unknown_day_is_for_counsel():
    chosen = in_force_for(BOTH, None)
    assert chosen.version is None and chosen.counsel_chooses


def test_two_versions_on_one_day_are_refused():
    with pytest.raises(ValueError, match="same day"):
        ordered([POLICY_2013, replace(POLICY_2013, title="copy")])


def test_clause_changes_name_each_changed_term_in_the_clause_s_order():
    assert clause_changes(CLAUSE_2013, POLICY_2027.clause) == [
        ("Mediation first", "yes", "no"),
        ("Who pays mediation costs other than attorney fees",
         "the user pays every mediation cost but attorney fees",
         "mediation costs are shared equally"),
    ]


def test_a_clause_must_state_every_term_and_a_known_cost_rule():
    terms = dict(CLAUSE_2013.terms)
    del terms["judgment"]
    with pytest.raises(ValueError, match="missing: judgment"):
        DisputeClause(terms)
    with pytest.raises(ValueError, match="mediation_costs must be one of"):
        _clause(mediation_costs="loser pays")


def test_a_changed_paragraph_shows_its_words_added_and_removed():
    old = "First paragraph.\n\nWe will never sell your email.\n\nLast one."
    new = "First paragraph.\n\nWe will sometimes sell your email.\n\nLast one.\n\nA new one."
    blocks = text_changes(old, new)
    assert [b.kind for b in blocks] == [SAME, CHANGED, SAME, ADDED]
    assert [(p.kind, p.text) for p in blocks[1].words] == [
        (SAME, "We will"), (REMOVED, "never"), (ADDED, "sometimes"), (SAME, "sell your email.")]


def test_a_reflowed_paragraph_is_not_a_change():
    assert {b.kind for b in text_changes("one two\nthree", "one  two three\n")} == {SAME}


def test_a_removed_paragraph_is_shown_removed():
    blocks = text_changes("Keep.\n\nGone.", "Keep.")
    assert [(b.kind, b.old) for b in blocks] == [(SAME, "Keep."), (REMOVED, "Gone.")]


def test_the_procedure_is_proposed_from_the_version_of_collection():
    case = governing(BOTH, given_from=date(2014, 3, 2), given_to=None, filed_on=date(2027, 6, 1))
    assert case.clause_version is POLICY_2013
    assert case.basis == "proposed: the version in force when the information was given"
    # Today's version (accepted by continued use, if it was) has another clause: both are
    # shown and counsel confirms one.
    assert case.at_filing is POLICY_2027 and case.clauses_differ and case.needs_counsel


def test_counsel_s_confirmation_decides_the_procedure():
    case = governing(BOTH, given_from=date(2014, 3, 2), given_to=None,
                     filed_on=date(2027, 6, 1), confirmed_on=date(2027, 3, 1),
                     confirmed_reason="accepted by continued use after notice by email")
    assert case.clause_version is POLICY_2027
    assert case.clause.mediation_first is False
    assert case.basis == "confirmed by counsel" and not case.needs_counsel


def test_without_a_day_of_collection_the_filing_day_version_is_proposed():
    case = governing(BOTH, given_from=None, given_to=None, filed_on=date(2026, 6, 1))
    assert case.clause_version is POLICY_2013 and case.needs_counsel
    assert "in force on the filing day" in case.basis


def test_the_same_version_then_and_now_needs_no_choice():
    case = governing(BOTH, given_from=date(2027, 4, 1), given_to=None, filed_on=date(2027, 6, 1))
    assert not case.clauses_differ and not case.needs_counsel


def test_the_2013_clause_raises_all_three_protocol_risks():
    assert [r.principle for r in protocol_risks(CLAUSE_2013)] == [
        "Principle 6 (reasonable cost)", "Principle 7 (reasonably convenient location)",
        "Principle 3 (independent administration)"]


def test_a_clause_that_shares_costs_meets_online_and_skips_mediation_raises_none():
    clause = _clause(mediation_costs="shared", mediation_first=False,
                     mediation_place="online", arbitration_place="online or where the user lives")
    assert protocol_risks(clause) == ()


def test_each_protocol_risk_follows_its_own_term():
    assert [r.principle for r in protocol_risks(_clause(mediation_costs="business"))] == [
        "Principle 7 (reasonably convenient location)", "Principle 3 (independent administration)"]


def test_unchanged_paragraphs_far_from_a_change_are_folded():
    old = "\n\n".join(f"Paragraph {n}." for n in range(1, 8))
    new = old.replace("Paragraph 4.", "Paragraph four.")
    shown = folded(text_changes(old, new))
    assert [(b.kind, b.old) for b in shown] == [
        (FOLDED, "2"), (SAME, "Paragraph 3."), (CHANGED, "Paragraph 4."), (SAME, "Paragraph 5."),
        (FOLDED, "2")]
