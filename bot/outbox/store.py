"""Outbox rows: queued with their cause, claimed under a lease, marked sent in batches."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, bindparam, case, delete, exists, func, or_, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import ColumnElement

from bot.db.models import ChannelIdentity, OutboxMessage
from bot.messages import Outgoing
from bot.outbox import body as bodies

PENDING, SENDING, SENT, FAILED, DEAD = "pending", "sending", "sent", "failed", "dead"
# Channels whose platform may still refuse a message after taking it (WhatsApp's closed window
# arrives as a status): the body is kept until the platform confirms delivery.
CONFIRMING = "whatsapp"
STATUSES = (PENDING, SENDING, SENT, FAILED, DEAD)
NOTIFY = "bot_outbox"  # the PostgreSQL channel the leader listens on
# A claimed row not marked sent by then is taken again: its sender died or was cut off. A
# send gives up well before (the channels' request timeouts are shorter).
LEASE = timedelta(seconds=30)

_TABLE = cast(Table, OutboxMessage.__table__)
_INSERT = {
    "postgresql": postgresql.insert(_TABLE).on_conflict_do_nothing(index_elements=["dedup_key"]),
    "sqlite": sqlite.insert(_TABLE).on_conflict_do_nothing(index_elements=["dedup_key"]),
}
_RETURNING = {
    name: insert.returning(_TABLE.c.id, _TABLE.c.dedup_key) for name, insert in _INSERT.items()
}
_MARK_SENT = (
    update(_TABLE)
    .where(_TABLE.c.id == bindparam("row_id"), _TABLE.c.status == SENDING)
    .values(
        status=SENT,
        body=case((_TABLE.c.channel == CONFIRMING, _TABLE.c.body), else_=None),
        message_ids=bindparam("ids"),
        sent_at=bindparam("at"),
        lease_until=None,
        last_error=None,
    )
)


@dataclass(frozen=True, slots=True)
class Queued:
    """A claimed row, ready to send."""

    id: int
    person_id: int
    channel: str
    address: str
    message: Outgoing
    edit_of: str | None
    attempts: int
    lease_until: datetime


@dataclass(frozen=True, slots=True)
class NewMessage:
    """A row to queue: who, where, what, and the key its cause chose."""

    person_id: int
    channel: str
    address: str
    message: Outgoing
    key: str
    edit_of: str | None = None


async def enqueue(
    session: AsyncSession,
    messages: Sequence[NewMessage],
    *,
    now: datetime,
    sending: bool = False,
) -> list[int]:
    """Queue rows in the caller's transaction; a key queued before is skipped. `sending`
    creates them already claimed, for replies that the caller sends at once."""
    queued = await enqueue_keyed(session, messages, now=now, sending=sending)
    return sorted(queued.values())


async def enqueue_keyed(
    session: AsyncSession,
    messages: Sequence[NewMessage],
    *,
    now: datetime,
    sending: bool = False,
) -> dict[str, int]:
    """As `enqueue`, the new rows' ids by key: the replies of many updates are queued in one
    statement and each finds its own rows."""
    if not messages:
        return {}
    connection = await session.connection()
    rows = [
        {
            "person_id": m.person_id,
            "channel": m.channel,
            "address": m.address,
            "dedup_key": m.key,
            "body": bodies.dump(m.message, edit_of=m.edit_of),
            "status": SENDING if sending else PENDING,
            "attempts": 1 if sending else 0,
            "next_attempt_at": now,
            "lease_until": now + LEASE if sending else None,
            "created_at": now,
        }
        for m in messages
    ]
    # Rows as parameters, not `.values(rows)`: a statement with many VALUES has no cache key
    # and was compiled anew for every reply. One row (most replies) is a plain execute, which
    # skips the machinery of many rows with RETURNING.
    returning = _RETURNING[connection.dialect.name]
    result = await connection.execute(returning, rows[0] if len(rows) == 1 else rows)
    queued = {str(key): int(row_id) for row_id, key in result.all()}
    if queued and not sending and connection.dialect.name == "postgresql":
        # Delivered at commit to the leader, which then sends at once instead of at its poll.
        await connection.execute(text("SELECT pg_notify(:channel, '')"), {"channel": NOTIFY})
    return queued


async def claim(session: AsyncSession, channel: str, *, now: datetime, limit: int) -> list[Queued]:
    """Take due rows (and rows whose lease ran out) for sending, oldest first, and only a
    chat's oldest unsent row, so a chat's messages keep their order. On PostgreSQL rows another
    sender holds are skipped, so two senders never take the same row."""
    t, older = _TABLE, _TABLE.alias("older")
    due = or_(
        (t.c.status.in_((PENDING, FAILED))) & (t.c.next_attempt_at <= now),
        (t.c.status == SENDING) & (t.c.lease_until < now),
    )
    waits = exists().where(
        older.c.channel == t.c.channel,
        older.c.address == t.c.address,
        older.c.id < t.c.id,
        older.c.status.in_((PENDING, FAILED, SENDING)),
    )
    chosen = (
        select(t.c.id).where(t.c.channel == channel, due, ~waits).order_by(t.c.id).limit(limit)
    )
    connection = await session.connection()
    if connection.dialect.name == "postgresql":
        chosen = chosen.with_for_update(skip_locked=True)
    lease_until = now + LEASE
    result = await connection.execute(
        update(t)
        .where(t.c.id.in_(chosen.scalar_subquery()))
        .values(status=SENDING, lease_until=lease_until, attempts=t.c.attempts + 1)
        .returning(t.c.id, t.c.person_id, t.c.address, t.c.body, t.c.attempts)
    )
    claimed = []
    for row_id, person_id, address, body, attempts in result.all():
        message, edit_of = bodies.load(body or {"text": ""})
        claimed.append(
            Queued(row_id, person_id, channel, address, message, edit_of, attempts, lease_until)
        )
    return sorted(claimed, key=lambda queued: queued.id)


async def release(session: AsyncSession, rows: Sequence[int], *, now: datetime) -> None:
    """Claimed rows given back unsent: due at once, for the background drain."""
    if rows:
        await session.execute(
            update(_TABLE)
            .where(_TABLE.c.id.in_(rows), _TABLE.c.status == SENDING)
            .values(status=PENDING, lease_until=None, next_attempt_at=now)
        )


async def release_leases(session: AsyncSession, *, now: datetime) -> int:
    """Rows claimed by a process that is known to be gone (the one process on SQLite, started
    again) are due at once instead of when their lease runs out."""
    result = await session.execute(
        update(_TABLE).where(_TABLE.c.status == SENDING).values(lease_until=now)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def mark_sent(
    session: AsyncSession, sent: Sequence[tuple[int, list[str]]], *, now: datetime
) -> None:
    """Many rows at once: the body is emptied, the platform's message ids kept."""
    if not sent:
        return
    connection = await session.connection()
    await connection.execute(
        _MARK_SENT, [{"row_id": row_id, "ids": ids, "at": now} for row_id, ids in sent]
    )


