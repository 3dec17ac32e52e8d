"""saved views of the case list, and trigram indexes for the wider search

Each person may name a set of the list's filters (kept as its query string) and pin it. The
search now also reads the parties (counsel among them), the notes and the documents' names;
on PostgreSQL each has a trigram index on the very expression the query uses
(cases/queries.py ``_around_the_case``), or LIKE '%term%' would read every row. SQLite reads
them row by row: only cases_fts is indexed there, and widening it would mean rebuilding its
triggers on ``cases``.

Revision ID: 0021
Revises: 0018
Create Date: 2026-12-02 15:45:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None

POSTGRESQL_INDEXES = {
    'ix_parties_search_trgm': 'parties USING gin (lower(name) gin_trgm_ops, '
                              'lower(organisation) gin_trgm_ops, lower(email) gin_trgm_ops)',
    'ix_case_events_note_trgm': 'case_events USING gin (lower(note) gin_trgm_ops)',
    'ix_documents_name_trgm': 'documents USING gin (lower(original_name) gin_trgm_ops)',
}


def upgrade():
    op.create_table(
        'saved_views',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=80), nullable=False),
        sa.Column('query_string', sa.String(length=1000), nullable=False),
        sa.Column('pinned', sa.Boolean(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_saved_views_user_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_saved_views')),
    )
    op.create_index('ix_saved_views_user_name', 'saved_views', ['user_id', 'name'],
                    unique=True)
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('CREATE EXTENSION IF NOT EXISTS pg_trgm')
        for name, definition in POSTGRESQL_INDEXES.items():
            op.execute(f'CREATE INDEX {name} ON {definition}')


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        for name in POSTGRESQL_INDEXES:
            op.execute(f'DROP INDEX {name}')
    op.drop_index('ix_saved_views_user_name', table_name='saved_views')
    op.drop_table('saved_views')
