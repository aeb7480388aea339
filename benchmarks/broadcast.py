"""A broadcast to 10,000 recipients by the real bot process, at a high rate.

The bot runs as production runs it (`python -m bot run`, its own process) against the fake
Bot API server of tests/ in this process, which enforces no rate here; TELEGRAM_RATE_LIMIT is
set high (2,000/s by default), so what is measured is the bot's own work per recipient: the
broadcast job finding the audience and queueing each copy (with its lesson when it is one),
the sender claiming, sending and recording each, and the progress edits. A broadcast row is
written as /broadcast's Send writes it, by an admin of the database; the running bot does the
rest. Printed: time from the row to the last copy, the bot process's CPU per 1,000 recipients
(/proc; less its idle cost), its peak RSS (VmHWM, target < 200 MB), copies sent, duplicates
and missing; and, as the baseline in the same run, a bare aiogram client sending the same
number of messages as fast as the server answers (the CPU any sender needs).

    python -m benchmarks.broadcast [--recipients 10000] [--rate 2000] [--lesson]
    make bench-broadcast
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import tempfile
import time
from collections import Counter
from pathlib import Path

from benchmarks.bot_process import (
    TOKEN,
    BotProcess,
    bot_env,
    cpu_seconds,
    memory_mb,
    prepare_people,
)
from benchmarks.delivery import bare_client
from bot.clock import Clock
from bot.db.engine import create_engine, session_factory
from bot.messages import Channel
from bot.roles import Role
from bot.services import broadcasts, people
from tests.fakes.telegram_server import FakeTelegramServer, SentMessage

FIRST_CHAT = 500_000
ADMIN_CHAT = 499_999
TEXT = "Rapat koordinasi penanganan perkara TPPO, Jumat pukul 09.00 WIB."
START_TIMEOUT = 60.0
IDLE_SECONDS = 2.0


async def add_broadcast(database_url: str, lesson: bool) -> None:
    """An admin, and the broadcast to all mentees as /broadcast's Send writes it."""
    engine = create_engine(database_url)
    now = Clock().now()
    try:
        async with session_factory(engine).begin() as session:
            admin = await people.join(
                session,
                people.Address(Channel.TELEGRAM.value, str(ADMIN_CHAT), str(ADMIN_CHAT)),
                role=Role.ADMIN,
                language="en",
                cohort_id=None,
                now=now,
                display_name="Programme Admin",
            )
            admin.onboarded_at = now
            await broadcasts.create(
                session,
                audience=broadcasts.Audience("mentees"),
                now=now,
                created_by=admin.id,
                text_id=None if lesson else TEXT,
                lesson_id="m2-l1" if lesson else None,
            )
    finally:
        await engine.dispose()


async def run(args: argparse.Namespace, workdir: Path) -> None:
    chats = [FIRST_CHAT + index for index in range(args.recipients)]
    database_url = f"sqlite+aiosqlite:///{workdir / 'bot.db'}"
    await prepare_people(database_url, chats)
    received: Counter[int] = Counter()

    def on_message(message: SentMessage) -> None:
        if message.chat_id != ADMIN_CHAT:
            received[message.chat_id] += 1

    async with FakeTelegramServer(token=TOKEN, on_bot_message=on_message) as server:
        for chat in [*chats, ADMIN_CHAT]:
            server.user(chat)
        gc.collect()
        gc.freeze()  # this process's objects are not garbage; no collection stalls the server
        bot = BotProcess(bot_env(database_url, server.base_url, args.rate), workdir)
        await bot.start()
        try:
            await server.wait_until(
                lambda: not bot.running or bool(server.calls("getUpdates")),
                timeout=START_TIMEOUT,
            )
            if not bot.running:
                raise RuntimeError(f"the bot stopped at start-up:\n{bot.log_tail()}")
            idle_start = cpu_seconds(bot.pid)
            await asyncio.sleep(IDLE_SECONDS)
            cpu_start = cpu_seconds(bot.pid)
            idle_per_second = (cpu_start - idle_start) / IDLE_SECONDS
            idle_rss = memory_mb(bot.pid, "VmRSS")
            started = time.perf_counter()
            await add_broadcast(database_url, args.lesson)
            per_person = 2 if args.lesson else 1  # a lesson comes with its check
            expected = args.recipients * per_person
            with contextlib.suppress(AssertionError):
                await server.wait_until(
                    lambda: sum(received.values()) >= expected or not bot.running,
                    timeout=args.recipients / 50 + 60,
                    interval=0.1,
                )
            seconds = time.perf_counter() - started
            cpu = cpu_seconds(bot.pid) - cpu_start if bot.running else float("nan")
            peak = memory_mb(bot.pid) if bot.running else float("nan")
        finally:
            await bot.stop()
    baseline_rate, baseline_cpu, baseline_rss = await bare_client(args.recipients, pace=0.0)
    sent = sum(received.values())
    busy = max(0.0, cpu - idle_per_second * seconds)
    print(
        f"\nbroadcast of a {'lesson and its check' if args.lesson else 'text'} to "
        f"{args.recipients:,} mentees; TELEGRAM_RATE_LIMIT={args.rate}; the fake server "
        "enforces no rate\n"
    )
    rows = [
        ("time from the broadcast row to the last copy", f"{seconds:.1f} s"),
        ("copies sent / expected", f"{sent:,} / {expected:,}"),
        ("duplicates", f"{sum(c - per_person for c in received.values() if c > per_person)}"),
        ("missing recipients", f"{sum(1 for chat in chats if not received[chat])}"),
        ("bot CPU per 1,000 recipients", f"{cpu / args.recipients * 1000 * 1000:.0f} ms"),
        ("  less its idle cost", f"{busy / args.recipients * 1000 * 1000:.0f} ms"),
        (
            "bare aiogram client CPU per 1,000 messages (baseline)",
            f"{baseline_cpu:.0f} ms at {baseline_rate:.0f}/s",
        ),
        ("bot RSS before the broadcast, idle", f"{idle_rss:.0f} MB"),
        ("bot peak RSS (VmHWM)", f"{peak:.0f} MB (target < 200 MB: {_mark(peak < 200)})"),
        ("bare aiogram client peak RSS (baseline)", f"{baseline_rss:.0f} MB"),
    ]
    for label, value in rows:
        print(f"  {label:<54}{value}")
    print(
        f"\nratio of the bot's busy CPU per recipient to the bare client's per message: "
        f"{(busy / args.recipients * 1_000_000) / max(baseline_cpu, 1e-9):.1f}"
    )


def _mark(ok: bool) -> str:
    return "met" if ok else "NOT met"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--recipients", type=int, default=10_000)
    parser.add_argument("--rate", type=int, default=2000)
    parser.add_argument("--lesson", action="store_true", help="broadcast a lesson, not a text")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-broadcast-") as folder:
        asyncio.run(run(args, Path(folder)))


if __name__ == "__main__":
    main()
