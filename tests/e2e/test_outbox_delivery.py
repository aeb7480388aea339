"""Delivery as it runs: the real bot (in-process, and as its own process, killed and started
again) sends an announcement and replies through a Bot API server that fails in every way."""

from __future__ import annotations

import asyncio
import os
import signal
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.db import migrate
from bot.db.engine import create_engine, session_factory
from bot.db.models import ChannelIdentity, OutboxMessage, Person
from bot.db.unit_of_work import Database
from bot.messages import Outgoing
from bot.outbox import courier as courier_module
from bot.roles import Role
from bot.services import broadcasts, people, pushes
from tests.conftest import make_settings
from tests.e2e.conftest import TOKEN, start_bot, stop_bot
from tests.e2e.processes import PIPE, ROOT, spawn
from tests.e2e.test_cli import run_cli
from tests.fakes.telegram_server import FakeTelegramServer

FIRST_ID = 7001


async def prepare_mentees(database_url: str, count: int, server: FakeTelegramServer) -> list[int]:
    """`count` joined mentees reachable on Telegram (their chats known to the server); their
    chat ids."""
    engine = create_engine(database_url)
    await migrate.upgrade(engine)
    ids = list(range(FIRST_ID, FIRST_ID + count))
    for user in ids:
        server.user(user, language_code="en")
    now = Clock().now()
    try:
        async with session_factory(engine).begin() as session:
            for user in ids:
                await join_telegram_mentee(session, user, now)
    finally:
        await engine.dispose()
    return ids


async def join_telegram_mentee(session: AsyncSession, user: int, now: datetime) -> Person:
    """A mentee who joined (and finished joining) at `now`, reachable on Telegram."""
    person = await people.join(
        session,
        people.Address("telegram", str(user), str(user)),
        role=Role.MENTEE,
        language="en",
        cohort_id=None,
        now=now,
        display_name=f"Mentee {user}",
    )
    person.onboarded_at = now
    return person


async def announce(database_url: str, text: str) -> int:
    engine = create_engine(database_url)
    try:
        now = Clock().now()
        async with Database(session_factory(engine)).unit_of_work() as session:
            result = await broadcasts.announce(
                session, broadcasts.Audience("mentees"), text, now=now, channels={"telegram"}
            )
    finally:
        await engine.dispose()
    return result.queued


def received(server: FakeTelegramServer, chats: list[int], text: str) -> Counter[int]:
    return Counter(chat for chat in chats for m in server.messages(chat) if text in m.plain_text)


async def statuses(database_url: str) -> Counter[str]:
    engine = create_engine(database_url)
    try:
        async with session_factory(engine)() as session:
            found = await session.scalars(select(OutboxMessage.status))
            return Counter(found.all())
    finally:
        await engine.dispose()


async def test_an_announcement_reaches_everyone_once_through_every_kind_of_fault(
    telegram: FakeTelegramServer, database_url: str
) -> None:
    chats = await prepare_mentees(database_url, 12, telegram)
    limited, flaky, dropped, blocked = chats[0], chats[1], chats[2], chats[3]
    telegram.fail_next(
        "sendMessage", chat_id=limited, status=429, description="Too Many Requests: retry after 2"
    )
    telegram.fail_next(
        "sendMessage", chat_id=flaky, status=500, description="Internal Server Error", times=2
    )
    telegram.drop_next("sendMessage", chat_id=dropped)
    telegram.fail_next(
        "sendMessage", chat_id=blocked, status=403, description="Forbidden: bot was blocked"
    )
    settings = make_settings(database_url, bot_token=TOKEN, api_base=telegram.base_url)
    running = await start_bot(settings, telegram)
    try:
        assert await announce(database_url, "Workshop on Wednesday") == 12
        reachable = [chat for chat in chats if chat != blocked]
        await telegram.wait_until(
            lambda: set(received(telegram, chats, "Workshop")) == set(reachable), timeout=60
        )
    finally:
        await stop_bot(running)
    assert received(telegram, chats, "Workshop") == Counter(reachable)  # once each
    assert await statuses(database_url) == Counter({"sent": 11, "dead": 1})
    assert await blocked_is_unreachable(database_url, blocked)


