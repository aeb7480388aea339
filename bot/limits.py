"""Attempts counted per chat in memory, so a flood neither grows the database nor gets to try
invite codes quickly. Lost on restart, which is fine for a limit of minutes to an hour."""

from __future__ import annotations

import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass, field


class AttemptLimiter:
    """At most `limit` attempts per key in any sliding `window_seconds`."""

    def __init__(
        self,
        limit: int,
        window_seconds: float,
        *,
        max_keys: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit = limit
        self.window = window_seconds
        self.max_keys = max_keys
        self.clock = clock
        self._attempts: OrderedDict[str, deque[float]] = OrderedDict()

    def blocked(self, key: str) -> bool:
        """True while the key has used up its attempts in the current window."""
        return len(self._recent(key)) >= self.limit

    def record(self, key: str) -> None:
        self._recent(key).append(self.clock())

    def allow(self, key: str) -> bool:
        """Record an attempt when one is left; False (and nothing recorded) otherwise."""
        if self.blocked(key):
            return False
        self.record(key)
        return True

    def _recent(self, key: str) -> deque[float]:
        attempts = self._attempts.get(key)
        if attempts is None:
            attempts = self._attempts[key] = deque()
            if len(self._attempts) > self.max_keys:  # bounded memory under a flood of chats
                self._attempts.popitem(last=False)
        else:
            self._attempts.move_to_end(key)
        cutoff = self.clock() - self.window
        while attempts and attempts[0] <= cutoff:
            attempts.popleft()
        return attempts


WRONG_INVITES_PER_HOUR = 5
STRANGER_AUDITS_PER_HOUR = 20


@dataclass(slots=True)
class Limits:
    """The per-chat limits of one process."""

    wrong_invites: AttemptLimiter = field(
        default_factory=lambda: AttemptLimiter(WRONG_INVITES_PER_HOUR, 3600)
    )
    # Refusals of strangers are audited, but a flood from one chat adds only a few rows.
    stranger_audits: AttemptLimiter = field(
        default_factory=lambda: AttemptLimiter(STRANGER_AUDITS_PER_HOUR, 3600)
    )
