"""The one clock: real time that can be moved, a fixed clock for tests, and the console's
readings of ":clock" arguments."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.channels.console import next_time_of_day, parse_move
from bot.clock import Clock, FixedClock

START = datetime(2025, 1, 6, 0, 0, tzinfo=UTC)  # Monday 07:00 WIB
WIB, WITA = ZoneInfo("Asia/Jakarta"), ZoneInfo("Asia/Makassar")


def test_a_clock_tells_real_utc_time() -> None:
    before = datetime.now(UTC)
    now = Clock().now()
    assert before <= now <= datetime.now(UTC)
    assert now.utcoffset() == timedelta(0)


def test_advancing_a_clock_moves_it_by_that_much_from_real_time() -> None:
    clock = Clock()
    moved = clock.advance(timedelta(hours=2))
    assert moved <= clock.now()  # real time goes on
    assert abs(clock.now() - (datetime.now(UTC) + timedelta(hours=2))) < timedelta(seconds=5)
    clock.advance(timedelta(hours=-3))
    assert abs(clock.now() - (datetime.now(UTC) - timedelta(hours=1))) < timedelta(seconds=5)


def test_setting_a_clock_jumps_to_that_moment_and_reset_returns_to_real_time() -> None:
    clock = Clock()
    target = datetime.now(UTC) + timedelta(days=10)
    assert abs(clock.set(target) - target) < timedelta(seconds=5)
    assert abs(clock.reset() - datetime.now(UTC)) < timedelta(seconds=5)
    assert clock.offset == timedelta(0)


def test_a_clock_refuses_a_naive_moment() -> None:
    with pytest.raises(ValueError):
        Clock().set(datetime(2025, 1, 6))
    with pytest.raises(ValueError):
        FixedClock(datetime(2025, 1, 6))


def test_a_fixed_clock_stands_still_until_moved() -> None:
    clock = FixedClock(START)
    assert clock.now() == START
    assert clock.now() == START
    assert clock.advance(timedelta(minutes=30)) == START + timedelta(minutes=30)
    assert clock.now() == START + timedelta(minutes=30)
    assert clock.set(START + timedelta(days=2)) == START + timedelta(days=2)
    assert clock.reset() == START


@pytest.mark.parametrize(
    ("typed", "moved"),
    [
        ("+2h", timedelta(hours=2)),
        ("+30m", timedelta(minutes=30)),
        ("+1d", timedelta(days=1)),
        ("-1h", timedelta(hours=-1)),
        ("+1d2h30m", timedelta(days=1, hours=2, minutes=30)),
        ("+ 2H", timedelta(hours=2)),
    ],
)
def test_clock_moves_are_read_with_sign_and_unit(typed: str, moved: timedelta) -> None:
    assert parse_move(typed) == moved


@pytest.mark.parametrize("typed", ["2h", "+2", "+2x", "+h", "++2h", "+2h-1h", "+２h", "07:00"])
def test_anything_else_is_not_a_clock_move(typed: str) -> None:
    assert parse_move(typed) is None


def test_a_time_of_day_still_ahead_is_today_in_the_persons_zone() -> None:
    # 07:00 WIB is 08:00 WITA: 09:00 WITA is still ahead today.
    assert next_time_of_day(START, "09:00", WITA) == datetime(2025, 1, 6, 9, 0, tzinfo=WITA)


def test_a_time_of_day_passed_or_now_is_tomorrow() -> None:
    assert next_time_of_day(START, "06:59", WIB) == datetime(2025, 1, 7, 6, 59, tzinfo=WIB)
    assert next_time_of_day(START, "07:00", WIB) == datetime(2025, 1, 7, 7, 0, tzinfo=WIB)
    assert next_time_of_day(START, "07:00", WITA) == datetime(2025, 1, 7, 7, 0, tzinfo=WITA)