async def test_nothing_is_sent_before_retry_after_has_passed(
    telegram: FakeTelegramServer, database_url: str
) -> None:
    chats = await prepare_mentees(database_url, 6, telegram)
    telegram.fail_next(
        "sendMessage", chat_id=chats[0], status=429, description="Too Many Requests: retry after 2"
    )
    settings = make_settings(database_url, bot_token=TOKEN, api_base=telegram.base_url)
    running = await start_bot(settings, telegram)
    try:
        await announce(database_url, "Reminder")
        await telegram.wait_until(
            lambda: len(received(telegram, chats, "Reminder")) == len(chats), timeout=60
        )
    finally:
        await stop_bot(running)
    sends = telegram.arrivals_of("sendMessage")
    refused_at = next(at for at, chat in sends if chat == chats[0])  # its first try: the 429
    later = [at for at, _chat in sends if at > refused_at]
    assert len(later) == len(chats)  # the other five, and the refused one again
    assert min(later) - refused_at >= 2.0 - 0.05


async def blocked_is_unreachable(database_url: str, chat: int) -> bool:
    engine = create_engine(database_url)
    try:
        async with session_factory(engine)() as session:
            identity = await session.scalar(
                select(ChannelIdentity).where(ChannelIdentity.chat_id == str(chat))
            )
            return identity is not None and identity.unreachable_at is not None
    finally:
        await engine.dispose()


def bot_process_env(database_url: str, server: FakeTelegramServer, rate: int) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": database_url,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE": server.base_url,
        "TELEGRAM_RATE_LIMIT": str(rate),
        "HTTP_PORT": "0",
        "LOG_LEVEL": "WARNING",
    }


async def start_process(env: dict[str, str], cwd: Path) -> asyncio.subprocess.Process:
    return await spawn(
        "run",
        env=env,
        cwd=cwd,
    )


@pytest.mark.timeout(180)
async def test_a_bot_killed_in_the_middle_of_an_announcement_finishes_it_after_a_restart(
    telegram: FakeTelegramServer, database_url: str, tmp_path: Path
) -> None:
    chats = await prepare_mentees(database_url, 24, telegram)
    telegram.fail_next(
        "sendMessage", chat_id=chats[3], status=429, description="Too Many Requests: retry after 1"
    )
    telegram.fail_next("sendMessage", chat_id=chats[5], status=500, description="Bad", times=2)
    assert await announce(database_url, "Training day") == 24
    env = bot_process_env(database_url, telegram, rate=6)  # about four seconds for everyone
    first = await start_process(env, tmp_path)
    try:
        await telegram.wait_until(
            lambda: len(received(telegram, chats, "Training")) >= 8, timeout=60
        )
    finally:
        first.send_signal(signal.SIGKILL)
        await first.wait()
    before = len(received(telegram, chats, "Training"))
    assert before < 24  # it really was stopped in the middle
    second = await start_process(env, tmp_path)
    try:
        await telegram.wait_until(
            lambda: set(received(telegram, chats, "Training")) == set(chats), timeout=120
        )
    finally:
        second.send_signal(signal.SIGTERM)
        await asyncio.wait_for(second.wait(), timeout=30)
    counts = received(telegram, chats, "Training")
    duplicates = sum(count - 1 for count in counts.values())
    # Only rows sent but not yet recorded when the process died can arrive twice: at six a
    # second and a record every twentieth of a second, that is one or two.
    assert duplicates <= 2, counts
    assert await statuses(database_url) == Counter({"sent": 24})


