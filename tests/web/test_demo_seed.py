"""Demo data: reproducible, consistent with the app's own rules, and only when asked."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from qtrax_disputes.cases import workflow as wf
from qtrax_disputes.cases.models import Case, CaseEvent
from qtrax_disputes.deadlines.models import Deadline
from qtrax_disputes.documents.models import Document
from qtrax_disputes.web.extensions import db


def test_seeding_adds_consistent_cases_that_the_app_can_show(app, runner, client, auth):
    result = runner.invoke(args=["demo", "seed", "--cases", "60", "--weeks", "20"])
    assert result.exit_code == 0, result.output
    assert "added 60 cases" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count(Case.id))) == 60
        # Every case's stage is the last stage on its timeline; closed ones have a date.
        for case in db.session.scalars(select(Case)):
            last = db.session.scalars(select(CaseEvent.to_stage).where(
                CaseEvent.case_id == case.id).order_by(CaseEvent.occurred_on.desc(),
                                                       CaseEvent.id.desc())).first()
            assert last == case.stage
            assert (case.closed_on is not None) == (case.stage in wf.TERMINAL)
        assert db.session.scalar(select(func.count(Deadline.id))) > 0
        assert db.session.scalar(select(func.count(Document.id))) == 60
        number = db.session.scalar(select(Case.number).order_by(Case.id))
    ok = runner.invoke(args=["documents", "verify"])
    assert ok.exit_code == 0, ok.output
    auth.login("viewer")
    assert client.get("/cases").status_code == 200
    assert client.get(f"/cases/{number}").status_code == 200
    assert client.get("/reports/weekly").status_code == 200


def test_the_same_seed_gives_the_same_cases(app, runner):
    runner.invoke(args=["demo", "seed", "--cases", "20", "--seed", "7"])
    with app.app_context():
        first = db.session.execute(select(Case.complainant_name, Case.stage, Case.filed_on)
                                   .order_by(Case.id)).all()
        db.session.execute(db.delete(Document))
        db.session.execute(db.delete(Deadline))
        from qtrax_disputes.cases.models import CaseNumberCounter, Party
        from qtrax_disputes.costs.models import CostItem
        for model in (CostItem, CaseEvent, Party, Case, CaseNumberCounter):
            db.session.execute(db.delete(model))
        db.session.commit()
    runner.invoke(args=["demo", "seed", "--cases", "20", "--seed", "7"])
    with app.app_context():
        again = db.session.execute(select(Case.complainant_name, Case.stage, Case.filed_on)
                                   .order_by(Case.id)).all()
    assert again == first


def test_if_empty_leaves_a_database_with_cases_alone(app, runner, client):
    from .helpers import file_complaint

    file_complaint(client)
    result = runner.invoke(args=["demo", "seed", "--cases", "5", "--if-empty"])
    assert "already has cases" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count(Case.id))) == 1


def test_new_filings_after_seeding_get_fresh_numbers(app, runner, client):
    from .helpers import file_complaint, filed_number_and_token

    runner.invoke(args=["demo", "seed", "--cases", "30", "--weeks", "1"])
    file_complaint(client)
    number, _ = filed_number_and_token(client)
    with app.app_context():
        assert db.session.scalar(select(func.count(Case.id)).where(Case.number == number)) == 1
        assert db.session.scalar(select(func.count(Case.id))) == 31


def test_demo_numbers_follow_the_filing_dates(app, runner):
    runner.invoke(args=["demo", "seed", "--cases", "30"])
    with app.app_context():
        dates = db.session.scalars(select(Case.filed_on).order_by(Case.id)).all()
    assert dates == sorted(dates)


def test_after_seeding_the_planner_knows_how_many_rows_there_are(app, runner):
    from sqlalchemy import text

    runner.invoke(args=["demo", "seed", "--cases", "40", "--weeks", "10"])
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            # -1 means "never analysed": the planner would guess, and guess small.
            known = db.session.scalar(text(
                "SELECT reltuples FROM pg_class WHERE relname = 'cases'"))
        else:
            stat = db.session.scalar(text(
                "SELECT stat FROM sqlite_stat1 WHERE tbl = 'cases' LIMIT 1"))
            known = int(stat.split()[0]) if stat else -1
    assert known >= 40


def printed_password(result, email="counsel@demo.qtrax.example") -> str:
    assert result.exit_code == 0, result.output
    [password] = re.findall(re.escape(email) + r"\s+password “(.+?)”", result.output)  # once
    return password


def test_each_seeding_gives_the_demo_accounts_a_new_password_printed_once(app, runner, client):
    from sqlalchemy import String, cast

    from qtrax_disputes.audit.models import AuditEntry

    first = printed_password(runner.invoke(args=["demo", "seed", "--cases", "1"]))
    second = printed_password(runner.invoke(args=["demo", "seed", "--cases", "1"]))
    assert first != second and len(second) >= 12

    def sign_in(password):
        return client.post("/login", data={"email": "counsel@demo.qtrax.example",
                                           "password": password}).status_code

    assert sign_in(first) == 200  # refused: the second seeding replaced it
    assert sign_in(second) == 302
    with app.app_context():
        audited = " ".join(db.session.scalars(select(cast(AuditEntry.detail, String))))
    assert second not in audited


def test_demo_costs_are_named_as_the_cost_form_names_their_kind(app, runner):
    from qtrax_disputes.costs.models import CostItem
    from qtrax_disputes.costs.schedules import COST_KIND_LABELS

    runner.invoke(args=["demo", "seed", "--cases", "40"])
    with app.app_context():
        rows = db.session.execute(select(CostItem.kind, CostItem.description)).all()
    assert rows
    assert all(description == COST_KIND_LABELS[kind] for kind, description in rows)


def test_demo_costs_are_split_by_the_cost_rules_with_their_words_and_sources(app, runner):
    from qtrax_disputes.costs.models import CostItem

    runner.invoke(args=["demo", "seed", "--cases", "40"])
    with app.app_context():
        items = db.session.scalars(select(CostItem)).all()
        kinds = {item.kind: item for item in items}
    # The policy puts every mediation cost but attorney fees on the user.
    mediator = kinds["mediator_fee"]
    assert mediator.claimant_share_cents == mediator.amount_cents
    assert mediator.rule_source.startswith("Qtrax privacy policy")
    # The AAA's consumer schedule caps the consumer's filing fee; the business pays the rest.
    filing = kinds["aaa_consumer_filing_fee"]
    assert 0 < filing.claimant_share_cents < filing.amount_cents
    assert all(item.explanation and item.rule_source != "demo data" for item in items)


def test_demo_deadlines_are_windows_or_duties_as_their_rules_say(app, runner):
    from qtrax_disputes.deadlines import rules as rulebook

    runner.invoke(args=["demo", "seed", "--cases", "60"])
    with app.app_context():
        rows = db.session.execute(select(Deadline.rule_code, Deadline.obligation)).all()
    assert {"window", "duty"} <= {obligation for _, obligation in rows}
    assert all(obligation == rulebook.rule(code).obligation for code, obligation in rows)
