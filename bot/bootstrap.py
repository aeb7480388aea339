"""Composition root: builds the engine, catalogs, router and core, and runs the channels."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import gc
import logging
import signal
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, TextIO, cast

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot import content, http, leader, scheduler
from bot.channels.base import ServedChannel
from bot.clock import Clock
from bot.config import Settings
from bot.core import Core
from bot.curriculum import load as curriculum
from bot.curriculum.model import Curriculum
from bot.curriculum.schedule import QuietHours
from bot.db import errors as db_errors
from bot.db import migrate
from bot.db.engine import create_engine, session_factory
from bot.db.unit_of_work import Database
from bot.documents import Documents
from bot.errors import ContentError, StartupError
from bot.i18n import Catalogs
from bot.outbox import store
from bot.outbox.alerts import Alerts
from bot.outbox.courier import Courier
from bot.policy import Policy
from bot.router import Router
from handlers import build_router

log = logging.getLogger(__name__)

WATCH_SECONDS = 60
FEATURE_JOBS_FIRST = timedelta(seconds=3)
CHANNEL_DOWN_ALERT = timedelta(minutes=5)


@dataclass(slots=True)
class App:
    settings: Settings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    db: Database
    catalogs: Catalogs
    router: Router
    core: Core
    courier: Courier
    alerts: Alerts
    # Lessons and checklists by language, once check_content has read them.
    curricula: dict[str, Curriculum] = field(default_factory=dict)


def build(settings: Settings) -> App:
    engine = create_engine(settings.database_url)
    sessions = session_factory(engine)
    db = Database(sessions)
    catalogs = Catalogs(default=settings.default_language)
    router = build_router()
    policy = Policy(
        invite_expires_days=settings.invite_expires_days,
        audit_retention_days=settings.audit_retention_days,
        outbox_retention_days=settings.outbox_retention_days,
        outbox_max_attempts=settings.outbox_max_attempts,
        quiet_hours=QuietHours.parse(settings.quiet_hours),
        answer_target_hours=settings.answer_target_hours,
        question_retention_days=settings.question_retention_days,
        matching=settings.matching,
    )
    clock = Clock()
    if settings.clock_start is not None:
        clock.set(settings.clock_start)
    core = Core(db, catalogs, router, policy, clock)
    courier = Courier(
        db,
        clock,
        rates={"telegram": settings.telegram.rate_limit, "whatsapp": settings.whatsapp.rate_limit},
        max_attempts=policy.outbox_max_attempts,
    )
    courier.documents = Documents(db, catalogs, policy, clock)
    alerts = Alerts(db, catalogs, clock, lambda: core.channels)
    courier.on_dead = lambda: alerts.raise_("outbox-dead")
    return App(settings, engine, sessions, db, catalogs, router, core, courier, alerts)


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
    """Catalogs, lessons and checklists in every language; the bot starts only when all hold."""
    problems = content.check_catalogs(required=content.required_keys(app.router))
    curricula, curriculum_problems = curriculum.load()
    problems += curriculum_problems
    if problems:
        raise ContentError(problems)
    app.curricula.update(curricula)
    app.core.curricula.update(curricula)


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
    jobs = scheduler.Jobs(app.db, app.core.policy, clock=app.core.clock)
    for name, (every, _handler) in app.router.jobs.items():
        # Soon after start: a lesson due while the bot was down goes out at once.
        jobs.add(name, every, functools.partial(_feature_job, app, name), first=FEATURE_JOBS_FIRST)
    try:
        await upgrade_database(app)
        check_content(app)
        leadership = leader.for_engine(app.engine)
        await leadership.claim()  # a second `run` on one SQLite file stops here
        channels = _channels(app)
        if not channels:
            await _console(app, jobs, leadership, await _console_input(stdin or sys.stdin), stdout)
            return
        await _serve(app, channels, jobs, leadership, stop or _stop_on_signals(), listening)
    finally:
        await jobs.stop()
        await app.engine.dispose()


async def _console(
    app: App,
    jobs: scheduler.Jobs,
    leadership: leader.Leadership,
    stdin: TextIO,
    stdout: TextIO | None,
) -> None:
    from bot.channels.console import ConsoleChannel

    console = ConsoleChannel(
        app.core,
        app.db,
        app.catalogs,
        stdin=stdin,
        stdout=stdout,
        jobs=jobs,
        courier=app.courier,
        documents_dir=app.settings.documents_dir,
    )
    app.courier.register(console)
    app.core.channels = frozenset({console.name})
    done = asyncio.Event()
    duties = Duties(app, [], jobs, exclusive=leadership.exclusive)
    leading = asyncio.create_task(leadership.run(duties.start, duties.stop, done))
    try:
        await console.run()
    finally:
        done.set()
        await leading


class Duties:
    """What only the leader does: the scheduler, the outbox sender, polling."""

    def __init__(
        self,
        app: App,
        channels: list[ServedChannel],
        jobs: scheduler.Jobs,
        *,
        exclusive: bool = False,
    ) -> None:
        self.app = app
        self.exclusive = exclusive
        self.channels = channels
        self.jobs = jobs
        self._stop_courier = asyncio.Event()
        self._courier: asyncio.Task[None] | None = None
        self._watch: asyncio.Task[None] | None = None

    async def start(self) -> None:
        if self.exclusive:
            # The process before this one is gone for sure: what it had claimed (sent or not,
            # unrecorded) is sent now; at most those rows arrive twice.
            async with self.app.db.unit_of_work() as session:
                await store.release_leases(session, now=self.app.core.clock.now())
        self.app.core.sends_replies = True
        self.jobs.start()
        self._stop_courier = asyncio.Event()
        self._courier = asyncio.create_task(
            self.app.courier.run(self._stop_courier), name="outbox"
        )
        for channel in self.channels:
            await channel.lead()
        self._watch = asyncio.create_task(self._watch_channels(), name="channel-watch")

    async def _watch_channels(self) -> None:
        """A channel that stays unreachable is an alert for the admins (their other channels,
        or this one once it is back)."""
        down_since: dict[str, datetime] = {}
        while True:
            await asyncio.sleep(WATCH_SECONDS)
            now = self.app.core.clock.now()
            for channel in self.channels:
                if channel.ready:
                    down_since.pop(channel.name, None)
                    continue
                since = down_since.setdefault(channel.name, now)
                if now - since >= CHANNEL_DOWN_ALERT:
                    await self.app.alerts.raise_("channel-down", channel=channel.name)

    async def stop(self) -> None:
        """Polling first (updates in hand are answered), then the sender (what they queued
        is sent or stays queued for the next leader)."""
        self.app.core.sends_replies = False
        steps: list[Callable[[], Awaitable[object]]] = [self._stop_watch]
        steps += [channel.unlead for channel in self.channels]
        steps += [self.jobs.pause, self._stop_sender]
        for step in steps:  # each is taken, whatever the one before it did
            try:
                await step()
            except Exception:
                log.exception("stepping down", extra={"step": getattr(step, "__name__", "")})

    async def _stop_watch(self) -> None:
        if self._watch is not None:
            self._watch.cancel()
            await asyncio.gather(self._watch, return_exceptions=True)
            self._watch = None

    async def _stop_sender(self) -> None:
        self._stop_courier.set()
        if self._courier is not None:
            courier, self._courier = self._courier, None
            await courier


async def _feature_job(app: App, name: str, now: datetime) -> None:
    if await app.core.run_job(name, now):
        app.courier.wake()


def _channels(app: App) -> list[ServedChannel]:
    channels: list[ServedChannel] = []
    if app.settings.telegram.enabled:
        from bot.channels.telegram import TelegramChannel

        channels.append(
            TelegramChannel(app.settings.telegram, app.core, app.catalogs, app.router, app.courier)
        )
    if app.settings.whatsapp.enabled:
        from bot.channels.whatsapp import WhatsAppChannel

        channels.append(
            WhatsAppChannel(app.settings.whatsapp, app.core, app.catalogs, app.router, app.courier)
        )
    for channel in channels:
        app.courier.register(channel)
    if channels:
        app.core.channels = frozenset(channel.name for channel in channels)
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
    jobs: scheduler.Jobs,
    leadership: leader.Leadership,
    stop: asyncio.Event,
    listening: Callable[[int], None] | None,
) -> None:
    settings = app.settings
    web_app = http.build_app(app.engine, channels)
    for channel in channels:
        channel.attach(web_app)
    leadership.on_outbox(app.courier.wake)
    # Until elected, a process queues replies for the leader instead of sending them.
    app.core.sends_replies = False
    runner: web.AppRunner | None = None
    starts: set[asyncio.Task[None]] = set()
    done = asyncio.Event()
    leading: asyncio.Task[None] | None = None
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
        duties = Duties(app, channels, jobs, exclusive=leadership.exclusive)
        leading = asyncio.create_task(leadership.run(duties.start, duties.stop, done))
        await _until_stopped(starts, stop)
    finally:
        for task in starts:
            task.cancel()
        await asyncio.gather(*starts, return_exceptions=True)
        if runner is not None:
            await runner.cleanup()
        # Leadership ends first (polling stops, the sender drains what is in hand), then the
        # channels close their sessions.
        done.set()
        if leading is not None:
            await leading
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
