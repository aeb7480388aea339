"""Sends what the outbox holds, through each channel at its platform's pace.

Replies go out at once (their rows were written already claimed with the update's effects);
everything else, and every reply that failed, is drained in the background. Messages to one
chat keep their order: a row is taken only when no older row of its chat is still unsent. A
send that succeeded is recorded in batches; until it is, its row stays in hand here, so it is
never taken again. A row whose lease has run out before its turn is not sent here: another
sender may have taken it.
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
from bot.outbox.errors import Blocked, Rejected, RetryLater, SendError, WindowClosed
from bot.outbox.health import ChannelHealth
from bot.outbox.pace import PER_CHAT_SECONDS, ChatPace, Pace

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
BACKOFF_BASE_SECONDS = 2.0
BACKOFF_MAX_SECONDS = 600.0
FLUSH_SECONDS = 0.05
IDLE_POLL_SECONDS = 1.0
# A send does not start this close to the end of its row's lease.
LEASE_MARGIN = timedelta(seconds=5)
# Attempts for a reply to someone not joined: it has no row, so it is retried here only.
UNQUEUED_ATTEMPTS = 3
COMPLAIN_EVERY_SECONDS = 30.0
# A message waiting for WhatsApp's reply window is tried again after this long anyway (it is
# released at once when the person writes): the notice template then reminds them once a day.
WINDOW_WAIT = timedelta(hours=24)

Turn = Callable[[], Awaitable[None]]


class Sender(Protocol):
    """What the courier needs of a channel."""

    name: str

    async def send(
        self, address: str, message: Outgoing, *, edit_of: str | None, turn: Turn
    ) -> list[str]:
        """Send one message, awaiting `turn()` before every call to the platform (a long text
        is several); the platform's ids of what was sent."""
        ...


