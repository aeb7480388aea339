"""Structured logs carry ids but never what people wrote; old update ids are pruned."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from bot import bootstrap, logs, scheduler
from bot.db.models import ConversationState, ProcessedUpdate, utcnow
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
        await demo.ensure(session, Channel.CONSOLE, "en", app.core.clock.now())
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


async def test_database_errors_do_not_carry_what_people_wrote(
    app: bootstrap.App, log_lines: io.StringIO
) -> None:
    words = "Korban Siti 3578012345678901"
    async with app.sessions.begin() as session:
        session.add(ProcessedUpdate(channel="telegram", update_id=words, processed_at=utcnow()))
    try:
        async with app.sessions.begin() as session:  # the same key again
            session.add(
                ProcessedUpdate(channel="telegram", update_id=words, processed_at=utcnow())
            )
    except IntegrityError:
        logging.getLogger("bot.test").exception("insert failed")
    assert "insert failed" in log_lines.getvalue()
    assert "Siti" not in log_lines.getvalue()


async def test_old_update_ids_and_abandoned_joining_are_pruned(app: bootstrap.App) -> None:
    now = app.core.clock.now()
    long_ago = now - timedelta(days=8)
    async with app.sessions.begin() as session:
        await demo.ensure(session, Channel.CONSOLE, "en", now)
        session.add(ProcessedUpdate(channel="telegram", update_id="new", processed_at=now))
        session.add(ProcessedUpdate(channel="telegram", update_id="old", processed_at=long_ago))
        for external_id, state in (("stranger", "onboard:consent"), ("mentee", "settings:name")):
            session.add(
                ConversationState(
                    channel="console",
                    external_id=external_id,
                    state=state,
                    data={},
                    updated_at=long_ago,
                )
            )
        session.add(
            ConversationState(
                channel="console",
                external_id="newcomer",
                state="onboard:language",
                data={},
                updated_at=now,
            )
        )
    pruned = await scheduler.prune(app.db, None, now)
    assert pruned == scheduler.Pruned(updates=1, conversations=1, audit=0)
    async with app.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(ProcessedUpdate)) == 1
        left = set((await session.scalars(select(ConversationState.external_id))).all())
    assert left == {"mentee", "newcomer"}  # joined people keep their state


async def test_jobs_stop_cleanly(app: bootstrap.App) -> None:
    jobs = scheduler.Jobs(app.db, clock=app.core.clock)
    jobs.start()
    assert [job.id for job in jobs.scheduler.get_jobs()] == ["prune"]
    await jobs.stop()
    assert not jobs.scheduler.running


def test_tracebacks_keep_frames_and_types_but_no_messages() -> None:
    nik, victim = "NIK 3578012345678901", "Korban Siti"  # data in messages, not in code
    try:
        try:
            raise KeyError(nik)
        except KeyError as inner:
            raise ValueError(victim) from inner
    except ValueError as error:
        text = logs.redacted_traceback(error)
    assert "builtins.KeyError (message withheld)" in text
    assert "builtins.ValueError (message withheld)" in text
    assert "test_tracebacks_keep_frames" in text
    assert text.index("ValueError") < text.index("caused by") < text.index("KeyError")
    assert "Siti" not in text and "3578" not in text
