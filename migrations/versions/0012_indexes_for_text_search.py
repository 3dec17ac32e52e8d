"""indexes for text search in the case list

The list's search is a case-insensitive substring match on the complainant's name and email,
the summary and the number. LIKE '%term%' cannot use a b-tree, so each database gets an index
of trigrams. Neither can be declared on the model in a way autogenerate can compare, so
qtrax_disputes/db/migration_filters.py tells it to leave them alone.

- SQLite: LIKE cannot use any index, so an FTS5 table with the trigram tokenizer holds the
  four columns. It is external-content (it stores only the index; the text stays in
  ``cases``) and triggers keep it in step with every insert, update and delete, including
  bulk ones that bypass the ORM. On SQLite, a later migration that recreates ``cases``
  (batch mode's "move and copy") drops these triggers with the old table and must create
  them again.
- PostgreSQL: one pg_trgm index on the four columns lower-cased and joined by U+0001 (which
  the forms refuse in every field, so no match can straddle two of them). Four indexes, one
  per column, would serve the same query as an OR, but the planner multiplies the OR's
  chances as if the name and the email were unrelated, overestimates the matches about
  threefold and then prefers reading the table until it has counted SEARCH_COUNT_CAP of them
  (about 60 ms at 100,000 cases instead of 4 ms). One expression has one estimate.
  The query in qtrax_disputes/cases/queries.py must build exactly this expression.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 08:00:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

SEARCHED = ('complainant_name', 'complainant_email', 'summary', 'number')

_COLUMNS = ', '.join(SEARCHED)
_NEW = ', '.join(f'new.{c}' for c in SEARCHED)
_OLD = ', '.join(f'old.{c}' for c in SEARCHED)

SQLITE_UP = [
    f"""CREATE VIRTUAL TABLE cases_fts USING fts5(
        {_COLUMNS}, content='cases', content_rowid='id', tokenize='trigram')""",
    f"""CREATE TRIGGER cases_fts_after_insert AFTER INSERT ON cases BEGIN
        INSERT INTO cases_fts(rowid, {_COLUMNS}) VALUES (new.id, {_NEW});
    END""",
    # An external-content index removes a row by being told the values it indexed.
    f"""CREATE TRIGGER cases_fts_after_delete AFTER DELETE ON cases BEGIN
        INSERT INTO cases_fts(cases_fts, rowid, {_COLUMNS}) VALUES ('delete', old.id, {_OLD});
    END""",
    # Only the searched columns: every step of a case updates its version and stage, and
    # those updates need not touch the index.
    f"""CREATE TRIGGER cases_fts_after_update AFTER UPDATE OF {_COLUMNS} ON cases BEGIN
        INSERT INTO cases_fts(cases_fts, rowid, {_COLUMNS}) VALUES ('delete', old.id, {_OLD});
        INSERT INTO cases_fts(rowid, {_COLUMNS}) VALUES (new.id, {_NEW});
    END""",
    # Index the cases that exist already.
    "INSERT INTO cases_fts(cases_fts) VALUES ('rebuild')",
]

SQLITE_DOWN = [
    'DROP TRIGGER cases_fts_after_update',
    'DROP TRIGGER cases_fts_after_delete',
    'DROP TRIGGER cases_fts_after_insert',
    'DROP TABLE cases_fts',  # and its shadow tables with it
]


# New entries wait in a pending list that every search reads whole, and the planner counts it:
# with the default limit of 4 MB, the 1,264 cases added since the last VACUUM in a test were
# enough for it to read the table instead. 64 kB keeps the list to a few pages; inserts merge
# it into the index more often.
POSTGRESQL_INDEX = r"""CREATE INDEX ix_cases_search_trgm ON cases USING gin (
    lower(complainant_name || E'\x01' || complainant_email || E'\x01' || summary
          || E'\x01' || number) gin_trgm_ops) WITH (gin_pending_list_limit = 64)"""


def upgrade():
    dialect = op.get_bind().dialect.name
    if dialect == 'sqlite':
        for statement in SQLITE_UP:
            op.execute(statement)
    elif dialect == 'postgresql':
        op.execute('CREATE EXTENSION IF NOT EXISTS pg_trgm')
        op.execute(POSTGRESQL_INDEX)


def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == 'sqlite':
        for statement in SQLITE_DOWN:
            op.execute(statement)
    elif dialect == 'postgresql':
        op.execute('DROP INDEX ix_cases_search_trgm')
        # pg_trgm stays: it may have been installed before this migration, or be used by
        # something else since; dropping it is a decision for whoever manages the database.
