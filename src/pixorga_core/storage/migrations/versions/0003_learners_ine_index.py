"""index organization learners by INE

The import looks up, for every INE of a file, the accounts already linked to that INE in any
organization (pix-rules §3.4): without this index each chunk of 1 000 INEs scanned the table.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 03:20:00
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_organization_learners_national_student_id",
        "organization_learners",
        ["national_student_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(
        "ix_organization_learners_national_student_id", table_name="organization_learners"
    )
