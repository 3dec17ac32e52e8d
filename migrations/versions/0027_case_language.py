"""the language the complainant filed in

A case remembers the language its complainant chose when filing (English or Spanish), so the
emails sent to them later (receipt, updates, links) are written in it. Existing cases: English.

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-02 19:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0027'
down_revision = '0026'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('cases') as batch:
        batch.add_column(sa.Column('language', sa.String(length=8), nullable=False,
                                   server_default='en'))


def downgrade():
    with op.batch_alter_table('cases') as batch:
        batch.drop_column('language')
