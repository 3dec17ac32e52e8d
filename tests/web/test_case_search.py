"""The case list's search: any part of the complainant's name or email, the summary or the
number, in any letter case; a whole number is looked up exactly. SQLite answers from a
full-text index of trigrams, PostgreSQL from a trigram index, and a term too short for either
is looked for row by row: the answers must be the same as a plain substring match."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DatabaseError

from qtrax_disputes.cases.models import Case
from qtrax_disputes.core.clock import today
from qtrax_disputes.web.extensions import db

from ..conftest import empty_tables, page_text
from .helpers import file_complaint, filed_number_and_token

GARCIA = ("Marisol Garcia-Lopez", "m.garcia@mailbox.example",
          "They sold my address to a broker called Datamart without asking me.")
BAKER = ("Ben Baker", "ben.baker@example.com",
         "A marketing firm phoned me at home using details I gave only to Qtrax.")
CLARK = ("Cy Clark", "cy@example.org",
         'Support said "unsubscribe" had worked, but the emails kept on coming.')


def file_cases(client, *people) -> list[str]:
    numbers = []
    for name, email, description in people:
        file_complaint(client, name=name, email=email, description=description)
        numbers.append(filed_number_and_token(client)[0])
    return numbers


@pytest.fixture
def filed(client, auth):
    """The three complaints above, and a viewer signed in to search them."""
    numbers = dict(zip(("garcia", "baker", "clark"), file_cases(client, GARCIA, BAKER, CLARK),
                       strict=True))
    auth.login("viewer")
    return numbers


def found(client, numbers: dict[str, str], query: str, **args) -> set[str]:
    """Which of the filed cases the list shows for a search."""
    page = page_text(client.get("/cases", query_string={"q": query, **args}))
    return {who for who, number in numbers.items() if number in page}


def test_search_finds_part_of_the_complainants_name_in_any_letter_case(client, filed):
    assert found(client, filed, "GARCIA-lo") == {"garcia"}
    assert found(client, filed, "arisol") == {"garcia"}
    assert found(client, filed, "cla") == {"clark"}  # three letters: the shortest indexed term


def test_search_finds_part_of_the_email_address(client, filed):
    assert found(client, filed, "garcia@mailbo") == {"garcia"}
    assert found(client, filed, "baker@example.c") == {"baker"}
    assert found(client, filed, "@example.") == {"baker", "clark"}


def test_search_finds_a_word_of_the_summary(client, filed):
    assert found(client, filed, "Broker") == {"garcia"}


def test_search_finds_a_phrase_only_as_written(client, filed):
    assert found(client, filed, "phoned me at home") == {"baker"}
    # Words that are all there but not side by side are not the phrase.
    assert found(client, filed, "phoned home") == set()
    assert found(client, filed, 'said "unsubscribe" had') == {"clark"}


def test_search_finds_a_two_letter_term_the_index_cannot_hold(client, filed):
    assert found(client, filed, "cY") == {"clark"}


def test_search_finds_part_of_a_case_number(client, filed):
    number = filed["baker"]
    assert found(client, filed, number.removeprefix("QD-")) == {"baker"}


def test_a_term_starting_qd_is_a_whole_case_number(client, filed):
    number = filed["baker"]
    assert found(client, filed, number.lower()) == {"baker"}
    assert found(client, filed, number[:-1]) == set()


def test_search_does_not_find_cases_that_do_not_contain_the_term(client, filed):
    assert found(client, filed, "Zanzibar") == set()
    assert "0 cases" in page_text(client.get("/cases?q=Zanzibar"))
    assert found(client, filed, "zz") == set()


def test_a_term_cannot_match_across_two_fields(client, filed):
    # PostgreSQL's index joins the fields with U+0001, which no field may contain.
    assert found(client, filed, "Lopez\x01m.garcia") == set()
    assert found(client, filed, "Lopezm.garcia") == set()


def test_percent_and_underscore_in_a_term_are_matched_as_themselves(client, auth):
    numbers = dict(zip(("percent", "plain"), file_cases(
        client,
        ("Ann Able", "ann_able@example.com", "They promised a 100% refund and paid nothing."),
        ("Al Annable", "al@example.com", "They promised 100 days of support and gave none.")),
        strict=True))
    auth.login("viewer")
    assert found(client, numbers, "100%") == {"percent"}
    assert found(client, numbers, "0%") == {"percent"}
    assert found(client, numbers, "ann_a") == {"percent"}
    assert found(client, numbers, "100") == {"percent", "plain"}


def rename(client, app, number: str, new_name: str):
    """Save the staff edit form with only the complainant's name changed."""
    with app.app_context():
        case = db.session.scalars(select(Case).where(Case.number == number)).one()
        values = {
            "version": case.version, "complainant_name": new_name,
            "complainant_email": case.complainant_email, "complainant_phone": "",
            "account_identifier": case.account_identifier, "category": case.category,
            "summary": case.summary, "description": case.description,
            "desired_resolution": case.desired_resolution,
            "incident_on": case.incident_on.isoformat(), "amount_claimed": "",
        }
    response = client.post(f"/cases/{number}/edit", data=values)
    assert response.status_code == 302, page_text(response)


