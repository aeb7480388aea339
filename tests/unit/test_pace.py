"""The pace of sends: never more than the rate in any sliding second, no bursts, a 429 pauses
everyone and slows down; one chat gets about one message a second."""

from __future__ import annotations

import asyncio
import itertools

import pytest

from bot.outbox import pace as pace_module
from bot.outbox.health import DOWN_AFTER, PROBE_SECONDS, ChannelHealth
from bot.outbox.pace import ChatPace, Pace


class FakeTime:
    def __init__(self) -> None:
        self.now = 0.0

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += max(seconds, 0.0)
        await asyncio.sleep(0)


def most_in_any_window(times: list[float], window: float = 1.0) -> int:
    return max(sum(1 for t in times if start <= t < start + window) for start in times)


async def test_sends_never_exceed_the_rate_in_any_second() -> None:
    time = FakeTime()
    pace = Pace(30, clock=time.clock, sleep=time.sleep)
    times = []
    for _ in range(300):
        await pace.turn()
        times.append(time.now)
    assert most_in_any_window(times) <= 30
    assert times[-1] == pytest.approx(299 / 30, rel=0.05)  # and it keeps up the rate


async def test_sends_are_spaced_evenly_not_in_bursts() -> None:
    time = FakeTime()
    pace = Pace(10, clock=time.clock, sleep=time.sleep)
    times = []
    for _ in range(5):
        await pace.turn()
        times.append(time.now)
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    assert all(gap == pytest.approx(0.1) for gap in gaps)


async def test_concurrent_senders_share_one_rate() -> None:
    time = FakeTime()
    pace = Pace(20, clock=time.clock, sleep=time.sleep)
    times: list[float] = []

    async def sender() -> None:
        for _ in range(20):
            await pace.turn()
            times.append(time.now)

    await asyncio.gather(*(sender() for _ in range(5)))
    assert len(times) == 100
    assert most_in_any_window(times) <= 20


async def test_a_429_pauses_every_send_and_slows_down() -> None:
    time = FakeTime()
    pace = Pace(30, clock=time.clock, sleep=time.sleep)
    await pace.turn()
    pace.pause(5)
    await pace.turn()
    assert time.now >= 5.0  # nobody sent before retry_after passed
    assert pace.rate < 30
    time.now += pace_module.RECOVER_AFTER_SECONDS
    await pace.turn()
    assert pace.rate == 30  # back to the full rate after a calm period


def test_one_chat_waits_about_a_second_between_messages() -> None:
    time = FakeTime()
    chats = ChatPace(clock=time.clock)
    assert chats.wait_for("42") == 0
    chats.sent("42")
    time.now += 0.25
    assert chats.wait_for("42") == pytest.approx(0.75)
    assert chats.wait_for("43") == 0  # other chats are not held back


def test_the_chat_table_stays_bounded() -> None:
    chats = ChatPace(max_chats=3)
    for chat in "abcd":
        chats.sent(chat)
    assert chats.wait_for("a") == 0  # the oldest was forgotten


async def test_sleeps_that_wake_late_do_not_lower_the_rate() -> None:
    """Every sleep overshoots a little, as asyncio's do: the schedule, not the wake-up time,
    sets the next turn, so the rate holds (and the sliding second still caps it)."""
    time = FakeTime()

    async def late_sleep(seconds: float) -> None:
        await time.sleep(seconds + 0.3 / 300)  # 30% of an interval late, every time

    pace = Pace(300, clock=time.clock, sleep=late_sleep)
    times = []
    for _ in range(3000):
        await pace.turn()
        times.append(time.now)
    assert most_in_any_window(times) <= 300
    assert (len(times) - 1) / (times[-1] - times[0]) >= 0.95 * 300


def test_a_channel_is_down_after_failures_in_a_row_and_probed_every_half_minute() -> None:
    time = FakeTime()
    health = ChannelHealth(clock=time.clock)
    for _ in range(DOWN_AFTER - 1):
        health.failed()
    assert not health.down
    health.failed()
    assert health.down
    assert health.may_probe()  # one send finds out whether it is back
    time.now += PROBE_SECONDS - 1
    assert not health.may_probe()
    time.now += 1
    assert health.may_probe()
    health.succeeded()
    assert not health.down
