"""invitations.origin and invitations.invited_by_user_id: what the team page says of who asked

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 01:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Not batch operations: on SQLite they would copy and drop ``invitations``, which the outbox
    # rows referring to it forbid; for the same reason the inviter is a plain id (SQLite cannot
    # add a foreign key in place). Both columns are nullable: older invitations say nothing.
    op.add_column('invitations', sa.Column('origin', sa.String(length=50), nullable=True))
    op.add_column('invitations', sa.Column('invited_by_user_id', sa.Integer(), nullable=True))


def downgrade() -> None:
    # SQLite >= 3.35 drops a column in place.
    op.drop_column('invitations', 'invited_by_user_id')
    op.drop_column('invitations', 'origin')
