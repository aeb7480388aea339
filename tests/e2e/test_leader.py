"""Two `python -m bot run` processes on one PostgreSQL database: one leads (polls, sends), and
when it is killed the other takes over; nobody receives a message twice beyond the rows the
dead leader had in flight."""

from __future__ import annotations

import asyncio
import json
import signal
from pathlib import Path

import pytest

from tests.e2e.processes import PIPE, spawn
from tests.e2e.test_outbox_delivery import (
    announce,
    bot_process_env,
    prepare_mentees,
    received,
    statuses,
)
from tests.fakes.telegram_server import FakeTelegramServer

LEADS = "this process leads:"
STANDS_BY = "another process leads"


class BotProcess:
    """A bot process whose log lines are read as they come."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.lines: list[dict[str, object]] = []
        self.changed = asyncio.Event()
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        assert self.process.stderr is not None
        while raw := await self.process.stderr.readline():
            try:
                self.lines.append(json.loads(raw))
            except ValueError:
                continue
            self.changed.set()

    def said(self, start: str) -> bool:
        return any(str(entry.get("event", "")).startswith(start) for entry in self.lines)

    @property
    def leads(self) -> bool:
        return self.said(LEADS)

    async def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.process.returncode is None:
            self.process.send_signal(sig)
        await asyncio.wait_for(self.process.wait(), timeout=30)
        await self.reader


async def start(env: dict[str, str], cwd: Path) -> BotProcess:
    process = await spawn(
        "run",
        env=env,
        cwd=cwd,
        stderr=PIPE,
    )
    return BotProcess(process)


@pytest.mark.timeout(180)
async def test_one_process_leads_and_another_takes_over_when_it_is_killed(
    telegram: FakeTelegramServer, database_url: str, tmp_path: Path
) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("several processes share a database on PostgreSQL only")
    chats = await prepare_mentees(database_url, 24, telegram)
    env = {**bot_process_env(database_url, telegram, rate=6), "LOG_LEVEL": "INFO"}
    bots = [await start(env, tmp_path), await start(env, tmp_path)]
    try:
        # Re-checked after every Bot API call and every few milliseconds.
        until = telegram.wait_until
        await until(lambda: all(bot.leads or bot.said(STANDS_BY) for bot in bots), timeout=60)
        assert sum(bot.leads for bot in bots) == 1
        [leader] = [bot for bot in bots if bot.leads]
        [standby] = [bot for bot in bots if bot is not leader]
        assert await announce(database_url, "Training day") == 24
        await until(lambda: len(received(telegram, chats, "Training")) >= 8, timeout=60)
        await leader.stop(signal.SIGKILL)
        await until(lambda: standby.leads, timeout=30)  # the lock of the dead one is freed
        await until(lambda: set(received(telegram, chats, "Training")) == set(chats), timeout=90)
    finally:
        for bot in bots:
            await bot.stop()
    counts = received(telegram, chats, "Training")
    # Rows the dead leader had sent but not recorded go out again once their lease is over.
    assert sum(count - 1 for count in counts.values()) <= 2, counts
    assert (await statuses(database_url))["sent"] == 24
