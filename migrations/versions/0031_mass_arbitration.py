"""mass arbitration: masses, their members, batches, entered fee amounts, bulk steps and global settlement offers

A mass groups many similar demands by coordinated claimants' counsel (AAA Mass Arbitration
Supplementary Rules). mass_members is keyed by the case, so a case belongs to one mass. A bulk
step keeps one item per case, so an interrupted run resumes without taking a step twice.

Revision ID: 0031
Revises: 0030
Create Date: 2026-12-03 11:54:34.300955

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0031'
down_revision = '0030'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('mass_fee_amounts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('schedule_code', sa.String(length=60), nullable=False),
    sa.Column('fee_code', sa.String(length=60), nullable=False),
    sa.Column('cents', sa.Integer(), nullable=True),
    sa.Column('source', sa.String(length=500), nullable=False),
    sa.Column('entered_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('entered_by', sa.String(length=80), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mass_fee_amounts')),
    sa.UniqueConstraint('schedule_code', 'fee_code', name='uq_mass_fee_amount')
    )
    op.create_table('masses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('counsel', sa.String(length=200), nullable=False),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('filed_on', sa.Date(), nullable=True),
    sa.Column('process_arbitrator', sa.String(length=200), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.String(length=80), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_masses')),
    sa.UniqueConstraint('name', name=op.f('uq_masses_name'))
    )
    op.create_table('mass_batches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mass_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('merits_arbitrator', sa.String(length=200), nullable=False),
    sa.Column('hearings_from', sa.Date(), nullable=True),
    sa.Column('hearings_to', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['mass_id'], ['masses.id'], name=op.f('fk_mass_batches_mass_id_masses')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mass_batches')),
    sa.UniqueConstraint('mass_id', 'number', name='uq_mass_batch_number')
    )
    with op.batch_alter_table('mass_batches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mass_batches_mass_id'), ['mass_id'], unique=False)

    op.create_table('mass_bulk_steps',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mass_id', sa.Integer(), nullable=False),
    sa.Column('to_stage', sa.String(length=40), nullable=False),
    sa.Column('occurred_on', sa.Date(), nullable=False),
    sa.Column('values', sa.JSON(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('requested_by', sa.String(length=80), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['mass_id'], ['masses.id'], name=op.f('fk_mass_bulk_steps_mass_id_masses')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mass_bulk_steps'))
    )
    with op.batch_alter_table('mass_bulk_steps', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mass_bulk_steps_mass_id'), ['mass_id'], unique=False)

    op.create_table('mass_members',
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('mass_id', sa.Integer(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=True),
    sa.Column('bellwether', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('affirmation_on', sa.Date(), nullable=True),
    sa.Column('deficiency', sa.String(length=500), nullable=False),
    sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['batch_id'], ['mass_batches.id'], name=op.f('fk_mass_members_batch_id_mass_batches')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_mass_members_case_id_cases')),
    sa.ForeignKeyConstraint(['mass_id'], ['masses.id'], name=op.f('fk_mass_members_mass_id_masses')),
    sa.PrimaryKeyConstraint('case_id', name=op.f('pk_mass_members'))
    )
    with op.batch_alter_table('mass_members', schema=None) as batch_op:
        batch_op.create_index('ix_mass_members_mass_batch', ['mass_id', 'batch_id'], unique=False)

    op.create_table('mass_bulk_step_items',
    sa.Column('bulk_step_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['bulk_step_id'], ['mass_bulk_steps.id'], name=op.f('fk_mass_bulk_step_items_bulk_step_id_mass_bulk_steps')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_mass_bulk_step_items_case_id_cases')),
    sa.ForeignKeyConstraint(['event_id'], ['case_events.id'], name=op.f('fk_mass_bulk_step_items_event_id_case_events')),
    sa.PrimaryKeyConstraint('bulk_step_id', 'case_id', name=op.f('pk_mass_bulk_step_items'))
    )
    with op.batch_alter_table('mass_bulk_step_items', schema=None) as batch_op:
        batch_op.create_index('ix_bulk_step_items_state', ['bulk_step_id', 'state'], unique=False)

    op.create_table('mass_offers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mass_id', sa.Integer(), nullable=False),
    sa.Column('made_on', sa.Date(), nullable=False),
    sa.Column('per_claimant_cents', sa.Integer(), nullable=False),
    sa.Column('by_category', sa.JSON(), nullable=False),
    sa.Column('accept_by', sa.Date(), nullable=True),
    sa.Column('terms', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.String(length=80), nullable=False),
    sa.ForeignKeyConstraint(['mass_id'], ['masses.id'], name=op.f('fk_mass_offers_mass_id_masses')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mass_offers'))
    )
    with op.batch_alter_table('mass_offers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mass_offers_mass_id'), ['mass_id'], unique=False)

    op.create_table('mass_acceptances',
    sa.Column('offer_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('accepted_on', sa.Date(), nullable=False),
    sa.Column('source', sa.String(length=40), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('settled_event_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_mass_acceptances_case_id_cases')),
    sa.ForeignKeyConstraint(['offer_id'], ['mass_offers.id'], name=op.f('fk_mass_acceptances_offer_id_mass_offers')),
    sa.ForeignKeyConstraint(['settled_event_id'], ['case_events.id'], name=op.f('fk_mass_acceptances_settled_event_id_case_events')),
    sa.PrimaryKeyConstraint('offer_id', 'case_id', name=op.f('pk_mass_acceptances'))
    )


def downgrade():
    op.drop_table('mass_acceptances')
    with op.batch_alter_table('mass_offers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mass_offers_mass_id'))

    op.drop_table('mass_offers')
    with op.batch_alter_table('mass_bulk_step_items', schema=None) as batch_op:
        batch_op.drop_index('ix_bulk_step_items_state')

    op.drop_table('mass_bulk_step_items')
    with op.batch_alter_table('mass_members', schema=None) as batch_op:
        batch_op.drop_index('ix_mass_members_mass_batch')

    op.drop_table('mass_members')
    with op.batch_alter_table('mass_bulk_steps', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mass_bulk_steps_mass_id'))

    op.drop_table('mass_bulk_steps')
    with op.batch_alter_table('mass_batches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mass_batches_mass_id'))

    op.drop_table('mass_batches')
    op.drop_table('masses')
    op.drop_table('mass_fee_amounts')
