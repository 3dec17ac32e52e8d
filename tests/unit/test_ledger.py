"""The ledger's totals balance: for any set of items, the parties' totals make the whole."""

from __future__ import annotations

from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from qtrax_disputes.costs.allocation import split_cents
from qtrax_disputes.costs.queries import ledger


def item(amount, bp, stage, payments=(), status="confirmed"):
    return SimpleNamespace(
        amount_cents=amount, stage=stage,
        status=status, shares=split_cents(amount, bp),
        payments=[SimpleNamespace(party=p, amount_cents=c) for p, c in payments])


def test_a_small_ledger_by_hand():
    result = ledger([
        item(125_000, 10_000, "mediation", [("claimant", 100_000)]),  # claimant 1250.00
        item(101, 5_000, "arbitration"),  # odd cent to Qtrax: 0.50 / 0.51
        item(30_000, 0, "arbitration", [("respondent", 30_000)]),
        item(99_999, 5_000, "court", status="proposed"),  # not counted until confirmed
    ])
    claimant, respondent = result.by_party["claimant"], result.by_party["respondent"]
    assert (claimant.incurred, claimant.paid, claimant.outstanding) == (125_050, 100_000, 25_050)
    assert (respondent.incurred, respondent.paid, respondent.outstanding) == (30_051, 30_000, 51)
    assert result.total == 155_101
    assert result.by_stage["arbitration"]["respondent"].incurred == 30_051
    assert len(result.proposed) == 1


amounts = st.integers(min_value=0, max_value=10**11)
shares = st.integers(min_value=0, max_value=10_000)
stages = st.sampled_from(["mediation", "arbitration", "court"])
payment = st.tuples(st.sampled_from(["claimant", "respondent"]),
                    st.integers(min_value=1, max_value=10**9))


@given(st.lists(st.tuples(amounts, shares, stages, st.lists(payment, max_size=3))))
def test_party_totals_always_add_up_to_the_total(rows):
    result = ledger([item(a, bp, stage, pays) for a, bp, stage, pays in rows])
    claimant, respondent = result.by_party["claimant"], result.by_party["respondent"]
    assert claimant.incurred + respondent.incurred == result.total == sum(r[0] for r in rows)
    paid = sum(c for *_, pays in rows for _, c in pays)
    assert claimant.paid + respondent.paid == paid
    assert claimant.outstanding + respondent.outstanding == result.total - paid
    assert sum(p.incurred for s in result.by_stage.values() for p in s.values()) == result.total
