"""hashed invitation codes, administrator invitations that expire, admin requests per client

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 23:30:00

Upgrade: the column ``code`` becomes ``code_hash`` and every code is replaced by its SHA-256
(URL-safe base64, 43 characters; the links already sent keep working). Pending administrator
invitations get an expiry 7 days after the upgrade (not after their creation, so that no link
sent the day before stops working at once).

Downgrade: the column ``code`` comes back holding the hashes, which no link can match: pending
invitations can no longer be accepted (send them again after the downgrade).

Columns are renamed, added and dropped with plain ``ALTER TABLE`` (SQLite ≥ 3.35 has them): a
batch copy of ``invitations`` would break the foreign key of ``outbox_messages`` on SQLite.
"""

from __future__ import annotations

import base64
import hashlib
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

_invitations = sa.table(
    'invitations',
    sa.column('id', sa.Integer()),
    sa.column('code_hash', sa.String()),
    sa.column('role', sa.String()),
    sa.column('status', sa.String()),
    sa.column('expires_at', sa.DateTime()),
)


def _hash(code: str) -> str:
    digest = hashlib.sha256(code.encode('ascii', errors='replace')).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b'=').decode('ascii')


def upgrade() -> None:
    op.create_table('admin_request_clients',
    sa.Column('client_hash', sa.String(length=64), nullable=False),
    sa.Column('request_count', sa.Integer(), nullable=False),
    sa.Column('window_start', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('client_hash', name=op.f('pk_admin_request_clients'))
    )
    op.create_index(op.f('ix_admin_request_clients_window_start'), 'admin_request_clients', ['window_start'], unique=False)
    op.execute('ALTER TABLE invitations RENAME COLUMN code TO code_hash')
    op.add_column('invitations', sa.Column('expires_at', sa.DateTime(), nullable=True))
    connection = op.get_bind()
    rows = connection.execute(sa.select(_invitations.c.id, _invitations.c.code_hash)).all()
    for invitation_id, code in rows:
        connection.execute(
            _invitations.update()
            .where(_invitations.c.id == invitation_id)
            .values(code_hash=_hash(code or ''))
        )
    expiry = (datetime.now(UTC) + timedelta(days=7)).replace(tzinfo=None)
    connection.execute(
        _invitations.update()
        .where(_invitations.c.role == 'ADMIN', _invitations.c.status == 'pending')
        .values(expires_at=expiry)
    )


def downgrade() -> None:
    op.execute('ALTER TABLE invitations DROP COLUMN expires_at')
    op.execute('ALTER TABLE invitations RENAME COLUMN code_hash TO code')
    op.drop_index(op.f('ix_admin_request_clients_window_start'), table_name='admin_request_clients')
    op.drop_table('admin_request_clients')
