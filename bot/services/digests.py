"""Weekly digests: each mentor hears how their mentees are doing, each admin how the
programme is doing, on Monday morning in their own zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.curriculum import schedule
from bot.db.models import LessonDelivery, Mentorship, OutboxMessage, Person, Question
from bot.roles import Role
from bot.services import questions

# Monday from 08:00 until noon, local: a bot that was down at eight still sends it that morning.
WEEKDAY = 1
FROM_HOUR, UNTIL_HOUR = 8, 12
WEEK = timedelta(days=7)


def week_key(now: datetime, zone: str) -> str | None:
    """The ISO week of this person's digest when it is due now, else None."""
    here = schedule.local(now, zone)
    if here.isoweekday() != WEEKDAY or not FROM_HOUR <= here.hour < UNTIL_HOUR:
        return None
    year, week, _day = here.isocalendar()
    return f"{year}-W{week:02d}"


async def readers(session: AsyncSession) -> list[Person]:
    """Mentors and admins who get a digest: joined, active, not demo people."""
    rows = await session.scalars(
        select(Person)
        .where(
            Person.role.in_([Role.MENTOR.value, Role.ADMIN.value]),
            Person.onboarded_at.is_not(None),
            Person.deactivated_at.is_(None),
            Person.is_demo.is_(False),
        )
        .order_by(Person.id)
    )
    return list(rows.all())


@dataclass(frozen=True, slots=True)
class MenteeWeek:
    name: str
    lessons_this_week: int
    lessons_total: int
    right_this_week: int
    answered_this_week: int


@dataclass(frozen=True, slots=True)
class MentorDigest:
    mentees: list[MenteeWeek]
    open_questions: int
    overdue: int


async def for_mentor(session: AsyncSession, mentor_id: int, now: datetime) -> MentorDigest:
    since = now - WEEK
    mentees = (
        await session.scalars(
            select(Person)
            .join(Mentorship, Mentorship.mentee_id == Person.id)
            .where(Mentorship.mentor_id == mentor_id, Mentorship.ended_at.is_(None))
            .order_by(Person.display_name, Person.id)
        )
    ).all()
    weeks = []
    for mentee in mentees:
        rows = (
            await session.execute(
                select(
                    LessonDelivery.delivered_at, LessonDelivery.answered_at, LessonDelivery.correct
                ).where(LessonDelivery.person_id == mentee.id)
            )
        ).all()
        answered = [r for r in rows if r.answered_at is not None and r.answered_at >= since]
        weeks.append(
            MenteeWeek(
                mentee.display_name or "-",
                sum(1 for r in rows if r.delivered_at >= since),
                len(rows),
                sum(1 for r in answered if r.correct),
                len(answered),
            )
        )
    open_rows = (
        await session.scalars(
            select(Question.due_at).where(
                Question.owner_id == mentor_id, Question.status == questions.OPEN
            )
        )
    ).all()
    return MentorDigest(weeks, len(open_rows), sum(1 for due in open_rows if due <= now))


@dataclass(frozen=True, slots=True)
class ProgrammeWeek:
    joined: int
    lessons: int
    answered: int
    right: int
    asked: int
    first_answers: int
    open: int
    overdue: int
    unmatched: int
    dead: int


async def for_admins(session: AsyncSession, now: datetime) -> ProgrammeWeek:
    since = now - WEEK

    async def count(query: object) -> int:
        return int(await session.scalar(query) or 0)  # type: ignore[call-overload]

    active_mentee = select(Mentorship.mentee_id).where(Mentorship.ended_at.is_(None))
    return ProgrammeWeek(
        joined=await count(
            select(func.count()).select_from(Person).where(Person.onboarded_at >= since)
        ),
        lessons=await count(
            select(func.count())
            .select_from(LessonDelivery)
            .where(LessonDelivery.delivered_at >= since)
        ),
        answered=await count(
            select(func.count())
            .select_from(LessonDelivery)
            .where(LessonDelivery.answered_at >= since)
        ),
        right=await count(
            select(func.count())
            .select_from(LessonDelivery)
            .where(LessonDelivery.answered_at >= since, LessonDelivery.correct.is_(True))
        ),
        asked=await count(
            select(func.count()).select_from(Question).where(Question.created_at >= since)
        ),
        first_answers=await count(
            select(func.count()).select_from(Question).where(Question.first_answer_at >= since)
        ),
        open=await count(
            select(func.count()).select_from(Question).where(Question.status == questions.OPEN)
        ),
        overdue=await count(
            select(func.count())
            .select_from(Question)
            .where(Question.status == questions.OPEN, Question.due_at <= now)
        ),
        unmatched=await count(
            select(func.count())
            .select_from(Person)
            .where(
                Person.role == Role.MENTEE.value,
                Person.onboarded_at.is_not(None),
                Person.deactivated_at.is_(None),
                Person.is_demo.is_(False),
                Person.id.not_in(active_mentee),
            )
        ),
        dead=await count(
            select(func.count()).select_from(OutboxMessage).where(OutboxMessage.status == "dead")
        ),
    )


async def already_queued(session: AsyncSession, keys: list[str]) -> list[str]:
    if not keys:
        return []
    rows = await session.scalars(
        select(OutboxMessage.dedup_key).where(OutboxMessage.dedup_key.in_(keys))
    )
    return list(rows.all())
