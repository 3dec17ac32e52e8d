"""Each case knows the version of the policy in force when the information was given; counsel
confirms which clause governs the procedure; the clause's own risks are for counsel only."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from qtrax_disputes.audit.models import AuditEntry
from qtrax_disputes.cases.models import Case
from qtrax_disputes.core.clock import frozen
from qtrax_disputes.policies import operations
from qtrax_disputes.policies.shipped import CLAUSE_2013
from qtrax_disputes.policies.versions import DisputeClause, Term
from qtrax_disputes.web.extensions import db

from ..conftest import page_text
from .helpers import file_complaint, filed_number_and_token


@pytest.fixture(autouse=True)
def _on_a_known_day():
    """Filed and moved on Wednesday 2026-12-02, whatever day the suite runs."""
    with frozen(datetime(2026, 12, 2, 15, 0, tzinfo=UTC)):
        yield

def add_2025_version(app) -> None:
    """A later version: mediation optional, its costs shared equally."""
    terms = dict(CLAUSE_2013.terms)
    terms["mediation_first"] = Term(False, "either side may go straight to arbitration")
    terms["mediation_costs"] = Term("shared", "mediation costs are shared equally")
    with app.app_context():
        operations.add_version(operations.VersionInput(
            effective_on=date(2025, 1, 15), text="The 2025 policy.", source="firm's records",
            clause=DisputeClause(terms)))


def _file(client, given_on: str) -> tuple[str, str]:
    assert file_complaint(client, information_given_on=given_on).status_code == 302
    return filed_number_and_token(client)


def _case(app, number: str) -> Case:
    with app.app_context():
        return db.session.scalar(select(Case).where(Case.number == number))


def test_a_complaint_records_the_version_in_force_when_the_information_was_given(app, client):
    add_2025_version(app)
    before, _ = _file(client, "2014-03-02")
    after, _ = _file(client, "2025-06-01")
    assert _case(app, before).policy_version_on == date(2013, 11, 2)
    assert _case(app, before).policy_reason == (
        "information given 2014-03-02: the version in force since 2013-11-02")
    assert _case(app, after).policy_version_on == date(2025, 1, 15)


def test_the_case_page_shows_both_clauses_when_today_s_version_differs(app, client, auth):
    add_2025_version(app)
    number, _ = _file(client, "2014-03-02")
    auth.login("counsel")
    text = page_text(client.get(f"/cases/{number}"))
    assert "information given 2014-03-02: the version in force since 2013-11-02" in text
    assert "The two clauses differ" in text
    assert ("Who pays mediation costs other than attorney fees the user pays every mediation "
            "cost but attorney fees mediation costs are shared equally") in text
    assert "not yet confirmed" in text


def test_a_complaint_without_the_day_leaves_the_choice_to_counsel(app, client, auth):
    number, _ = _file(client, "")
    assert _case(app, number).policy_version_on is None
    auth.login("counsel")
    text = page_text(client.get(f"/cases/{number}"))
    assert "counsel chooses" in text
    assert "the day the information was given is not known" in text


def test_counsel_confirms_the_other_clause_and_it_is_audited(app, client, auth):
    add_2025_version(app)
    number, _ = _file(client, "2014-03-02")
    auth.login("counsel")
    version = _case(app, number).version
    response = client.post(f"/cases/{number}/clause", data={
        "version": version, "version_on": "2025-01-15",
        "reason": "The user accepted the 2025 terms by email."})
    assert response.status_code == 302
    case = _case(app, number)
    assert case.clause_version_on == date(2025, 1, 15)
    text = page_text(client.get(f"/cases/{number}"))
    assert "confirmed by counsel: The user accepted the 2025 terms by email." in text
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(
            AuditEntry.action == "case.clause_confirmed"))
        assert entry.detail["to"] == "2025-01-15"
        assert entry.detail["reason"] == "The user accepted the 2025 terms by email."


def test_a_confirmation_needs_a_reason_and_keeps_the_choice(app, client, auth):
    add_2025_version(app)
    number, _ = _file(client, "2014-03-02")
    auth.login("counsel")
    response = client.post(f"/cases/{number}/clause", data={
        "version": _case(app, number).version, "version_on": "2025-01-15", "reason": ""})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Say why this clause governs" in page
    assert '<option selected value="2025-01-15">' in page
    assert _case(app, number).clause_version_on is None
    refused = client.post(f"/cases/{number}/clause", data={
        "version": _case(app, number).version, "version_on": "2019-01-01", "reason": "x"})
    assert refused.status_code == 400


def test_only_counsel_confirms_the_clause(app, client, auth):
    number, _ = _file(client, "2014-03-02")
    auth.login("staff")
    response = client.post(f"/cases/{number}/clause", data={
        "version": 1, "version_on": "2013-11-02", "reason": "staff may not"})
    assert response.status_code == 403


def test_staff_correct_the_day_and_the_proposal_follows(app, client, auth):
    add_2025_version(app)
    number, _ = _file(client, "2014-03-02")
    auth.login("staff")
    case = _case(app, number)
    form = {name: getattr(case, attr) or "" for name, attr in (
        ("complainant_name", "complainant_name"), ("complainant_email", "complainant_email"),
        ("account_identifier", "account_identifier"), ("category", "category"),
        ("summary", "summary"), ("description", "description"))}
    form.update(version=case.version, information_given_on="2025-03-01", is_child_data_shown="1")
    assert client.post(f"/cases/{number}/edit", data=form).status_code == 302
    assert _case(app, number).policy_version_on == date(2025, 1, 15)


def test_the_clause_s_risks_are_for_counsel_never_on_the_status_page(app, client, auth):
    number, token = _file(client, "2014-03-02")
    status = page_text(client.get(f"/status/{token}"))
    assert "disclaims" not in status and "browsewrap" not in status
    auth.login("counsel")
    text = page_text(client.get(f"/cases/{number}"))
    assert "The policy disclaims creating any rights" in text
    assert "browsewrap" in text
    assert "unverified analysis" in text


def test_the_complainant_sees_which_policy_applies_in_plain_words(app, client, runner):
    runner.invoke(args=["policy", "load", "qtrax_disputes/policies/texts/2013-11-02.md",
                        "--effective", "2013-11-02"])
    _, token = _file(client, "2014-03-02")
    response = client.get(f"/status/{token}")
    text = page_text(response)
    assert "the version in force from Saturday, 2 November 2013" in text
    assert ("First, mediation in New York City, New York with a mediator mutually agreed by the "
            "parties; you pay the costs of mediation, except each side's own lawyer.") in text
    assert "Then, if mediation does not resolve it, binding arbitration in New York City" in text
    assert "We will never sell, barter, or rent your email address" in text  # its text
    card = text.split("The privacy policy that applies to you")[1].split("Your documents")[0]
    for internal in ("counsel", "unverified", "browsewrap", "CPLR", "information given 2014"):
        assert internal not in card


def test_while_counsel_decides_the_complainant_is_told_it_is_being_checked(app, client):
    add_2025_version(app)
    _, token = _file(client, "2014-03-02")  # today's clause differs: counsel must confirm
    text = page_text(client.get(f"/status/{token}"))
    assert "Our legal team is checking which version applies to your information" in text
    assert "mediation" not in text.split("The privacy policy that applies to you")[1].split(
        "Your documents")[0]
