"""De-duplication of incoming updates by (channel, update id)."""

from __future__ import annotations

from datetime import datetime
from typing import cast

from sqlalchemy import Table, delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import ProcessedUpdate

_TABLE = cast(Table, ProcessedUpdate.__table__)
# Built once per dialect: this runs for every update, so it skips the ORM's bulk-insert path.
_INSERT = {
    "postgresql": postgresql.insert(_TABLE).on_conflict_do_nothing(),
    "sqlite": sqlite.insert(_TABLE).on_conflict_do_nothing(),
}


async def first_time(session: AsyncSession, channel: str, update_id: str, now: datetime) -> bool:
    """Record the update; False when it was already handled (a redelivery)."""
    connection = await session.connection()
    statement = _INSERT.get(connection.dialect.name, _INSERT["sqlite"])
    result = await connection.execute(
        statement, {"channel": channel, "update_id": update_id, "processed_at": now}
    )
    return bool(result.rowcount)


async def forget_older_than(session: AsyncSession, cutoff: datetime) -> int:
    result = await session.execute(
        delete(ProcessedUpdate).where(ProcessedUpdate.processed_at < cutoff)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]