def test_a_renamed_complainant_is_found_by_the_new_name_and_not_the_old(app, client, auth):
    (number,) = file_cases(client, GARCIA)
    auth.login("staff")
    rename(client, app, number, "Rosa Delgado")
    numbers = {"renamed": number}
    assert found(client, numbers, "delgado") == {"renamed"}
    assert found(client, numbers, "Marisol") == set()
    assert found(client, numbers, "garcia@mailbox") == {"renamed"}  # the email did not change


def move(client, app, number: str, target: str, **fields):
    with app.app_context():
        version = db.session.scalar(select(Case.version).where(Case.number == number))
    data = {f"to_{target}-occurred_on": today().isoformat(), "version": str(version),
            **{f"to_{target}-{k}": v for k, v in fields.items()}}
    response = client.post(f"/cases/{number}/move/{target}", data=data,
                           content_type="multipart/form-data")
    assert response.status_code == 302, page_text(response)


def test_search_keeps_to_the_open_or_closed_cases_asked_for(app, client, auth):
    numbers = dict(zip(("baker", "clark"), file_cases(client, BAKER, CLARK), strict=True))
    auth.login("staff")
    move(client, app, numbers["baker"], "triage")
    move(client, app, numbers["baker"], "withdrawn", note="The complainant withdrew.")

    assert found(client, numbers, "example") == {"clark"}  # open cases, unless asked
    assert found(client, numbers, "example", state="closed") == {"baker"}
    assert found(client, numbers, "Baker", state="closed") == {"baker"}
    assert found(client, numbers, "Clark", state="closed") == set()
    assert found(client, numbers, "example", state="all") == {"baker", "clark"}


def sqlite_index_check(app) -> None:
    """FTS5 compares its index with the cases table; it reports a difference as corruption."""
    with app.app_context(), db.engine.begin() as conn:
        try:
            conn.execute(text(
                "INSERT INTO cases_fts(cases_fts, rank) VALUES ('integrity-check', 1)"))
        except DatabaseError as error:
            pytest.fail(f"the search index disagrees with the cases table: {error.orig}")


@pytest.mark.commits  # the index is checked on a connection of its own
def test_sqlite_search_index_follows_every_filing_edit_and_delete(app, client, auth):
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("SQLite's full-text index; PostgreSQL's index keeps itself")
    (number,) = file_cases(client, GARCIA)
    auth.login("staff")
    rename(client, app, number, "Rosa Delgado")
    sqlite_index_check(app)

    empty_tables(app)  # as between tests: DELETE FROM every table
    sqlite_index_check(app)
    with app.app_context():
        assert db.session.scalar(text("SELECT count(*) FROM cases_fts_docsize")) == 0


def test_postgresql_answers_a_search_from_its_trigram_index(app):
    from qtrax_disputes.cases.queries import _search

    with app.app_context(), db.engine.connect() as conn:
        if conn.dialect.name != "postgresql":
            pytest.skip("PostgreSQL's trigram index; SQLite's search reads cases_fts by name")
        # A test's table is tiny, and reading it whole would be the cheaper plan.
        conn.execute(text("SET LOCAL enable_seqscan = off"))
        query = select(Case.id).where(_search("garcia")).compile(
            conn, compile_kwargs={"literal_binds": True})
        plan = "\n".join(conn.exec_driver_sql(f"EXPLAIN {query}").scalars())
    # The query's expression and the index's must be the same to the letter.
    assert "ix_cases_search_trgm" in plan, plan
