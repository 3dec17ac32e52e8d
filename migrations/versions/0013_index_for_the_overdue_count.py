"""index for the navigation's overdue count

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 09:00:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


# Not in batch mode: on SQLite that may copy the table, and the copy would lose the text
# search's triggers (migration 0012). Creating an index needs no copy on either database.
def upgrade():
    op.create_index('ix_cases_assignee_id', 'cases', ['assigned_to_id', 'id'], unique=False)


def downgrade():
    op.drop_index('ix_cases_assignee_id', table_name='cases')
