"""Whether a channel's platform takes messages now: several transient failures in a row mean
it is down. While it is down the outbox sends one row now and then as a probe instead of
spending every row's attempts, and /healthz and the admins are told."""

from __future__ import annotations

import time
from collections.abc import Callable

DOWN_AFTER = 5  # transient failures in a row (a 429 is not one: the platform answered)
PROBE_SECONDS = 30.0


class ChannelHealth:
    def __init__(self, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.failures = 0
        self.down_since: float | None = None
        self._last_probe: float | None = None

    @property
    def down(self) -> bool:
        return self.down_since is not None

    def failed(self) -> None:
        self.failures += 1
        if self.failures >= DOWN_AFTER and self.down_since is None:
            self.down_since = self.clock()

    def succeeded(self) -> None:
        self.failures, self.down_since = 0, None

    def may_probe(self) -> bool:
        """While down, one send every PROBE_SECONDS finds out whether it is back."""
        now = self.clock()
        if self._last_probe is None or now - self._last_probe >= PROBE_SECONDS:
            self._last_probe = now
            return True
        return False
