"""The platform's pace: a global rate per channel without bursts, and about one message per
second to one chat. Every send of a channel (replies and pushes) waits its turn here."""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict, deque
from collections.abc import Awaitable, Callable

# Measured at the bot, a send may reach the platform a little later or earlier than the one
# before it; a small margin keeps the platform's own count under its limit.
WINDOW_SECONDS = 1.02
SLOW_DOWN = 0.8  # after a 429, this share of the rate...
RECOVER_AFTER_SECONDS = 30.0  # ...until this long has passed without another
PER_CHAT_SECONDS = 1.0


class Pace:
    """At most `rate` sends in any sliding window, spaced evenly (no bursts)."""

    def __init__(
        self,
        rate: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.limit = rate
        self.rate = rate
        self.clock = clock
        self.sleep = sleep
        self._recent: deque[float] = deque()
        self._next = 0.0
        self._paused_until = 0.0
        self._slowed_at: float | None = None
        self._lock = asyncio.Lock()

    async def turn(self) -> None:
        """Wait until one more send keeps within the rate, and count it."""
        async with self._lock:  # first come, first served
            while True:
                now = self.clock()
                self._recover(now)
                ready = max(self._next, self._paused_until, self._window_opens(now))
                if ready <= now:
                    break
                await self.sleep(ready - now)
            self._recent.append(now)
            # Spaced from the schedule, not from when this turn woke: a sleep that overshoots
            # by a fraction of the interval each time would lower the whole rate (300/s came
            # out at 270/s). Later than one interval (idle, a pause) starts the schedule anew.
            interval = 1 / self.rate
            on_time = now - self._next < interval
            self._next = (self._next if on_time else now) + interval

    def pause(self, seconds: float) -> None:
        """The platform said 429: nobody sends for `seconds`, then at a slower rate."""
        now = self.clock()
        self._paused_until = max(self._paused_until, now + seconds)
        self.rate = max(self.limit * SLOW_DOWN**2, min(self.rate, self.limit) * SLOW_DOWN)
        self._slowed_at = now

    def _recover(self, now: float) -> None:
        if self._slowed_at is not None and now - self._slowed_at >= RECOVER_AFTER_SECONDS:
            self.rate, self._slowed_at = self.limit, None

    def _window_opens(self, now: float) -> float:
        while self._recent and self._recent[0] <= now - WINDOW_SECONDS:
            self._recent.popleft()
        if len(self._recent) < int(self.rate) or not self._recent:
            return now
        return self._recent[0] + WINDOW_SECONDS


class ChatPace:
    """About one message per second to one chat (short bursts of a reply are let through by
    not asking here). Bounded, so a broadcast to thousands does not keep every chat."""

    def __init__(
        self,
        *,
        spacing: float = PER_CHAT_SECONDS,
        max_chats: int = 50_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.spacing = spacing
        self.max_chats = max_chats
        self.clock = clock
        self._last: OrderedDict[str, float] = OrderedDict()

    def wait_for(self, chat: str) -> float:
        """Seconds until this chat may get the next message (0 when it may now)."""
        last = self._last.get(chat)
        return 0.0 if last is None else max(0.0, last + self.spacing - self.clock())

    def sent(self, chat: str) -> None:
        self._last[chat] = self.clock()
        self._last.move_to_end(chat)
        if len(self._last) > self.max_chats:
            self._last.popitem(last=False)
