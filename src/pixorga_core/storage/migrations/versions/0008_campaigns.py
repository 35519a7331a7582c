"""campaigns, participations, assessments, answers, knowledge elements and their snapshots,
challenge reports

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 23:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

NOT_DELETED = sa.text('deleted_at IS NULL')


def _fk(
    table: str, column: str, referred: str, ondelete: str | None = None
) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f'{referred}.id'], name=op.f(f'fk_{table}_{column}_{referred}'),
        ondelete=ondelete,
    )


def upgrade() -> None:
    op.create_table('campaigns',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('code', sa.String(length=50), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('title', sa.String(length=255), nullable=True),
    sa.Column('landing_text', sa.Text(), nullable=True),
    sa.Column('external_id_label', sa.String(length=255), nullable=True),
    sa.Column('referential_id', sa.String(length=255), nullable=False),
    sa.Column('referential_version', sa.String(length=255), nullable=False),
    sa.Column('target_profile_id', sa.String(length=255), nullable=False),
    sa.Column('algorithm', sa.String(length=255), nullable=False),
    sa.Column('algorithm_options', sa.JSON(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('creator_id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.Column('archived_by', sa.Integer(), nullable=True),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('deleted_by', sa.Integer(), nullable=True),
    _fk('campaigns', 'organization_id', 'organizations'),
    _fk('campaigns', 'creator_id', 'users'),
    _fk('campaigns', 'owner_id', 'users'),
    _fk('campaigns', 'archived_by', 'users'),
    _fk('campaigns', 'deleted_by', 'users'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaigns')),
    sa.UniqueConstraint('code', name=op.f('uq_campaigns_code')),
    )
    op.create_index('ix_campaigns_organization_id_name', 'campaigns', ['organization_id', 'name'])
    op.create_index(op.f('ix_campaigns_owner_id'), 'campaigns', ['owner_id'])

    op.create_table('campaign_participations',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('organization_learner_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=50), nullable=False),
    sa.Column('external_id', sa.String(length=255), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('shared_at', sa.DateTime(), nullable=True),
    sa.Column('mastery_rate', sa.Float(), nullable=True),
    sa.Column('validated_skills_count', sa.Integer(), nullable=True),
    sa.Column('total_skills_count', sa.Integer(), nullable=True),
    sa.Column('pix_score', sa.Integer(), nullable=True),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('deleted_by', sa.Integer(), nullable=True),
    _fk('campaign_participations', 'campaign_id', 'campaigns'),
    _fk('campaign_participations', 'user_id', 'users'),
    _fk('campaign_participations', 'organization_learner_id', 'organization_learners'),
    _fk('campaign_participations', 'deleted_by', 'users'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign_participations')),
    )
    op.create_index(
        'uq_campaign_participations_campaign_id_organization_learner_id',
        'campaign_participations', ['campaign_id', 'organization_learner_id'], unique=True,
        sqlite_where=NOT_DELETED, postgresql_where=NOT_DELETED,
    )
    op.create_index(
        'uq_campaign_participations_campaign_id_user_id',
        'campaign_participations', ['campaign_id', 'user_id'], unique=True,
        sqlite_where=NOT_DELETED, postgresql_where=NOT_DELETED,
    )
    op.create_index(
        'ix_campaign_participations_campaign_id_status',
        'campaign_participations', ['campaign_id', 'status'],
    )
    op.create_index(
        op.f('ix_campaign_participations_user_id'), 'campaign_participations', ['user_id']
    )
    op.create_index(
        op.f('ix_campaign_participations_organization_learner_id'),
        'campaign_participations', ['organization_learner_id'],
    )

    op.create_table('assessments',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('participation_id', sa.Integer(), nullable=True),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('is_preview', sa.Boolean(), nullable=False),
    sa.Column('current_challenge_id', sa.String(length=255), nullable=True),
    sa.Column('current_challenge_started_at', sa.DateTime(), nullable=True),
    sa.Column('answer_count', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=50), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('completed_at', sa.DateTime(), nullable=True),
    _fk('assessments', 'participation_id', 'campaign_participations'),
    _fk('assessments', 'campaign_id', 'campaigns'),
    _fk('assessments', 'user_id', 'users'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessments')),
    sa.UniqueConstraint('participation_id', name=op.f('uq_assessments_participation_id')),
    )
    op.create_index('ix_assessments_campaign_id_user_id', 'assessments', ['campaign_id', 'user_id'])

    op.create_table('answers',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('challenge_id', sa.String(length=255), nullable=False),
    sa.Column('status', sa.String(length=50), nullable=False),
    sa.Column('value', sa.Text(), nullable=True),
    sa.Column('time_spent', sa.Integer(), nullable=True),
    sa.Column('timed_out', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    _fk('answers', 'assessment_id', 'assessments', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_answers')),
    sa.UniqueConstraint(
        'assessment_id', 'challenge_id', name=op.f('uq_answers_assessment_id_challenge_id')
    ),
    )

    op.create_table('knowledge_elements',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('answer_id', sa.Integer(), nullable=False),
    sa.Column('skill_id', sa.String(length=255), nullable=False),
    sa.Column('status', sa.String(length=50), nullable=False),
    sa.Column('source', sa.String(length=50), nullable=False),
    sa.Column('earned_pix', sa.Float(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    _fk('knowledge_elements', 'assessment_id', 'assessments', ondelete='CASCADE'),
    _fk('knowledge_elements', 'answer_id', 'answers', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_knowledge_elements')),
    sa.UniqueConstraint(
        'assessment_id', 'skill_id', name=op.f('uq_knowledge_elements_assessment_id_skill_id')
    ),
    )
    op.create_index(
        op.f('ix_knowledge_elements_answer_id'), 'knowledge_elements', ['answer_id']
    )

    op.create_table('knowledge_element_snapshots',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('participation_id', sa.Integer(), nullable=False),
    sa.Column('skill_id', sa.String(length=255), nullable=False),
    sa.Column('status', sa.String(length=50), nullable=False),
    sa.Column('source', sa.String(length=50), nullable=False),
    sa.Column('earned_pix', sa.Float(), nullable=False),
    sa.Column('snapshot_at', sa.DateTime(), nullable=False),
    _fk('knowledge_element_snapshots', 'participation_id', 'campaign_participations'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_knowledge_element_snapshots')),
    sa.UniqueConstraint(
        'participation_id', 'skill_id',
        name=op.f('uq_knowledge_element_snapshots_participation_id_skill_id'),
    ),
    )

    op.create_table('challenge_reports',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('challenge_id', sa.String(length=255), nullable=False),
    sa.Column('text', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    _fk('challenge_reports', 'assessment_id', 'assessments', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_challenge_reports')),
    )
    op.create_index(
        op.f('ix_challenge_reports_assessment_id'), 'challenge_reports', ['assessment_id']
    )
    op.create_index(
        op.f('ix_challenge_reports_challenge_id'), 'challenge_reports', ['challenge_id']
    )


def downgrade() -> None:
    op.drop_table('challenge_reports')
    op.drop_table('knowledge_element_snapshots')
    op.drop_table('knowledge_elements')
    op.drop_table('answers')
    op.drop_table('assessments')
    op.drop_table('campaign_participations')
    op.drop_table('campaigns')
