"""De-duplication of incoming updates by (channel, update id)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import ProcessedUpdate, utcnow


async def first_time(session: AsyncSession, channel: str, update_id: str) -> bool:
    """Record the update; False when it was already handled (a redelivery)."""
    values = {"channel": channel, "update_id": update_id, "processed_at": utcnow()}
    dialect = session.bind.dialect.name if session.bind else "sqlite"
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    result = await session.execute(
        insert(ProcessedUpdate).values(**values).on_conflict_do_nothing()
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def forget_older_than(session: AsyncSession, cutoff: datetime) -> int:
    result = await session.execute(
        delete(ProcessedUpdate).where(ProcessedUpdate.processed_at < cutoff)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]
