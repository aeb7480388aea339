"""Updates per second and reply latency of the bot, against a bare aiogram echo bot.

Both bots run the real aiogram client against the fake Bot API server from tests/, on SQLite
by default (DATABASE_URL selects another database for the mentoring bot). By default both run
in this process, beside the server; with --process each runs as its own process, the way
production runs (`python -m bot run` for the mentoring bot), and the CPU time each spends per
update is read from /proc. Many simulated, already onboarded people send /help:

1. throughput: a burst of updates queued at once, timed until every reply arrived;
2. latency: updates at a steady rate (100/s by default), time from queueing to the reply.

Every reply goes through the outbox: a row written in the update's transaction, created
already claimed, sent at once and marked sent in batches. The fake server enforces no rate
here, so the bot's TELEGRAM_RATE_LIMIT is set to the highest the setting allows (10,000/s):
what is measured is the bot's own overhead, not its pace. The figure that matters is the
ratio of the bot to the echo bot measured in the same run.

    python -m benchmarks.updates [--process] [--people 200] [--burst 2000] [--rate 100]
                                 [--seconds 10]
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

from benchmarks.bot_process import TOKEN, BotProcess, bot_env, cpu_seconds
from bot import bootstrap
from bot.config import HttpSettings, Settings, TelegramSettings, WhatsAppSettings
from bot.db import migrate
from bot.db.engine import create_engine, session_factory
from bot.db.models import utcnow
from bot.messages import Channel
from bot.roles import Role
from bot.services import people
from tests.fakes.telegram_server import FakeTelegramServer, FakeUser, SentMessage

FIRST_USER_ID = 10_000
# The most TELEGRAM_RATE_LIMIT allows: no pace is enforced here, the overhead is measured.
RATE_LIMIT = 10_000
START_TIMEOUT = 60.0


@dataclass
class Figures:
    name: str
    burst_rate: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    steady_rate: float
    cpu_ms_per_update: float | None = None  # the bot's own process, during the burst
    # This process (the fake server, and the bots with no --process), during the burst: when
    # it nears one core's worth, the server rather than the bot limits the rate.
    server_cpu_ms_per_update: float | None = None


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
    pid: int | None = None,
) -> Figures:
    # Warm-up: imports, connection pools, caches.
    recorder.reset(len(users))
    for user in users:
        recorder.sent(user.id)
        server.send_text(user, "/help")
    await asyncio.wait_for(recorder.done.wait(), timeout=120)

    recorder.reset(args.burst)
    cpu = cpu_seconds(pid) if pid is not None else 0.0
    own_cpu = time.process_time()
    started = time.perf_counter()
    for index in range(args.burst):
        user = users[index % len(users)]
        recorder.sent(user.id)
        server.send_text(user, "/help")
    await asyncio.wait_for(recorder.done.wait(), timeout=600)
    burst_rate = args.burst / (time.perf_counter() - started)
    cpu_ms = (cpu_seconds(pid) - cpu) / args.burst * 1000 if pid is not None else None
    server_cpu_ms = (time.process_time() - own_cpu) / args.burst * 1000

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
        name,
        burst_rate,
        cuts[49] * 1000,
        cuts[94] * 1000,
        cuts[98] * 1000,
        steady_rate,
        cpu_ms,
        server_cpu_ms,
    )


def echo_dispatcher() -> Dispatcher:
    dispatcher = Dispatcher()

    async def echo(message: Message) -> None:
        await message.answer(message.text or "")

    dispatcher.message.register(echo)
    return dispatcher


async def run_echo(args: argparse.Namespace, workdir: Path) -> Figures:
    recorder = Recorder()
    async with FakeTelegramServer(token=TOKEN, on_bot_message=recorder.on_reply) as server:
        users = [server.user(FIRST_USER_ID + i, f"P{i}") for i in range(args.people)]
        if args.process:
            echo = BotProcess(
                bot_env("", server.base_url, RATE_LIMIT),
                workdir,
                command=("-m", "benchmarks.updates", "--echo-bot", server.base_url),
                name="echo",
            )
            return await measure_process("aiogram echo bot", echo, server, recorder, users, args)
        session = AiohttpSession(api=TelegramAPIServer.from_base(server.base_url))
        bot = Bot(TOKEN, session=session)
        dispatcher = echo_dispatcher()
        polling = asyncio.create_task(
            dispatcher.start_polling(bot, handle_signals=False, polling_timeout=10)
        )
        try:
            return await measure("aiogram echo bot", server, recorder, users, args)
        finally:
            await dispatcher.stop_polling()
            await polling


async def echo_main(api_base: str) -> None:
    """The echo bot's own process (--process): polls until SIGTERM."""
    bot = Bot(TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(api_base)))
    await echo_dispatcher().start_polling(bot, handle_signals=True, polling_timeout=10)


