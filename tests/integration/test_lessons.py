"""Lessons on schedule, told by moving the clock: each mentee at their own 07:00 in WIB, WITA
and WIT, never on weekends, holidays or in quiet hours; checks, reviews and progress."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot import bootstrap, provinces
from bot.clock import FixedClock
from bot.db.models import Cohort, LessonDelivery, OutboxMessage, Person, Review
from bot.messages import Channel
from bot.roles import Role
from bot.services import people, profile
from tests.chat import Chat

# Monday 7 December 2026, 00:00 UTC: 07:00 in WIB (UTC+7).
MONDAY_WIB_0700 = datetime(2026, 12, 7, 0, 0, tzinfo=UTC)
ZONES = {"budi": "JI", "wayan": "SN", "yohana": "PA"}  # Jawa Timur, Sulawesi Selatan, Papua


@pytest.fixture
def clock(app: bootstrap.App) -> FixedClock:
    fixed = FixedClock(MONDAY_WIB_0700 - timedelta(days=1))
    app.core.clock = fixed
    return fixed


async def mentee(
    app: bootstrap.App, handle: str, province: str = "JI", time: str = "07:00"
) -> Person:
    """A mentee who joined the day before, on the console channel."""
    now = app.core.clock.now()
    async with app.db.unit_of_work() as session:
        person = await people.join(
            session,
            people.Address(Channel.CONSOLE, handle, handle),
            role=Role.MENTEE,
            language="en",
            cohort_id=None,
            now=now,
            display_name=handle.capitalize(),
        )
        found = provinces.by_code(province)
        assert found is not None
        profile.set_province(person, found)
        person.lesson_time, person.office, person.onboarded_at = time, "Kejari", now
    return person


async def run_due(app: bootstrap.App, at: datetime) -> list[str]:
    """Run the lessons job at `at`; the keys of the lesson messages it queued."""
    async with app.sessions() as session:
        before = set((await session.scalars(select(OutboxMessage.dedup_key))).all())
    await app.core.run_job("lessons-due", at)
    async with app.sessions() as session:
        after = set((await session.scalars(select(OutboxMessage.dedup_key))).all())
    return sorted(key for key in after - before if not key.endswith(":check"))


def key(person: Person, lesson: str = "m1-l1") -> str:
    return f"lesson:{lesson}:person:{person.id}"


async def test_each_zone_gets_its_lesson_at_its_own_seven_oclock(
    app: bootstrap.App, clock: FixedClock
) -> None:
    budi, wayan, yohana = [await mentee(app, h, p) for h, p in ZONES.items()]
    wit_0700 = MONDAY_WIB_0700 - timedelta(hours=2)  # 07:00 in Jayapura is 05:00 in Jakarta
    assert await run_due(app, wit_0700 - timedelta(minutes=1)) == []
    assert await run_due(app, wit_0700) == [key(yohana)]
    assert await run_due(app, wit_0700 + timedelta(minutes=59)) == []  # 06:59 WITA
    assert await run_due(app, wit_0700 + timedelta(hours=1)) == [key(wayan)]
    assert await run_due(app, MONDAY_WIB_0700) == [key(budi)]
    assert await run_due(app, MONDAY_WIB_0700 + timedelta(hours=3)) == []  # once a day


async def test_the_check_follows_the_lesson_with_a_button_per_option(
    app: bootstrap.App, clock: FixedClock
) -> None:
    budi = await mentee(app, "budi")
    await run_due(app, MONDAY_WIB_0700)
    async with app.sessions() as session:
        rows = (await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))).all()
    lesson, check = rows
    assert lesson.dedup_key == key(budi) and check.dedup_key == key(budi) + ":check"
    assert lesson.body is not None and "Lesson 1.1" in lesson.body["text"]
    assert "awaiting the programme's legal review" in lesson.body["text"]
    assert check.body is not None
    labels = [b["label"] for row in check.body["buttons"] for b in row]
    assert labels == ["A", "B", "C"]


async def test_weekends_and_holidays_get_no_lesson(app: bootstrap.App, clock: FixedClock) -> None:
    budi = await mentee(app, "budi")
    saturday = MONDAY_WIB_0700 - timedelta(days=2)
    assert await run_due(app, saturday + timedelta(hours=1)) == []
    christmas = datetime(2026, 12, 25, 1, 0, tzinfo=UTC)  # a Friday, a national holiday
    assert await run_due(app, christmas) == []
    assert await run_due(app, christmas + timedelta(days=3)) == [key(budi)]  # Monday


async def test_nothing_is_sent_in_quiet_hours_and_such_a_time_is_refused(
    app: bootstrap.App, clock: FixedClock
) -> None:
    await mentee(app, "budi")
    chat = Chat(app.core, "budi", language="en")
    await chat.send("/settings")
    await chat.press_label("Lesson time")
    await chat.send("22:30")
    assert "falls in the quiet hours (21:00-06:00)" in chat.text
    async with app.sessions() as session:
        time = await session.scalar(select(Person.lesson_time))
    assert time == "07:00"


async def test_a_mentee_who_was_offline_for_days_gets_one_lesson_not_a_burst(
    app: bootstrap.App, clock: FixedClock
) -> None:
    budi = await mentee(app, "budi")
    # The bot was down from Monday to Thursday morning: Thursday brings one lesson.
    thursday = MONDAY_WIB_0700 + timedelta(days=3, hours=2)
    assert await run_due(app, thursday) == [key(budi)]
    assert await run_due(app, thursday + timedelta(minutes=1)) == []
    friday = thursday + timedelta(days=1)
    assert await run_due(app, friday) == [key(budi, "m1-l2")]


async def test_lesson_now_counts_as_todays(app: bootstrap.App, clock: FixedClock) -> None:
    budi = await mentee(app, "budi")
    clock.set(MONDAY_WIB_0700 - timedelta(hours=1))
    chat = Chat(app.core, "budi", language="en")
    await chat.send("/lesson")
    assert "Lesson 1.1" in chat.text
    assert await run_due(app, MONDAY_WIB_0700) == []
    assert await run_due(app, MONDAY_WIB_0700 + timedelta(days=1)) == [key(budi, "m1-l2")]


async def test_pause_for_days_and_resume(app: bootstrap.App, clock: FixedClock) -> None:
    budi = await mentee(app, "budi")
    clock.set(MONDAY_WIB_0700 - timedelta(hours=1))
    chat = Chat(app.core, "budi", language="en")
    await chat.send("/pause 2")
    assert "paused until 09.12.2026 06:00" in chat.text
    assert await run_due(app, MONDAY_WIB_0700) == []
    assert await run_due(app, MONDAY_WIB_0700 + timedelta(days=1)) == []
    assert await run_due(app, MONDAY_WIB_0700 + timedelta(days=2)) == [key(budi)]
    await chat.send("/pause")
    assert await run_due(app, MONDAY_WIB_0700 + timedelta(days=3)) == []
    await chat.send("/resume")
    assert await run_due(app, MONDAY_WIB_0700 + timedelta(days=3)) == [key(budi, "m1-l2")]


async def test_a_cohort_starts_on_its_date(app: bootstrap.App, clock: FixedClock) -> None:
    budi = await mentee(app, "budi")
    async with app.db.unit_of_work() as session:
        cohort = Cohort(
            name="Makassar 2026",
            created_at=clock.now(),
            starts_on=MONDAY_WIB_0700.date() + timedelta(days=1),
        )
        session.add(cohort)
        await session.flush()
        person = await session.get(Person, budi.id)
        assert person is not None
        person.cohort_id = cohort.id
    assert await run_due(app, MONDAY_WIB_0700) == []
    assert await run_due(app, MONDAY_WIB_0700 + timedelta(days=1)) == [key(budi)]


async def test_someone_who_joins_after_their_time_starts_the_next_day(
    app: bootstrap.App, clock: FixedClock
) -> None:
    clock.set(MONDAY_WIB_0700 + timedelta(hours=3))  # joins at 10:00 with 07:00 lessons
    budi = await mentee(app, "budi")
    assert await run_due(app, MONDAY_WIB_0700 + timedelta(hours=4)) == []
    assert await run_due(app, MONDAY_WIB_0700 + timedelta(days=1)) == [key(budi)]


async def test_lesson_days_are_changed_in_settings(app: bootstrap.App, clock: FixedClock) -> None:
    budi = await mentee(app, "budi")
    chat = Chat(app.core, "budi", language="en")
    await chat.send("/settings")
    await chat.press_label("Lesson days")
    await chat.press("day:t:1")  # Monday off
    await chat.press("day:t:6")  # Saturday on
    await chat.press("day:done")
    assert "Lesson days: Tue, Wed, Thu, Fri, Sat" in chat.text
    assert await run_due(app, MONDAY_WIB_0700) == []
    saturday = MONDAY_WIB_0700 + timedelta(days=5)
    assert await run_due(app, saturday) == [key(budi)]


async def deliveries(app: bootstrap.App) -> list[LessonDelivery]:
    async with app.sessions() as session:
        return list((await session.scalars(select(LessonDelivery))).all())


async def test_a_right_answer_completes_the_lesson(app: bootstrap.App, clock: FixedClock) -> None:
    await mentee(app, "budi")
    await run_due(app, MONDAY_WIB_0700)
    clock.set(MONDAY_WIB_0700 + timedelta(minutes=5))
    chat = Chat(app.core, "budi", language="en")  # another process, or after a restart
    lesson = app.core.curricula["en"].lesson("m1-l1")
    assert lesson is not None
    await chat.press(f"chk:m1-l1:{lesson.check.answer}")
    assert "✅ Correct." in chat.text
    [row] = await deliveries(app)
    assert row.correct is True and row.answered_at == clock.now()
    await chat.press(f"chk:m1-l1:{lesson.check.answer}")
    assert "answered this question already" in chat.text


async def test_a_wrong_answer_comes_back_after_one_three_and_seven_days(
    app: bootstrap.App, clock: FixedClock
) -> None:
    budi = await mentee(app, "budi")
    await run_due(app, MONDAY_WIB_0700)
    lesson = app.core.curricula["en"].lesson("m1-l1")
    assert lesson is not None
    wrong = 1 if lesson.check.answer != 1 else 2
    clock.set(MONDAY_WIB_0700)
    chat = Chat(app.core, "budi", language="en")
    await chat.press(f"chk:m1-l1:{wrong}")
    assert "Not quite: the answer is" in chat.text
    async with app.sessions() as session:
        reviews = (await session.scalars(select(Review).order_by(Review.step))).all()
    assert [r.due_at - MONDAY_WIB_0700 for r in reviews] == [timedelta(days=d) for d in (1, 3, 7)]
    await app.core.run_job("reviews-due", MONDAY_WIB_0700 + timedelta(hours=12))
    async with app.sessions() as session:
        keys = set((await session.scalars(select(OutboxMessage.dedup_key))).all())
    assert f"review:m1-l1:1:person:{budi.id}" not in keys  # not yet
    await app.core.run_job("reviews-due", MONDAY_WIB_0700 + timedelta(days=1))
    async with app.sessions() as session:
        keys = set((await session.scalars(select(OutboxMessage.dedup_key))).all())
    assert f"review:m1-l1:1:person:{budi.id}" in keys
    await chat.press(f"rev:m1-l1:1:{lesson.check.answer}")
    assert "✅ Correct." in chat.text
    await chat.press(f"rev:m1-l1:1:{lesson.check.answer}")
    assert "answered this question already" in chat.text


async def test_a_check_for_a_lesson_never_given_is_expired(
    app: bootstrap.App, clock: FixedClock
) -> None:
    await mentee(app, "budi")
    chat = Chat(app.core, "budi", language="en")
    await chat.press("chk:m3-l1:1")
    assert "This button has expired" in chat.text
    assert await deliveries(app) == []


async def test_progress_after_a_module(app: bootstrap.App, clock: FixedClock) -> None:
    await mentee(app, "budi")
    chat = Chat(app.core, "budi", language="en")
    curriculum = app.core.curricula["en"]
    for day, lesson in enumerate(curriculum.lessons[:4]):
        clock.set(MONDAY_WIB_0700 + timedelta(days=day))
        await chat.send("/lesson")
        await chat.press(f"chk:{lesson.id}:{lesson.check.answer}")
    assert "Module 1 is complete" in chat.text
    await chat.send("/progress")
    assert "▓▓▓▓▓▓▓▓ 1. Legal foundations: 4/4 · 100% right" in chat.text
    assert "correct: 100%" in chat.text
    assert "streak: 4 lesson day(s)" in chat.text
    await chat.send("/lessons")
    await chat.press("mod:1")
    marks = [line[0] for line in chat.text.splitlines() if line and line[0] in "✅📖⬜"]
    assert marks[:4] == ["✅", "✅", "✅", "✅"]  # the four lessons, before the legend
    await chat.press("les:m1-l2")
    assert "Lesson 1.2" in chat.text
    await chat.press("les:m2-l1")  # not given yet: cannot be read ahead
    assert "This button has expired" in chat.text
