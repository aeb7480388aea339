"""Rows of the CSV exports. Never message or question text, platform ids or phone numbers:
people are their programme id, questions are their times and status."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import provinces
from bot.db.models import (
    Broadcast,
    ChannelIdentity,
    Cohort,
    LessonDelivery,
    Mentorship,
    Person,
    Question,
    QuestionMessage,
)
from bot.services import broadcasts as broadcast_service

Cell = str | int | float | None


@dataclass(frozen=True, slots=True)
class Table:
    columns: tuple[str, ...]
    rows: list[tuple[Cell, ...]]


PEOPLE_COLUMNS = (
    "person_id", "name", "role", "language", "cohort", "province_code", "province",
    "time_zone", "office", "joined_at", "paused", "demo", "channels", "last_seen_at",
    "unreachable", "mentor_id", "lessons_delivered", "lessons_completed", "lessons_correct",
)  # fmt: skip
PROGRESS_COLUMNS = (
    "person_id", "lesson_id", "delivered_at", "local_day", "answered_at", "correct",
)  # fmt: skip
QUESTION_COLUMNS = (
    "question_id", "mentee_id", "owner_id", "status", "language", "created_at",
    "first_answer_at", "first_response_hours", "answered_at", "closed_at", "due_at", "overdue",
    "reminders", "times_passed", "messages",
)  # fmt: skip


def when(moment: datetime | None) -> str | None:
    """UTC, to the second, in a form every spreadsheet reads."""
    return moment.strftime("%Y-%m-%d %H:%M:%S") if moment is not None else None


def _flag(value: bool | None) -> int | None:
    return None if value is None else int(value)


async def people(session: AsyncSession) -> Table:
    identities: dict[int, list[ChannelIdentity]] = {}
    for identity in await session.scalars(select(ChannelIdentity)):
        identities.setdefault(identity.person_id, []).append(identity)
    cohorts = dict((await session.execute(select(Cohort.id, Cohort.name))).all())
    mentors = dict(
        (
            await session.execute(
                select(Mentorship.mentee_id, func.max(Mentorship.mentor_id))
                .where(Mentorship.ended_at.is_(None))
                .group_by(Mentorship.mentee_id)
            )
        ).all()
    )
    counts = {
        person: (int(n), int(done), int(right or 0))
        for person, n, done, right in (
            await session.execute(
                select(
                    LessonDelivery.person_id,
                    func.count(),
                    func.count(LessonDelivery.answered_at),
                    func.sum(case((LessonDelivery.correct.is_(True), 1), else_=0)),
                ).group_by(LessonDelivery.person_id)
            )
        ).all()
    }
    rows: list[tuple[Cell, ...]] = []
    for person in await session.scalars(select(Person).order_by(Person.id)):
        own = identities.get(person.id, [])
        province = provinces.by_code(person.province_code) if person.province_code else None
        seen = max((i.last_seen_at for i in own), default=None)
        delivered, completed, correct = counts.get(person.id, (0, 0, 0))
        rows.append(
            (
                person.id,
                person.display_name,
                person.role,
                person.language,
                cohorts.get(person.cohort_id) if person.cohort_id else None,
                person.province_code,
                province.name if province else None,
                province.zone if province else None,
                person.office,
                when(person.onboarded_at),
                int(person.paused),
                int(person.is_demo),
                ";".join(sorted({i.channel for i in own})),
                when(seen),
                int(bool(own) and all(i.unreachable_at is not None for i in own)),
                mentors.get(person.id),
                delivered,
                completed,
                correct,
            )
        )
    return Table(PEOPLE_COLUMNS, rows)


async def progress(session: AsyncSession) -> Table:
    deliveries = await session.scalars(
        select(LessonDelivery).order_by(LessonDelivery.person_id, LessonDelivery.delivered_at)
    )
    return Table(
        PROGRESS_COLUMNS,
        [
            (
                d.person_id,
                d.lesson_id,
                when(d.delivered_at),
                d.local_day.isoformat(),
                when(d.answered_at),
                _flag(d.correct),
            )
            for d in deliveries
        ],
    )


async def questions(session: AsyncSession, now: datetime) -> Table:
    messages = dict(
        (
            await session.execute(
                select(QuestionMessage.question_id, func.count()).group_by(
                    QuestionMessage.question_id
                )
            )
        ).all()
    )
    rows: list[tuple[Cell, ...]] = []
    for q in await session.scalars(select(Question).order_by(Question.id)):
        wait = q.first_answer_at - q.created_at if q.first_answer_at else None
        rows.append(
            (
                q.id,
                q.mentee_id,
                q.owner_id,
                q.status,
                q.language,
                when(q.created_at),
                when(q.first_answer_at),
                round(wait.total_seconds() / 3600, 2) if wait is not None else None,
                when(q.answered_at),
                when(q.closed_at),
                when(q.due_at),
                int(q.status == "open" and q.due_at <= now),
                q.reminders,
                len(q.passed_by or []),
                int(messages.get(q.id, 0)),
            )
        )
    return Table(QUESTION_COLUMNS, rows)


BROADCAST_COLUMNS = (
    "broadcast_id", "created_at", "created_by_id", "what", "lesson_id", "checklist_id",
    "audience", "audience_value", "cohort", "local_at", "status", "recipients", "sent",
    "waiting", "failed", "blocked", "unreachable", "finished_at",
)  # fmt: skip


async def broadcasts(session: AsyncSession, now: datetime) -> Table:
    """One row per broadcast and how its copies fared; never its text."""
    rows: list[tuple[Cell, ...]] = []
    for b in await session.scalars(select(Broadcast).order_by(Broadcast.id)):
        progress = await broadcast_service.progress(session, b)
        audience = broadcast_service.Audience.from_json(b.audience)
        what = "lesson" if b.lesson_id else "checklist" if b.checklist_id else "text"
        rows.append(
            (
                b.id,
                when(b.created_at),
                b.created_by_id,
                what,
                b.lesson_id,
                b.checklist_id,
                audience.kind,
                audience.value,
                audience.cohort,
                b.local_at.replace("T", " ") if b.local_at else None,
                b.status,
                b.recipients,
                progress.sent,
                progress.pending,
                progress.failed,
                progress.blocked,
                b.unreachable,
                when(b.finished_at),
            )
        )
    return Table(BROADCAST_COLUMNS, rows)


def csv_bytes(table: Table) -> bytes:
    """UTF-8 with a byte-order mark, so spreadsheet programs read names with accents."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(table.columns)
    writer.writerows(_cells(table.rows))
    return ("\ufeff" + out.getvalue()).encode()


def _cells(rows: Iterable[tuple[Cell, ...]]) -> Iterable[tuple[Cell, ...]]:
    for row in rows:
        yield tuple("" if cell is None else _safe(cell) for cell in row)


def _safe(cell: Cell) -> Cell:
    # A name typed as "=HYPERLINK(...)" must not become a formula in a spreadsheet.
    if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + cell
    return cell