async def measure_process(
    name: str,
    process: BotProcess,
    server: FakeTelegramServer,
    recorder: Recorder,
    users: list[FakeUser],
    args: argparse.Namespace,
) -> Figures:
    await process.start()
    try:
        await server.wait_until(
            lambda: not process.running or bool(server.calls("getUpdates")),
            timeout=START_TIMEOUT,
        )
        if not process.running:
            raise RuntimeError(f"{name} stopped at start-up:\n{process.log_tail()}")
        return await measure(name, server, recorder, users, args, pid=process.pid)
    finally:
        await process.stop()


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


async def run_bot(args: argparse.Namespace, database_url: str, workdir: Path) -> Figures:
    await onboard(database_url, args.people)
    recorder = Recorder()
    async with FakeTelegramServer(token=TOKEN, on_bot_message=recorder.on_reply) as server:
        users = [server.user(FIRST_USER_ID + i, f"P{i}") for i in range(args.people)]
        if args.process:
            bot = BotProcess(bot_env(database_url, server.base_url, RATE_LIMIT), workdir)
            return await measure_process("mentoring bot", bot, server, recorder, users, args)
        settings = Settings(
            database_url=database_url,
            telegram=TelegramSettings(
                bot_token=TOKEN,
                api_base=server.base_url,  # type: ignore[arg-type]
                rate_limit=RATE_LIMIT,
            ),
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
    where = (
        "each bot its own process (`python -m bot run`), the fake server in this one"
        if args.process
        else "both bots in this process, beside the fake server"
    )
    print(f"\n{args.people} people sending /help; database {database}; {where}")
    print(
        f"replies through the outbox; TELEGRAM_RATE_LIMIT={RATE_LIMIT} (no rate is enforced by "
        "the fake server here: the bot's own overhead is measured)"
    )
    cpu_head = f"{'CPU ms/upd':>11}" if args.process else ""
    cpu_head += f"{'here ms/upd':>12}"
    print(
        f"{'':22}{'burst upd/s':>12}{'steady upd/s':>14}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
        + cpu_head
    )
    for figures in (bot, echo):
        cpu = f"{figures.cpu_ms_per_update:11.2f}" if figures.cpu_ms_per_update is not None else ""
        if figures.server_cpu_ms_per_update is not None:
            cpu += f"{figures.server_cpu_ms_per_update:12.2f}"
        print(
            f"{figures.name:22}{figures.burst_rate:12.0f}{figures.steady_rate:14.1f}"
            f"{figures.p50_ms:9.2f}{figures.p95_ms:9.2f}{figures.p99_ms:9.2f}{cpu}"
        )
    print(
        "(CPU ms/upd: the bot's own process; here ms/upd: this process, the fake server "
        "and any bot run in it)"
    )
    print(
        f"\nthroughput ratio (bot / echo): {bot.burst_rate / echo.burst_rate:.2f}  (target >= 0.5)"
    )
    print(f"p99 at {args.rate:g} updates/s: {bot.p99_ms:.1f} ms  (target < 50 ms)")


async def main_async(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-updates-") as tmp:
        database_url = (
            os.environ.get("DATABASE_URL") or f"sqlite+aiosqlite:///{Path(tmp) / 'b.db'}"
        )
        echo = await run_echo(args, Path(tmp))
        bot = await run_bot(args, database_url, Path(tmp))
        report(bot, echo, args, database_url.split(":", 1)[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--burst", type=int, default=2000)
    parser.add_argument("--rate", type=float, default=100.0)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument(
        "--process",
        action="store_true",
        help="run each bot as its own process, as production does",
    )
    # The echo bot's own process (--process), started by this module.
    parser.add_argument("--echo-bot", metavar="API_BASE", help=argparse.SUPPRESS)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    if args.echo_bot:
        asyncio.run(echo_main(args.echo_bot))
        return
    asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
