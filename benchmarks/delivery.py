"""Delivery of an announcement by the real bot process, at the platform's pace.

The bot runs the way production runs it: `python -m bot run` in its own process, over real
HTTP to the fake Bot API server of tests/ running in this process, which enforces Telegram's
flood control (429 with retry_after once N sends arrived in a sliding second). For each
scenario N joined people are written to a fresh SQLite file, the bot is started with
TELEGRAM_RATE_LIMIT set, and `python -m bot announce --to mentees --text ...` queues one
message to each; the running bot sends them.

1. 3,000 recipients, the server enforcing 300/s, the bot configured to 300/s;
2. 600 recipients at Telegram's 30/s;
3. 10,000 rows queued at 300/s, for the bot's peak memory.

Printed per scenario: achieved rate / configured limit (target >= 0.95), the most sends in
any sliding second, 429s caused by the bot, duplicates and missing recipients (targets 0),
total time, the bot process's CPU time per 1,000 messages (/proc/<pid>/stat; also less its
idle cost) and its peak RSS (VmHWM, target < 200 MB with 10,000 rows queued). The fake
server stamps each send when it reads it, so a stall of its own event loop can pack arrivals
into one second: how late that loop ran is printed too (garbage collection in this process
is off while the bot sends). Baseline, in the same run: a bare aiogram client in its own
process against the same server, once as fast as it answers (the server's own throughput)
and once paced at 300/s (the CPU a bare sender needs per 1,000 messages, beside the bot's).

    python -m benchmarks.delivery [--scale 1.0] [--only 3000@300 ...]
    make bench-delivery

Takes about two and a half minutes on two cores; every wait is bounded.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import itertools
import json
import logging
import os
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer

from benchmarks.bot_process import (
    TOKEN,
    BotProcess,
    bot_env,
    cpu_seconds,
    memory_mb,
    prepare_people,
    run_command,
)
from bot.db.engine import create_engine, session_factory
from bot.outbox import store
from tests.fakes.telegram_server import FakeTelegramServer, SentMessage

FIRST_CHAT = 700_000_000
TEXT = (
    "Pengumuman: sesi tanya jawab bersama mentor diadakan Kamis pukul 14.00 WIB. "
    "Siapkan pertanyaan tentang penanganan perkara perdagangan orang & perlindungan saksi."
)
START_TIMEOUT = 60.0  # until the bot asks for updates
ANNOUNCE_TIMEOUT = 180.0
GRACE_SECONDS = 2.0  # after the last recipient, for late duplicates to show
IDLE_SECONDS = 2.0  # the bot's own cost while nothing is queued
TOTAL_TIMEOUT = 900.0
BASELINE_MESSAGES = 3000
BASELINE_CONCURRENCY = 32
BASELINE_PACED_SECONDS = 5.0


@dataclass(frozen=True)
class Scenario:
    recipients: int
    rate: int  # the server enforces it; the bot is configured to it

    @property
    def name(self) -> str:
        return f"{self.recipients}@{self.rate}"


SCENARIOS = (Scenario(3000, 300), Scenario(600, 30), Scenario(10_000, 300))


@dataclass
class Result:
    scenario: Scenario
    queued: int
    announce_seconds: float
    sent: int
    achieved_rate: float
    rate_after_announce: float  # from the first send after `announce` exited (fewer processes)
    busiest: int
    busiest_tried: int
    refused: int
    duplicates: int
    missing: int
    pickup_seconds: float
    send_seconds: float
    total_seconds: float
    longest_gap_ms: float
    longest_gap_at: float  # seconds after the first send
    server_lag_ms: float  # the worst lateness of the fake server's event loop
    server_stalls: int  # how often it was more than 20 ms late
    refused_after_stall: int  # 429s within a second after such a stall
    cpu_ms_per_1000: float
    busy_cpu_ms_per_1000: float  # less what the bot spends idle in as long a time
    idle_cpu_ms_per_second: float
    rss_idle_mb: float
    rss_peak_mb: float
    backlog: dict[str, int]
    exit_code: int
    log_tail: str = ""

    @property
    def ratio(self) -> float:
        return self.achieved_rate / self.scenario.rate


@dataclass
class Baseline:
    rate: float  # messages per second at the server
    cpu_ms_per_1000: float
    rss_peak_mb: float
    paced_rate: float
    paced_target: float
    paced_cpu_ms_per_1000: float


class LoopLag:
    """How late this process's event loop wakes while the bot sends: a stall here stamps
    several arrivals at once, which the flood control may count as the bot's burst."""

    def __init__(self, period: float = 0.005, stall: float = 0.02) -> None:
        self.period = period
        self.stall = stall
        self.worst = 0.0
        self.stalls: list[float] = []  # when each stall ended (loop time)

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            started = loop.time()
            await asyncio.sleep(self.period)
            late = loop.time() - started - self.period
            self.worst = max(self.worst, late)
            if late > self.stall:
                self.stalls.append(loop.time())

    def near(self, refused: list[float]) -> int:
        """How many of these 429s came within a second after a stall here (a window the
        stall may have packed with arrivals stamped late)."""
        return sum(any(0 <= at - end <= 1.0 for end in self.stalls) for at in refused)


