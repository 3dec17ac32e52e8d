"""what changed in a document's new version, apart from its description

A new version's "What changed" note used to be written over the description staff entered, so
the privilege log lost a withheld document's subject matter at its first revision. The note now
has its own column; the description passes unchanged from version to version. Rows written
before keep what they hold (their description may be a note: it cannot be told apart).

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-02 16:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('documents', sa.Column('version_note', sa.Text(), nullable=False,
                                         server_default=''))


def downgrade():
    with op.batch_alter_table('documents') as batch_op:
        batch_op.drop_column('version_note')
