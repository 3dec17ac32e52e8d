"""the complainant's own answer to a proposed neutral: how it was given, and a version counter

The complainant now answers a proposed mediator on the status page; staff may still record an
answer given by letter, and the proposal says which (``claimant_answer_via``: "status_page" or
"letter", "" for answers recorded before this) and who recorded a letter. The version counter
lets two answers to the same proposal at once be noticed instead of one overwriting the other.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-02 18:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('neutral_proposals') as batch:
        batch.add_column(sa.Column('claimant_answer_via', sa.String(length=20), nullable=False,
                                   server_default=''))
        batch.add_column(sa.Column('claimant_answer_recorded_by_id', sa.Integer(),
                                   nullable=True))
        batch.add_column(sa.Column('version', sa.Integer(), nullable=False,
                                   server_default='1'))
        batch.create_foreign_key(
            op.f('fk_neutral_proposals_claimant_answer_recorded_by_id_users'), 'users',
            ['claimant_answer_recorded_by_id'], ['id'])


def downgrade():
    with op.batch_alter_table('neutral_proposals') as batch:
        batch.drop_constraint(op.f('fk_neutral_proposals_claimant_answer_recorded_by_id_users'),
                              type_='foreignkey')
        batch.drop_column('version')
        batch.drop_column('claimant_answer_recorded_by_id')
        batch.drop_column('claimant_answer_via')
