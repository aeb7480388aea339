"""Messages the bot sends on its own: to a person, in their language, on the channel they
used last; queued in the caller's transaction and sent by the outbox."""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import ChannelIdentity, Cohort, Person
from bot.markup import escape
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


@dataclass(frozen=True, slots=True)
class Announced:
    queued: int
    unreachable: int
    already: int


def announcement_id(audience: str, cohort: str | None, text: str, now: datetime) -> str:
    """The same announcement to the same audience on the same day is queued once."""
    seed = f"{now.date().isoformat()}\n{audience}\n{cohort or ''}\n{text}"
    return hashlib.sha256(seed.encode()).hexdigest()[:16]


async def addresses_of(
    session: AsyncSession, people: Sequence[int], channels: Collection[str]
) -> dict[int, Address]:
    """`address_of` for many people in one query."""
    rows = await session.execute(
        select(
            ChannelIdentity.person_id,
            ChannelIdentity.channel,
            ChannelIdentity.chat_id,
            ChannelIdentity.last_seen_at,
        ).where(
            ChannelIdentity.person_id.in_(people),
            ChannelIdentity.channel.in_(channels),
            ChannelIdentity.unreachable_at.is_(None),
        )
    )
    latest: dict[int, tuple[datetime, Address]] = {}
    for person_id, channel, chat_id, seen in rows.all():
        if person_id not in latest or seen > latest[person_id][0]:
            latest[person_id] = (seen, Address(channel, chat_id))
    return {person_id: address for person_id, (_seen, address) in latest.items()}


async def audience(session: AsyncSession, audience: str, cohort: str | None) -> list[int]:
    """Joined people of an audience (demo people excepted), in id order."""
    query = select(Person.id).where(
        Person.onboarded_at.is_not(None),
        Person.is_demo.is_(False),
        Person.role.in_([role.value for role in AUDIENCES[audience]]),
    )
    if cohort is not None:
        query = query.join(Cohort, Cohort.id == Person.cohort_id).where(Cohort.name == cohort)
    return list((await session.scalars(query.order_by(Person.id))).all())


async def announce(
    session: AsyncSession,
    people: Sequence[int],
    text: str,
    *,
    ident: str,
    now: datetime,
    channels: Collection[str],
) -> Announced:
    """One message to each of these people (a batch of an audience), shown literally as
    typed; `ident` (see `announcement_id`) makes a second run queue nothing."""
    message = Outgoing(escape(text))
    addresses = await addresses_of(session, people, channels)
    new = [
        store.NewMessage(
            person_id,
            addresses[person_id].channel,
            addresses[person_id].chat_id,
            message,
            f"announce:{ident}:person:{person_id}",
        )
        for person_id in people
        if person_id in addresses
    ]
    queued = len(await store.enqueue(session, new, now=now))
    unreachable = len(people) - len(new)
    return Announced(queued, unreachable, len(new) - queued)