class Completer(Protocol):
    """Builds a message's document (see bot.documents) just before it is sent."""

    async def complete(self, message: Outgoing) -> Outgoing: ...


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
        # Builds the documents that messages name; set by the composition root.
        self.documents: Completer | None = None
        self.paces: dict[str, Pace] = {}
        self.chat_paces: dict[str, ChatPace] = {}
        self.health: dict[str, ChannelHealth] = {}
        self._chats = ChatLocks()
        self._wake: dict[str, asyncio.Event] = {}
        self._sent: list[tuple[int, list[str]]] = []
        # Rows in hand here, by channel: being sent, or sent and not yet recorded.
        self._in_hand: dict[str, set[int]] = {}
        # Set when a channel's rows in hand fall below `_room_below` (see _until_capacity).
        self._room = asyncio.Event()
        self._room_below = 0
        self._tasks: set[asyncio.Task[None]] = set()
        self._complained = -COMPLAIN_EVERY_SECONDS

    def register(self, channel: Sender) -> None:
        self.channels[channel.name] = channel
        self.paces[channel.name] = Pace(self.rates.get(channel.name, 30.0))
        # A terminal has no per-chat limit; platforms take about one message a second.
        spacing = getattr(channel, "per_chat_seconds", PER_CHAT_SECONDS)
        self.chat_paces[channel.name] = ChatPace(spacing=spacing)
        self.health[channel.name] = ChannelHealth()
        self._wake[channel.name] = asyncio.Event()
        self._in_hand[channel.name] = set()

    def wake(self, channel: str | None = None) -> None:
        """New rows are due (a push was queued, a reply failed): look now, not at the next poll."""
        for name, event in self._wake.items():
            if channel is None or name == channel:
                event.set()

    def down(self, channel: str) -> bool:
        health = self.health.get(channel)
        return health is not None and health.down

    async def turn(self, channel: str) -> None:
        """A turn at the channel's pace, for calls other than messages (a toast, an edit, a
        menu): together with the messages they never exceed the platform's limit."""
        pace = self.paces.get(channel)
        if pace is not None:
            await pace.turn()

    # --- replies, sent at once -----------------------------------------------------------

    async def deliver(self, deliveries: Sequence[Delivery]) -> None:
        """Send a reply's messages in order. A message the platform refuses (400) is given up
        alone; any other failure leaves it and the rest of the reply to the outbox."""
        pending = [d for d in deliveries if d.channel in self.channels]
        while pending:
            delivery = pending[0]
            if delivery.row_id is not None and not self._may_send_now(delivery):
                await self._release(pending)
                return
            try:
                await self._send(delivery)
            except Rejected as error:
                await self._reply_failed([delivery], error)
                pending.pop(0)
                continue
            except SendError as error:
                await self._reply_failed(pending, error)
                return
            pending.pop(0)

    def _lease_holds(self, delivery: Delivery) -> bool:
        lease = delivery.lease_until
        return lease is None or self.clock.now() <= lease - LEASE_MARGIN

    def _may_send_now(self, delivery: Delivery) -> bool:
        """Only while its lease holds, and not while the platform is down."""
        return self._lease_holds(delivery) and not self.down(delivery.channel)

    async def _release(self, deliveries: Sequence[Delivery]) -> None:
        """Reply rows that cannot go now go to the background drain, in their order."""
        rows = [d.row_id for d in deliveries if d.row_id is not None]
        async with self.db.unit_of_work() as session:
            await store.release(session, rows, now=self.clock.now())
        self.wake(deliveries[0].channel)

    async def _reply_failed(self, failed: Sequence[Delivery], error: SendError) -> None:
        first = failed[0]
        if first.row_id is None:
            await self._retry_unqueued(failed, error)
            return
        retry_at = self._retry_at(error, attempts=1)
        async with self.db.unit_of_work() as session:
            for delivery in failed:
                if delivery.row_id is not None:
                    await store.mark_failed(
                        session, delivery.row_id, error=error.kind, retry_at=retry_at
                    )
            if isinstance(error, Blocked):
                await store.mark_unreachable(
                    session, first.channel, first.address, now=self.clock.now()
                )
        log.info("reply left to the outbox", extra={"reason": error.kind})
        if retry_at is None and isinstance(error, Rejected) and self.on_dead is not None:
            await self.on_dead()
        self.wake(first.channel)

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

    async def send_due(self, channel: str, *, within: float = 5.0) -> None:
        """Send every row of a channel that is due now and record it, before returning (the
        console uses it so that a moved clock shows its messages before the next line)."""
        loop = asyncio.get_running_loop()
        until = loop.time() + within
        while loop.time() < until:
            claimed = await self._claim(channel, 100)
            for queued in claimed:
                await self._send_queued(queued)
            await self.flush()  # a chat's next message waits for this one's record
            if claimed:
                continue
            if self._tasks:  # the background drain has some in hand: let them finish
                await asyncio.wait(set(self._tasks))
                continue
            async with self.db.sessions() as session:
                due = await store.next_due(session, channel)
            if due is None or due > self.clock.now():
                return
            await asyncio.sleep(0.01)  # the drain is between its claim and its send

    # --- the background drain ------------------------------------------------------------

    async def run(self, stop: asyncio.Event) -> None:
        """Drain every channel until `stop`; then let sends in hand finish (a few seconds, then
        they are cancelled: another process may lead now) and record them."""
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
                _done, late = await asyncio.wait(set(self._tasks), timeout=10)
                for task in late:
                    task.cancel()
                await asyncio.gather(*late, return_exceptions=True)
            flusher.cancel()
            await asyncio.gather(flusher, return_exceptions=True)
            with contextlib.suppress(Exception):  # unrecorded rows are sent again: in-flight
                await self.flush()

    async def _drain(self, channel: str, stop: asyncio.Event) -> None:
        wake = self._wake[channel]
        capacity = max(10, int(self.rates.get(channel, 30.0) * 5))
        health = self.health[channel]
        while not stop.is_set():
            wake.clear()
            free = capacity - len(self._in_hand[channel])
            if health.down:  # one row now and then finds out whether it is back
                free = min(free, 1) if health.may_probe() else 0
            claimed: list[store.Queued] = []
            if free > 0:
                try:
                    claimed = await self._claim(channel, free)
                except Exception:
                    self._complain("outbox claim failed")
            for queued in claimed:
                task = asyncio.create_task(self._send_queued(queued))
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)
            if claimed and len(claimed) == free and not health.down:
                # More may be due: claim again once half of what is in hand has gone. Claiming
                # again for every message sent would run one claim (a scan of the due rows) per
                # send and hold the database most of the time during a large announcement.
                await asyncio.sleep(0)
                await self._until_capacity(channel, capacity // 2)
                continue
            await self._idle(channel, wake)

    async def _claim(self, channel: str, limit: int) -> list[store.Queued]:
        now = self.clock.now()
        in_hand = self._in_hand[channel]
        async with self.db.unit_of_work() as session:
            claimed = await store.claim(session, channel, now=now, limit=limit)
            claimed = [q for q in claimed if q.id not in in_hand]
            blocked = await store.unreachable(session, channel, {q.address for q in claimed})
            for queued in claimed:
                if queued.address in blocked:
                    await store.mark_failed(session, queued.id, error="blocked", retry_at=None)
        claimed = [q for q in claimed if q.address not in blocked]
        in_hand.update(q.id for q in claimed)
        return claimed

    async def _until_capacity(self, channel: str, level: int) -> None:
        """Until fewer than `level` claimed rows are still in hand. Told by the sends as they
        end: waiting on every task in hand (asyncio.wait) costs a pass over all of them, and
        there are thousands during an announcement, each time one ends."""
        while len(self._in_hand[channel]) >= level and self._tasks:
            self._room_below = level
            self._room.clear()
            await self._room.wait()

    async def _idle(self, channel: str, wake: asyncio.Event) -> None:
        """Sleep until the next row falls due, a wake-up, or the poll interval."""
        pause = IDLE_POLL_SECONDS
        with contextlib.suppress(Exception):
            async with self.db.sessions() as session:
                due = await store.next_due(session, channel)
            if due is not None:
                pause = min(pause, max(0.05, (due - self.clock.now()).total_seconds()))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(wake.wait(), timeout=pause)

    async def _send_queued(self, queued: store.Queued) -> None:
        delivery = Delivery(
            queued.channel,
            queued.address,
            queued.message,
            queued.id,
            queued.edit_of,
            lease_until=queued.lease_until,
        )
        sent = False
        try:
            # The failure is handled inside the chat's lock, so the chat's next message
            # cannot overtake the one that failed.
            async with self._chats.hold(f"{queued.channel}:{queued.address}"):
                await asyncio.sleep(self.chat_paces[queued.channel].wait_for(queued.address))
                if not self._lease_holds(delivery):
                    return  # its lease ran out while it waited: another sender may have it
                try:
                    await self._send(delivery)
                    sent = True
                except SendError as error:
                    await self._after_failure(queued, error)
                except Exception:
                    log.exception("outbox send failed")
                    await self._after_failure(queued, RetryLater("internal"))
        finally:
            if not sent:  # a sent row stays in hand until it is recorded
                self._let_go(queued.channel, [queued.id])

    def _let_go(self, channel: str, rows: Sequence[int]) -> None:
        in_hand = self._in_hand[channel]
        in_hand.difference_update(rows)
        if len(in_hand) < self._room_below:
            self._room.set()

    async def _after_failure(self, queued: store.Queued, error: SendError) -> None:
        counted = not (self.down(queued.channel) and isinstance(error, RetryLater))
        counted = counted and not isinstance(error, WindowClosed)  # waiting is no attempt
        retry_at = self._retry_at(error, queued.attempts if counted else 1)
        async with self.db.unit_of_work() as session:
            await store.mark_failed(
                session, queued.id, error=error.kind, retry_at=retry_at, counted=counted
            )
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
        if isinstance(error, WindowClosed):
            return self.clock.now() + WINDOW_WAIT
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
        health = self.health[delivery.channel]
        message = await self._complete(delivery.message)
        try:
            ids = await channel.send(
                delivery.address, message, edit_of=delivery.edit_of, turn=pace.turn
            )
        except RetryLater as error:
            if error.retry_after is not None:
                pace.pause(error.retry_after)
            else:
                health.failed()
            raise
        except (Blocked, Rejected, WindowClosed):
            health.succeeded()  # the platform answered
            raise
        health.succeeded()
        self.chat_paces[delivery.channel].sent(delivery.address)
        if delivery.row_id is not None:
            self._in_hand[delivery.channel].add(delivery.row_id)
            self._sent.append((delivery.row_id, ids))

    async def _complete(self, message: Outgoing) -> Outgoing:
        """The message with the document it names, built now; a failure to build says nothing
        about the channel's health."""
        if message.build is None:
            return message
        if self.documents is None:
            log.warning("no document builders; message given up")
            raise Rejected()
        try:
            return await self.documents.complete(message)
        except SendError:
            raise
        except Exception as exc:
            log.exception("document build failed")
            raise RetryLater("build") from exc

    # --- recording sends in batches -------------------------------------------------------

    async def _flush_loop(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            await asyncio.sleep(FLUSH_SECONDS)
            if self._sent:
                try:
                    await self.flush()
                except Exception:
                    self._complain("outbox flush failed; retrying")

    async def flush(self) -> None:
        """Record every send that succeeded since the last flush, in one transaction; then
        the rows are no longer in hand here."""
        batch, self._sent = self._sent, []
        if not batch:
            return
        try:
            async with self.db.unit_of_work() as session:
                await store.mark_sent(session, batch, now=self.clock.now())
        except BaseException:
            self._sent = batch + self._sent
            raise
        rows = {row_id for row_id, _ids in batch}
        for channel, in_hand in self._in_hand.items():
            recorded = [row for row in rows if row in in_hand]
            if recorded:
                self._let_go(channel, recorded)
                self.wake(channel)  # the chats' next messages may go now

    def _complain(self, event: str) -> None:
        """A failing database is logged once in a while, not every few milliseconds."""
        now = asyncio.get_running_loop().time()
        if now - self._complained >= COMPLAIN_EVERY_SECONDS:
            self._complained = now
            log.exception(event)
