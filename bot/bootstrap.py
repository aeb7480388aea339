"""Composition root: builds the engine, catalogs, router and core, and runs the channels."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import signal
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TextIO, cast

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot import content, http, scheduler
from bot.channels.base import ServedChannel
from bot.config import Settings
from bot.core import Core
from bot.db import errors as db_errors
from bot.db import migrate
from bot.db.engine import create_engine, session_factory
from bot.db.unit_of_work import Database
from bot.errors import ContentError, StartupError
from bot.i18n import Catalogs
from bot.policy import Policy
from bot.router import Router
from handlers import build_router

log = logging.getLogger(__name__)


@dataclass(slots=True)
class App:
    settings: Settings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    db: Database
    catalogs: Catalogs
    router: Router
    core: Core


def build(settings: Settings) -> App:
    engine = create_engine(settings.database_url)
    sessions = session_factory(engine)
    db = Database(sessions)
    catalogs = Catalogs(default=settings.default_language)
    router = build_router()
    policy = Policy(
        invite_expires_days=settings.invite_expires_days,
        audit_retention_days=settings.audit_retention_days,
    )
    core = Core(db, catalogs, router, policy)
    return App(settings, engine, sessions, db, catalogs, router, core)


async def upgrade_database(app: App) -> None:
    """Migrate to the latest schema; an unreachable database is a one-line start-up error."""
    try:
        await migrate.upgrade(app.engine)
    except Exception as exc:
        if not db_errors.is_database_error(exc):
            raise
        raise StartupError(
            f"cannot use the database at DATABASE_URL: {db_errors.explain(exc)}"
        ) from None


def check_content(app: App) -> None:
    problems = content.check_catalogs(required=content.required_keys(app.router))
    if problems:
        raise ContentError("; ".join(problems[:10]))


async def run(
    settings: Settings,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stop: asyncio.Event | None = None,
    listening: Callable[[int], None] | None = None,
) -> None:
    """`python -m bot run`: migrate, check content, then serve every configured channel.

    `listening` is told the HTTP port once the server listens (port 0 picks a free one)."""
    app = build(settings)
    jobs = scheduler.Jobs(app.db, app.core.policy)
    try:
        await upgrade_database(app)
        check_content(app)
        if settings.whatsapp.enabled:
            log.warning("WhatsApp settings found; the WhatsApp channel is not available yet")
        channels = _channels(app)
        if not channels:
            console_input = await _console_input(stdin or sys.stdin)
            jobs.start()
            from bot.channels.console import ConsoleChannel

            await ConsoleChannel(
                app.core, app.db, app.catalogs, stdin=console_input, stdout=stdout
            ).run()
            return
        jobs.start()
        await _serve(app, channels, stop or _stop_on_signals(), listening)
    finally:
        await jobs.stop()
        await app.engine.dispose()


def _channels(app: App) -> list[ServedChannel]:
    channels: list[ServedChannel] = []
    if app.settings.telegram.enabled:
        from bot.channels.telegram import TelegramChannel

        channels.append(TelegramChannel(app.settings.telegram, app.core, app.catalogs, app.router))
    return channels


async def _console_input(stdin: TextIO) -> TextIO:
    """Standard input for the console; closed or empty input (a container without a channel)
    ends start-up instead of a console that quits at once and is restarted forever."""
    if stdin.isatty():
        return stdin
    first = await asyncio.to_thread(stdin.readline)
    if not first:
        raise StartupError(
            "no channel configured (set TELEGRAM_BOT_TOKEN) and no console input "
            "(standard input is closed or empty)"
        )
    log.warning(
        "no channel configured (set TELEGRAM_BOT_TOKEN to serve Telegram): "
        "running the local console on standard input"
    )
    return cast(TextIO, _Replayed(first, stdin))


class _Replayed:
    """Standard input with the line read to see whether there is any put back in front."""

    def __init__(self, first: str, rest: TextIO) -> None:
        self._first: str | None = first
        self._rest = rest

    def readline(self) -> str:
        if self._first is not None:
            line, self._first = self._first, None
            return line
        return self._rest.readline()

    def isatty(self) -> bool:
        return False


async def _serve(
    app: App,
    channels: list[ServedChannel],
    stop: asyncio.Event,
    listening: Callable[[int], None] | None,
) -> None:
    settings = app.settings
    web_app = http.build_app(app.engine, channels)
    for channel in channels:
        channel.attach(web_app)
    runner: web.AppRunner | None = None
    starts: set[asyncio.Task[None]] = set()
    try:
        # Listen before any channel tells its platform where to deliver, so no webhook update
        # finds the port closed; /healthz answers 503 until every channel is ready.
        try:
            runner = await http.start(web_app, settings.http.host, settings.http.port)
        except OSError as exc:
            raise StartupError(
                f"cannot listen on HTTP_HOST:HTTP_PORT "
                f"({settings.http.host}:{settings.http.port}): {exc.strerror}"
            ) from None
        if listening is not None:
            listening(http.bound_port(runner))
        starts = {asyncio.create_task(channel.start(), name=channel.name) for channel in channels}
        await _until_stopped(starts, stop)
    finally:
        for task in starts:
            task.cancel()
        await asyncio.gather(*starts, return_exceptions=True)
        if runner is not None:
            await runner.cleanup()
        for channel in channels:
            await channel.stop()


async def _until_stopped(starts: set[asyncio.Task[None]], stop: asyncio.Event) -> None:
    """Wait for the stop (SIGTERM from a deploy), which must not wait for a slow start; a
    channel whose platform refuses its settings ends the whole run."""
    stopping = asyncio.create_task(stop.wait())
    pending: set[asyncio.Task[Any]] = {*starts, stopping}
    try:
        while stopping in pending:
            done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
            for task in done - {stopping}:
                task.result()  # raises the StartupError of a refused token
            if done - {stopping} and not pending - {stopping}:
                # Everything built so far lives as long as the process: keep it out of the
                # collector's full passes, which otherwise stall every update now and then.
                gc.freeze()
    finally:
        stopping.cancel()


def _stop_on_signals() -> asyncio.Event:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    return stop
