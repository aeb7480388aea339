"""Programme figures for admins: who takes part, lessons and knowledge checks, weekly series."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import provinces
from bot.db.models import (
    ChannelIdentity,
    Invite,
    LessonDelivery,
    Mentorship,
    Person,
    Question,
)

ACTIVE_DAYS = 7
# Weeks of the programme are counted in WIB, where most participants live.
WEEK_ZONE = ZoneInfo("Asia/Jakarta")
NO_ZONE = "-"


@dataclass(frozen=True, slots=True)
class ProgrammeStats:
    people_by_role: dict[str, int]
    onboarded: int
    unreachable: int
    active_mentorships: int
    open_invites: int
    # Joined people by province code and by time zone (WIB, WITA, WIT; "-" when unknown).
    people_by_province: dict[str, int]
    people_by_zone: dict[str, int]
    active_this_week: int  # people who wrote or pressed something in the last 7 days


@dataclass(frozen=True, slots=True)
class LessonAccuracy:
    lesson_id: str
    answered: int
    correct: int

    @property
    def share(self) -> float:
        return self.correct / self.answered if self.answered else 0.0


@dataclass(frozen=True, slots=True)
class LessonFigures:
    delivered: int
    completed: int  # knowledge check answered
    correct: int
    # Per lesson with at least one answer, the least understood first.
    accuracy: tuple[LessonAccuracy, ...]


@dataclass(frozen=True, slots=True)
class WeekCount:
    week: date  # the Monday the week starts on (WIB)
    delivered: int
    completed: int


async def programme(session: AsyncSession, now: datetime) -> ProgrammeStats:
    by_role = dict(
        (await session.execute(select(Person.role, func.count()).group_by(Person.role))).all()
    )
    onboarded = await session.scalar(
        select(func.count()).select_from(Person).where(Person.onboarded_at.is_not(None))
    )
    unreachable = await session.scalar(
        select(func.count(func.distinct(ChannelIdentity.person_id))).where(
            ChannelIdentity.unreachable_at.is_not(None)
        )
    )
    mentorships = await session.scalar(
        select(func.count()).select_from(Mentorship).where(Mentorship.ended_at.is_(None))
    )
    open_invites = await session.scalar(
        select(func.count())
        .select_from(Invite)
        .where(
            Invite.uses < Invite.max_uses,
            (Invite.expires_at.is_(None)) | (Invite.expires_at > now),
        )
    )
    by_province = dict(
        (
            await session.execute(
                select(Person.province_code, func.count())
                .where(Person.onboarded_at.is_not(None))
                .group_by(Person.province_code)
            )
        ).all()
    )
    by_zone: dict[str, int] = {}
    for code, count in by_province.items():
        province = provinces.by_code(code) if code else None
        zone = province.zone if province else NO_ZONE
        by_zone[zone] = by_zone.get(zone, 0) + int(count)
    active = await session.scalar(
        select(func.count(func.distinct(ChannelIdentity.person_id))).where(
            ChannelIdentity.last_seen_at >= now - timedelta(days=ACTIVE_DAYS)
        )
    )
    return ProgrammeStats(
        {str(role): int(count) for role, count in by_role.items()},
        int(onboarded or 0),
        int(unreachable or 0),
        int(mentorships or 0),
        int(open_invites or 0),
        {str(code): int(count) for code, count in by_province.items() if code},
        by_zone,
        int(active or 0),
    )


async def lessons(session: AsyncSession) -> LessonFigures:
    correct = func.sum(case((LessonDelivery.correct.is_(True), 1), else_=0))
    answered = func.count(LessonDelivery.answered_at)
    delivered, completed, right = (
        await session.execute(select(func.count(), answered, correct).select_from(LessonDelivery))
    ).one()
    per_lesson = (
        await session.execute(
            select(LessonDelivery.lesson_id, answered, correct)
            .where(LessonDelivery.answered_at.is_not(None))
            .group_by(LessonDelivery.lesson_id)
        )
    ).all()
    accuracy = sorted(
        (LessonAccuracy(str(lesson), int(n), int(c or 0)) for lesson, n, c in per_lesson),
        key=lambda row: (row.share, -row.answered, row.lesson_id),
    )
    return LessonFigures(int(delivered), int(completed or 0), int(right or 0), tuple(accuracy))


def week_of(moment: datetime) -> date:
    local = moment.astimezone(WEEK_ZONE).date()
    return local - timedelta(days=local.weekday())


async def weekly_lessons(session: AsyncSession, now: datetime, weeks: int) -> list[WeekCount]:
    """Lessons delivered and completed in each of the last `weeks` weeks, oldest first (the
    current week included, so far)."""
    last = week_of(now)
    first = last - timedelta(weeks=weeks - 1)
    start = datetime.combine(first, datetime.min.time(), WEEK_ZONE)
    rows = (
        await session.execute(
            select(LessonDelivery.delivered_at, LessonDelivery.answered_at).where(
                (LessonDelivery.delivered_at >= start) | (LessonDelivery.answered_at >= start)
            )
        )
    ).all()
    delivered = {first + timedelta(weeks=i): 0 for i in range(weeks)}
    completed = dict(delivered)
    for sent, answered in rows:
        if (week := week_of(sent)) in delivered:
            delivered[week] += 1
        if answered is not None and (week := week_of(answered)) in completed:
            completed[week] += 1
    return [WeekCount(week, delivered[week], completed[week]) for week in delivered]


async def first_answer_hours(session: AsyncSession) -> tuple[list[float], int]:
    """Hours from each answered question to its first answer, and how many wait for one."""
    rows = (await session.execute(select(Question.created_at, Question.first_answer_at))).all()
    hours = [
        (first - created).total_seconds() / 3600 for created, first in rows if first is not None
    ]
    return hours, len(rows) - len(hours)
