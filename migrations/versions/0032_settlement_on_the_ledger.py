"""a global settlement on the ledger and on the status pages

An offer says whether the claimants see it on their status pages (with their counsel's
consent), where each may accept it.

Each acceptance settled on its release names the ledger item of the amount then owed: the
case's own cost item (kind "settlement", Qtrax's in full), whose payments are the ledger's. A
deleted item leaves the acceptance settled with nothing owed on it.

Revision ID: 0032
Revises: 0031
Create Date: 2026-12-04 10:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0032'
down_revision = '0031'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('mass_offers') as batch:
        batch.add_column(sa.Column('on_status_pages', sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
    with op.batch_alter_table('mass_acceptances') as batch:
        batch.add_column(sa.Column('cost_item_id', sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f('fk_mass_acceptances_cost_item_id_cost_items'), 'cost_items',
            ['cost_item_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('mass_acceptances') as batch:
        batch.drop_constraint(op.f('fk_mass_acceptances_cost_item_id_cost_items'),
                              type_='foreignkey')
        batch.drop_column('cost_item_id')
    with op.batch_alter_table('mass_offers') as batch:
        batch.drop_column('on_status_pages')
