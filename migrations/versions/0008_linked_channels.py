"""linked channels

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-08 09:00:00

A person links another app with a one-time code (kept as a hash only, erased with the person)
and may choose the channel their pushes go to.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "link_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_link_codes_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_link_codes")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_link_codes_code_hash")),
        sa.UniqueConstraint("person_id", name=op.f("uq_link_codes_person_id")),
    )
    op.create_index(op.f("ix_link_codes_expires_at"), "link_codes", ["expires_at"], unique=False)
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.add_column(sa.Column("push_channel", sa.String(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_column("push_channel")
    op.drop_index(op.f("ix_link_codes_expires_at"), table_name="link_codes")
    op.drop_table("link_codes")
