"""knowledge_element_snapshots: an index covering (participation, status, skill) for the
collective results and the analysis

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 02:00:00
"""

from __future__ import annotations

from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        'ix_knowledge_element_snapshots_participation_id_status_skill_id',
        'knowledge_element_snapshots',
        ['participation_id', 'status', 'skill_id'],
    )


def downgrade() -> None:
    op.drop_index(
        'ix_knowledge_element_snapshots_participation_id_status_skill_id',
        table_name='knowledge_element_snapshots',
    )
