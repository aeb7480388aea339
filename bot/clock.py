"""The one clock of the process: real UTC time, which the console and tests can move.

Services take `now` from it instead of reading the system time, so a schedule is tested by
moving the clock, never by sleeping, and a newcomer can watch a scheduled message arrive.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


class Clock:
    def __init__(self, offset: timedelta = timedelta(0)) -> None:
        self.offset = offset

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def advance(self, delta: timedelta) -> datetime:
        """Move forward (or back) by `delta`; returns the new time."""
        self.offset += delta
        return self.now()

    def set(self, when: datetime) -> datetime:
        """Jump to a moment (aware datetime)."""
        if when.tzinfo is None:
            raise ValueError("naive datetime")
        self.offset += when - self.now()
        return self.now()

    def reset(self) -> datetime:
        """Back to real time."""
        self.offset = timedelta(0)
        return self.now()


class FixedClock(Clock):
    """A clock that stands still until moved, for tests."""

    def __init__(self, start: datetime) -> None:
        super().__init__()
        if start.tzinfo is None:
            raise ValueError("naive datetime")
        self._start = self._now = start

    def now(self) -> datetime:
        return self._now

    def advance(self, delta: timedelta) -> datetime:
        self._now += delta
        return self._now

    def set(self, when: datetime) -> datetime:
        if when.tzinfo is None:
            raise ValueError("naive datetime")
        self._now = when
        return self._now

    def reset(self) -> datetime:
        """Back to where it started."""
        self._now = self._start
        return self._now