def achieved_rate(times: list[float]) -> float:
    """Sends per second from the first to the last arrival."""
    if len(times) < 2 or times[-1] <= times[0]:
        return 0.0
    return (len(times) - 1) / (times[-1] - times[0])


async def run_scenario(scenario: Scenario, workdir: Path) -> Result:
    chats = [FIRST_CHAT + index for index in range(scenario.recipients)]
    database_url = f"sqlite+aiosqlite:///{workdir / 'bot.db'}"
    await prepare_people(database_url, chats)
    received: Counter[int] = Counter()

    def on_message(message: SentMessage) -> None:
        received[message.chat_id] += 1

    loop = asyncio.get_running_loop()
    async with FakeTelegramServer(
        token=TOKEN, rate_limit=scenario.rate, on_bot_message=on_message
    ) as server:
        for chat in chats:
            server.user(chat)
        # What this process holds from now on is never garbage; and no collection of it may
        # stall the server while the bot sends (the run is bounded, so is the memory).
        gc.collect()
        gc.freeze()
        lag = LoopLag()
        watching: asyncio.Task[None] | None = None
        env = bot_env(database_url, server.base_url, scenario.rate)
        bot = BotProcess(env, workdir)
        await bot.start()
        try:
            await server.wait_until(
                lambda: not bot.running or bool(server.calls("getUpdates")),
                timeout=START_TIMEOUT,
            )
            if not bot.running:
                raise RuntimeError(f"the bot stopped at start-up:\n{bot.log_tail()}")
            idle_cpu = cpu_seconds(bot.pid)
            await asyncio.sleep(IDLE_SECONDS)
            cpu_start = cpu_seconds(bot.pid)
            idle_cpu_per_second = (cpu_start - idle_cpu) / IDLE_SECONDS
            rss_idle = memory_mb(bot.pid, "VmRSS")
            gc.disable()
            watching = asyncio.create_task(lag.run())
            announce_started = loop.time()
            out, _err, announce_seconds = await run_command(
                "announce", "--to", "mentees", "--text", TEXT,
                env=env, workdir=workdir, limit=ANNOUNCE_TIMEOUT,
            )  # fmt: skip
            announced = loop.time()
            queued = int(out.splitlines()[0])
            limit = scenario.recipients / scenario.rate * 2 + 30
            with contextlib.suppress(AssertionError):  # reported as missing below
                await server.wait_until(
                    lambda: len(received) >= scenario.recipients or not bot.running,
                    timeout=limit,
                    interval=0.1,
                )
            cpu_end = cpu_seconds(bot.pid) if bot.running else cpu_start
            cpu_wall = loop.time() - announce_started
            watching.cancel()
            await asyncio.sleep(GRACE_SECONDS)
            rss_peak = memory_mb(bot.pid) if bot.running else float("nan")
        finally:
            if watching is not None:
                watching.cancel()
            gc.enable()
            exit_code = await bot.stop()
            log_tail = bot.log_tail(8)
        times = list(server.send_times)
        refused = server.rate_limited
        refused_times = list(server.refused_send_times)
        busiest = server.busiest_second()
        busiest_tried = server.busiest_second(refused_too=True)
    backlog = await outbox_backlog(database_url)
    sent = len(times)
    first, last = (times[0], times[-1]) if times else (announced, announced)
    gaps = [b - a for a, b in itertools.pairwise(times)]
    return Result(
        scenario=scenario,
        queued=queued,
        announce_seconds=announce_seconds,
        sent=sent,
        achieved_rate=achieved_rate(times),
        rate_after_announce=achieved_rate([at for at in times if at >= announced]),
        busiest=busiest,
        busiest_tried=busiest_tried,
        refused=refused,
        duplicates=sum(count - 1 for count in received.values() if count > 1),
        missing=sum(1 for chat in chats if not received[chat]),
        pickup_seconds=first - announce_started,
        send_seconds=last - first,
        total_seconds=last - announce_started,
        longest_gap_ms=max(gaps, default=0.0) * 1000,
        longest_gap_at=times[gaps.index(max(gaps))] - first if gaps else 0.0,
        server_lag_ms=lag.worst * 1000,
        server_stalls=len(lag.stalls),
        refused_after_stall=lag.near(refused_times),
        cpu_ms_per_1000=(cpu_end - cpu_start) / max(sent, 1) * 1_000_000,
        busy_cpu_ms_per_1000=max(0.0, cpu_end - cpu_start - idle_cpu_per_second * cpu_wall)
        / max(sent, 1)
        * 1_000_000,
        idle_cpu_ms_per_second=idle_cpu_per_second * 1000,
        rss_idle_mb=rss_idle,
        rss_peak_mb=rss_peak,
        backlog=backlog,
        exit_code=exit_code,
        log_tail=log_tail,
    )


