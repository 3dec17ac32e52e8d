"""windows and duties

A deadline is either a window (a side may act; unused, it lapses) or a duty (it goes overdue),
and counsel may decide that Qtrax will use a window, which makes it a duty. Existing deadlines
take their rule's classification (deadlines/rules.py, docs/rules.md § Windows and duties); manual ones are duties.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None

# The rules classified as windows when this migration was written (deadlines/rules.py). Copied,
# not imported: a migration must keep meaning what it meant when the rules change later.
WINDOW_RULES = ('CPLR7503_STAY', 'CPLR7509_MODIFY', 'CPLR7509_OBJECT', 'CPLR7511_VACATE',
                'CPLR7510_CONFIRM', 'FAA12_VACATE', 'FAA9_CONFIRM')


# Batch mode copies the table on SQLite; ``deadlines`` has no triggers to lose (only ``cases``
# has, migration 0012).
def upgrade():
    with op.batch_alter_table('deadlines', schema=None) as batch_op:
        batch_op.add_column(sa.Column('obligation', sa.String(length=10), server_default='duty',
                                      nullable=False))
        batch_op.add_column(sa.Column('will_act_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('will_act_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_deadlines_will_act_by_id_users'), 'users',
                                    ['will_act_by_id'], ['id'])
    deadlines = sa.table('deadlines', sa.column('rule_code', sa.String),
                         sa.column('obligation', sa.String))
    op.execute(deadlines.update().where(deadlines.c.rule_code.in_(WINDOW_RULES))
               .values(obligation='window'))


def downgrade():
    with op.batch_alter_table('deadlines', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_deadlines_will_act_by_id_users'),
                                 type_='foreignkey')
        batch_op.drop_column('will_act_by_id')
        batch_op.drop_column('will_act_at')
        batch_op.drop_column('obligation')
