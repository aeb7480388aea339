"""Composition root: builds the engine, catalogs, router and core, and runs the channels."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import signal
import sys
from dataclasses import dataclass
from typing import TextIO

from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot import content, http, scheduler
from bot.config import Settings
from bot.core import Core
from bot.db import migrate
from bot.db.engine import create_engine, session_factory
from bot.db.unit_of_work import Database
from bot.errors import ContentError, StartupError
from bot.i18n import Catalogs
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
    core = Core(db, catalogs, router)
    return App(settings, engine, sessions, db, catalogs, router, core)


async def upgrade_database(app: App) -> None:
    """Migrate to the latest schema; an unreachable database is a one-line start-up error."""
    try:
        await migrate.upgrade(app.engine)
    except (OSError, OperationalError, InterfaceError) as exc:
        reason = type(getattr(exc, "orig", None) or exc).__name__
        raise StartupError(f"cannot reach the database at DATABASE_URL ({reason})") from None


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
) -> None:
    """`python -m bot run`: migrate, check content, then serve every configured channel."""
    app = build(settings)
    jobs = scheduler.Jobs(app.db)
    try:
        await upgrade_database(app)
        check_content(app)
        jobs.start()
        if settings.whatsapp.enabled:
            log.warning("WhatsApp settings found; the WhatsApp channel is not available yet")
        if settings.telegram.enabled:
            await _serve_telegram(app, stop or _stop_on_signals())
        else:
            from bot.channels.console import ConsoleChannel

            if not (stdin or sys.stdin).isatty():  # e.g. a container started without a token
                log.warning(
                    "no channel configured (set TELEGRAM_BOT_TOKEN to serve Telegram): "
                    "running the local console on standard input"
                )

            await ConsoleChannel(app.core, app.db, app.catalogs, stdin=stdin, stdout=stdout).run()
    finally:
        await jobs.stop()
        await app.engine.dispose()


async def _serve_telegram(app: App, stop: asyncio.Event) -> None:
    from bot.channels.telegram import TelegramChannel

    settings = app.settings
    webhook = settings.telegram.webhook_url is not None
    web_app = http.build_app(app.engine, ["telegram"]) if webhook else None
    channel = TelegramChannel(settings.telegram, app.core, app.catalogs, app.router)
    runner = None
    try:
        if web_app is not None:
            # Listen before telling Telegram where to deliver, so no update finds it closed.
            channel.attach(web_app)
            try:
                runner = await http.start(web_app, settings.http.host, settings.http.port)
            except OSError as exc:
                raise StartupError(
                    f"cannot listen on HTTP_HOST:HTTP_PORT "
                    f"({settings.http.host}:{settings.http.port}): {exc.strerror}"
                ) from None
        # A stop (SIGTERM from a deploy) must not wait for a slow start-up to finish.
        starting = asyncio.create_task(channel.start())
        stopping = asyncio.create_task(stop.wait())
        await asyncio.wait({starting, stopping}, return_when=asyncio.FIRST_COMPLETED)
        if not starting.done():
            starting.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await starting
            return
        stopping.cancel()
        starting.result()  # raises what stopped the start
        # Everything built so far lives as long as the process: keep it out of the collector's
        # full passes, which otherwise stall every update for a moment now and then.
        gc.freeze()
        await stop.wait()
    finally:
        if runner is not None:
            await runner.cleanup()
        await channel.stop()


def _stop_on_signals() -> asyncio.Event:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    return stop
