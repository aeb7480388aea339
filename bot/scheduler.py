"""Periodic jobs. Durable state lives in the project's tables; the scheduler only asks them."""

from __future__ import annotations

import logging
from datetime import timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.models import utcnow
from bot.services import updates

log = logging.getLogger(__name__)

# Telegram redelivers an update for at most a day; a week leaves a wide margin.
KEEP_PROCESSED_UPDATES = timedelta(days=7)


async def prune_processed_updates(sessions: async_sessionmaker[AsyncSession]) -> int:
    async with sessions.begin() as session:
        removed = await updates.forget_older_than(session, utcnow() - KEEP_PROCESSED_UPDATES)
    if removed:
        log.info("pruned processed updates", extra={"count": removed})
    return removed


def build(sessions: async_sessionmaker[AsyncSession]) -> AsyncIOScheduler:
    scheduler = AsyncIOScheduler(
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 300},
        timezone="UTC",
    )
    scheduler.add_job(
        prune_processed_updates,
        "interval",
        hours=1,
        args=[sessions],
        id="prune-processed-updates",
        next_run_time=utcnow(),
    )
    return scheduler
