"""Broadcasts: one message from the programme to an audience, each copy through the outbox.

A broadcast is a row; its recipients are found when it goes out (at once, or when each one's
own local date and time has come), and each copy is an outbox row keyed "bc:{id}:{person}",
so a second run, a restart or a second leader never sends a copy twice. `announce` on the
command line and `/broadcast` in chat both go through here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import ColumnElement, Select

from bot import provinces
from bot.curriculum import schedule
from bot.db.models import Broadcast, Cohort, LessonDelivery, OutboxMessage, Person
from bot.markup import escape
from bot.messages import Outgoing
from bot.outbox import store
from bot.roles import Role
from bot.services import pushes

SCHEDULED, SENDING, DONE, CANCELLED = "scheduled", "sending", "done", "cancelled"
# Audiences by role; the others filter everyone further.
ROLE_AUDIENCES = {
    "everyone": (Role.MENTEE, Role.MENTOR, Role.ADMIN),
    "mentees": (Role.MENTEE,),
    "mentors": (Role.MENTOR,),
    "admins": (Role.ADMIN,),
}
FILTERS = ("cohort", "province", "zone", "module")  # "module": mentees who have not finished it
LOCAL_FORMAT = "%Y-%m-%dT%H:%M"
# Copies queued per job run and transaction: the database stays free for updates meanwhile.
BATCH = 2000
KEPT = timedelta(days=365)


@dataclass(frozen=True, slots=True)
class Audience:
    kind: str  # a key of ROLE_AUDIENCES, or one of FILTERS (then mentees and mentors)
    value: str | None = None  # cohort name, province code, zone (WIB...), module number
    demo: bool = False  # the console's demo people, for a demo admin trying it out
    cohort: str | None = None  # and only this cohort (`announce --to mentees --cohort X`)

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "value": self.value, "demo": self.demo, "cohort": self.cohort}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Audience:
        value, cohort = data.get("value"), data.get("cohort")
        return cls(
            str(data["kind"]),
            None if value is None else str(value),
            bool(data.get("demo")),
            None if cohort is None else str(cohort),
        )


def announcement_id(audience: Audience, text: str, now: datetime) -> str:
    """The same announcement to the same audience on the same day is one broadcast."""
    seed = f"{now.date().isoformat()}\n{audience.kind}\n{audience.cohort or ''}\n{text}"
    return hashlib.sha256(seed.encode()).hexdigest()[:16]


async def people_of(
    session: AsyncSession,
    audience: Audience,
    zones: Collection[str] | None = None,
    *,
    module_lessons: int | None = None,
) -> list[Person]:
    """Joined, active people of an audience (demo people only for a demo admin), by id; only
    those of these zones when given (people without a province count as WIB). A "module"
    audience needs the module's number of lessons, which the content tells."""
    query = _audience_query(audience, zones, module_lessons)
    return list((await session.scalars(query)).all())


@dataclass(frozen=True, slots=True)
class Recipient:
    id: int
    language: str
    timezone: str | None


async def recipients_of(
    session: AsyncSession,
    audience: Audience,
    zones: Collection[str] | None = None,
    *,
    module_lessons: int | None = None,
) -> list[Recipient]:
    """`people_of` as plain rows: a large audience without an ORM object per person."""
    query = _audience_query(audience, zones, module_lessons).with_only_columns(
        Person.id, Person.language, Person.timezone
    )
    return [Recipient(*row) for row in (await session.execute(query)).all()]


