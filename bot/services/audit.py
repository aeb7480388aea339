"""Audit trail: who did what. Details hold ids and codes, never message text."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import AuditEntry


def record(
    session: AsyncSession,
    action: str,
    *,
    actor_id: int | None = None,
    channel: str | None = None,
    **detail: str | int | None,
) -> None:
    session.add(AuditEntry(action=action, actor_id=actor_id, channel=channel, detail=detail))
