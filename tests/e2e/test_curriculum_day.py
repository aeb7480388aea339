"""A mentee's day, as it runs: the real bot process under a shifted clock sends the lesson at
the mentee's own time through the Bot API, and the console shows the same day to a newcomer."""

from __future__ import annotations

import asyncio
import signal
from datetime import datetime, timedelta
from pathlib import Path

from bot import provinces
from bot.db import migrate
from bot.db.engine import create_engine, session_factory
from bot.services import profile
from tests.conftest import shipped_curricula
from tests.e2e.processes import spawn
from tests.e2e.test_cli import run_cli, sqlite_env
from tests.e2e.test_outbox_delivery import bot_process_env, join_telegram_mentee
from tests.fakes.telegram_server import FakeTelegramServer

# Monday 7 December 2026, three seconds before 07:00 in Jakarta.
JUST_BEFORE_SEVEN = datetime.fromisoformat("2026-12-07T06:59:57+07:00")


async def telegram_mentee(database_url: str, user: int, lesson_time: str) -> None:
    engine = create_engine(database_url)
    await migrate.upgrade(engine)
    joined = JUST_BEFORE_SEVEN - timedelta(days=1)
    try:
        async with session_factory(engine).begin() as session:
            person = await join_telegram_mentee(session, user, joined)
            jakarta = provinces.by_code("JK")
            assert jakarta is not None
            profile.set_province(person, jakarta)
            person.lesson_time, person.office = lesson_time, "Kejari"
    finally:
        await engine.dispose()


async def test_the_bot_process_sends_the_lesson_at_the_mentees_seven_oclock(
    telegram: FakeTelegramServer, database_url: str, tmp_path: Path
) -> None:
    early, late = 8101, 8102
    for user, time in ((early, "07:00"), (late, "08:00")):
        telegram.user(user, language_code="en")
        await telegram_mentee(database_url, user, time)
    shifted = {"CLOCK_START": JUST_BEFORE_SEVEN.isoformat()}
    env = {**bot_process_env(database_url, telegram, rate=30), **shifted}
    bot = await spawn("run", env=env, cwd=tmp_path)
    try:
        [lesson, check] = await telegram.wait_for_messages(early, 2, timeout=40)
        assert "Lesson 1.1" in lesson.plain_text
        assert "Check your understanding" in check.plain_text
        assert telegram.messages(late) == []  # 08:00 has not come yet
        lesson_one = shipped_curricula()["en"].lesson("m1-l1")
        assert lesson_one is not None
        right = "ABCD"[lesson_one.check.answer - 1]
        person = telegram.user(early, language_code="en")
        telegram.press(person, check, check.callback_for(right))
        messages = await telegram.wait_for_messages(early, 3, timeout=20)
        assert messages[-1].plain_text.startswith("✅ Correct.")
    finally:
        bot.send_signal(signal.SIGTERM)
        await asyncio.wait_for(bot.wait(), timeout=30)


async def test_a_newcomer_watches_a_mentees_day_in_the_console(tmp_path: Path) -> None:
    lesson_one = shipped_curricula()["id"].lesson("m1-l1")
    assert lesson_one is not None
    right = str(lesson_one.check.answer)  # the option buttons are the only ones: 1-4
    env = {**sqlite_env(tmp_path), "CLOCK_START": "2026-12-06T20:00:00+07:00"}  # Sunday
    # The lesson at 07:00, its check, progress, then a checklist opened (no label) and ticked.
    script = f":clock 07:00\n{right}\n/progress\n/checklists\n1\n1\n1\n"
    code, out, err = await run_cli("run", env=env, stdin=script, cwd=tmp_path)
    assert code == 0, err
    after_clock = out[out.index("mentee> :clock 07:00") :]
    assert "Senin" in after_clock.splitlines()[1]  # Monday 07:00 WIB
    assert "Materi 1.1" in after_clock
    assert "Uji pemahaman" in after_clock
    assert "✅ Tepat." in after_clock
    assert "Kemajuan belajar Anda" in after_clock
    ticked = after_clock[after_clock.rindex("mentee> 1") :]
    assert "1 dari 8 butir sudah dicentang" in ticked
    assert "✅ 1. Risiko bagi korban" in ticked
