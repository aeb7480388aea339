"""Conversation state kept in the database, so a flow survives restarts on every channel."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import ChannelIdentity, ConversationState


async def save(
    session: AsyncSession,
    channel: str,
    external_id: str,
    state: str,
    data: dict[str, Any],
    now: datetime,
) -> None:
    row = await session.get(ConversationState, (channel, external_id))
    if row is None:
        session.add(
            ConversationState(
                channel=channel, external_id=external_id, state=state, data=data, updated_at=now
            )
        )
    else:
        row.state = state
        row.data = dict(data)  # a new object so the JSON column is seen as changed
        row.updated_at = now


async def clear(session: AsyncSession, channel: str, external_id: str) -> None:
    await session.execute(
        delete(ConversationState).where(
            ConversationState.channel == channel, ConversationState.external_id == external_id
        )
    )


async def forget_abandoned(session: AsyncSession, cutoff: datetime) -> int:
    """Drop the conversations of chats that started joining but never consented."""
    joined = exists(
        select(ChannelIdentity.id).where(
            ChannelIdentity.channel == ConversationState.channel,
            ChannelIdentity.external_id == ConversationState.external_id,
        )
    )
    result = await session.execute(
        delete(ConversationState).where(ConversationState.updated_at < cutoff, ~joined)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]
