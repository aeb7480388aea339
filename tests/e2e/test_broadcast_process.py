"""A broadcast composed in chat, sent by the real `python -m bot run` through the fake Bot
API, the bot killed with SIGKILL in the middle and started again: every mentee gets it once
(duplicates at most the copies in flight), and the admin gets the final report."""

from __future__ import annotations

import asyncio
import signal
from collections import Counter
from pathlib import Path

import pytest

from bot.clock import Clock
from bot.db import migrate
from bot.db.engine import create_engine, session_factory
from bot.roles import Role
from bot.services import people
from tests.e2e.test_outbox_delivery import (
    bot_process_env,
    join_telegram_mentee,
    received,
    start_process,
)
from tests.fakes.telegram_server import FakeTelegramServer, SentMessage

ADMIN = 6001
FIRST_MENTEE = 6101
TEXT = "Pelatihan penanganan korban hari Senin"


async def prepare(database_url: str, server: FakeTelegramServer, mentees: int) -> list[int]:
    engine = create_engine(database_url)
    await migrate.upgrade(engine)
    chats = list(range(FIRST_MENTEE, FIRST_MENTEE + mentees))
    now = Clock().now()
    try:
        async with session_factory(engine).begin() as session:
            server.user(ADMIN, language_code="en")
            admin = await people.join(
                session,
                people.Address("telegram", str(ADMIN), str(ADMIN)),
                role=Role.ADMIN,
                language="en",
                cohort_id=None,
                now=now,
                display_name="Programme Admin",
            )
            admin.onboarded_at = now
            for chat in chats:
                server.user(chat, language_code="en")
                await join_telegram_mentee(session, chat, now)
    finally:
        await engine.dispose()
    return chats


class Admin:
    """The admin's side of the chat with a bot running in another process."""

    def __init__(self, server: FakeTelegramServer) -> None:
        self.server = server
        self.user = server.user(ADMIN)

    async def _after(self, before: int, count: int = 1) -> list[SentMessage]:
        await self.server.wait_for_messages(ADMIN, before + count, timeout=30)
        return self.server.messages(ADMIN)[before:]

    async def say(self, text: str, count: int = 1) -> list[SentMessage]:
        before = len(self.server.messages(ADMIN))
        self.server.send_text(self.user, text)
        return await self._after(before, count)

    async def press(self, label: str, count: int = 1) -> list[SentMessage]:
        message = next(
            m
            for m in reversed(self.server.messages(ADMIN))
            if any(label in text for row in m.buttons for text, _data in row)
        )
        data = next(d for row in message.buttons for text, d in row if label in text and d)
        before = len(self.server.messages(ADMIN))
        self.server.press(self.user, message, data)
        return await self._after(before, count)


@pytest.mark.timeout(240)
async def test_a_broadcast_killed_in_the_middle_reaches_everyone_once_after_a_restart(
    telegram: FakeTelegramServer, database_url: str, tmp_path: Path
) -> None:
    chats = await prepare(database_url, telegram, 24)
    env = bot_process_env(database_url, telegram, rate=6)  # about four seconds for everyone
    first = await start_process(env, tmp_path)
    try:
        admin = Admin(telegram)
        await telegram.wait_until(lambda: bool(telegram.calls("getUpdates")), timeout=60)
        await admin.say("/broadcast")
        await admin.press("A message")
        await admin.say(TEXT)
        await admin.press("Skip")
        await admin.press("Mentees")
        preview = await admin.press("Now", count=3)  # the heading, the message, Send
        assert TEXT in preview[1].plain_text
        assert "all mentees: 24 people" in preview[2].plain_text
        before = len(telegram.messages(ADMIN))
        telegram.press(admin.user, preview[2], preview[2].callback_for("Send"))
        await telegram.wait_until(lambda: len(received(telegram, chats, TEXT)) >= 8, timeout=60)
    finally:
        first.send_signal(signal.SIGKILL)
        await first.wait()
    assert len(received(telegram, chats, TEXT)) < 24  # it really was stopped in the middle
    second = await start_process(env, tmp_path)
    try:
        await telegram.wait_until(
            lambda: set(received(telegram, chats, TEXT)) == set(chats), timeout=120
        )
        await telegram.wait_until(
            lambda: any("finished" in m.plain_text for m in telegram.messages(ADMIN)[before:]),
            timeout=60,
        )
    finally:
        second.send_signal(signal.SIGTERM)
        await asyncio.wait_for(second.wait(), timeout=30)
    counts: Counter[int] = received(telegram, chats, TEXT)
    duplicates = sum(count - 1 for count in counts.values())
    assert duplicates <= 2, counts  # only copies in flight when it died
    [report] = [m for m in telegram.messages(ADMIN)[before:] if "finished" in m.plain_text]
    assert "delivered: 24" in report.plain_text
    # The confirmation became the progress message, edited in place rather than sent anew.
    confirm = telegram.messages(ADMIN)[before - 1]
    shown = [confirm.plain_text, *(edit.plain_text for edit in confirm.edits)]
    assert confirm.edits and any("Broadcast #1" in text for text in shown), shown
