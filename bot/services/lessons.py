"""Lessons given to mentees: which is next, who is due, answers to checks, reviews, progress."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import cast
from zoneinfo import ZoneInfo

from sqlalchemy import Table, and_, delete, exists, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bot.curriculum import schedule
from bot.curriculum.model import Curriculum, Lesson
from bot.curriculum.schedule import QuietHours
from bot.db.models import Cohort, LessonDelivery, Person, Review
from bot.roles import Role

_DELIVERIES = cast(Table, LessonDelivery.__table__)
_INSERT = {
    "postgresql": postgresql.insert(_DELIVERIES).on_conflict_do_nothing(),
    "sqlite": sqlite.insert(_DELIVERIES).on_conflict_do_nothing(),
}


def next_lesson(curriculum: Curriculum, given: Collection[str]) -> Lesson | None:
    """The lowest lesson not given yet (lessons are in module and order)."""
    return next((lesson for lesson in curriculum.lessons if lesson.id not in given), None)


async def deliveries(session: AsyncSession, person_id: int) -> dict[str, LessonDelivery]:
    rows = await session.scalars(
        select(LessonDelivery).where(LessonDelivery.person_id == person_id)
    )
    return {row.lesson_id: row for row in rows.all()}


async def given_to(session: AsyncSession, people: Sequence[int]) -> dict[int, set[str]]:
    """Lessons given so far to each of these people, in one query."""
    given: dict[int, set[str]] = {person: set() for person in people}
    if people:
        rows = await session.execute(
            select(LessonDelivery.person_id, LessonDelivery.lesson_id).where(
                LessonDelivery.person_id.in_(people)
            )
        )
        for person_id, lesson_id in rows.all():
            given[person_id].add(lesson_id)
    return given


async def record(
    session: AsyncSession, person_id: int, lesson_id: str, *, now: datetime, local_day: date
) -> bool:
    """Note a lesson as given (it counts for `local_day`); False when it was given before."""
    connection = await session.connection()
    statement = _INSERT.get(connection.dialect.name, _INSERT["sqlite"])
    result = await connection.execute(
        statement.values(
            person_id=person_id, lesson_id=lesson_id, delivered_at=now, local_day=local_day
        )
    )
    return bool(result.rowcount)


async def due_mentees(
    session: AsyncSession,
    now: datetime,
    zone: str,
    *,
    quiet: QuietHours,
    lessons: int,
    limit: int | None = None,
) -> list[Person]:
    """Mentees of a zone whose lesson of today is due: their time has come on one of their
    days, no lesson yet today, lessons left, not paused, their cohort started. A missed day
    is not made up: at most one a day."""
    here = schedule.local(now, zone)
    today = here.date()
    if schedule.is_holiday(today) or quiet.hold(here.time()):
        return []
    weekday = str(today.isoweekday())
    had_today = exists().where(
        LessonDelivery.person_id == Person.id, LessonDelivery.local_day == today
    )
    given = (
        select(func.count())
        .where(LessonDelivery.person_id == Person.id)
        .correlate(Person)
        .scalar_subquery()
    )
    days = (
        or_(Person.lesson_days.is_(None), Person.lesson_days.contains(weekday))
        if weekday in schedule.DEFAULT_DAYS
        else Person.lesson_days.contains(weekday)
    )
    query = (
        select(Person)
        .outerjoin(Cohort, Cohort.id == Person.cohort_id)
        .where(
            Person.role == Role.MENTEE.value,
            Person.timezone == zone,
            Person.onboarded_at.is_not(None),
            Person.deactivated_at.is_(None),
            Person.paused.is_(False),
            or_(Person.paused_until.is_(None), Person.paused_until <= now),
            Person.lesson_time.is_not(None),
            Person.lesson_time <= f"{here:%H:%M}",
            days,
            or_(Cohort.starts_on.is_(None), Cohort.starts_on <= today),
            ~had_today,
            given < lessons,
        )
        .order_by(Person.id)
        .limit(limit)
    )
    found = (await session.scalars(query)).all()
    # Someone who joined after today's time has passed starts tomorrow, not at once.
    return [
        person
        for person in found
        if person.onboarded_at is not None
        and _moment(today, person.lesson_time or "00:00", zone) > person.onboarded_at
    ]


def _moment(day: date, hhmm: str, zone: str) -> datetime:
    hour, minute = (int(part) for part in hhmm.split(":"))
    return datetime.combine(day, time(hour, minute), ZoneInfo(zone))


@dataclass(frozen=True, slots=True)
class Answered:
    first: bool  # the first answer to this lesson's check (later ones change nothing)
    correct: bool
    module_done: bool  # every lesson of the module has now been answered
    course_done: bool


async def answer(
    session: AsyncSession,
    person_id: int,
    curriculum: Curriculum,
    lesson: Lesson,
    option: int,
    *,
    now: datetime,
    review_days: Sequence[int],
) -> Answered | None:
    """Record the answer to a lesson's check; a wrong one comes back after `review_days`.
    None when the lesson was never given to the person (a forged or stale button)."""
    given = await deliveries(session, person_id)
    row = given.get(lesson.id)
    if row is None:
        return None
    correct = option == lesson.check.answer
    first = row.answered_at is None
    if first:
        row.answered_at, row.correct = now, correct
        if not correct:
            for step, days in enumerate(review_days, 1):
                session.add(
                    Review(
                        person_id=person_id,
                        lesson_id=lesson.id,
                        step=step,
                        due_at=now + timedelta(days=days),
                    )
                )
    answered = {lesson_id for lesson_id, d in given.items() if d.answered_at is not None}
    module = [item.id for item in curriculum.lessons if item.module == lesson.module]
    all_lessons = [item.id for item in curriculum.lessons]
    return Answered(
        first,
        correct,
        module_done=first and set(module) <= answered,
        course_done=first and set(all_lessons) <= answered,
    )


async def due_reviews(session: AsyncSession, now: datetime, limit: int = 500) -> list[Review]:
    rows = await session.scalars(
        select(Review)
        .join(Person, Person.id == Review.person_id)
        .where(
            Review.due_at <= now,
            Review.sent_at.is_(None),
            Person.paused.is_(False),
            or_(Person.paused_until.is_(None), Person.paused_until <= now),
        )
        .order_by(Review.due_at)
        .limit(limit)
    )
    return list(rows.all())


async def answer_review(
    session: AsyncSession, person_id: int, lesson_id: str, step: int, *, now: datetime
) -> bool:
    """Mark a review answered; False when there is no such review waiting (stale button)."""
    result = await session.execute(
        update(Review)
        .where(
            and_(
                Review.person_id == person_id,
                Review.lesson_id == lesson_id,
                Review.step == step,
                Review.done_at.is_(None),
            )
        )
        .values(done_at=now)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class ModuleProgress:
    number: int
    total: int
    given: int
    answered: int
    correct: int


@dataclass(frozen=True, slots=True)
class Progress:
    modules: tuple[ModuleProgress, ...]
    answered: int
    correct: int
    streak: int  # lesson days in a row (back from today) whose lesson was answered

    @property
    def accuracy(self) -> int:
        return round(100 * self.correct / self.answered) if self.answered else 0


def progress(
    curriculum: Curriculum,
    given: dict[str, LessonDelivery],
    *,
    today: date,
    days: str | None,
) -> Progress:
    modules = []
    for module in curriculum.modules:
        ids = [lesson.id for lesson in curriculum.lessons if lesson.module == module.number]
        rows = [given[i] for i in ids if i in given]
        modules.append(
            ModuleProgress(
                module.number,
                len(ids),
                len(rows),
                sum(1 for r in rows if r.answered_at is not None),
                sum(1 for r in rows if r.correct),
            )
        )
    answered_days = {row.local_day for row in given.values() if row.answered_at is not None}
    return Progress(
        tuple(modules),
        sum(m.answered for m in modules),
        sum(m.correct for m in modules),
        _streak(answered_days, today, days),
    )


def _streak(answered_days: set[date], today: date, days: str | None) -> int:
    streak, day = 0, today
    for _ in range(400):  # bounded: a little over a year back
        if schedule.lesson_day(day, days):
            if day in answered_days:
                streak += 1
            elif day != today:  # today may still come
                break
        day -= timedelta(days=1)
    return streak


# Reviews answered or sent are kept a month, then only the lessons' answers remain.
REVIEWS_KEPT = timedelta(days=30)


async def forget_reviews_older_than(session: AsyncSession, cutoff: datetime) -> int:
    result = await session.execute(
        delete(Review).where(
            or_(Review.done_at < cutoff, and_(Review.done_at.is_(None), Review.sent_at < cutoff))
        )
    )
    return int(result.rowcount)  # type: ignore[attr-defined]
