"""files kept between a refused complaint form and its next submit

When the public complaint form is sent back for corrections, the files the person chose are
kept for a short while (HELD_UPLOAD_MINUTES) instead of being thrown away. The bytes are in the
documents' content-addressed storage; each row says what one kept file is, the hash of the
token the re-rendered form carries, and the hash of the browser session's holder key (so no
one else can claim it). `flask documents purge-held` removes expired rows.

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-02 18:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0026'
down_revision = '0025'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'held_uploads',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('holder_hash', sa.String(length=64), nullable=False),
        sa.Column('original_name', sa.String(length=255), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('media_type', sa.String(length=120), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_held_uploads')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_held_uploads_token_hash')),
    )
    with op.batch_alter_table('held_uploads') as batch_op:
        batch_op.create_index(batch_op.f('ix_held_uploads_holder_hash'), ['holder_hash'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_held_uploads_sha256'), ['sha256'], unique=False)
        batch_op.create_index(batch_op.f('ix_held_uploads_expires_at'), ['expires_at'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('held_uploads') as batch_op:
        batch_op.drop_index(batch_op.f('ix_held_uploads_expires_at'))
        batch_op.drop_index(batch_op.f('ix_held_uploads_sha256'))
        batch_op.drop_index(batch_op.f('ix_held_uploads_holder_hash'))
    op.drop_table('held_uploads')