async def outbox_backlog(database_url: str) -> dict[str, int]:
    engine = create_engine(database_url)
    try:
        async with session_factory(engine)() as session:
            return await store.backlog(session)
    finally:
        await engine.dispose()


# --- baseline: a bare aiogram client ----------------------------------------------------


async def run_baseline(rate: int) -> Baseline:
    """The bare client in its own process, against a server that lets everything through
    (flood control set far above what it can reach, so arrivals are still recorded)."""
    fast = await bare_client(BASELINE_MESSAGES, pace=0.0)
    paced_count = int(rate * BASELINE_PACED_SECONDS)
    paced = await bare_client(paced_count, pace=float(rate))
    return Baseline(
        rate=fast[0],
        cpu_ms_per_1000=fast[1],
        rss_peak_mb=max(fast[2], paced[2]),
        paced_rate=paced[0],
        paced_target=float(rate),
        paced_cpu_ms_per_1000=paced[1],
    )


async def bare_client(count: int, *, pace: float) -> tuple[float, float, float]:
    async with FakeTelegramServer(token=TOKEN, rate_limit=10**9) as server:
        for index in range(count):
            server.user(FIRST_CHAT + index)
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "benchmarks.delivery", "--client", server.base_url,
            "--count", str(count), "--pace", str(pace),
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
        )  # fmt: skip
        try:
            out, _ = await asyncio.wait_for(process.communicate(), timeout=120)
        except TimeoutError:
            process.kill()
            await process.wait()
            raise RuntimeError("the bare client did not finish in 120 s") from None
        figures = json.loads(out.decode().strip().splitlines()[-1])
        rate = achieved_rate(server.send_times)
    return rate, figures["cpu"] / max(figures["sent"], 1) * 1_000_000, figures["rss_peak_mb"]


