"""single sign-on: provider identities bound to accounts, nonces already used

An account signed in through OpenID Connect is bound to the provider's (issuer, sub) at the
first sign-in; each ID token's nonce is kept (hashed) until the token expires, so a replayed
token is refused.

Revision ID: 0030
Revises: 0029
Create Date: 2026-12-03 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

from qtrax_disputes.db.types import UTCDateTime


# revision identifiers, used by Alembic.
revision = '0030'
down_revision = '0029'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'sso_identities',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('issuer', sa.String(length=500), nullable=False),
        sa.Column('subject', sa.String(length=255), nullable=False),
        sa.Column('bound_at', UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE',
                                name=op.f('fk_sso_identities_user_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_sso_identities')),
        sa.UniqueConstraint('issuer', 'subject', name='uq_sso_identities_issuer_subject'),
        sa.UniqueConstraint('user_id', 'issuer', name='uq_sso_identities_user_id_issuer'),
    )
    op.create_table(
        'sso_used_nonces',
        sa.Column('nonce_hash', sa.String(length=64), nullable=False),
        sa.Column('expires_at', UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('nonce_hash', name=op.f('pk_sso_used_nonces')),
    )
    op.create_index(op.f('ix_sso_used_nonces_expires_at'), 'sso_used_nonces', ['expires_at'])


def downgrade():
    op.drop_index(op.f('ix_sso_used_nonces_expires_at'), table_name='sso_used_nonces')
    op.drop_table('sso_used_nonces')
    op.drop_table('sso_identities')
