"""Questions from mentees to mentors: who owns each one, its thread, answer times, retraction.

Only masked text reaches this module (the identifier service runs first). Every relayed copy
is an outbox row keyed "q:{question}:{message}:{recipient}", so the platform ids of what a
mentor saw are known: a reply to one of them is an answer, and a retraction withdraws them.
"""

from __future__ import annotations

import statistics
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import FaqEntry, OutboxMessage, Person, Question, QuestionMessage
from bot.outbox import store
from bot.roles import Role
from bot.services import matching, people, search

OPEN, ANSWERED, CLOSED = "open", "answered", "closed"
QUESTION, ANSWER, FOLLOWUP = "question", "answer", "followup"
# A question that still shows something it should not can be withdrawn this long after it
# was asked; Telegram lets a bot delete its messages for 48 hours.
RETRACT_WINDOW = timedelta(hours=48)
# Reminders to the owner at these shares of the answer target; at 1.0 it moves on.
REMINDER_SHARES = (0.5, 0.9)
ESCALATED_TO_ADMINS = len(REMINDER_SHARES) + 1  # nothing more happens to it
# An answered question nobody marked solved or followed up is closed after this.
ANSWERED_CLOSES_AFTER = timedelta(days=14)
# The longest text of one message of a thread.
MAX_TEXT = 3000


def relay_key(question_id: int, message_id: int, recipient_id: int) -> str:
    return f"q:{question_id}:{message_id}:{recipient_id}"


def _prefix(question_id: int) -> str:
    return f"q:{question_id}:"


async def owner_for(
    session: AsyncSession, mentee: Person, now: datetime, *, exclude: Collection[int] = ()
) -> Person | None:
    """Who answers this mentee now: their mentor unless away or excluded, else the best other
    mentor with room, else nobody (the admins)."""
    mentor = await people.active_mentor(session, mentee.id)
    if (
        mentor is not None
        and mentor.id not in exclude
        and not await matching.is_away(session, mentor.id, now)
    ):
        return mentor
    skip = {*exclude, *([mentor.id] if mentor else [])}
    for ranked in await matching.ranked_mentors(session, mentee, now, exclude=skip):
        return await session.get(Person, ranked.mentor.id)
    return None


async def admins(session: AsyncSession, *, demo: bool) -> list[Person]:
    """Who answers a question nobody else can: the admins (demo ones for demo people)."""
    rows = await session.scalars(
        select(Person)
        .where(
            Person.role == Role.ADMIN.value,
            Person.onboarded_at.is_not(None),
            Person.is_demo.is_(demo),
        )
        .order_by(Person.id)
    )
    return list(rows.all())


async def ask(
    session: AsyncSession, mentee: Person, text: str, now: datetime, target: timedelta
) -> tuple[Question, QuestionMessage]:
    owner = await owner_for(session, mentee, now)
    question = Question(
        mentee_id=mentee.id,
        owner_id=owner.id if owner else None,
        status=OPEN,
        language=mentee.language,
        created_at=now,
        asked_at=now,
        due_at=now + target,
        reminders=0,
        passed_by=[],
    )
    session.add(question)
    await session.flush()
    message = await _add_message(session, question, mentee.id, QUESTION, text, now)
    return question, message


async def follow_up(
    session: AsyncSession, question: Question, text: str, now: datetime, target: timedelta
) -> QuestionMessage:
    """The mentee asks more in the same thread: an answered one is open again with a new wait;
    one still waiting keeps its wait (a follow-up does not put off reminders or escalation)."""
    if question.status != OPEN:
        _reopen(question, now, target)
    return await _add_message(session, question, question.mentee_id, FOLLOWUP, text, now)


async def answer(
    session: AsyncSession, question: Question, author: Person, text: str, now: datetime
) -> QuestionMessage:
    question.status = ANSWERED
    question.answered_at = now
    if question.first_answer_at is None:
        question.first_answer_at = now
    return await _add_message(session, question, author.id, ANSWER, text, now)


def close(question: Question, now: datetime) -> None:
    question.status = CLOSED
    question.closed_at = now


