"""When a lesson is due: a mentee's own time on their own days, in their own zone, never on a
national holiday nor in quiet hours. Pure functions of the clock's time."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import holidays

# The three zones of Indonesia; a province implies one.
ZONES = ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura")
DEFAULT_DAYS = "12345"  # ISO weekdays: Monday to Friday
WEEKDAYS = "1234567"


@dataclass(frozen=True, slots=True)
class QuietHours:
    """Local hours without pushes (except answers to the person's own questions); the span
    may cross midnight (21:00-06:00)."""

    start: time
    end: time

    def hold(self, moment: time) -> bool:
        if self.start <= self.end:
            return self.start <= moment < self.end
        return moment >= self.start or moment < self.end

    @classmethod
    def parse(cls, text: str) -> QuietHours:
        """ "21:00-06:00" """
        start, _, end = text.partition("-")
        return cls(time.fromisoformat(start.strip()), time.fromisoformat(end.strip()))

    def __str__(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"


def days_of(person_days: str | None) -> str:
    """The ISO weekdays ("12345") a person gets lessons on."""
    return person_days or DEFAULT_DAYS


@functools.cache
def _holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("ID", years=year)


def is_holiday(day: date) -> bool:
    """A national public holiday of Indonesia (the maintained `holidays` package)."""
    return day in _holidays(day.year)


def local(now: datetime, zone: str) -> datetime:
    return now.astimezone(ZoneInfo(zone))


def lesson_day(day: date, person_days: str | None) -> bool:
    """A day that gets a scheduled lesson: one of the person's days, not a holiday."""
    return str(day.isoweekday()) in days_of(person_days) and not is_holiday(day)