async def test_a_reply_that_fails_three_times_still_arrives(
    telegram: FakeTelegramServer, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(courier_module, "BACKOFF_BASE_SECONDS", 0.1)  # retries in a moment
    settings = make_settings(database_url, bot_token=TOKEN, api_base=telegram.base_url)
    running_bot = await start_bot(settings, telegram)
    chats = await prepare_mentees(running_bot.settings.database_url, 1, running_bot.server)
    person = telegram.user(chats[0], language_code="en")
    telegram.fail_next("sendMessage", chat_id=chats[0], status=500, description="Bad", times=3)
    try:
        telegram.send_text(person, "/help")
        await telegram.wait_for_messages(chats[0], 1, timeout=60)
    finally:
        await stop_bot(running_bot)
    [reply] = telegram.messages(chats[0])
    assert "/settings" in reply.plain_text
    assert len([e for e in telegram.errors if e[0] == "sendMessage"]) == 3


@pytest.mark.timeout(120)
async def test_a_reply_pending_when_the_bot_is_killed_arrives_after_the_restart(
    telegram: FakeTelegramServer, database_url: str, tmp_path: Path
) -> None:
    [chat] = await prepare_mentees(database_url, 1, telegram)
    env = bot_process_env(database_url, telegram, rate=30)
    first = await start_process(env, tmp_path)
    try:
        await telegram.wait_until(lambda: bool(telegram.calls("getUpdates")), timeout=30)
        telegram.fail_next(
            "sendMessage",
            chat_id=chat,
            status=429,
            description="Too Many Requests: retry after 30",
        )
        telegram.send_text(telegram.user(chat, language_code="en"), "/help")
        await telegram.wait_until(lambda: bool(telegram.errors), timeout=30)
    finally:
        first.send_signal(signal.SIGKILL)  # while it waits out the 429
        await first.wait()
    assert telegram.messages(chat) == []
    second = await start_process(env, tmp_path)
    try:
        # The row waits out the rest of the 429 (a retry time in the row), then goes.
        await telegram.wait_for_messages(chat, 1, timeout=60)
    finally:
        second.send_signal(signal.SIGTERM)
        await asyncio.wait_for(second.wait(), timeout=30)
    [reply] = telegram.messages(chat)
    assert "/settings" in reply.plain_text


async def test_a_second_run_on_the_same_sqlite_file_says_so_in_one_line(
    telegram: FakeTelegramServer, database_url: str, tmp_path: Path
) -> None:
    if not database_url.startswith("sqlite"):
        pytest.skip("one process per database is SQLite's rule")
    env = bot_process_env(database_url, telegram, rate=30)
    first = await start_process(env, tmp_path)
    try:
        await telegram.wait_until(lambda: bool(telegram.calls("getUpdates")), timeout=30)
        second = await spawn(
            "run",
            env=env,
            cwd=tmp_path,
            stdout=PIPE,
            stderr=PIPE,
        )
        _out, err = await asyncio.wait_for(second.communicate(), timeout=60)
    finally:
        first.send_signal(signal.SIGTERM)
        await asyncio.wait_for(first.wait(), timeout=30)
    assert second.returncode == 1
    [line] = err.decode().strip().splitlines()
    assert line.startswith("start-up error: another `python -m bot run` is using the database")


async def test_long_messages_keep_the_pace_one_call_at_a_time(
    database_url: str,
) -> None:
    async with FakeTelegramServer(token=TOKEN, rate_limit=5) as telegram:
        chats = await prepare_mentees(database_url, 4, telegram)
        long_text = "\n\n".join(f"Paragraph {n}. " + "x" * 3000 for n in range(3))  # 3 parts
        engine = create_engine(database_url)
        try:
            async with Database(session_factory(engine)).unit_of_work() as session:
                for chat in chats:
                    address = await pushes.address_of(session, chat - FIRST_ID + 1, {"telegram"})
                    assert address is not None
                    await pushes.push(
                        session, chat - FIRST_ID + 1, Outgoing(long_text), key=f"long:{chat}",
                        now=Clock().now(), channels={"telegram"},
                    )  # fmt: skip
        finally:
            await engine.dispose()
        settings = make_settings(database_url, bot_token=TOKEN, api_base=telegram.base_url)
        settings.telegram.rate_limit = 5
        running = await start_bot(settings, telegram)
        try:
            await telegram.wait_until(
                lambda: all(len(telegram.messages(chat)) == 3 for chat in chats), timeout=60
            )
        finally:
            await stop_bot(running)
    assert telegram.rate_limited == 0  # no 429 caused by the bot's own pace
    assert telegram.busiest_second() <= 5


async def test_the_announce_command_prints_the_number_queued_first(
    telegram: FakeTelegramServer, tmp_path: Path
) -> None:
    database_url = f"sqlite+aiosqlite:///{tmp_path / 'announce.db'}"
    await prepare_mentees(database_url, 3, telegram)
    env = {"DATABASE_URL": database_url, "TELEGRAM_BOT_TOKEN": TOKEN,
           "TELEGRAM_API_BASE": telegram.base_url}  # fmt: skip
    args = ("announce", "--to", "mentees", "--text", "Workshop on Wednesday")
    code, out, err = await run_cli(*args, env=env)
    assert code == 0, err
    assert out.splitlines()[0] == "3"
    code, out, err = await run_cli(*args, env=env)  # the same, again the same day
    assert out.splitlines()[0] == "0"
    assert "3 already queued today" in err
    code, out, _err = await run_cli("outbox", env=env)
    assert "pending  3" in out
