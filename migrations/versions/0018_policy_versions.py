"""versions of the privacy policy

The policy's versions as data (policies/): the shipped 2013 version lives in the code; this table
holds the versions admins add and the loaded full text of a shipped one. Each case gains the days
the information in dispute was given, the version in force then, and the version whose clause
counsel confirmed. Existing cases know none of these: they are left empty, and the case page says
counsel chooses (the procedure meanwhile follows the version in force on the filing day).

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-02 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'policy_versions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('effective_on', sa.Date(), nullable=False),
        sa.Column('posted_on', sa.Date(), nullable=True),
        sa.Column('archived_on', sa.Date(), nullable=True),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('source', sa.String(length=500), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('clause', sa.JSON(), nullable=True),
        sa.Column('promises', sa.JSON(), nullable=True),
        sa.Column('risks', sa.JSON(), nullable=True),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('added_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['added_by_id'], ['users.id'],
                                name=op.f('fk_policy_versions_added_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_policy_versions')),
        sa.UniqueConstraint('effective_on', name=op.f('uq_policy_versions_effective_on')),
    )


    # Added, not rebuilt: on SQLite a batch rebuild of ``cases`` would lose the text search's
    # triggers (migration 0012); adding a column needs no copy.
    op.add_column('cases', sa.Column('information_given_on', sa.Date(), nullable=True))
    op.add_column('cases', sa.Column('information_given_until', sa.Date(), nullable=True))
    op.add_column('cases', sa.Column('policy_version_on', sa.Date(), nullable=True))
    op.add_column('cases', sa.Column('policy_reason', sa.String(length=300), nullable=False,
                                     server_default=''))
    op.add_column('cases', sa.Column('clause_version_on', sa.Date(), nullable=True))
    op.add_column('cases', sa.Column('clause_reason', sa.Text(), nullable=False,
                                     server_default=''))


def downgrade():
    for column in ('clause_reason', 'clause_version_on', 'policy_reason', 'policy_version_on',
                   'information_given_until', 'information_given_on'):
        op.drop_column('cases', column)
    op.drop_table('policy_versions')