async def pass_on(
    session: AsyncSession,
    question: Question,
    mentee: Person,
    by: int | None,
    now: datetime,
    target: timedelta,
) -> Person | None:
    """Give the question to another mentor (never back to one who passed it or let it wait
    too long); None: the admins have it now."""
    if by is not None and by not in question.passed_by:
        question.passed_by = [*question.passed_by, by]
    owner = await owner_for(session, mentee, now, exclude=question.passed_by)
    question.owner_id = owner.id if owner else None
    _reopen(question, now, target)
    return owner


def _reopen(question: Question, now: datetime, target: timedelta) -> None:
    question.status = OPEN
    question.asked_at = now
    question.due_at = now + target
    question.reminders = 0
    question.closed_at = None


async def _add_message(
    session: AsyncSession,
    question: Question,
    author_id: int | None,
    kind: str,
    text: str,
    now: datetime,
) -> QuestionMessage:
    message = QuestionMessage(
        question_id=question.id, author_id=author_id, kind=kind, text=text, created_at=now
    )
    session.add(message)
    await session.flush()
    return message


async def thread(session: AsyncSession, question_id: int) -> list[QuestionMessage]:
    rows = await session.scalars(
        select(QuestionMessage)
        .where(QuestionMessage.question_id == question_id)
        .order_by(QuestionMessage.id)
    )
    return list(rows.all())


def may_answer(question: Question, person: Person) -> bool:
    """The owner answers; when the admins own it, or any time, an admin may."""
    return question.owner_id == person.id or person.role == Role.ADMIN.value


def may_ask_more(question: Question, person: Person) -> bool:
    return question.mentee_id == person.id


def may_retract(question: Question, person: Person, now: datetime) -> bool:
    if person.role == Role.ADMIN.value:
        return True
    return question.mentee_id == person.id and now - question.created_at <= RETRACT_WINDOW


async def by_reply(session: AsyncSession, person_id: int, message_id: str) -> int | None:
    """The question whose relayed copy (or answer) this person replied to, if it was one."""
    rows = await session.execute(
        select(OutboxMessage.dedup_key, OutboxMessage.message_ids)
        .where(OutboxMessage.person_id == person_id, OutboxMessage.dedup_key.like("q:%"))
        .order_by(OutboxMessage.id.desc())
        .limit(2000)
    )
    for key, message_ids in rows.all():
        if message_ids and message_id in message_ids:
            return int(key.split(":")[1])
    return None


@dataclass(frozen=True, slots=True)
class Copy:
    """A relayed message already in someone's chat, to withdraw."""

    person_id: int
    channel: str
    address: str
    message_ids: tuple[str, ...]


async def retract(session: AsyncSession, question: Question) -> list[Copy]:
    """Delete the question, its thread and every outbox row about it (unsent ones are never
    sent); returns the copies already delivered, for the caller to withdraw."""
    rows = await session.execute(
        select(
            OutboxMessage.person_id,
            OutboxMessage.channel,
            OutboxMessage.address,
            OutboxMessage.message_ids,
        ).where(store.keyed(_prefix(question.id)))
    )
    copies = [
        Copy(person_id, channel, address, tuple(ids))
        for person_id, channel, address, ids in rows.all()
        if ids
    ]
    await session.execute(delete(OutboxMessage).where(store.keyed(_prefix(question.id))))
    await session.delete(question)
    await session.flush()
    return copies


async def of_mentee(session: AsyncSession, mentee_id: int, limit: int = 10) -> list[Question]:
    rows = await session.scalars(
        select(Question)
        .where(Question.mentee_id == mentee_id)
        .order_by(Question.created_at.desc(), Question.id.desc())
        .limit(limit)
    )
    return list(rows.all())


async def queue(
    session: AsyncSession, owner_id: int | None, *, demo: bool = False, limit: int = 20
) -> list[Question]:
    """Open questions of an owner (None: the admins'), the longest waiting first."""
    query = select(Question).where(Question.status == OPEN)
    if owner_id is None:
        query = query.join(Person, Person.id == Question.mentee_id).where(
            Question.owner_id.is_(None), Person.is_demo.is_(demo)
        )
    else:
        query = query.where(Question.owner_id == owner_id)
    rows = await session.scalars(query.order_by(Question.asked_at, Question.id).limit(limit))
    return list(rows.all())


