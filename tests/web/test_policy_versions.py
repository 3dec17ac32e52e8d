"""The policy's versions in the app: the 2013 text loaded from a file word for word, a later
version loaded or added by an admin, and what changed shown against the version before."""

from __future__ import annotations

import html
from pathlib import Path

from sqlalchemy import select

from qtrax_disputes.audit.models import AuditEntry
from qtrax_disputes.web.extensions import db

from ..conftest import page_text

TEXT_2013 = Path("qtrax_disputes/policies/texts/2013-11-02.md")


def _changed_2013(tmp_path) -> Path:
    text = TEXT_2013.read_text(encoding="utf-8").replace(
        "We will never sell, barter, or rent your email address",
        "We will not sell your email address")
    later = tmp_path / "policy-2027.md"
    later.write_text(text, encoding="utf-8")
    return later


def _actions(app) -> list[str]:
    with app.app_context():
        return db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()


def test_the_2013_text_loaded_from_a_file_shows_word_for_word(app, client, auth, runner):
    result = runner.invoke(args=["policy", "load", str(TEXT_2013), "--effective", "2013-11-02"])
    assert result.exit_code == 0, result.output
    assert "loaded: the text of the version of 2013-11-02" in result.output
    auth.login("viewer")
    page = client.get("/policies/2013-11-02").get_data(as_text=True)
    shown = html.unescape(page.split('<pre class="policy-text">', 1)[1].split("</pre>", 1)[0])
    assert shown == TEXT_2013.read_text(encoding="utf-8")
    assert "policy.text_loaded" in _actions(app)


def test_loading_the_same_text_again_changes_nothing_and_another_is_refused(runner, tmp_path):
    args = ["policy", "load", str(TEXT_2013), "--effective", "2013-11-02"]
    runner.invoke(args=args)
    assert "unchanged" in runner.invoke(args=args).output
    other = _changed_2013(tmp_path)
    refused = runner.invoke(args=["policy", "load", str(other), "--effective", "2013-11-02"])
    assert refused.exit_code == 1
    assert "already has a text, and this one differs" in refused.output


def test_a_second_text_loaded_after_it_shows_what_changed(app, client, auth, runner, tmp_path):
    runner.invoke(args=["policy", "load", str(TEXT_2013), "--effective", "2013-11-02"])
    result = runner.invoke(args=["policy", "load", str(_changed_2013(tmp_path)),
                                 "--effective", "2027-03-01", "--posted", "2027-02-15"])
    assert result.exit_code == 0, result.output
    assert "copied from the version before: review them" in result.output
    auth.login("viewer")
    response = client.get("/policies/2027-03-01")
    page = response.get_data(as_text=True)
    assert "<del>never sell, barter, or rent</del>" in page
    assert "<ins>not sell</ins>" in page
    text = page_text(response)
    assert "copied from the version of 2013-11-02: review them" in text
    assert "The texts are the same" not in text
    assert "policy.version_added" in _actions(app)


def _version_form(**overrides):
    data = {
        "effective_on": "2027-03-01", "posted_on": "2027-02-15", "title": "Privacy policy 2027",
        "source": "The firm's file copy", "text": "New text.\n\nMediation is optional.",
        "governing_law": "New York", "mediation_first": "no",
        "mediation_place": "New York City, New York",
        "mediator_chosen": "mutually agreed by the parties", "mediation_costs": "shared",
        "arbitration_provider": "American Arbitration Association",
        "arbitration_rules": "AAA Consumer Arbitration Rules",
        "arbitration_place": "New York City, New York",
        "judgment": "in any court with jurisdiction",
    }
    data.update(overrides)
    return data


def test_an_admin_adds_a_version_and_sees_the_changed_clause(app, client, auth):
    auth.login("admin")
    form = client.get("/policies/new")
    assert 'value="New York City, New York"' in form.get_data(as_text=True)  # from 2013
    response = client.post("/policies/new", data=_version_form())
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/policies/2027-03-01")
    text = page_text(client.get("/policies/2027-03-01"))
    assert "Mediation first changed no yes" in text
    assert "mediation costs are shared equally" in text
    assert "the user pays every mediation cost but attorney fees" in text
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(
            AuditEntry.action == "policy.version_added"))
        assert {"term": "Mediation first", "from": "yes", "to": "no"} in (
            entry.detail["clause_changes"])
    assert "Privacy policy 2027" in page_text(client.get("/policies/"))


def test_a_bad_version_is_refused_next_to_its_field_and_keeps_what_was_typed(app, client, auth):
    auth.login("admin")
    response = client.post("/policies/new", data=_version_form(
        effective_on="2013-11-02", text="Kept text that was typed."))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "A version already took effect on this day." in page
    assert "Kept text that was typed." in page
    response = client.post("/policies/new", data=_version_form(effective_on="", source=""))
    assert response.status_code == 400
    text = page_text(response)
    assert "Enter the day this version took effect" in text
    assert "Say where this text comes from" in text
    assert "policy.version_added" not in _actions(app)


def test_only_an_admin_adds_a_version(client, auth):
    auth.login("counsel")
    assert client.get("/policies/").status_code == 200
    assert client.get("/policies/new").status_code == 403
    assert client.post("/policies/new", data=_version_form()).status_code == 403


def test_an_unknown_version_is_not_found(client, auth):
    auth.login("viewer")
    assert client.get("/policies/2019-01-01").status_code == 404
    assert client.get("/policies/not-a-day").status_code == 404


def test_an_admin_corrects_a_copied_clause_and_it_is_audited(app, client, auth, runner, tmp_path):
    runner.invoke(args=["policy", "load", str(_changed_2013(tmp_path)), "--effective",
                        "2027-03-01"])
    auth.login("admin")
    form = client.get("/policies/2027-03-01/clause").get_data(as_text=True)
    assert 'value="New York City, New York"' in form  # copied from 2013
    data = {k: v for k, v in _version_form().items()
            if k not in ("effective_on", "posted_on", "title", "source", "text")}
    response = client.post("/policies/2027-03-01/clause", data=data)
    assert response.status_code == 302
    text = page_text(client.get("/policies/2027-03-01"))
    assert "Mediation first changed no yes" in text
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(
            AuditEntry.action == "policy.clause_edited"))
        assert {"term": "Mediation first", "from": "yes", "to": "no"} in (
            entry.detail["clause_changes"])
    bad = client.post("/policies/2027-03-01/clause", data={**data, "mediation_place": ""})
    assert bad.status_code == 400
    assert "State this term of the clause." in bad.get_data(as_text=True)
