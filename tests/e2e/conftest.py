"""The real bot (aiogram over real HTTP) against the fake Telegram Bot API server."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest

from bot import bootstrap
from bot.config import Settings
from tests.conftest import make_settings
from tests.fakes.telegram_server import FakeTelegramServer, FakeUser, SentMessage

TOKEN = "123456:TEST-TOKEN"
QUIET_SECONDS = 0.15


@dataclass
class RunningBot:
    server: FakeTelegramServer
    settings: Settings
    task: asyncio.Task[None]
    stop: asyncio.Event


@pytest.fixture
async def telegram() -> AsyncIterator[FakeTelegramServer]:
    async with FakeTelegramServer(token=TOKEN) as server:
        yield server


async def start_bot(settings: Settings, server: FakeTelegramServer) -> RunningBot:
    stop = asyncio.Event()
    task = asyncio.create_task(bootstrap.run(settings, stop=stop))
    # Ready once the bot asks for updates (polling) or has set its webhook.
    await server.wait_until(
        lambda: task.done() or bool(server.calls("getUpdates") or server.calls("setWebhook")),
        timeout=20,
    )
    if task.done():
        task.result()  # raises what stopped it
    return RunningBot(server, settings, task, stop)


async def stop_bot(running: RunningBot) -> None:
    running.stop.set()
    await asyncio.wait_for(running.task, timeout=15)


@pytest.fixture
async def running_bot(
    telegram: FakeTelegramServer, database_url: str
) -> AsyncIterator[RunningBot]:
    settings = make_settings(database_url, bot_token=TOKEN, api_base=telegram.base_url)
    running = await start_bot(settings, telegram)
    yield running
    await stop_bot(running)


class TelegramPerson:
    """Speaks to the bot through the fake server and reads what came back."""

    def __init__(self, server: FakeTelegramServer, user: FakeUser) -> None:
        self.server = server
        self.user = user
        self.new: list[SentMessage] = []

    @property
    def messages(self) -> list[SentMessage]:
        return self.server.messages(self.user.id)

    @property
    def text(self) -> str:
        return "\n".join(m.plain_text for m in self.new)

    async def say(self, text: str) -> list[SentMessage]:
        before = len(self.messages)
        self.server.send_text(self.user, text)
        await self.server.wait_for_messages(self.user.id, before + 1)
        return await self._settle(before)

    async def press(self, label: str, message: SentMessage | None = None) -> list[SentMessage]:
        target = message or next(m for m in reversed(self.messages) if m.callback_data)
        before = len(self.messages)
        query_id = self.server.press(self.user, target, target.callback_for(label))
        await self.server.wait_until(lambda: query_id in self.server.answered_callbacks)
        return await self._settle(before)

    async def _settle(self, before: int) -> list[SentMessage]:
        """Wait until the bot has stopped calling the API for a moment."""
        seen = -1
        while seen != len(self.server.requests):
            seen = len(self.server.requests)
            await asyncio.sleep(QUIET_SECONDS)
        self.new = self.messages[before:]
        return self.new