async def client_main(base_url: str, count: int, pace: float) -> None:
    """The bare sender: aiogram's Bot with the bot's defaults, nothing else."""
    bot = Bot(
        TOKEN,
        session=AiohttpSession(api=TelegramAPIServer.from_base(base_url)),
        default=DefaultBotProperties(parse_mode="HTML", link_preview_is_disabled=True),
    )
    text = TEXT.replace("&", "&amp;")
    sent = 0

    async def send(chat: int) -> None:
        nonlocal sent
        await bot.send_message(chat, text)
        sent += 1

    try:
        await bot.get_me()  # the connection pool is warm
        cpu = time.process_time()
        async with asyncio.timeout(100):
            if pace <= 0:
                chats = iter(range(FIRST_CHAT, FIRST_CHAT + count))

                async def worker() -> None:
                    for chat in chats:
                        await send(chat)

                await asyncio.gather(*(worker() for _ in range(BASELINE_CONCURRENCY)))
            else:
                loop = asyncio.get_running_loop()
                started = loop.time()
                tasks = []
                for index in range(count):  # an absolute schedule at the pace
                    await asyncio.sleep(max(0.0, started + index / pace - loop.time()))
                    tasks.append(asyncio.create_task(send(FIRST_CHAT + index)))
                await asyncio.gather(*tasks)
        cpu = time.process_time() - cpu
    finally:
        await bot.session.close()
    print(json.dumps({"sent": sent, "cpu": cpu, "rss_peak_mb": memory_mb(os.getpid())}))


# --- report -----------------------------------------------------------------------------


