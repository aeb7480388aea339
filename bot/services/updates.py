"""De-duplication of incoming updates by (channel, update id)."""

from __future__ import annotations

from collections.abc import Sequence
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
_INSERT_RETURNING = {
    name: insert.returning(_TABLE.c.channel, _TABLE.c.update_id)
    for name, insert in _INSERT.items()
}


async def first_time(session: AsyncSession, channel: str, update_id: str, now: datetime) -> bool:
    """Record the update; False when it was already handled (a redelivery)."""
    connection = await session.connection()
    statement = _INSERT.get(connection.dialect.name, _INSERT["sqlite"])
    result = await connection.execute(
        statement, {"channel": channel, "update_id": update_id, "processed_at": now}
    )
    return bool(result.rowcount)


async def first_times(
    session: AsyncSession, keys: Sequence[tuple[str, str]], now: datetime
) -> set[tuple[str, str]]:
    """Record many updates in one statement; the (channel, update id) keys seen for the first
    time. Inserted in key order, so two processes recording overlapping batches on PostgreSQL
    wait for each other instead of deadlocking."""
    connection = await session.connection()
    statement = _INSERT_RETURNING.get(connection.dialect.name, _INSERT_RETURNING["sqlite"])
    rows = [
        {"channel": channel, "update_id": update_id, "processed_at": now}
        for channel, update_id in sorted(set(keys))
    ]
    result = await connection.execute(statement, rows)
    return {(str(channel), str(update_id)) for channel, update_id in result.all()}


async def forget_older_than(session: AsyncSession, cutoff: datetime) -> int:
    result = await session.execute(
        delete(ProcessedUpdate).where(ProcessedUpdate.processed_at < cutoff)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]
