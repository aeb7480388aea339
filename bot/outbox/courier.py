"""Sends what the outbox holds, through each channel at its platform's pace.

Replies go out at once (their rows were written already claimed with the update's effects);
everything else, and every reply that failed, is drained in the background. A send that
succeeded is marked in batches: a crash before the mark re-sends at most what was in flight.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timedelta
from typing import Protocol

from bot.chat_locks import ChatLocks
from bot.clock import Clock
from bot.db.unit_of_work import Database
from bot.messages import Delivery, Outgoing
from bot.outbox import store
from bot.outbox.errors import Blocked, Rejected, RetryLater, SendError
from bot.outbox.pace import ChatPace, Pace

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
BACKOFF_BASE_SECONDS = 2.0
BACKOFF_MAX_SECONDS = 600.0
FLUSH_SECONDS = 0.05
IDLE_POLL_SECONDS = 1.0
# Attempts for a reply to someone not joined: it has no row, so it is retried here only.
UNQUEUED_ATTEMPTS = 3


class Sender(Protocol):
    """What the courier needs of a channel."""

    name: str

    async def send(self, address: str, message: Outgoing, *, edit_of: str | None) -> list[str]:
        """Send one message; the platform's ids of what was sent (a long text is split)."""
        ...


def backoff(attempts: int, base: float = BACKOFF_BASE_SECONDS) -> float:
    """Exponential with jitter, so many failed rows do not come back at once."""
    ceiling = min(BACKOFF_MAX_SECONDS, base * 2 ** max(0, attempts - 1))
    return float(ceiling / 2 + random.uniform(0, ceiling / 2))


