"""reply window

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 09:00:00

WhatsApp takes free-form messages only within 24 hours of the person's last message; the
exact time is kept per identity (last_seen_at is coarse, to spare writes).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("channel_identities", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("last_inbound_at", sa.DateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("channel_identities", schema=None) as batch_op:
        batch_op.drop_column("last_inbound_at")
