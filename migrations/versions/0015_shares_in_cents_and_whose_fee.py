"""each AAA fee says whose it is

The ledger had one kind, "AAA filing fee", for the consumer's fee and the business's alike,
and applied the consumer's cap to either: with the business's $300 entered first, the
complainant carried $199.98 of Qtrax's fee. Each AAA item now names its owner, and only the
consumer's own filing fee can fall on the consumer.

Existing "AAA filing fee" rows take the owner of the side that incurred them (the demand step
proposed the consumer's fee as the complainant's, the business's as Qtrax's):

- incurred by the complainant: the consumer's filing fee; its split is kept.
- incurred by Qtrax: the business's filing fee. This is where today's rule was wrong: unless
  counsel overrode the split, whatever the cap had put on the complainant moves to Qtrax.

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


def upgrade():
    old = items.c.kind == 'aaa_filing_fee'
    op.execute(items.update().where(old, items.c.incurred_by == 'respondent',
                                    items.c.override_reason == '')
               .values(claimant_bp=0, respondent_bp=10000, rule_code='AAA_BUSINESS_PAYS_REST',
                       explanation=BUSINESS_PAYS))
    op.execute(items.update().where(old, items.c.incurred_by == 'respondent')
               .values(kind='aaa_business_filing_fee'))
    op.execute(items.update().where(old).values(kind='aaa_consumer_filing_fee'))


def downgrade():
    # The owners go back into one kind; the corrected splits stay correct.
    op.execute(items.update().where(items.c.kind.in_(
        ('aaa_consumer_filing_fee', 'aaa_business_filing_fee'))).values(kind='aaa_filing_fee'))