def _mark(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def report(result: Result, baseline: Baseline | None) -> None:
    s = result.scenario
    print(
        f"\n== {s.recipients} recipients; fake server enforcing {s.rate}/s; "
        f"TELEGRAM_RATE_LIMIT={s.rate} =="
    )
    rows = [
        (
            "queued by `python -m bot announce`",
            f"{result.queued} in {result.announce_seconds:.1f} s",
        ),
        ("first send after the announce started", f"{result.pickup_seconds:.2f} s"),
        ("sent (accepted by the server)", f"{result.sent} in {result.send_seconds:.1f} s"),
        (
            "achieved rate / configured limit",
            f"{result.achieved_rate:.1f}/s / {s.rate} = {result.ratio:.3f}"
            f"  (target >= 0.95: {_mark(result.ratio >= 0.95)})",
        ),
        (
            "  the same once `announce` had exited",
            f"{result.rate_after_announce:.1f}/s = {result.rate_after_announce / s.rate:.3f}",
        ),
        (
            "most sends in any sliding second",
            f"{result.busiest} accepted; {result.busiest_tried} tried",
        ),
        (
            "429s caused by the bot",
            f"{result.refused}  (target 0: {_mark(result.refused == 0)})"
            + (
                f"; {result.refused_after_stall} within a second after a stall of the fake "
                "server's loop"
                if result.refused
                else ""
            ),
        ),
        (
            "fake server's own loop while sending",
            f"at worst {result.server_lag_ms:.0f} ms late; "
            f"{result.server_stalls} time(s) more than 20 ms",
        ),
        (
            "duplicates",
            f"{result.duplicates}  (target 0: {_mark(result.duplicates == 0)})",
        ),
        ("missing recipients", f"{result.missing}  (target 0: {_mark(result.missing == 0)})"),
        (
            "longest pause between two sends",
            f"{result.longest_gap_ms:.0f} ms, {result.longest_gap_at:.1f} s into the sending",
        ),
        ("total time (announce to last send)", f"{result.total_seconds:.1f} s"),
        (
            "bot CPU time per 1,000 messages",
            f"{result.cpu_ms_per_1000:.0f} ms; {result.busy_cpu_ms_per_1000:.0f} ms above its "
            f"idle cost ({result.idle_cpu_ms_per_second:.0f} ms/s)",
        ),
        (
            "bot RSS: idle before / peak (VmHWM)",
            f"{result.rss_idle_mb:.0f} MB / {result.rss_peak_mb:.0f} MB "
            f"(+{result.rss_peak_mb - result.rss_idle_mb:.0f} MB)"
            + (
                f"  (target < 200 MB: {_mark(result.rss_peak_mb < 200)})"
                if s.recipients >= 10_000
                else ""
            ),
        ),
        (
            "outbox after the bot stopped",
            ", ".join(f"{status} {count}" for status, count in result.backlog.items())
            + f"; exit code {result.exit_code}",
        ),
    ]
    if baseline is not None and baseline.paced_target == s.rate:
        rows.append(
            (
                "bot CPU / bare client's at this pace",
                f"{result.busy_cpu_ms_per_1000:.0f} / {baseline.paced_cpu_ms_per_1000:.0f} ms "
                f"= x{result.busy_cpu_ms_per_1000 / baseline.paced_cpu_ms_per_1000:.1f} "
                "(above idle)",
            )
        )
    for label, value in rows:
        print(f"  {label:<40}{value}")
    if result.missing or result.refused or result.exit_code:
        print("  the bot's log ends:\n    " + result.log_tail.replace("\n", "\n    "))


def report_baseline(baseline: Baseline) -> None:
    print("\n== baseline: a bare aiogram client in its own process, no flood control ==")
    print(
        f"  {'as fast as the fake server answers':<40}{baseline.rate:.0f} messages/s, "
        f"client CPU {baseline.cpu_ms_per_1000:.0f} ms per 1,000"
    )
    print(f"  {'peak RSS of the bare client (VmHWM)':<40}{baseline.rss_peak_mb:.0f} MB")
    print(
        f"  {f'paced at {baseline.paced_target:g}/s':<40}{baseline.paced_rate:.1f} messages/s, "
        f"client CPU {baseline.paced_cpu_ms_per_1000:.0f} ms per 1,000"
    )


def summary(results: list[Result], baseline: Baseline | None) -> None:
    print("\n== summary ==")
    print(
        f"{'scenario':<11}{'rate/limit':>11}{'max/s':>7}{'429s':>6}{'dups':>6}{'missing':>8}"
        f"{'total s':>9}{'CPU ms/1k':>11}{'above idle':>11}{'peak MB':>9}"
    )
    for r in results:
        print(
            f"{r.scenario.name:<11}{r.ratio:>11.3f}{r.busiest_tried:>7}{r.refused:>6}"
            f"{r.duplicates:>6}{r.missing:>8}{r.total_seconds:>9.1f}{r.cpu_ms_per_1000:>11.0f}"
            f"{r.busy_cpu_ms_per_1000:>11.0f}"
            f"{r.rss_peak_mb:>9.0f}"
        )
    if baseline is not None:
        print(
            f"bare aiogram client: {baseline.rate:.0f} messages/s at most; "
            f"{baseline.paced_cpu_ms_per_1000:.0f} ms CPU per 1,000 paced at "
            f"{baseline.paced_target:g}/s; peak RSS {baseline.rss_peak_mb:.0f} MB"
        )
    print("targets: rate/limit >= 0.95; 429s, duplicates, missing 0; peak < 200 MB at 10,000")


async def main_async(args: argparse.Namespace) -> None:
    chosen = [s for s in SCENARIOS if not args.only or s.name in args.only]
    chosen = [Scenario(max(2, int(s.recipients * args.scale)), s.rate) for s in chosen]
    async with asyncio.timeout(TOTAL_TIMEOUT):
        baseline = None if args.no_baseline else await run_baseline(SCENARIOS[0].rate)
        if baseline is not None:
            report_baseline(baseline)
        results = []
        for scenario in chosen:
            with tempfile.TemporaryDirectory(prefix="bench-delivery-") as tmp:
                result = await run_scenario(scenario, Path(tmp))
            report(result, baseline)
            results.append(result)
        summary(results, baseline)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--only", nargs="*", metavar="NAME", help="scenarios by name: 3000@300 600@30 10000@300"
    )
    parser.add_argument(
        "--scale", type=float, default=1.0, help="multiply every scenario's recipients"
    )
    parser.add_argument("--no-baseline", action="store_true", help="skip the bare client")
    # The bare client's own process (the baseline), started by this module.
    parser.add_argument("--client", metavar="API_BASE", help=argparse.SUPPRESS)
    parser.add_argument("--count", type=int, default=BASELINE_MESSAGES, help=argparse.SUPPRESS)
    parser.add_argument("--pace", type=float, default=0.0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    if args.client:
        asyncio.run(client_main(args.client, args.count, args.pace))
        return
    asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