async def open_of_owner(session: AsyncSession, owner_id: int) -> list[Question]:
    rows = await session.scalars(
        select(Question).where(Question.owner_id == owner_id, Question.status == OPEN)
    )
    return list(rows.all())


@dataclass(frozen=True, slots=True)
class Due:
    question: Question
    step: int  # 1, 2: a reminder at that share of the target; 3: it is overdue


async def due(session: AsyncSession, now: datetime, target: timedelta) -> list[Due]:
    """Open questions whose next reminder or escalation is due, oldest first."""
    earliest = now - target * REMINDER_SHARES[0]
    rows = await session.scalars(
        select(Question)
        .where(
            Question.status == OPEN,
            Question.reminders < ESCALATED_TO_ADMINS,
            Question.asked_at <= earliest,
        )
        .order_by(Question.asked_at, Question.id)
        .limit(500)
        # Locked on PostgreSQL: an answer being written now is not overtaken by an escalation
        # (and the answer waits for the escalation's commit, then sees the new owner).
        .with_for_update(skip_locked=True)
    )
    found = []
    for question in rows.all():
        waited = now - question.asked_at
        if now >= question.due_at:
            found.append(Due(question, ESCALATED_TO_ADMINS))
            continue
        step = sum(1 for share in REMINDER_SHARES if waited >= target * share)
        if step > question.reminders:
            found.append(Due(question, step))
    return found


async def publish(
    session: AsyncSession,
    language: str,
    question: str,
    answer: str,
    author_id: int | None,
    now: datetime,
) -> FaqEntry:
    same = await session.scalar(
        select(FaqEntry).where(FaqEntry.language == language, FaqEntry.question == question)
    )
    if same is not None:  # published twice (a double press): one entry, the latest answer
        same.answer = answer
        search.forget_cached()
        return same
    entry = FaqEntry(
        language=language, question=question, answer=answer, author_id=author_id, created_at=now
    )
    session.add(entry)
    await session.flush()
    search.forget_cached()  # found by this process's next search at once
    return entry


async def forget_mentee_copies(session: AsyncSession, mentee_id: int) -> list[Copy]:
    """Before a mentee is erased: their questions' relayed copies, and every outbox row about
    them in other people's names (the rows of their own cascade with them)."""
    copies: list[Copy] = []
    for question in await of_mentee(session, mentee_id, limit=10_000):
        copies += [c for c in await retract(session, question) if c.person_id != mentee_id]
    return copies


async def forget_closed_older_than(session: AsyncSession, moment: datetime) -> int:
    result = await session.execute(
        delete(Question).where(Question.status == CLOSED, Question.closed_at < moment)
    )
    return int(getattr(result, "rowcount", 0) or 0)


async def close_answered_older_than(session: AsyncSession, moment: datetime) -> int:
    """An answer nobody followed up on since `moment` is as good as solved."""
    result = await session.execute(
        update(Question)
        .where(Question.status == ANSWERED, Question.answered_at < moment)
        .values(status=CLOSED, closed_at=Question.answered_at)
    )
    return int(getattr(result, "rowcount", 0) or 0)


@dataclass(frozen=True, slots=True)
class AnswerTimes:
    asked: int
    answered: int
    open: int
    overdue: int
    median_first_response_hours: float | None
    answered_in_time: float | None  # share of answered questions answered within the target


async def answer_times(session: AsyncSession, now: datetime, target: timedelta) -> AnswerTimes:
    rows = (
        await session.execute(
            select(Question.created_at, Question.first_answer_at, Question.status, Question.due_at)
        )
    ).all()
    waits = [(first - created) for created, first, _s, _d in rows if first is not None]
    open_rows = [r for r in rows if r[2] == OPEN]
    return AnswerTimes(
        asked=len(rows),
        answered=len(waits),
        open=len(open_rows),
        overdue=sum(1 for r in open_rows if r[3] <= now),
        median_first_response_hours=(
            round(statistics.median(w.total_seconds() for w in waits) / 3600, 1) if waits else None
        ),
        answered_in_time=(
            round(sum(1 for w in waits if w <= target) / len(waits), 2) if waits else None
        ),
    )