def _audience_query(
    audience: Audience, zones: Collection[str] | None, module_lessons: int | None
) -> Select[Person]:
    roles = ROLE_AUDIENCES.get(audience.kind, (Role.MENTEE, Role.MENTOR))
    query = select(Person).where(
        Person.onboarded_at.is_not(None),
        Person.deactivated_at.is_(None),
        Person.is_demo.is_(audience.demo),
        Person.role.in_([role.value for role in roles]),
    )
    if zones is not None:
        conditions = [Person.timezone.in_(list(zones))]
        if schedule.ZONES[0] in zones:
            conditions.append(Person.timezone.is_(None))
        query = query.where(or_(*conditions))
    value = audience.value or ""
    cohort = audience.cohort or (value if audience.kind == "cohort" else None)
    if cohort is not None:
        query = query.join(Cohort, Cohort.id == Person.cohort_id).where(Cohort.name == cohort)
    if audience.kind == "province":
        query = query.where(Person.province_code == value)
    elif audience.kind == "zone":
        names = {p.timezone for p in provinces.PROVINCES if p.zone == value}
        in_zone: ColumnElement[bool] = Person.timezone.in_(names)
        if schedule.ZONES[0] in names:  # no province yet: their times are WIB's
            in_zone = or_(in_zone, Person.timezone.is_(None))
        query = query.where(in_zone)
    elif audience.kind == "module":
        if module_lessons is None:
            raise ValueError("a module audience needs the module's number of lessons")
        finished = (
            select(LessonDelivery.person_id)
            .where(
                LessonDelivery.lesson_id.like(f"m{value}-%"),
                LessonDelivery.answered_at.is_not(None),
            )
            .group_by(LessonDelivery.person_id)
            .having(func.count() >= module_lessons)
        )
        query = query.where(Person.role == Role.MENTEE.value, Person.id.not_in(finished))
    return query.order_by(Person.id)


def parse_local(text: str) -> datetime | None:
    try:
        return datetime.strptime(text, LOCAL_FORMAT)
    except ValueError:
        return None


def zones_due(broadcast: Broadcast, now: datetime) -> list[str]:
    """The zones (IANA names) where the broadcast's local date and time has come."""
    return [zone for zone in schedule.ZONES if _due_in(broadcast, zone, now)]


def _due_in(broadcast: Broadcast, zone: str, now: datetime) -> bool:
    moment = parse_local(broadcast.local_at) if broadcast.local_at else None
    return moment is None or schedule.local(now, zone).replace(tzinfo=None) >= moment


async def create(
    session: AsyncSession,
    *,
    audience: Audience,
    now: datetime,
    created_by: int | None,
    text_id: str | None = None,
    text_en: str | None = None,
    lesson_id: str | None = None,
    checklist_id: str | None = None,
    local_at: str | None = None,
    ident: str | None = None,
) -> Broadcast:
    broadcast = Broadcast(
        ident=ident,
        created_by_id=created_by,
        created_at=now,
        audience=audience.as_json(),
        text_id=text_id,
        text_en=text_en,
        lesson_id=lesson_id,
        checklist_id=checklist_id,
        local_at=local_at,
        status=SCHEDULED,
        recipients=0,
        unreachable=0,
    )
    session.add(broadcast)
    await session.flush()
    return broadcast


async def by_ident(session: AsyncSession, ident: str) -> Broadcast | None:
    return await session.scalar(select(Broadcast).where(Broadcast.ident == ident))


def key(broadcast_id: int, person_id: int) -> str:
    return f"bc:{broadcast_id}:{person_id}"


def prefix(broadcast_id: int) -> str:
    return f"bc:{broadcast_id}:"


async def queued_people(session: AsyncSession, broadcast_id: int) -> set[int]:
    rows = await session.scalars(
        select(OutboxMessage.person_id).where(store.keyed(prefix(broadcast_id)))
    )
    return set(rows.all())


@dataclass(frozen=True, slots=True)
class Progress:
    sent: int
    pending: int
    failed: int  # given up after every attempt
    blocked: int  # the person blocked the bot
    unreachable: int  # no reachable identity when it was queued

    @property
    def finished(self) -> bool:
        return self.pending == 0


