"""Messages the bot sends on its own: to a person, in their language, on the channel they
chose or else used last; queued in the caller's transaction and sent by the outbox."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import ChannelIdentity, Person
from bot.messages import Outgoing
from bot.outbox import store
from bot.roles import Role

AUDIENCES = {
    "mentees": (Role.MENTEE,),
    "mentors": (Role.MENTOR,),
    "admins": (Role.ADMIN,),
    "everyone": (Role.MENTEE, Role.MENTOR, Role.ADMIN),
}


@dataclass(frozen=True, slots=True)
class Address:
    channel: str
    chat_id: str


async def address_of(
    session: AsyncSession, person_id: int, channels: Collection[str]
) -> Address | None:
    """The reachable identity on a served channel that the person used last."""
    return (await addresses_of(session, [person_id], channels)).get(person_id)


async def push(
    session: AsyncSession,
    person_id: int,
    message: Outgoing,
    *,
    key: str,
    now: datetime,
    channels: Collection[str],
) -> bool:
    """Queue one message for a person; False when they cannot be reached or `key` was queued
    before (a second scheduler tick, a retried command)."""
    address = await address_of(session, person_id, channels)
    if address is None:
        return False
    queued = await store.enqueue(
        session,
        [store.NewMessage(person_id, address.channel, address.chat_id, message, key)],
        now=now,
    )
    return bool(queued)


async def addresses_of(
    session: AsyncSession, people: Sequence[int], channels: Collection[str]
) -> dict[int, Address]:
    """`address_of` for many people in one query. A person an admin deactivated has none:
    nothing is pushed to them until they are reactivated. The channel a person chose wins
    while it is served and reachable; otherwise the one they used last."""
    rows = await session.execute(
        select(
            ChannelIdentity.person_id,
            ChannelIdentity.channel,
            ChannelIdentity.chat_id,
            ChannelIdentity.last_seen_at,
            Person.push_channel,
        )
        .join(Person, Person.id == ChannelIdentity.person_id)
        .where(
            ChannelIdentity.person_id.in_(people),
            ChannelIdentity.channel.in_(channels),
            ChannelIdentity.unreachable_at.is_(None),
            Person.deactivated_at.is_(None),
        )
    )
    best: dict[int, tuple[bool, datetime, Address]] = {}
    for person_id, channel, chat_id, seen, chosen in rows.all():
        rank = (channel == chosen, seen)
        if person_id not in best or rank > best[person_id][:2]:
            best[person_id] = (*rank, Address(channel, chat_id))
    return {person_id: address for person_id, (*_rank, address) in best.items()}
