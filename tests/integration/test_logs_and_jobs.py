"""Structured logs carry ids but never what people wrote; old update ids are pruned."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bot import bootstrap, logs, scheduler
from bot.db.models import ProcessedUpdate, utcnow
from bot.messages import Channel, Incoming
from bot.services import demo


@pytest.fixture
def log_lines() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    logs.setup("DEBUG", stream)
    yield stream
    root.handlers[:], level = saved
    root.setLevel(level)


async def test_logs_are_json_with_ids_and_without_text(
    app: bootstrap.App, log_lines: io.StringIO
) -> None:
    async with app.sessions.begin() as session:
        await demo.ensure(session, Channel.CONSOLE, "en")
    secret_words = "Korban bernama Siti, NIK 3578012345678901"
    update = Incoming(Channel.CONSOLE, "mentee", "mentee", "u-1", text=secret_words)
    await app.core.handle(update)
    await app.core.handle(update)  # a duplicate is logged
    await app.core.mark_unreachable(Channel.CONSOLE, "mentee")
    lines = [json.loads(line) for line in log_lines.getvalue().splitlines()]
    handled = next(line for line in lines if line["event"] == "update handled")
    assert handled["update_id"] == "console:u-1" and isinstance(handled["person_id"], int)
    duplicate = next(line for line in lines if line["event"] == "duplicate update ignored")
    assert duplicate["update_id"] == "console:u-1" and duplicate["level"] == "info"
    assert any(line["event"] == "person unreachable" for line in lines)
    assert "Siti" not in log_lines.getvalue() and "3578012345678901" not in log_lines.getvalue()


async def test_old_update_ids_are_pruned(app: bootstrap.App) -> None:
    async with app.sessions.begin() as session:
        session.add(ProcessedUpdate(channel="telegram", update_id="old", processed_at=utcnow()))
        session.add(
            ProcessedUpdate(
                channel="telegram", update_id="older", processed_at=utcnow() - timedelta(days=8)
            )
        )
    assert await scheduler.prune_processed_updates(app.sessions) == 1
    async with app.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(ProcessedUpdate)) == 1
    jobs = scheduler.build(app.sessions)
    assert [job.id for job in jobs.get_jobs()] == ["prune-processed-updates"]