class Courier:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        *,
        rates: dict[str, float] | None = None,
        max_attempts: int = MAX_ATTEMPTS,
        backoff_base: float | None = None,
    ) -> None:
        self.db = db
        self.backoff_base = BACKOFF_BASE_SECONDS if backoff_base is None else backoff_base
        self.clock = clock
        self.rates = rates or {}
        self.max_attempts = max_attempts
        self.channels: dict[str, Sender] = {}
        # Told when a row dies (the admins get an alert); set by the composition root.
        self.on_dead: Callable[[], Awaitable[object]] | None = None
        self.paces: dict[str, Pace] = {}
        self.chat_paces: dict[str, ChatPace] = {}
        self._chats = ChatLocks()
        self._wake: dict[str, asyncio.Event] = {}
        self._sent: list[tuple[int, list[str]]] = []
        self._flushed = asyncio.Event()
        self._in_flight: set[int] = set()
        self._tasks: set[asyncio.Task[None]] = set()

    def register(self, channel: Sender) -> None:
        self.channels[channel.name] = channel
        self.paces[channel.name] = Pace(self.rates.get(channel.name, 30.0))
        self.chat_paces[channel.name] = ChatPace()
        self._wake[channel.name] = asyncio.Event()

    def wake(self, channel: str | None = None) -> None:
        """New rows are due (a push was queued, a reply failed): look now, not at the next poll."""
        for name, event in self._wake.items():
            if channel is None or name == channel:
                event.set()

    # --- replies, sent at once -----------------------------------------------------------

    async def deliver(self, deliveries: Sequence[Delivery]) -> None:
        """Send a reply's messages in order; a failure leaves that one and the rest of the
        reply to the background drain (in order, since rows are taken oldest first)."""
        for index, delivery in enumerate(deliveries):
            if delivery.channel not in self.channels:
                continue
            try:
                await self._send(delivery)
            except SendError as error:
                await self._after_reply_failure(delivery, deliveries[index + 1 :], error)
                return

    async def _after_reply_failure(
        self, failed: Delivery, rest: Sequence[Delivery], error: SendError
    ) -> None:
        if failed.row_id is None:
            await self._retry_unqueued([failed, *rest], error)
            return
        retry_at = self._retry_at(error, attempts=1)
        async with self.db.unit_of_work() as session:
            for delivery in (failed, *rest):
                if delivery.row_id is not None:
                    await store.mark_failed(
                        session, delivery.row_id, error=error.kind, retry_at=retry_at
                    )
            if isinstance(error, Blocked):
                await store.mark_unreachable(
                    session, failed.channel, failed.address, now=self.clock.now()
                )
        log.info("reply left to the outbox", extra={"reason": error.kind})
        if retry_at is None and isinstance(error, Rejected) and self.on_dead is not None:
            await self.on_dead()
        self.wake(failed.channel)

    async def _retry_unqueued(self, deliveries: Sequence[Delivery], error: SendError) -> None:
        """A short reply to someone not joined (a refusal, a language question): a few quick
        tries in place, then it is dropped with a log line."""
        remaining = list(deliveries)
        for attempt in range(1, UNQUEUED_ATTEMPTS):
            if not isinstance(error, RetryLater):
                break
            await asyncio.sleep(error.retry_after or BACKOFF_BASE_SECONDS * attempt / 2)
            try:
                while remaining:
                    await self._send(remaining[0])
                    remaining.pop(0)
                return
            except SendError as again:
                error = again
        log.warning("reply to a person not joined was not delivered", extra={"reason": error.kind})

    # --- the background drain ------------------------------------------------------------

    async def run(self, stop: asyncio.Event) -> None:
        """Drain every channel until `stop`; then let sends in hand finish and flush."""
        drains = [
            asyncio.create_task(self._drain(name, stop), name=f"outbox-{name}")
            for name in self.channels
        ]
        flusher = asyncio.create_task(self._flush_loop(stop), name="outbox-flush")
        try:
            await stop.wait()
        finally:
            for task in drains:
                task.cancel()
            await asyncio.gather(*drains, return_exceptions=True)
            if self._tasks:
                await asyncio.wait(set(self._tasks), timeout=10)
            flusher.cancel()
            await asyncio.gather(flusher, return_exceptions=True)
            await self.flush()

    async def _drain(self, channel: str, stop: asyncio.Event) -> None:
        wake = self._wake[channel]
        capacity = max(10, int(self.rates.get(channel, 30.0) * 5))
        while not stop.is_set():
            wake.clear()
            free = capacity - len(self._in_flight)
            claimed: list[store.Queued] = []
            if free > 0:
                try:
                    claimed = await self._claim(channel, free)
                except Exception:
                    log.exception("outbox claim failed")
            for queued in claimed:
                self._in_flight.add(queued.id)
                task = asyncio.create_task(self._send_queued(queued))
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)
            if claimed and len(claimed) == free:
                # More may be due: claim again once half of what is in hand has gone. Claiming
                # again for every message sent would run one claim (a scan of the due rows) per
                # send and hold the database most of the time during a large announcement.
                await asyncio.sleep(0)
                await self._until_capacity(capacity // 2)
                continue
            await self._idle(channel, wake)

    async def _claim(self, channel: str, limit: int) -> list[store.Queued]:
        now = self.clock.now()
        async with self.db.unit_of_work() as session:
            claimed = await store.claim(session, channel, now=now, limit=limit)
            claimed = [q for q in claimed if q.id not in self._in_flight]
            blocked = await store.unreachable(session, channel, {q.address for q in claimed})
            for queued in claimed:
                if queued.address in blocked:
                    await store.mark_failed(session, queued.id, error="blocked", retry_at=None)
        return [q for q in claimed if q.address not in blocked]

    async def _until_capacity(self, level: int) -> None:
        """Until fewer than `level` claimed rows are still in hand."""
        while len(self._in_flight) >= level and self._tasks:
            await asyncio.wait(set(self._tasks), return_when=asyncio.FIRST_COMPLETED)

    async def _idle(self, channel: str, wake: asyncio.Event) -> None:
        """Sleep until the next row falls due, a wake-up, or the poll interval."""
        pause = IDLE_POLL_SECONDS
        with contextlib.suppress(Exception):
            async with self.db.sessions() as session:
                due = await store.next_due(session, channel)
            if due is not None:
                pause = min(pause, max(0.0, (due - self.clock.now()).total_seconds()))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(wake.wait(), timeout=pause)

    async def _send_queued(self, queued: store.Queued) -> None:
        delivery = Delivery(
            queued.channel, queued.address, queued.message, queued.id, queued.edit_of
        )
        try:
            async with self._chats.hold(f"{queued.channel}:{queued.address}"):
                chat_pace = self.chat_paces[queued.channel]
                await asyncio.sleep(chat_pace.wait_for(queued.address))
                await self._send(delivery)
        except SendError as error:
            await self._after_failure(queued, error)
        except Exception:
            log.exception("outbox send failed")
            await self._after_failure(queued, RetryLater("internal"))
        finally:
            self._in_flight.discard(queued.id)

    async def _after_failure(self, queued: store.Queued, error: SendError) -> None:
        retry_at = self._retry_at(error, queued.attempts)
        async with self.db.unit_of_work() as session:
            await store.mark_failed(session, queued.id, error=error.kind, retry_at=retry_at)
            if isinstance(error, Blocked):
                await store.mark_unreachable(
                    session, queued.channel, queued.address, now=self.clock.now()
                )
        if retry_at is None:
            log.warning("outbox row dead", extra={"row": queued.id, "reason": error.kind})
            if self.on_dead is not None and not isinstance(error, Blocked):
                await self.on_dead()
        self.wake(queued.channel)

    def _retry_at(self, error: SendError, attempts: int) -> datetime | None:
        if isinstance(error, Blocked | Rejected) or attempts >= self.max_attempts:
            return None
        assert isinstance(error, RetryLater)
        if error.retry_after is not None:
            wait = error.retry_after
        else:
            wait = backoff(attempts, self.backoff_base)
        return self.clock.now() + timedelta(seconds=wait)

    # --- one send, at the pace ------------------------------------------------------------

    async def _send(self, delivery: Delivery) -> None:
        channel = self.channels[delivery.channel]
        pace = self.paces[delivery.channel]
        await pace.turn()
        try:
            ids = await channel.send(delivery.address, delivery.message, edit_of=delivery.edit_of)
        except RetryLater as error:
            if error.retry_after is not None:
                pace.pause(error.retry_after)
            raise
        self.chat_paces[delivery.channel].sent(delivery.address)
        if delivery.row_id is not None:
            self._sent.append((delivery.row_id, ids))
            self._flushed.clear()

    # --- marking sent in batches ----------------------------------------------------------

    async def _flush_loop(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            await asyncio.sleep(FLUSH_SECONDS)
            if self._sent:
                try:
                    await self.flush()
                except Exception:
                    log.exception("outbox flush failed; retrying")

    async def flush(self) -> None:
        """Record every send that succeeded since the last flush, in one transaction."""
        batch, self._sent = self._sent, []
        if not batch:
            self._flushed.set()
            return
        try:
            async with self.db.unit_of_work() as session:
                await store.mark_sent(session, batch, now=self.clock.now())
        except BaseException:
            self._sent = batch + self._sent
            raise
        self._flushed.set()
