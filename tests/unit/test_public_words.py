"""Every deadline rule is either said to the complainant in a plain sentence or kept internal
on purpose: a new rule cannot reach the status page unworded, nor be forgotten."""

from __future__ import annotations

from datetime import date

from qtrax_disputes.deadlines import public_words
from qtrax_disputes.deadlines.rules import RULES


def test_every_rule_has_a_public_sentence_or_is_deliberately_internal():
    codes = {rule.code for rule in RULES}
    said, internal = set(public_words.SENTENCES), set(public_words.INTERNAL)
    assert codes - said - internal == set(), "rules with neither a sentence nor a reason"
    assert said & internal == set(), "a rule both said and internal"
    assert (said | internal) - codes == set(), "words for rules that do not exist"


def test_qtraxs_own_tasks_are_never_worded_for_the_public():
    ours = {rule.code for rule in RULES if rule.act == "us"}
    assert ours & set(public_words.SENTENCES) == set()


def test_a_rule_that_does_not_concern_the_complainant_is_internal():
    elsewhere = {rule.code for rule in RULES if not rule.concerns_claimant}
    assert elsewhere <= set(public_words.INTERNAL)


def test_each_sentence_says_its_day_in_words_and_no_code():
    for code in public_words.SENTENCES:
        said = public_words.sentence(code, date(2027, 3, 1))
        assert said is not None and "Monday, 1 March 2027" in said, code
        assert code not in said and "_" not in said


def test_the_example_of_the_issue_reads_as_written():
    assert public_words.sentence("CPLR7511_VACATE", date(2027, 3, 1)) == (
        "Either side may ask a court to cancel or change the decision until Monday, "
        "1 March 2027.")


def test_a_deadline_set_by_hand_or_an_internal_rule_has_no_public_sentence():
    assert public_words.sentence(None, date(2027, 3, 1)) is None
    assert public_words.sentence("AAA_ANSWER", date(2027, 3, 1)) is None