async def progress(session: AsyncSession, broadcast: Broadcast) -> Progress:
    rows = await session.execute(
        select(OutboxMessage.status, OutboxMessage.last_error, func.count())
        .where(store.keyed(prefix(broadcast.id)))
        .group_by(OutboxMessage.status, OutboxMessage.last_error)
    )
    counts: dict[str, int] = {}
    for status, error, count in rows.all():
        name = "blocked" if status == "dead" and error == "blocked" else str(status)
        counts[name] = counts.get(name, 0) + int(count)
    return Progress(
        sent=counts.get("sent", 0),
        pending=counts.get("pending", 0) + counts.get("sending", 0) + counts.get("failed", 0),
        failed=counts.get("dead", 0),
        blocked=counts.get("blocked", 0),
        unreachable=broadcast.unreachable,
    )


async def cancel(session: AsyncSession, broadcast: Broadcast, now: datetime) -> int:
    """Stop a broadcast: copies not yet taken by the sender are never sent (nor their checks,
    nor progress edits), and a lesson counts as delivered only to those who got it; how many
    copies were stopped."""
    waiting = OutboxMessage.status.in_(("pending", "failed"))
    stopped = list(
        (
            await session.scalars(
                select(OutboxMessage.person_id).where(store.keyed(prefix(broadcast.id)), waiting)
            )
        ).all()
    )
    for start in (prefix(broadcast.id), f"bcx:{broadcast.id}:", f"bcp:{broadcast.id}:"):
        await session.execute(delete(OutboxMessage).where(store.keyed(start), waiting))
    if broadcast.lesson_id and stopped:
        await session.execute(
            delete(LessonDelivery).where(
                LessonDelivery.person_id.in_(stopped),
                LessonDelivery.lesson_id == broadcast.lesson_id,
                LessonDelivery.delivered_at >= broadcast.created_at,
                LessonDelivery.answered_at.is_(None),
            )
        )
    broadcast.status = CANCELLED
    broadcast.finished_at = now
    return len(stopped)


async def active(session: AsyncSession) -> list[Broadcast]:
    """Broadcasts still going, locked for this transaction on PostgreSQL: a cancel waits for
    the job's batch to commit, and sees (and stops) its copies."""
    rows = await session.scalars(
        select(Broadcast)
        .where(Broadcast.status.in_([SCHEDULED, SENDING]))
        .order_by(Broadcast.id)
        .with_for_update()
    )
    return list(rows.all())


async def forget_older_than(session: AsyncSession, moment: datetime) -> int:
    result = await session.execute(
        delete(Broadcast).where(
            Broadcast.status.in_([DONE, CANCELLED]), Broadcast.finished_at < moment
        )
    )
    return int(getattr(result, "rowcount", 0) or 0)


@dataclass(frozen=True, slots=True)
class Queued:
    queued: int
    unreachable: int
    already: int


async def queue_text(
    session: AsyncSession,
    broadcast: Broadcast,
    people: Sequence[int],
    text: str,
    *,
    now: datetime,
    channels: Collection[str],
) -> Queued:
    """A text copy for each of these people (a batch of the audience), shown literally as
    typed; a copy queued before (a second run of the same announcement) is not queued again."""
    message = Outgoing(escape(text))
    found = await pushes.addresses_of(session, people, channels)
    new = [
        store.NewMessage(
            person_id,
            found[person_id].channel,
            found[person_id].chat_id,
            message,
            key(broadcast.id, person_id),
        )
        for person_id in people
        if person_id in found
    ]
    queued = len(await store.enqueue(session, new, now=now))
    return Queued(queued, len(people) - len(new), len(new) - queued)


async def announce(
    session: AsyncSession,
    audience: Audience,
    text: str,
    *,
    now: datetime,
    channels: Collection[str],
) -> Queued:
    """A text to an audience in one transaction (the command line queues in batches): the same
    announcement on the same day is one broadcast, queued once per person."""
    ident = announcement_id(audience, text, now)
    broadcast = await by_ident(session, ident) or await create(
        session, audience=audience, now=now, created_by=None, text_id=text, ident=ident
    )
    everyone = [p.id for p in await people_of(session, audience)]
    result = await queue_text(session, broadcast, everyone, text, now=now, channels=channels)
    if broadcast.status == SCHEDULED:
        broadcast.status = SENDING
    broadcast.recipients = result.queued + result.already
    broadcast.unreachable = result.unreachable
    return result
