"""Scheduled jobs run on the real scheduler against the real database, and a stop waits for a
job in the middle of its work."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from bot import bootstrap, scheduler
from bot.clock import FixedClock
from bot.db.models import ProcessedUpdate, utcnow

TIMEOUT = 5.0


@pytest.fixture
def now(monkeypatch: pytest.MonkeyPatch) -> None:
    """Jobs run at once instead of after the start-up delay."""
    monkeypatch.setattr(scheduler, "FIRST_RUN_DELAY", timedelta(0))


@pytest.fixture
async def jobs(app: bootstrap.App, now: None) -> AsyncIterator[scheduler.Jobs]:
    jobs = scheduler.Jobs(app.db, clock=app.core.clock)
    yield jobs
    await jobs.stop()


async def stored_update_ids(app: bootstrap.App) -> list[str]:
    async with app.sessions() as session:
        return list((await session.scalars(select(ProcessedUpdate.update_id))).all())


def record_update(app: bootstrap.App, update_id: str) -> Callable[[], Awaitable[None]]:
    async def write() -> None:
        async with app.db.unit_of_work() as session:
            session.add(ProcessedUpdate(channel="job", update_id=update_id, processed_at=utcnow()))

    return write


async def test_the_prune_job_runs_on_the_scheduler(
    app: bootstrap.App, jobs: scheduler.Jobs, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with app.db.unit_of_work() as session:
        session.add(ProcessedUpdate(channel="telegram", update_id="new", processed_at=utcnow()))
        old = utcnow() - scheduler.KEEP_PROCESSED_UPDATES - timedelta(hours=1)
        session.add(ProcessedUpdate(channel="telegram", update_id="old", processed_at=old))
    pruned = asyncio.Event()
    real_prune = scheduler.prune

    async def observed_prune(*args: Any, **kwargs: Any) -> object:
        try:
            return await real_prune(*args, **kwargs)
        finally:
            pruned.set()

    monkeypatch.setattr(scheduler, "prune", observed_prune)
    jobs.start()
    await asyncio.wait_for(pruned.wait(), TIMEOUT)

    assert await stored_update_ids(app) == ["new"]


async def test_a_job_runs_again_after_each_interval(
    app: bootstrap.App, jobs: scheduler.Jobs
) -> None:
    every = timedelta(seconds=0.1)
    runs: list[float] = []
    third_run = asyncio.Event()

    async def tick(now: datetime) -> None:
        runs.append(time.monotonic())
        if len(runs) == 3:
            third_run.set()

    added = time.monotonic()
    jobs._add("tick", every, tick)
    jobs.start()
    await asyncio.wait_for(third_run.wait(), TIMEOUT)

    # The runs are due at 0, 1 and 2 intervals after the job was added, and never early.
    assert runs[2] - added >= 0.95 * 2 * every.total_seconds()


async def test_stop_waits_for_a_job_to_finish_its_work(
    app: bootstrap.App, jobs: scheduler.Jobs, monkeypatch: pytest.MonkeyPatch
) -> None:
    started, release, paused = asyncio.Event(), asyncio.Event(), asyncio.Event()
    order: list[str] = []

    async def slow_job(now: datetime) -> None:
        started.set()
        await release.wait()
        await record_update(app, "written by the job")()
        order.append("job finished")

    async def stop() -> None:
        await jobs.stop()
        order.append("stop returned")

    def pause() -> None:
        pause_scheduler()
        paused.set()

    pause_scheduler = jobs.scheduler.pause
    monkeypatch.setattr(jobs.scheduler, "pause", pause)
    jobs._add("slow", timedelta(hours=1), slow_job)
    jobs.start()
    await asyncio.wait_for(started.wait(), TIMEOUT)
    stopping = asyncio.create_task(stop())
    await asyncio.wait_for(paused.wait(), TIMEOUT)  # stopping: no new runs from here on
    release.set()
    await asyncio.wait_for(stopping, TIMEOUT)

    assert order == ["job finished", "stop returned"]
    assert "written by the job" in await stored_update_ids(app)
    assert not jobs.scheduler.running


async def test_stop_cancels_a_stuck_job_after_its_timeout(
    app: bootstrap.App, jobs: scheduler.Jobs, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(scheduler, "STOP_TIMEOUT_SECONDS", 0.05)
    started, cancelled = asyncio.Event(), asyncio.Event()

    async def stuck_job(now: datetime) -> None:
        started.set()
        try:
            await asyncio.Event().wait()  # never set
        except asyncio.CancelledError:
            cancelled.set()
            raise

    jobs._add("stuck", timedelta(hours=1), stuck_job)
    jobs.start()
    await asyncio.wait_for(started.wait(), TIMEOUT)
    await asyncio.wait_for(jobs.stop(), TIMEOUT)  # a deploy is not held up for ever

    assert not jobs.scheduler.running
    await asyncio.wait_for(cancelled.wait(), TIMEOUT)


START = datetime(2025, 1, 6, 0, 0, tzinfo=UTC)


async def test_a_job_is_given_the_time_of_the_clock_not_of_the_system(
    app: bootstrap.App, now: None
) -> None:
    clock = FixedClock(START)
    jobs = scheduler.Jobs(app.db, clock=clock)
    seen: list[datetime] = []
    ran = asyncio.Event()

    async def note(now: datetime) -> None:
        seen.append(now)
        ran.set()

    jobs._add("note", timedelta(hours=1), note)
    try:
        jobs.start()
        await asyncio.wait_for(ran.wait(), TIMEOUT)
    finally:
        await jobs.stop()
    assert seen[0] == START


async def test_run_due_now_runs_every_job_once_at_the_moved_time(app: bootstrap.App) -> None:
    clock = FixedClock(START)
    jobs = scheduler.Jobs(app.db, clock=clock)  # never started: APScheduler plays no part
    seen: list[tuple[str, datetime]] = []

    async def first(now: datetime) -> None:
        await asyncio.sleep(0.01)  # still awaited, not left running
        seen.append(("first", now))

    async def second(now: datetime) -> None:
        seen.append(("second", now))

    jobs._add("first", timedelta(hours=1), first)
    jobs._add("second", timedelta(hours=1), second)
    clock.advance(timedelta(days=3))
    await jobs.run_due_now()

    later = START + timedelta(days=3)
    assert seen == [("first", later), ("second", later)]


async def test_run_due_now_prunes_what_the_moved_clock_made_old(app: bootstrap.App) -> None:
    clock = FixedClock(START)
    jobs = scheduler.Jobs(app.db, clock=clock)
    async with app.db.unit_of_work() as session:
        session.add(ProcessedUpdate(channel="telegram", update_id="u-1", processed_at=START))
    await jobs.run_due_now()
    assert await stored_update_ids(app) == ["u-1"]  # not old yet

    clock.advance(scheduler.KEEP_PROCESSED_UPDATES + timedelta(minutes=1))
    await jobs.run_due_now()
    assert await stored_update_ids(app) == []


async def test_a_failing_job_does_not_stop_the_others_from_running_now(
    app: bootstrap.App, caplog: pytest.LogCaptureFixture
) -> None:
    jobs = scheduler.Jobs(app.db, clock=FixedClock(START))
    ran: list[str] = []

    async def broken(now: datetime) -> None:
        raise RuntimeError("broken")

    async def fine(now: datetime) -> None:
        ran.append("fine")

    jobs._add("broken", timedelta(hours=1), broken)
    jobs._add("fine", timedelta(hours=1), fine)
    await jobs.run_due_now()

    assert ran == ["fine"]
    assert any(record.message == "job failed" for record in caplog.records)


async def test_a_run_now_waits_for_the_scheduled_run_of_the_same_job(
    app: bootstrap.App, jobs: scheduler.Jobs
) -> None:
    started, release = asyncio.Event(), asyncio.Event()
    order: list[str] = []

    async def slow(now: datetime) -> None:
        order.append("start")
        started.set()
        await release.wait()
        order.append("end")

    jobs._add("slow", timedelta(hours=1), slow)
    jobs.start()
    await asyncio.wait_for(started.wait(), TIMEOUT)  # the scheduler's run is under way
    run_now = asyncio.create_task(jobs.run_due_now())
    await asyncio.sleep(0.05)
    assert order == ["start"]  # the second run has not begun alongside the first
    release.set()
    await asyncio.wait_for(run_now, TIMEOUT)
    assert order == ["start", "end", "start", "end"]
