"""tasks asked of counsel, and where a case came from

Staff ask counsel to take a step only counsel may take; the task is closed when the case moves
past it. A case records how the complaint arrived (the public form, a letter, an email, a call,
an AAA notice): existing cases came through the public form.

Revision ID: 0020
Revises: 0018
Create Date: 2026-12-02 15:45:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'counsel_tasks',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('step', sa.String(length=40), nullable=False),
        sa.Column('what', sa.Text(), nullable=False),
        sa.Column('asked_by_id', sa.Integer(), nullable=True),
        sa.Column('assigned_to_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('closed_by_id', sa.Integer(), nullable=True),
        sa.Column('closed_by_event_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['case_id'], ['cases.id'],
                                name=op.f('fk_counsel_tasks_case_id_cases')),
        sa.ForeignKeyConstraint(['asked_by_id'], ['users.id'],
                                name=op.f('fk_counsel_tasks_asked_by_id_users')),
        sa.ForeignKeyConstraint(['assigned_to_id'], ['users.id'],
                                name=op.f('fk_counsel_tasks_assigned_to_id_users')),
        sa.ForeignKeyConstraint(['closed_by_id'], ['users.id'],
                                name=op.f('fk_counsel_tasks_closed_by_id_users')),
        sa.ForeignKeyConstraint(['closed_by_event_id'], ['case_events.id'],
                                name=op.f('fk_counsel_tasks_closed_by_event_id_case_events')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_counsel_tasks')),
    )
    op.create_index('ix_counsel_tasks_assignee_closed', 'counsel_tasks',
                    ['assigned_to_id', 'closed_at'])
    op.create_index('ix_counsel_tasks_case_closed', 'counsel_tasks', ['case_id', 'closed_at'])
    # Added, not rebuilt: a batch rebuild of ``cases`` on SQLite would lose its triggers.
    op.add_column('cases', sa.Column('source', sa.String(length=20), nullable=False,
                                     server_default='web'))


def downgrade():
    op.drop_column('cases', 'source')
    op.drop_index('ix_counsel_tasks_case_closed', table_name='counsel_tasks')
    op.drop_index('ix_counsel_tasks_assignee_closed', table_name='counsel_tasks')
    op.drop_table('counsel_tasks')
