"""Weekly digests, told with the injected clock: Monday 08:00 in each reader's own zone, once
a week; a mentor's shows their mentees' week and waiting questions, an admin's the programme."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot import bootstrap, provinces
from bot.clock import FixedClock
from bot.db.models import LessonDelivery, Mentorship, OutboxMessage, Person
from bot.messages import Channel
from bot.roles import Role
from bot.services import people, profile

# Monday 7 December 2026, 08:00 in Makassar (WITA) is 00:00 UTC.
MONDAY_WITA_0800 = datetime(2026, 12, 7, 0, 0, tzinfo=UTC)


@pytest.fixture
def clock(app: bootstrap.App) -> FixedClock:
    fixed = FixedClock(MONDAY_WITA_0800 - timedelta(days=3))
    app.core.clock = fixed
    return fixed


async def join(app: bootstrap.App, handle: str, role: Role, province: str) -> Person:
    now = app.core.clock.now()
    async with app.db.unit_of_work() as session:
        person = await people.join(
            session,
            people.Address(Channel.CONSOLE, handle, handle),
            role=role,
            language="en",
            cohort_id=None,
            now=now,
            display_name=handle.capitalize(),
        )
        place = provinces.by_code(province)
        assert place is not None
        profile.set_province(person, place)
        person.office, person.lesson_time, person.onboarded_at = "Kejari", "07:00", now
    return person


async def digests_queued(app: bootstrap.App, at: datetime) -> dict[int, str]:
    await app.core.run_job("digests-due", at)
    async with app.sessions() as session:
        rows = (
            await session.scalars(
                select(OutboxMessage).where(OutboxMessage.dedup_key.like("digest:%"))
            )
        ).all()
    return {row.person_id: (row.body or {}).get("text", "") for row in rows}


async def test_each_reader_gets_one_digest_at_their_own_monday_eight(
    app: bootstrap.App, clock: FixedClock
) -> None:
    mentor = await join(app, "rina", Role.MENTOR, "SN")  # WITA
    admin = await join(app, "admin1", Role.ADMIN, "JI")  # WIB
    mentee = await join(app, "budi", Role.MENTEE, "JI")
    async with app.db.unit_of_work() as session:
        session.add(Mentorship(mentor_id=mentor.id, mentee_id=mentee.id, started_at=clock.now()))
        for day, correct in ((1, True), (2, False)):
            at = MONDAY_WITA_0800 - timedelta(days=day)
            session.add(
                LessonDelivery(
                    person_id=mentee.id,
                    lesson_id=f"m1-l{day}",
                    delivered_at=at,
                    local_day=at.date(),
                    answered_at=at,
                    correct=correct,
                )
            )

    assert await digests_queued(app, MONDAY_WITA_0800 - timedelta(minutes=1)) == {}
    sent = await digests_queued(app, MONDAY_WITA_0800)
    assert set(sent) == {mentor.id}
    assert "Budi: 2 lessons this week (2 in all), 1 of 2 checks right" in sent[mentor.id]
    assert "Questions waiting for you: 0" in sent[mentor.id]

    sent = await digests_queued(app, MONDAY_WITA_0800 + timedelta(hours=1))  # 08:00 WIB
    assert set(sent) == {mentor.id, admin.id}
    assert "Lessons delivered: 2" in sent[admin.id] and "50 % right" in sent[admin.id]
    assert "Mentees without a mentor: 0" in sent[admin.id]

    await digests_queued(app, MONDAY_WITA_0800 + timedelta(hours=2))  # once a week each
    async with app.sessions() as session:
        count = len(
            (
                await session.scalars(
                    select(OutboxMessage).where(OutboxMessage.dedup_key.like("digest:%"))
                )
            ).all()
        )
    assert count == 2
    later = MONDAY_WITA_0800 + timedelta(days=2, hours=1)  # Wednesday: nothing
    assert set(await digests_queued(app, later)) == {mentor.id, admin.id}
