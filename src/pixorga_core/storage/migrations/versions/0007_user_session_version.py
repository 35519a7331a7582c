"""users.session_version: bumped to end every browser session of a user

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 23:15:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        'users', sa.Column('session_version', sa.Integer(), server_default='0', nullable=False)
    )


def downgrade() -> None:
    # Not a batch operation: on SQLite it would copy and drop ``users``, which the rows of
    # every table referring to it forbid. SQLite >= 3.35 drops a column in place.
    op.drop_column('users', 'session_version')
