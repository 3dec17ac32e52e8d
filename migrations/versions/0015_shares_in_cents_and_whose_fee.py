"""each party's share in cents; each AAA fee says whose it is

Shares were basis points of the amount, which cannot meet a cap to the cent (a $300.01
invoice gave the consumer $199.99 of a $200 cap). Each item now stores each party's share in
cents, summing to the amount; a percentage is only shown. Every row's cents are computed from
its basis points exactly as the code rounded them (the claimant's share to the nearest cent,
an exact half cent to Qtrax), so the split shown before is the split stored.

The ledger had one kind, "AAA filing fee", for the consumer's fee and the business's alike,
and applied the consumer's cap to either: with the business's $300 entered first, the
complainant carried $199.98 of Qtrax's fee. Each AAA item now names its owner, and only the
consumer's own filing fee can fall on the consumer.

Existing "AAA filing fee" rows take the owner of the side that incurred them (the demand step
proposed the consumer's fee as the complainant's, the business's as Qtrax's):

- incurred by the complainant: the consumer's filing fee; its split is kept.
- incurred by Qtrax: the business's filing fee. This is where today's rule was wrong: unless
  counsel overrode the split, whatever the cap had put on the complainant moves to Qtrax.

No other row changes owner by a cent. A consumer's fee that an earlier business fee had
squeezed under the cap keeps its stored split until counsel saves it again.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

BUSINESS_PAYS = (
    "The business's own AAA filing fee: under the AAA consumer fee schedule the business pays "
    "it; the consumer's cap limits only the consumer's own fee."
)

items = sa.table(
    'cost_items',
    sa.column('kind', sa.String), sa.column('incurred_by', sa.String),
    sa.column('override_reason', sa.Text), sa.column('claimant_bp', sa.Integer),
    sa.column('respondent_bp', sa.Integer), sa.column('rule_code', sa.String),
    sa.column('explanation', sa.Text),
)


def _triggers_of(table: str) -> list[str]:
    bind = op.get_bind()
    if bind.dialect.name != 'sqlite':
        return []  # PostgreSQL alters the table in place; its triggers stay
    return list(bind.execute(sa.text(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = :table"),
        {'table': table}).scalars())


def _rebuild_cost_items(change) -> None:
    triggers = _triggers_of('cost_items')  # a SQLite rebuild drops them: made again after
    with op.batch_alter_table('cost_items', schema=None) as batch_op:
        change(batch_op)
    for statement in triggers:
        op.execute(statement)


def _owners_named():
    old = items.c.kind == 'aaa_filing_fee'
    op.execute(items.update().where(old, items.c.incurred_by == 'respondent',
                                    items.c.override_reason == '')
               .values(claimant_bp=0, respondent_bp=10000, rule_code='AAA_BUSINESS_PAYS_REST',
                       explanation=BUSINESS_PAYS))
    op.execute(items.update().where(old, items.c.incurred_by == 'respondent')
               .values(kind='aaa_business_filing_fee'))
    op.execute(items.update().where(old).values(kind='aaa_consumer_filing_fee'))


def _add_cents(batch_op) -> None:
    batch_op.add_column(sa.Column('claimant_share_cents', sa.BigInteger(), nullable=True))
    batch_op.add_column(sa.Column('respondent_share_cents', sa.BigInteger(), nullable=True))


def _cents_only(batch_op) -> None:
    batch_op.drop_index('ix_cost_items_incurred')
    batch_op.drop_constraint(op.f('ck_cost_items_shares_make_whole'), type_='check')
    batch_op.drop_column('claimant_bp')
    batch_op.drop_column('respondent_bp')
    batch_op.alter_column('claimant_share_cents', existing_type=sa.BigInteger(),
                          nullable=False)
    batch_op.alter_column('respondent_share_cents', existing_type=sa.BigInteger(),
                          nullable=False)
    batch_op.create_check_constraint(
        op.f('ck_cost_items_shares_make_whole'),
        'claimant_share_cents + respondent_share_cents = amount_cents')
    batch_op.create_check_constraint(
        op.f('ck_cost_items_shares_not_negative'),
        'claimant_share_cents >= 0 AND respondent_share_cents >= 0')
    batch_op.create_index('ix_cost_items_incurred', ['incurred_on', 'status', 'stage',
                                                     'amount_cents', 'claimant_share_cents'])


def upgrade():
    _owners_named()
    _rebuild_cost_items(_add_cents)
    # The claimant's cents as allocation.split_cents rounded them: more than half a cent up,
    # an exact half down (amounts are never negative, so integer division floors).
    op.execute("UPDATE cost_items SET claimant_share_cents = "
               "(amount_cents * claimant_bp + 4999) / 10000")
    op.execute("UPDATE cost_items SET respondent_share_cents = "
               "amount_cents - claimant_share_cents")
    _rebuild_cost_items(_cents_only)


def _add_bp(batch_op) -> None:
    batch_op.add_column(sa.Column('claimant_bp', sa.Integer(), nullable=True))
    batch_op.add_column(sa.Column('respondent_bp', sa.Integer(), nullable=True))


def _bp_only(batch_op) -> None:
    batch_op.drop_index('ix_cost_items_incurred')
    batch_op.drop_constraint(op.f('ck_cost_items_shares_make_whole'), type_='check')
    batch_op.drop_constraint(op.f('ck_cost_items_shares_not_negative'), type_='check')
    batch_op.drop_column('claimant_share_cents')
    batch_op.drop_column('respondent_share_cents')
    batch_op.alter_column('claimant_bp', existing_type=sa.Integer(), nullable=False)
    batch_op.alter_column('respondent_bp', existing_type=sa.Integer(), nullable=False)
    batch_op.create_check_constraint(op.f('ck_cost_items_shares_make_whole'),
                                     'claimant_bp + respondent_bp = 10000')
    batch_op.create_index('ix_cost_items_incurred', ['incurred_on', 'status', 'stage',
                                                     'amount_cents', 'claimant_bp'])


def downgrade():
    # Basis points can only approximate a split to the cent: the nearest share is kept.
    _rebuild_cost_items(_add_bp)
    op.execute("UPDATE cost_items SET claimant_bp = CASE WHEN amount_cents = 0 THEN 0 ELSE "
               "(claimant_share_cents * 10000 + amount_cents / 2) / amount_cents END")
    op.execute("UPDATE cost_items SET respondent_bp = 10000 - claimant_bp")
    _rebuild_cost_items(_bp_only)
    # The owners go back into one kind; the corrected splits stay correct.
    op.execute(items.update().where(items.c.kind.in_(
        ('aaa_consumer_filing_fee', 'aaa_business_filing_fee'))).values(kind='aaa_filing_fee'))
