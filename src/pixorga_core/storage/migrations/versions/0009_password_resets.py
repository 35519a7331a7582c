"""password resets, and one throttle table for every anonymous action

« Mot de passe oublié » links (``password_resets``: only the token's hash) and
``request_throttles`` (scope, key hash), which replaces ``admin_request_clients``: its rows are
moved under the scope ``admin_request_client``.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 01:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

ADMIN_SCOPE = 'admin_request_client'


def upgrade() -> None:
    op.create_table('request_throttles',
    sa.Column('scope', sa.String(length=50), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('request_count', sa.Integer(), nullable=False),
    sa.Column('window_start', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('scope', 'key_hash', name=op.f('pk_request_throttles'))
    )
    op.create_index(op.f('ix_request_throttles_window_start'), 'request_throttles', ['window_start'], unique=False)
    op.execute(
        "INSERT INTO request_throttles (scope, key_hash, request_count, window_start) "
        f"SELECT '{ADMIN_SCOPE}', client_hash, request_count, window_start FROM admin_request_clients"
    )
    op.drop_index(op.f('ix_admin_request_clients_window_start'), table_name='admin_request_clients')
    op.drop_table('admin_request_clients')
    op.create_table('password_resets',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('used_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_password_resets_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_password_resets')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_password_resets_token_hash'))
    )
    op.create_index(op.f('ix_password_resets_user_id'), 'password_resets', ['user_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_password_resets_user_id'), table_name='password_resets')
    op.drop_table('password_resets')
    op.create_table('admin_request_clients',
    sa.Column('client_hash', sa.String(length=64), nullable=False),
    sa.Column('request_count', sa.Integer(), nullable=False),
    sa.Column('window_start', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('client_hash', name=op.f('pk_admin_request_clients'))
    )
    op.create_index(op.f('ix_admin_request_clients_window_start'), 'admin_request_clients', ['window_start'], unique=False)
    op.execute(
        "INSERT INTO admin_request_clients (client_hash, request_count, window_start) "
        f"SELECT key_hash, request_count, window_start FROM request_throttles WHERE scope = '{ADMIN_SCOPE}'"
    )
    op.drop_index(op.f('ix_request_throttles_window_start'), table_name='request_throttles')
    op.drop_table('request_throttles')
