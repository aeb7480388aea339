"""The real bot (aiogram over real HTTP) against the fake Telegram Bot API server."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from unittest import mock

import pytest
from aiogram import Dispatcher
from aiogram.types import TelegramObject, Update

from bot import bootstrap
from bot.config import Settings
from tests.conftest import make_settings
from tests.fakes.telegram_server import FakeTelegramServer, FakeUser, SentMessage

TOKEN = "123456:TEST-TOKEN"
# Generous: a reply that waits out a 429 ("retry after 1") still fits.
HANDLED_TIMEOUT = 10.0


class HandledUpdates:
    """Knows when the bot has finished with an update: an outer middleware on its dispatcher
    sees each update leave, after every reply, edit and menu call it caused."""

    def __init__(self) -> None:
        self._finished: dict[int, asyncio.Future[None]] = {}

    def _future(self, update_id: int) -> asyncio.Future[None]:
        future = self._finished.get(update_id)
        if future is None:
            future = asyncio.get_running_loop().create_future()
            self._finished[update_id] = future
        return future

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        try:
            return await handler(event, data)
        finally:
            if isinstance(event, Update):
                future = self._future(event.update_id)
                if not future.done():
                    future.set_result(None)

    async def wait(self, update_id: int, timeout: float = HANDLED_TIMEOUT) -> None:
        try:
            await asyncio.wait_for(asyncio.shield(self._future(update_id)), timeout)
        except TimeoutError:
            raise AssertionError(f"update {update_id} not handled within {timeout}s") from None


@contextmanager
def watching_dispatchers(handled: HandledUpdates) -> Iterator[None]:
    """Every aiogram Dispatcher built meanwhile reports the updates it has finished."""
    original = Dispatcher.__init__

    def init(self: Dispatcher, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        self.update.outer_middleware(handled)

    with mock.patch.object(Dispatcher, "__init__", init):
        yield


@dataclass
class RunningBot:
    server: FakeTelegramServer
    settings: Settings
    task: asyncio.Task[None]
    stop: asyncio.Event
    handled: HandledUpdates = field(default_factory=HandledUpdates)


@pytest.fixture
async def telegram() -> AsyncIterator[FakeTelegramServer]:
    async with FakeTelegramServer(token=TOKEN) as server:
        yield server


async def start_bot(settings: Settings, server: FakeTelegramServer) -> RunningBot:
    stop = asyncio.Event()
    handled = HandledUpdates()
    with watching_dispatchers(handled):

        def readiness() -> int:
            return len(server.calls("getUpdates")) + len(server.calls("setWebhook"))

        # Ready once the bot asks for updates (polling) or has set its webhook; counted from
        # now, so that a bot started again on the same server is waited for too.
        before = readiness()
        task = asyncio.create_task(bootstrap.run(settings, stop=stop))
        await server.wait_until(lambda: task.done() or readiness() > before, timeout=20)
    if task.done():
        task.result()  # raises what stopped it
    return RunningBot(server, settings, task, stop, handled)


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
    """Speaks to the bot through the fake server and reads what came back.

    Each say or press waits until the bot has finished with that update, then checks that
    it sent exactly the number of new messages the test expects (edits are not new messages).
    """

    def __init__(self, running: RunningBot, user: FakeUser) -> None:
        self.running = running
        self.server = running.server
        self.user = user
        self.new: list[SentMessage] = []

    @property
    def messages(self) -> list[SentMessage]:
        return self.server.messages(self.user.id)

    @property
    def text(self) -> str:
        return "\n".join(m.plain_text for m in self.new)

    async def say(
        self, text: str, *, expect: int = 1, reply_to: SentMessage | None = None
    ) -> list[SentMessage]:
        before = len(self.messages)
        update_id = self.server.send_text(self.user, text, reply_to)
        return await self._answered(update_id, before, expect)

    async def press(
        self, label: str, message: SentMessage | None = None, *, expect: int = 1
    ) -> list[SentMessage]:
        target = message or next(m for m in reversed(self.messages) if m.callback_data)
        before = len(self.messages)
        update = self.server.make_callback_update(self.user, target, target.callback_for(label))
        update_id = self.server.queue_update(update)
        await self._answered(update_id, before, expect)
        # The spinner on the phone stops only once the press is answered.
        assert update["callback_query"]["id"] in self.server.answered_callbacks
        return self.new

    async def _answered(self, update_id: int, before: int, expect: int) -> list[SentMessage]:
        await self.running.handled.wait(update_id)
        self.new = self.messages[before:]
        assert len(self.new) == expect, (
            f"expected {expect} new message(s), got {len(self.new)}: "
            f"{[m.plain_text for m in self.new]}"
        )
        return self.new
