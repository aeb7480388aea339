"""Conversation state kept in the database, so a flow survives restarts on every channel."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import ConversationState


async def save(
    session: AsyncSession, channel: str, external_id: str, state: str, data: dict[str, Any]
) -> None:
    row = await session.get(ConversationState, (channel, external_id))
    if row is None:
        session.add(
            ConversationState(channel=channel, external_id=external_id, state=state, data=data)
        )
    else:
        row.state = state
        row.data = dict(data)  # a new object so the JSON column is seen as changed


async def clear(session: AsyncSession, channel: str, external_id: str) -> None:
    await session.execute(
        delete(ConversationState).where(
            ConversationState.channel == channel, ConversationState.external_id == external_id
        )
    )
