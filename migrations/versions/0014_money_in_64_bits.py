"""money in 64-bit integers

Every amount was a 32-bit INTEGER: PostgreSQL refused anything from $21,474,836.48 up, while
SQLite (whose integers are always 64-bit) kept it, so a SQLite backup could not be restored
into PostgreSQL. BIGINT holds far more than the largest amount the forms accept
(qtrax_disputes/core/money.py), with room for the report's share arithmetic.

On SQLite a column's type can only change by recreating the table (batch mode's "move and
copy"). The old table's triggers go with it, among them the text search's on ``cases``
(migration 0012), so each table's triggers are read before and created again after.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

MONEY_COLUMNS = {
    'cases': ('amount_claimed_cents',),
    'cost_items': ('amount_cents',),
    'cost_payments': ('amount_cents',),
    'fee_schedules': (
        'consumer_filing_fee_cents', 'business_filing_fee_one_arbitrator_cents',
        'business_filing_fee_three_arbitrators_cents', 'business_files_one_cents',
        'business_files_three_cents', 'case_management_fee_cents',
        'arbitrator_compensation_cents',
    ),
    'neutrals': ('hourly_rate_cents', 'daily_rate_cents'),
}


def _triggers_of(table: str) -> list[str]:
    bind = op.get_bind()
    if bind.dialect.name != 'sqlite':
        return []  # PostgreSQL alters the column in place; its triggers stay
    return list(bind.execute(sa.text(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = :table"),
        {'table': table}).scalars())


def _retype(old: sa.types.TypeEngine, new: sa.types.TypeEngine) -> None:
    for table, columns in MONEY_COLUMNS.items():
        triggers = _triggers_of(table)
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in columns:
                batch_op.alter_column(column, existing_type=old, type_=new)
        for statement in triggers:
            op.execute(statement)


def upgrade():
    _retype(sa.Integer(), sa.BigInteger())


def downgrade():
    # On PostgreSQL this fails, changing nothing, while any amount is beyond 32 bits.
    _retype(sa.BigInteger(), sa.Integer())
