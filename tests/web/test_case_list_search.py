"""The case list's search reaches past the complaint: the other parties and counsel, the notes
on the timeline and the names of the case's documents. A privileged or deleted document's
name finds nothing: the list is the same for everyone, and a viewer must not learn it."""

from __future__ import annotations

import pytest

from qtrax_disputes.cases import operations
from qtrax_disputes.documents import operations as document_operations

from ..conftest import page_text
from ..factories import case_of, make_case, make_document, make_user


@pytest.fixture
def cases(app, auth):
    with app.app_context():
        party = make_case(name="Ann Able", parties=[
            {"role": "respondent", "name": "Datamart Brokers", "organisation": "Datamart LLC"}])
        counsel = make_case(name="Ben Baker", parties=[
            {"role": "claimant_counsel", "name": "Ada Lovelace-Counsel",
             "email": "ada@lawfirm.example"}])
        noted = make_case(name="Cy Clark")
        operations.add_note(case_of(noted), "Called the broker Zephyrine back on Tuesday.")
        documented = make_case(name="Di Dane")
        make_document(documented, name="Letter-from-Quillfeather.pdf")
        withheld = make_case(name="Ed Eve")
        make_document(withheld, name="Memo-to-Vantablack.pdf", privileged=True)
        deleted = make_case(name="Flo Fay")
        gone = make_document(deleted, name="Draft-Oubliette.pdf")
        document_operations.soft_delete(gone, "Uploaded to the wrong case.", make_user("counsel"))
        numbers = {"party": party.number, "counsel": counsel.number, "noted": noted.number,
                   "documented": documented.number, "withheld": withheld.number,
                   "deleted": deleted.number}
    auth.login("viewer")
    return numbers


def found(client, numbers, query):
    page = page_text(client.get("/cases", query_string={"q": query}))
    return {who for who, number in numbers.items() if number in page}


def test_search_finds_a_party_by_name_or_organisation(client, cases):
    assert found(client, cases, "datamart brok") == {"party"}
    assert found(client, cases, "MART LLC") == {"party"}


def test_search_finds_counsel_by_name_or_email(client, cases):
    assert found(client, cases, "lovelace") == {"counsel"}
    assert found(client, cases, "ada@lawfirm") == {"counsel"}


def test_search_finds_a_word_of_a_note(client, cases):
    assert found(client, cases, "zephyrine") == {"noted"}


def test_search_finds_a_documents_name(client, cases):
    assert found(client, cases, "quillfeather") == {"documented"}


def test_search_does_not_reveal_a_privileged_or_deleted_documents_name(client, cases):
    assert found(client, cases, "vantablack") == set()
    assert found(client, cases, "oubliette") == set()


def test_the_wider_search_still_finds_the_complainant(client, cases):
    assert found(client, cases, "ben bak") == {"counsel"}


# The notes' index (ix_case_events_note_trgm) is left out: on a test's near-empty table the
# planner rightly prefers the index on the event's kind, whatever enable_seqscan says.
@pytest.mark.parametrize("index", ["ix_parties_search_trgm", "ix_documents_name_trgm"])
def test_postgresql_answers_the_wider_search_from_trigram_indexes(app, index):
    from sqlalchemy import select, text

    from qtrax_disputes.cases.models import Case
    from qtrax_disputes.cases.queries import _search
    from qtrax_disputes.web.extensions import db

    with app.app_context(), db.engine.connect() as conn:
        if conn.dialect.name != "postgresql":
            pytest.skip("PostgreSQL's trigram indexes; SQLite reads these tables row by row")
        conn.execute(text("SET LOCAL enable_seqscan = off"))  # a test's tables are tiny
        query = select(Case.id).where(_search("lovelace")).compile(
            conn, compile_kwargs={"literal_binds": True})
        plan = "\n".join(conn.exec_driver_sql(f"EXPLAIN {query}").scalars())
    assert index in plan, plan


def surroundings_index() -> set[tuple]:
    from sqlalchemy import text

    from qtrax_disputes.web.extensions import db

    return set(db.session.execute(text("SELECT case_id, body FROM case_surroundings_fts")))


def test_sqlite_index_of_what_surrounds_a_case_follows_every_edit(app, cases):
    """Migration 0022's triggers: the index holds each party's name, organisation and email,
    each note and each shown document's name, and nothing once it changes or goes."""
    from sqlalchemy import select

    from qtrax_disputes.cases.models import CaseEvent, Party
    from qtrax_disputes.documents.models import Document
    from qtrax_disputes.web.extensions import db

    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("SQLite's index; PostgreSQL reads its trigram indexes")
        party_case = case_of(cases["party"]).id
        documented = case_of(cases["documented"]).id
        noted = case_of(cases["noted"]).id
        index = surroundings_index()
        assert (party_case, "Datamart Brokers\x01Datamart LLC\x01") in index
        assert (documented, "Letter-from-Quillfeather.pdf") in index
        assert (noted, "Called the broker Zephyrine back on Tuesday.") in index
        assert not any("Vantablack" in body or "Oubliette" in body for _, body in index)

        party = db.session.scalars(select(Party).where(Party.case_id == party_case)).one()
        party.name, party.email = "Datamart Holdings", "legal@datamart.example"
        letter = db.session.scalars(select(Document).where(Document.case_id == documented)).one()
        letter.privileged = True
        db.session.delete(db.session.scalars(select(CaseEvent).where(
            CaseEvent.case_id == noted, CaseEvent.kind == "note")).one())
        db.session.flush()
        index = surroundings_index()
        assert (party_case, "Datamart Holdings\x01Datamart LLC\x01legal@datamart.example") in index
        assert not any("Brokers" in body or "Quillfeather" in body or "Zephyrine" in body
                       for _, body in index)

        db.session.delete(party)
        letter.privileged = False
        db.session.flush()
        index = surroundings_index()
        assert not any("Datamart" in body for _, body in index)
        assert (documented, "Letter-from-Quillfeather.pdf") in index
