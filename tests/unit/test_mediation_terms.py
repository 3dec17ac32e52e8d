"""Mediation costs other than attorney fees go where the governing clause says: the 2013
policy puts them on the user; a later version may share them, put them on Qtrax, or leave each
side its own. Attorney fees are always the incurring side's."""

from __future__ import annotations

from datetime import date

import pytest

from qtrax_disputes.costs.allocation import USER_PAYS, MediationTerms, allocate


def _room(cents: int, terms: MediationTerms, incurred_by: str = "respondent"):
    return allocate("mediation", "room", incurred_by=incurred_by, amount_cents=cents,
                    incurred_on=date(2026, 12, 2), schedule=None, mediation=terms)


def test_under_the_2013_clause_the_user_pays_the_room_qtrax_booked():
    decided = _room(10101, USER_PAYS)
    assert decided.shares == (10101, 0)
    assert "user's sole expense" in decided.explanation


def test_a_shared_clause_halves_the_cost_and_the_odd_cent_goes_to_the_business():
    decided = _room(10101, MediationTerms("shared", "costs are shared equally", "2025 policy"))
    assert decided.shares == (5050, 5051)
    assert decided.source == "2025 policy"


def test_a_clause_that_puts_mediation_on_qtrax_leaves_the_user_nothing():
    assert _room(45000, MediationTerms("business"), incurred_by="claimant").shares == (0, 45000)


def test_each_side_its_own_follows_who_incurred_it():
    assert _room(45000, MediationTerms("incurred"), incurred_by="claimant").shares == (45000, 0)
    assert _room(45000, MediationTerms("incurred"), incurred_by="respondent").shares == (0, 45000)


def test_attorney_fees_are_the_incurring_side_s_whatever_the_clause():
    for terms in (USER_PAYS, MediationTerms("shared"), MediationTerms("business")):
        fee = allocate("mediation", "attorney_fee", incurred_by="respondent", amount_cents=90000,
                       incurred_on=date(2026, 12, 2), schedule=None, mediation=terms)
        assert fee.shares == (0, 90000)


def test_an_unknown_term_is_refused():
    with pytest.raises(ValueError, match="Unknown mediation cost term"):
        _room(100, MediationTerms("loser pays"))
