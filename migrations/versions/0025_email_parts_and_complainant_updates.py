"""email in two parts, and update emails to the complainant that they may turn off

Each queued message keeps an HTML part beside its plain text, and an update keeps the address
that turns updates off (List-Unsubscribe). A case records when its complainant turned updates
off. Each update email carries a fresh link to the status page: status_links keeps its hash.

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-02 18:15:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0025'
down_revision = '0024'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox_messages') as batch:
        batch.add_column(sa.Column('html_body', sa.Text(), nullable=False, server_default=''))
        batch.add_column(sa.Column('unsubscribe_url', sa.String(length=500), nullable=True))
    with op.batch_alter_table('cases') as batch:
        batch.add_column(sa.Column('updates_off_at', sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        'status_links',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name='fk_status_links_case_id_cases'),
        sa.PrimaryKeyConstraint('id', name='pk_status_links'),
        sa.UniqueConstraint('token_hash', name='uq_status_links_token_hash'),
    )
    op.create_index('ix_status_links_case_id', 'status_links', ['case_id'])


def downgrade():
    op.drop_index('ix_status_links_case_id', table_name='status_links')
    op.drop_table('status_links')
    with op.batch_alter_table('cases') as batch:
        batch.drop_column('updates_off_at')
    with op.batch_alter_table('outbox_messages') as batch:
        batch.drop_column('unsubscribe_url')
        batch.drop_column('html_body')
