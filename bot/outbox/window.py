"""A reply window (WhatsApp's 24 hours) in the outbox's terms: who may get free-form messages
now, the rows waiting for a person to write, and what a platform's status says of a sent row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import ChannelIdentity, OutboxMessage, Person
from bot.outbox.store import DEAD, FAILED, SENDING, SENT

WINDOW = timedelta(hours=24)
# Seconds before the end of the window count as closed: a message on its way must arrive in it.
MARGIN = timedelta(minutes=2)
WAITING = "window"  # the row's last_error while it waits for the person to write
# How far back a status looks for the row it is about (a person's latest rows).
RECENT_ROWS = 50


@dataclass(frozen=True, slots=True)
class Recipient:
    language: str
    role: str
    last_inbound_at: datetime | None

    def window_open(self, now: datetime) -> bool:
        last = self.last_inbound_at
        return last is not None and now < last + WINDOW - MARGIN


async def recipient(session: AsyncSession, channel: str, address: str) -> Recipient | None:
    """The person behind a chat: their language, role and when they last wrote."""
    row = (
        await session.execute(
            select(Person.language, Person.role, ChannelIdentity.last_inbound_at)
            .join(Person, Person.id == ChannelIdentity.person_id)
            .where(ChannelIdentity.channel == channel, ChannelIdentity.chat_id == address)
        )
    ).first()
    return None if row is None else Recipient(row[0], row[1], row[2])


async def opened(session: AsyncSession, channel: str, address: str, now: datetime) -> None:
    """The person wrote: the window is open from now."""
    await session.execute(
        update(ChannelIdentity)
        .where(ChannelIdentity.channel == channel, ChannelIdentity.chat_id == address)
        .values(last_inbound_at=now)
    )


async def released(session: AsyncSession, channel: str, address: str, now: datetime) -> int:
    """What waited for the window is due at once; how many rows."""
    result = await session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.channel == channel,
            OutboxMessage.address == address,
            OutboxMessage.status == FAILED,
            OutboxMessage.last_error == WAITING,
        )
        .values(next_attempt_at=now)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def closed(session: AsyncSession, channel: str, address: str) -> None:
    """The platform refused a free-form message: the window is closed whatever we thought."""
    await session.execute(
        update(ChannelIdentity)
        .where(ChannelIdentity.channel == channel, ChannelIdentity.chat_id == address)
        .values(last_inbound_at=None)
    )


async def row_of(
    session: AsyncSession, channel: str, address: str, message_id: str
) -> OutboxMessage | None:
    """The row that sent a platform message: among the chat's latest rows (the index on
    channel, address, id keeps it short), since the ids are kept as JSON."""
    rows = await session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.channel == channel, OutboxMessage.address == address)
        .order_by(OutboxMessage.id.desc())
        .limit(RECENT_ROWS)
    )
    return next((row for row in rows if message_id in (row.message_ids or [])), None)


async def sending(session: AsyncSession, channel: str, address: str) -> bool:
    """A send to this chat is not recorded yet (its status may arrive first)."""
    found = await session.scalar(
        select(OutboxMessage.id).where(
            OutboxMessage.channel == channel,
            OutboxMessage.address == address,
            OutboxMessage.status == SENDING,
        )
    )
    return found is not None


async def key_in_hand(session: AsyncSession, channel: str, address: str) -> str | None:
    """The cause of the row being sent to this chat (a chat's rows go one at a time, oldest
    first): what kind of message the notice template announces."""
    key: str | None = await session.scalar(
        select(OutboxMessage.dedup_key)
        .where(
            OutboxMessage.channel == channel,
            OutboxMessage.address == address,
            OutboxMessage.status == SENDING,
        )
        .order_by(OutboxMessage.id)
        .limit(1)
    )
    return key


def delivered(row: OutboxMessage) -> None:
    """Delivered or read: nothing can send it back, so its text goes."""
    if row.status == SENT:
        row.body = None


def wait_for_window(row: OutboxMessage, now: datetime) -> None:
    """Sent outside the window after all: back to waiting, sent again when the person writes."""
    if row.status == SENT and row.body is not None:
        row.status, row.last_error = FAILED, WAITING
        row.next_attempt_at, row.sent_at, row.message_ids = now, None, None


def failed(row: OutboxMessage, code: int | None) -> None:
    """Refused after it was taken: dead, with the platform's code, its text gone."""
    if row.status == SENT:
        row.status, row.body = DEAD, None
        row.last_error = f"status {code}" if code is not None else "status failed"
