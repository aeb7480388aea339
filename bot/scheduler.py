"""Periodic jobs. Durable state lives in the project's tables; the scheduler only asks them.

Every job is given the time of the project's one clock (`bot.clock`), never the system time,
so moving that clock (the console's `:clock`, a test's FixedClock) changes what is due.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.db.unit_of_work import Database
from bot.outbox import store
from bot.policy import Policy
from bot.services import (
    audit,
    broadcasts,
    checklists,
    conversation,
    lessons,
    links,
    questions,
    updates,
)

log = logging.getLogger(__name__)

# Telegram keeps an undelivered update for 24 hours; two more cover clock skew and restarts.
KEEP_PROCESSED_UPDATES = timedelta(hours=26)
# Someone who opened an invite but never consented: their chat id is not kept for long.
KEEP_ABANDONED_JOINING = timedelta(days=2)
FIRST_RUN_DELAY = timedelta(seconds=30)
STOP_TIMEOUT_SECONDS = 10

# A job is told the clock's time and asks the database what is due then.
Job = Callable[[datetime], Awaitable[object]]


@dataclass(frozen=True, slots=True)
class Pruned:
    updates: int
    conversations: int
    audit: int
    outbox: int = 0
    checklists: int = 0
    reviews: int = 0
    questions: int = 0
    broadcasts: int = 0
    link_codes: int = 0


async def prune(db: Database, policy: Policy | None, now: datetime) -> Pruned:
    """Forget old update ids, abandoned joining conversations, and audit and outbox rows past
    retention, as of `now`."""
    policy = policy or Policy()
    async with db.unit_of_work() as session:
        pruned = Pruned(
            await updates.forget_older_than(session, now - KEEP_PROCESSED_UPDATES),
            await conversation.forget_abandoned(session, now - KEEP_ABANDONED_JOINING),
            await audit.forget_older_than(
                session, now - timedelta(days=policy.audit_retention_days)
            ),
            await store.forget_older_than(
                session, now - timedelta(days=policy.outbox_retention_days)
            ),
            await checklists.forget_older_than(session, now - checklists.RETENTION),
            await lessons.forget_reviews_older_than(session, now - lessons.REVIEWS_KEPT),
            await _prune_questions(session, policy, now),
            await broadcasts.forget_older_than(session, now - broadcasts.KEPT),
            await links.forget_expired(session, now),
        )
    if any(dataclasses.astuple(pruned)):
        log.info("pruned", extra=dataclasses.asdict(pruned))
    return pruned


async def _prune_questions(session: AsyncSession, policy: Policy, now: datetime) -> int:
    """An answer nobody followed up for weeks is as good as solved; solved questions are
    deleted after their retention."""
    await questions.close_answered_older_than(session, now - questions.ANSWERED_CLOSES_AFTER)
    return await questions.forget_closed_older_than(
        session, now - timedelta(days=policy.question_retention_days)
    )


class Jobs:
    """APScheduler with a clean stop: a job in the middle of a transaction may finish.

    APScheduler only decides when a job runs, on real time; the job gets `clock.now()`."""

    def __init__(self, db: Database, policy: Policy | None = None, *, clock: Clock) -> None:
        self.clock = clock
        self.scheduler = AsyncIOScheduler(
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 300},
            timezone="UTC",
        )
        self._running: set[asyncio.Task[object]] = set()
        self._runs: dict[str, Callable[[], Coroutine[Any, Any, None]]] = {}
        self._add("prune", timedelta(hours=1), lambda now: prune(db, policy, now))

    def add(
        self, name: str, every: timedelta, job: Job, *, first: timedelta | None = None
    ) -> None:
        """A job run every `every` (the first time after `first`), given the clock's time."""
        self._add(name, every, job, first=first)

    def _add(
        self, name: str, every: timedelta, job: Job, *, first: timedelta | None = None
    ) -> None:
        # One run of a job at a time, whether the scheduler or run_due_now started it.
        lock = asyncio.Lock()

        async def tracked() -> None:
            task = asyncio.current_task()
            if task is not None:
                self._running.add(task)
            try:
                async with lock:
                    await job(self.clock.now())
            finally:
                if task is not None:
                    self._running.discard(task)

        self._runs[name] = tracked
        self.scheduler.add_job(
            tracked,
            "interval",
            seconds=every.total_seconds(),
            id=name,
            # APScheduler's own timers follow the real clock, not the project's.
            next_run_time=datetime.now(UTC) + (FIRST_RUN_DELAY if first is None else first),
        )

    async def run_due_now(self) -> None:
        """Run every job once, now, and wait for them all.

        Moving the clock (the console's `:clock`) does not make APScheduler's timers fire,
        since they follow the real clock; but the jobs ask the database what is due at
        `clock.now()`, so one run right after the move does whatever the move made due."""
        for name, run in self._runs.items():
            try:
                # A task of its own, so that stop() waits for it like for a scheduled run.
                await asyncio.create_task(run(), name=f"job:{name}")
            except Exception:
                log.exception("job failed", extra={"job": name})

    def start(self) -> None:
        """Start, or resume after `pause` (this process leads again)."""
        if self.scheduler.running:
            self.scheduler.resume()
        else:
            self.scheduler.start()

    async def pause(self) -> None:
        """Another process leads now: no new runs here; runs in hand may finish."""
        if self.scheduler.running:
            self.scheduler.pause()
        if self._running:
            await asyncio.wait(set(self._running), timeout=STOP_TIMEOUT_SECONDS)

    async def stop(self) -> None:
        if not self.scheduler.running:
            return
        self.scheduler.pause()
        if self._running:
            await asyncio.wait(set(self._running), timeout=STOP_TIMEOUT_SECONDS)
        self.scheduler.shutdown(wait=False)
        await asyncio.sleep(0)  # AsyncIOScheduler shuts down on the loop's next turn
