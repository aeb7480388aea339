"""Audit trail: who did what. Details hold ids and codes, never message text."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import AuditEntry


def record(
    session: AsyncSession,
    action: str,
    *,
    now: datetime,
    actor_id: int | None = None,
    channel: str | None = None,
    **detail: str | int | None,
) -> None:
    session.add(
        AuditEntry(at=now, action=action, actor_id=actor_id, channel=channel, detail=detail)
    )


async def forget_older_than(session: AsyncSession, cutoff: datetime) -> int:
    result = await session.execute(delete(AuditEntry).where(AuditEntry.at < cutoff))
    return int(result.rowcount)  # type: ignore[attr-defined]
