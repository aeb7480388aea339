"""Updates per second and reply latency of the bot, against a bare aiogram echo bot.

Both bots run the real aiogram client against the fake Bot API server from tests/, in this
process, on SQLite by default (DATABASE_URL selects another database for the mentoring bot).
Many simulated, already onboarded people send /help:

1. throughput: a burst of updates queued at once, timed until every reply arrived;
2. latency: updates at a steady rate (100/s by default), time from queueing to the reply.

The figure that matters is the ratio of the bot to the echo bot measured in the same run.

    python -m benchmarks.updates [--people 200] [--burst 2000] [--rate 100] [--seconds 10]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import statistics
import tempfile
import time
from collections import defaultdict, deque
from dataclasses import dataclass
from pathlib import Path

from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import Message

from bot import bootstrap
from bot.config import HttpSettings, Settings, TelegramSettings, WhatsAppSettings
from bot.db import migrate
from bot.db.engine import create_engine, session_factory
from bot.db.models import utcnow
from bot.messages import Channel
from bot.roles import Role
from bot.services import people
from tests.fakes.telegram_server import FakeTelegramServer, FakeUser, SentMessage

TOKEN = "4242:BENCHMARK"
FIRST_USER_ID = 10_000


@dataclass
class Figures:
    name: str
    burst_rate: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    steady_rate: float


class Recorder:
    """Matches each reply to the oldest unanswered update of the same chat."""

    def __init__(self) -> None:
        self.pending: dict[int, deque[float]] = defaultdict(deque)
        self.latencies: list[float] = []
        self.replies = 0
        self.done = asyncio.Event()
        self.expected = 0

    def sent(self, chat_id: int) -> None:
        self.pending[chat_id].append(time.perf_counter())

    def on_reply(self, message: SentMessage) -> None:
        queue = self.pending.get(message.chat_id)
        if queue:
            self.latencies.append(time.perf_counter() - queue.popleft())
        self.replies += 1
        if self.replies >= self.expected:
            self.done.set()

    def reset(self, expected: int) -> None:
        self.pending.clear()
        self.latencies.clear()
        self.replies = 0
        self.expected = expected
        self.done = asyncio.Event()


async def measure(
    name: str,
    server: FakeTelegramServer,
    recorder: Recorder,
    users: list[FakeUser],
    args: argparse.Namespace,
) -> Figures:
    # Warm-up: imports, connection pools, caches.
    recorder.reset(len(users))
    for user in users:
        recorder.sent(user.id)
        server.send_text(user, "/help")
    await asyncio.wait_for(recorder.done.wait(), timeout=120)

    recorder.reset(args.burst)
    started = time.perf_counter()
    for index in range(args.burst):
        user = users[index % len(users)]
        recorder.sent(user.id)
        server.send_text(user, "/help")
    await asyncio.wait_for(recorder.done.wait(), timeout=600)
    burst_rate = args.burst / (time.perf_counter() - started)

    total = int(args.rate * args.seconds)
    recorder.reset(total)
    interval = 1 / args.rate
    started = time.perf_counter()
    for index in range(total):
        # Absolute schedule, so a slow step does not lower the offered rate.
        delay = started + index * interval - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        user = users[index % len(users)]
        recorder.sent(user.id)
        server.send_text(user, "/help")
    await asyncio.wait_for(recorder.done.wait(), timeout=600)
    steady_rate = total / (time.perf_counter() - started)
    cuts = statistics.quantiles(recorder.latencies, n=100)
    return Figures(
        name, burst_rate, cuts[49] * 1000, cuts[94] * 1000, cuts[98] * 1000, steady_rate
    )


async def run_echo(args: argparse.Namespace) -> Figures:
    recorder = Recorder()
    async with FakeTelegramServer(token=TOKEN, on_bot_message=recorder.on_reply) as server:
        users = [server.user(FIRST_USER_ID + i, f"P{i}") for i in range(args.people)]
        session = AiohttpSession(api=TelegramAPIServer.from_base(server.base_url))
        bot = Bot(TOKEN, session=session)
        dispatcher = Dispatcher()

        async def echo(message: Message) -> None:
            await message.answer(message.text or "")

        dispatcher.message.register(echo)
        polling = asyncio.create_task(
            dispatcher.start_polling(bot, handle_signals=False, polling_timeout=10)
        )
        try:
            return await measure("aiogram echo bot", server, recorder, users, args)
        finally:
            await dispatcher.stop_polling()
            await polling


async def onboard(database_url: str, count: int) -> None:
    engine = create_engine(database_url)
    try:
        await migrate.upgrade(engine)
        now = utcnow()
        async with session_factory(engine).begin() as session:
            for index in range(count):
                user_id = str(FIRST_USER_ID + index)
                person = await people.join(
                    session,
                    people.Address(Channel.TELEGRAM, user_id, user_id),
                    role=Role.MENTEE,
                    language="id",
                    cohort_id=None,
                    now=now,
                    display_name=f"Peserta {index}",
                )
                person.onboarded_at = now
    finally:
        await engine.dispose()


async def run_bot(args: argparse.Namespace, database_url: str) -> Figures:
    await onboard(database_url, args.people)
    recorder = Recorder()
    async with FakeTelegramServer(token=TOKEN, on_bot_message=recorder.on_reply) as server:
        users = [server.user(FIRST_USER_ID + i, f"P{i}") for i in range(args.people)]
        settings = Settings(
            database_url=database_url,
            telegram=TelegramSettings(
                bot_token=TOKEN, api_base=server.base_url, rate_limit=10_000
            ),  # type: ignore[arg-type]
            whatsapp=WhatsAppSettings(),
            http=HttpSettings(port=0),
        )
        stop = asyncio.Event()
        task = asyncio.create_task(bootstrap.run(settings, stop=stop))
        await server.wait_until(lambda: bool(server.calls("getUpdates")), timeout=30)
        try:
            return await measure("mentoring bot", server, recorder, users, args)
        finally:
            stop.set()
            await task


def report(bot: Figures, echo: Figures, args: argparse.Namespace, database: str) -> None:
    print(f"\n{args.people} people sending /help; database {database}")
    print(f"{'':22}{'burst upd/s':>12}{'steady upd/s':>14}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
    for figures in (bot, echo):
        print(
            f"{figures.name:22}{figures.burst_rate:12.0f}{figures.steady_rate:14.1f}"
            f"{figures.p50_ms:9.2f}{figures.p95_ms:9.2f}{figures.p99_ms:9.2f}"
        )
    print(
        f"\nthroughput ratio (bot / echo): {bot.burst_rate / echo.burst_rate:.2f}  (target >= 0.5)"
    )
    print(f"p99 at {args.rate:g} updates/s: {bot.p99_ms:.1f} ms  (target < 50 ms)")


async def main_async(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        database_url = (
            os.environ.get("DATABASE_URL") or f"sqlite+aiosqlite:///{Path(tmp) / 'b.db'}"
        )
        echo = await run_echo(args)
        bot = await run_bot(args, database_url)
        report(bot, echo, args, database_url.split(":", 1)[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--burst", type=int, default=2000)
    parser.add_argument("--rate", type=float, default=100.0)
    parser.add_argument("--seconds", type=float, default=10.0)
    logging.basicConfig(level=logging.WARNING)
    asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    main()
