"""SQLite: one trigram index of what surrounds a case (parties, notes, documents' names)

Migration 0021 widened the list's search to the parties (counsel among them), the notes on
the timeline and the names of the case's documents. PostgreSQL answers it from trigram
indexes on each table; SQLite had none and read the three tables for every case it looked
at (about 100 ms to count the matches at 100,000 cases). This is that index for SQLite.

``case_surroundings_fts`` is an FTS5 table with the trigram tokenizer (as ``cases_fts`` of
migration 0012) holding one row per searchable row of the three tables: the case it belongs
to, unindexed, and its searched text. The three tables' ids overlap, so a row's rowid is the
source's id times four plus a tag (1 party, 2 note, 3 document): a trigger finds and replaces
its own row by rowid, without reading the index. It holds only what the search may reveal,
as ``_around_the_case`` did: notes (not other events), and documents neither privileged nor
deleted. Triggers keep it in step with every insert, update and delete, bulk ones included.

On SQLite a later migration that recreates ``parties``, ``case_events`` or ``documents``
(batch mode's "move and copy") drops these triggers with the old table and must create them
again (``SQLITE_TRIGGERS`` below). tests/web/test_case_list_search.py searches a database
built by the migrations, so a lost trigger fails it.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-02 18:30:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None

PARTY, NOTE, DOCUMENT = 1, 2, 3
SEPARATOR = "char(1)"  # as the list's search: no term holds it, so no match straddles fields


def _party_text(row: str) -> str:
    return f"{row}.name || {SEPARATOR} || {row}.organisation || {SEPARATOR} || {row}.email"


# source table, tag, the columns whose change matters, which rows are searchable, their text
SOURCES = [
    ("parties", PARTY, "case_id, name, organisation, email", "1", _party_text),
    ("case_events", NOTE, "case_id, kind, note", "{row}.kind = 'note'",
     lambda row: f"{row}.note"),
    ("documents", DOCUMENT, "case_id, original_name, privileged, deleted_at",
     "{row}.deleted_at IS NULL AND NOT {row}.privileged", lambda row: f"{row}.original_name"),
]


def _insert(table_tag: int, row: str, condition: str, text) -> str:
    return (f"INSERT INTO case_surroundings_fts(rowid, case_id, body) "
            f"SELECT {row}.id * 4 + {table_tag}, {row}.case_id, {text(row)} "
            f"WHERE {condition.format(row=row)};")


def _delete(table_tag: int) -> str:
    return f"DELETE FROM case_surroundings_fts WHERE rowid = old.id * 4 + {table_tag};"


def sqlite_triggers():
    for table, tag, columns, condition, text in SOURCES:
        yield (f"CREATE TRIGGER {table}_surroundings_after_insert AFTER INSERT ON {table} "
               f"BEGIN {_insert(tag, 'new', condition, text)} END")
        yield (f"CREATE TRIGGER {table}_surroundings_after_update AFTER UPDATE OF {columns} "
               f"ON {table} BEGIN {_delete(tag)} {_insert(tag, 'new', condition, text)} END")
        yield (f"CREATE TRIGGER {table}_surroundings_after_delete AFTER DELETE ON {table} "
               f"BEGIN {_delete(tag)} END")


def _fill():
    for table, tag, _columns, condition, text in SOURCES:
        yield (f"INSERT INTO case_surroundings_fts(rowid, case_id, body) "
               f"SELECT {table}.id * 4 + {tag}, {table}.case_id, {text(table)} FROM {table} "
               f"WHERE {condition.format(row=table)}")


def upgrade():
    if op.get_bind().dialect.name != 'sqlite':
        return  # PostgreSQL has its trigram indexes (migration 0021)
    op.execute("CREATE VIRTUAL TABLE case_surroundings_fts USING fts5("
               "case_id UNINDEXED, body, tokenize='trigram')")
    for statement in sqlite_triggers():
        op.execute(statement)
    for statement in _fill():
        op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name != 'sqlite':
        return
    for table, *_ in SOURCES:
        for when in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER {table}_surroundings_after_{when}")
    op.execute("DROP TABLE case_surroundings_fts")
