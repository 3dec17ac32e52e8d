"""messages between the complainant and staff, and the case documents they carry

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-02 18:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0024'
down_revision = '0023'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'messages',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('from_complainant', sa.Boolean(), nullable=False),
        sa.Column('author_user_id', sa.Integer(), nullable=True),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['cases.id'],
                                name=op.f('fk_messages_case_id_cases')),
        sa.ForeignKeyConstraint(['author_user_id'], ['users.id'],
                                name=op.f('fk_messages_author_user_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_messages')),
    )
    op.create_index('ix_messages_case_sent', 'messages', ['case_id', 'sent_at'])
    op.create_table(
        'message_attachments',
        sa.Column('message_id', sa.Integer(), nullable=False),
        sa.Column('document_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['message_id'], ['messages.id'],
                                name=op.f('fk_message_attachments_message_id_messages')),
        sa.ForeignKeyConstraint(['document_id'], ['documents.id'],
                                name=op.f('fk_message_attachments_document_id_documents')),
        sa.PrimaryKeyConstraint('message_id', 'document_id',
                                name=op.f('pk_message_attachments')),
    )
    op.create_index(op.f('ix_message_attachments_document_id'), 'message_attachments',
                    ['document_id'])


def downgrade():
    op.drop_index(op.f('ix_message_attachments_document_id'),
                  table_name='message_attachments')
    op.drop_table('message_attachments')
    op.drop_index('ix_messages_case_sent', table_name='messages')
    op.drop_table('messages')
