"""Periodic jobs. Durable state lives in the project's tables; the scheduler only asks them."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.db.models import utcnow
from bot.db.unit_of_work import Database
from bot.policy import Policy
from bot.services import audit, conversation, updates

log = logging.getLogger(__name__)

# Telegram keeps an undelivered update for 24 hours; two more cover clock skew and restarts.
KEEP_PROCESSED_UPDATES = timedelta(hours=26)
# Someone who opened an invite but never consented: their chat id is not kept for long.
KEEP_ABANDONED_JOINING = timedelta(days=2)
FIRST_RUN_DELAY = timedelta(seconds=30)
STOP_TIMEOUT_SECONDS = 10


@dataclass(frozen=True, slots=True)
class Pruned:
    updates: int
    conversations: int
    audit: int


async def prune(db: Database, policy: Policy | None = None) -> Pruned:
    """Forget old update ids, abandoned joining conversations and audit rows past retention."""
    policy = policy or Policy()
    now = utcnow()
    async with db.unit_of_work() as session:
        pruned = Pruned(
            await updates.forget_older_than(session, now - KEEP_PROCESSED_UPDATES),
            await conversation.forget_abandoned(session, now - KEEP_ABANDONED_JOINING),
            await audit.forget_older_than(
                session, now - timedelta(days=policy.audit_retention_days)
            ),
        )
    if pruned.updates or pruned.conversations or pruned.audit:
        log.info(
            "pruned",
            extra={
                "updates": pruned.updates,
                "conversations": pruned.conversations,
                "audit": pruned.audit,
            },
        )
    return pruned


class Jobs:
    """APScheduler with a clean stop: a job in the middle of a transaction may finish."""

    def __init__(self, db: Database, policy: Policy | None = None) -> None:
        self.scheduler = AsyncIOScheduler(
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 300},
            timezone="UTC",
        )
        self._running: set[asyncio.Task[object]] = set()
        self._add("prune", timedelta(hours=1), lambda: prune(db, policy))

    def _add(self, name: str, every: timedelta, job: Callable[[], Awaitable[object]]) -> None:
        async def tracked() -> None:
            task = asyncio.current_task()
            if task is not None:
                self._running.add(task)
            try:
                await job()
            finally:
                if task is not None:
                    self._running.discard(task)

        self.scheduler.add_job(
            tracked,
            "interval",
            seconds=every.total_seconds(),
            id=name,
            next_run_time=utcnow() + FIRST_RUN_DELAY,
        )

    def start(self) -> None:
        self.scheduler.start()

    async def stop(self) -> None:
        if not self.scheduler.running:
            return
        self.scheduler.pause()
        if self._running:
            await asyncio.wait(set(self._running), timeout=STOP_TIMEOUT_SECONDS)
        self.scheduler.shutdown(wait=False)
        await asyncio.sleep(0)  # AsyncIOScheduler shuts down on the loop's next turn
