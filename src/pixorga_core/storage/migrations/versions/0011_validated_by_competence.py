"""campaign_participations.validated_by_competence: the sharing snapshot's counts per competence

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 01:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Nullable: participations shared before this revision have none; the export then counts
    # from their snapshot.
    op.add_column(
        'campaign_participations', sa.Column('validated_by_competence', sa.JSON(), nullable=True)
    )


def downgrade() -> None:
    # Not a batch operation (it would copy the table, which others refer to); SQLite >= 3.35
    # drops a column in place.
    op.drop_column('campaign_participations', 'validated_by_competence')
