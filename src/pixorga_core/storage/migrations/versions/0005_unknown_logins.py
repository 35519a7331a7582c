"""unknown logins: failed attempts at logins naming no account, throttled like the others

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 23:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('unknown_logins',
    sa.Column('login', sa.String(length=255), nullable=False),
    sa.Column('failure_count', sa.Integer(), nullable=False),
    sa.Column('temporary_blocked_until', sa.DateTime(), nullable=True),
    sa.Column('blocked_at', sa.DateTime(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('login', name=op.f('pk_unknown_logins'))
    )
    op.create_index(op.f('ix_unknown_logins_updated_at'), 'unknown_logins', ['updated_at'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_unknown_logins_updated_at'), table_name='unknown_logins')
    op.drop_table('unknown_logins')
