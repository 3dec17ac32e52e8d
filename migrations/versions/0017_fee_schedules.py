"""fee schedules: each amount with its own mark and source; where a cost's amount came from

The 2020 consumer schedule's filing fees are verified, but the clause review fee ($250), the
arbitrator compensation deposit ($2,500) and the case management fee ($1,400) are read only in
secondary sources (docs/costs.md § Fee schedules, mark S). A schedule therefore keeps, per amount, a
mark and source where they differ from its own, and states the two fees it could not hold
before (clause review, hearing deposit). A cost item records the mark and source of an amount
a schedule supplied, so an unverified figure is shown as unverified wherever it is used.

Columns are only added, never rebuilt: SQLite's ALTER TABLE ADD COLUMN keeps the table's
triggers, where a batch rebuild would drop them (see 0014 and 0015).

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-02 14:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('fee_schedules', sa.Column('clause_review_fee_cents', sa.BigInteger(),
                                             nullable=True))
    op.add_column('fee_schedules', sa.Column('arbitrator_deposit_cents', sa.BigInteger(),
                                             nullable=True))
    op.add_column('fee_schedules', sa.Column('amount_marks', sa.JSON(), nullable=False,
                                             server_default='{}'))
    op.add_column('cost_items', sa.Column('amount_mark', sa.String(length=2), nullable=False,
                                          server_default=''))
    op.add_column('cost_items', sa.Column('amount_source', sa.String(length=300),
                                          nullable=False, server_default=''))


def _triggers_of(table: str) -> list[str]:
    bind = op.get_bind()
    if bind.dialect.name != 'sqlite':
        return []  # PostgreSQL drops columns in place; its triggers stay
    return list(bind.execute(sa.text(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = :table"),
        {'table': table}).scalars())


def downgrade():
    for table, columns in (('cost_items', ('amount_source', 'amount_mark')),
                           ('fee_schedules', ('amount_marks', 'arbitrator_deposit_cents',
                                              'clause_review_fee_cents'))):
        triggers = _triggers_of(table)
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in columns:
                batch_op.drop_column(column)
        for statement in triggers:
            op.execute(statement)