async def mark_failed(
    session: AsyncSession,
    row_id: int,
    *,
    error: str,
    retry_at: datetime | None,
    counted: bool = True,
) -> None:
    """Try again at `retry_at`, or give up (dead, its text emptied) when it is None. An
    attempt not `counted` (a probe while the platform is down) is given back."""
    values: dict[str, Any] = {"last_error": error[:40], "lease_until": None}
    if retry_at is None:
        values |= {"status": DEAD, "body": None}
    else:
        values |= {"status": FAILED, "next_attempt_at": retry_at}
    if not counted:
        values["attempts"] = _TABLE.c.attempts - 1
    await session.execute(
        update(_TABLE).where(_TABLE.c.id == row_id, _TABLE.c.status == SENDING).values(**values)
    )


async def mark_unreachable(
    session: AsyncSession, channel: str, address: str, *, now: datetime
) -> None:
    """The person behind this chat blocked the bot: no more sends until they write again."""
    await session.execute(
        update(ChannelIdentity)
        .where(ChannelIdentity.channel == channel, ChannelIdentity.chat_id == address)
        .values(unreachable_at=now)
    )


async def unreachable(session: AsyncSession, channel: str, addresses: set[str]) -> set[str]:
    """Which of these chats belong to people marked unreachable (blocked the bot)."""
    if not addresses:
        return set()
    rows = await session.scalars(
        select(ChannelIdentity.chat_id).where(
            ChannelIdentity.channel == channel,
            ChannelIdentity.chat_id.in_(addresses),
            ChannelIdentity.unreachable_at.is_not(None),
        )
    )
    return set(rows.all())


async def next_due(session: AsyncSession, channel: str) -> datetime | None:
    """When the next row of a channel falls due (a lease running out counts too)."""
    t = _TABLE
    waiting = await session.scalar(
        select(func.min(t.c.next_attempt_at)).where(
            t.c.channel == channel, t.c.status.in_((PENDING, FAILED))
        )
    )
    leased = await session.scalar(
        select(func.min(t.c.lease_until)).where(t.c.channel == channel, t.c.status == SENDING)
    )
    times = [when for when in (waiting, leased) if when is not None]
    return min(times) if times else None


async def backlog(session: AsyncSession) -> dict[str, int]:
    """Rows by status, every status present (zero when none)."""
    result = await session.execute(select(_TABLE.c.status, func.count()).group_by(_TABLE.c.status))
    counts = {str(status): int(count) for status, count in result.all()}
    return {status: counts.get(status, 0) for status in STATUSES}


async def forget_older_than(session: AsyncSession, cutoff: datetime) -> int:
    """Sent and dead rows past retention (pending ones stay until they are sent or die)."""
    result = await session.execute(
        delete(OutboxMessage).where(
            OutboxMessage.status.in_((SENT, DEAD)), OutboxMessage.created_at < cutoff
        )
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def keyed(prefix: str) -> ColumnElement[bool]:
    """Rows whose de-duplication key starts with `prefix`, as a range the key's unique index
    answers (LIKE 'prefix%' cannot use it on PostgreSQL's collations, nor on SQLite)."""
    after = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return (OutboxMessage.dedup_key >= prefix) & (OutboxMessage.dedup_key < after)
