"""Long polling that confirms an update to the Bot API only once it has been handled.

getUpdates confirms every update below the offset it is given. aiogram's own polling moves the
offset on as soon as it has read an update, so a kill or a locked database in the middle of
handling would lose it; here the offset stays at the lowest update still in hand.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.exceptions import TelegramAPIError, TelegramNetworkError
from aiogram.methods import GetUpdates
from aiogram.types import Update
from aiohttp import ClientError, ClientTimeout

from bot.errors import TransientFault

log = logging.getLogger(__name__)

# A database that stays busy or unreachable (a restart, a failover): the update is tried
# again for this long, with growing pauses; then it is confirmed and logged, and the person is
# asked to send it again, so one update cannot hold back every later one for ever.
TRANSIENT_GIVE_UP_SECONDS = 300.0
TRANSIENT_BACKOFF_SECONDS = 0.5
TRANSIENT_BACKOFF_MAX_SECONDS = 30.0
# Like aiogram's own polling: from one second, growing by 30% a time, at most five.
ERROR_BACKOFF_SECONDS = 1.0
FAILING_AFTER = 3  # getUpdates failures in a row before /healthz says "not ready"
ERROR_BACKOFF_MAX_SECONDS = 5.0
# While every update the server returns is already in hand, wait this long for one to finish
# before asking again (the server answers at once while unconfirmed updates remain).
BUSY_WAIT_SECONDS = 0.5
WINDOW = 100  # getUpdates returns at most this many updates from the offset

Feed = Callable[[Update], Awaitable[object]]


class Poller:
    def __init__(
        self,
        bot: Bot,
        feed: Feed,
        *,
        timeout: int,
        allowed_updates: list[str],
        dropped: Feed | None = None,
    ) -> None:
        self.bot = bot
        self.feed = feed
        # Told of an update given up after database faults (to ask the person to resend).
        self.dropped = dropped
        self.timeout = timeout
        self.allowed_updates = allowed_updates
        self.offset: int | None = None
        self._in_hand: dict[int, asyncio.Task[None]] = {}
        self._done: set[int] = set()  # handled, but not yet below the offset
        self._highest = -1
        self.errors = 0  # getUpdates failures in a row
        self._room = asyncio.Event()
        self._room_at = 0

    @property
    def failing(self) -> bool:
        """The Bot API has not answered getUpdates several times in a row."""
        return self.errors >= FAILING_AFTER

    async def run(self) -> None:
        while True:
            try:
                raw_updates = await self._fetch()
                self.errors = 0
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # also an HTML error page aiogram cannot decode
                # 409 (another poller or a webhook), 401 (a token revoked), 5xx, the network:
                # keep asking, slower, and say so.
                self.errors += 1
                pause = getattr(exc, "retry_after", None) or min(
                    ERROR_BACKOFF_MAX_SECONDS, ERROR_BACKOFF_SECONDS * 1.3 ** (self.errors - 1)
                )
                log.warning(
                    "getUpdates failed; retrying",
                    extra={"reason": type(exc).__name__, "retry_in_s": pause},
                )
                await asyncio.sleep(pause)
                continue
            known = self._in_hand.keys() | self._done
            fresh = [
                item
                for item in raw_updates
                if isinstance(item, dict)
                and isinstance(update_id := item.get("update_id"), int)
                and update_id not in known
                and (self.offset is None or update_id >= self.offset)
            ]
            for item in fresh:
                # Only new updates are read into objects: the server returns those in hand
                # again until they are confirmed, and reading them costs more than handling.
                self._take(Update.model_validate(item, context={"bot": self.bot}))
            self._advance()
            if self._in_hand and (not fresh or len(self._in_hand) >= WINDOW):
                await self._until_room()
                self._advance()

    async def _fetch(self) -> list[Any]:
        """getUpdates from the offset, as plain data; an error answer raises aiogram's error."""
        session = self.bot.session
        if not isinstance(session, AiohttpSession):
            raise TypeError("polling needs aiogram's aiohttp session")
        method = GetUpdates(
            offset=self.offset, timeout=self.timeout, allowed_updates=self.allowed_updates
        )
        client = await session.create_session()
        url = session.api.api_url(token=self.bot.token, method="getUpdates")
        form = session.build_form_data(bot=self.bot, method=method)
        timeout = ClientTimeout(total=self.timeout + 10)
        try:
            async with client.post(url, data=form, timeout=timeout) as response:
                status, body = response.status, await response.text()
        except (TimeoutError, ClientError) as exc:
            raise TelegramNetworkError(method=method, message=type(exc).__name__) from None
        data = json.loads(body) if status == 200 else None
        if not isinstance(data, dict) or data.get("ok") is not True:
            session.check_response(bot=self.bot, method=method, status_code=status, content=body)
            raise TelegramNetworkError(method=method, message="unexpected answer")
        result = data.get("result")
        return result if isinstance(result, list) else []

    async def _until_room(self) -> None:
        """Until half of the updates in hand are finished (or a moment has passed): asking
        again sooner brings back only updates already in hand."""
        target = len(self._in_hand) // 2
        self._room_at = target
        self._room.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._room.wait(), BUSY_WAIT_SECONDS)

    def _take(self, update: Update) -> None:
        update_id = update.update_id
        self._highest = max(self._highest, update_id)
        task = asyncio.create_task(self._handle(update))
        self._in_hand[update_id] = task

        def finished(_task: asyncio.Task[None]) -> None:
            self._in_hand.pop(update_id, None)
            self._done.add(update_id)
            if len(self._in_hand) <= self._room_at:
                self._room.set()

        task.add_done_callback(finished)

    def _advance(self) -> None:
        """Confirm up to the lowest update still in hand (or everything seen)."""
        lowest = min(self._in_hand) if self._in_hand else self._highest + 1
        if lowest <= 0:
            return
        self.offset = lowest
        self._done = {done for done in self._done if done >= lowest}

    async def _handle(self, update: Update) -> None:
        loop = asyncio.get_running_loop()
        give_up = loop.time() + TRANSIENT_GIVE_UP_SECONDS
        pause = TRANSIENT_BACKOFF_SECONDS
        while True:
            try:
                await self.feed(update)
                return
            except TransientFault:
                if loop.time() + pause > give_up:
                    log.error("update dropped after the database stayed unreachable")
                    if self.dropped is not None:
                        await self.dropped(update)
                    return
                await asyncio.sleep(pause)
                pause = min(TRANSIENT_BACKOFF_MAX_SECONDS, pause * 2)
            except Exception:
                # A fault in the channel itself (the core answers its own errors): confirmed,
                # since handling it again would fail the same way.
                log.exception("update failed in the Telegram channel")
                return

    async def finish(self, grace_seconds: float) -> None:
        """Let updates in hand finish, then confirm them, so a restart does not see them."""
        if self._in_hand:
            await asyncio.wait(set(self._in_hand.values()), timeout=grace_seconds)
        self._advance()
        if self.offset is not None:
            with contextlib.suppress(TelegramAPIError, asyncio.TimeoutError):
                await self.bot.get_updates(offset=self.offset, timeout=0, limit=1)
