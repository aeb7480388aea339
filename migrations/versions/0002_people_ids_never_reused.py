"""people ids are never reused

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30 07:00:00

SQLite hands the highest deleted rowid to the next row unless the table is AUTOINCREMENT, so
an erased person's id could be given to a newcomer and attach old keys, caches or log lines to
them. PostgreSQL sequences never go back; nothing changes there.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _rebuild_people(autoincrement: bool) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    with op.batch_alter_table(
        "people", recreate="always", table_kwargs={"sqlite_autoincrement": autoincrement}
    ):
        pass


def upgrade() -> None:
    _rebuild_people(True)


def downgrade() -> None:
    _rebuild_people(False)
