"""One leader process runs the scheduler, the outbox sender and Telegram polling.

On PostgreSQL any number of processes may take webhooks; a session advisory lock elects the
leader, and when it dies its connection closes, the lock is freed and another process takes
over within seconds. A leader cut off from the database steps down. The lease on outbox rows,
not this lock, is what keeps a cut-off leader that still runs from sending a row twice.
On SQLite one process runs: a second `run` on the same file stops with one line.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import logging
import os
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.errors import StartupError
from bot.outbox import store

log = logging.getLogger(__name__)

LEADER_LOCK = 0x6D656E746F72 + 1  # beside the migration lock, shared by every process
RETRY_SECONDS = 2.0
CHECK_SECONDS = 2.0
OUTBOX_CHANNEL = store.NOTIFY

Duty = Callable[[], Awaitable[None]]


class Leadership(Protocol):
    # True when no other process can be running (SQLite's file lock): what a previous process
    # had claimed is free at once.
    exclusive: bool

    async def claim(self) -> None:
        """Before serving: SQLite takes the file or stops start-up with one line."""

    async def run(self, elected: Duty, deposed: Duty, stop: asyncio.Event) -> None:
        """Call `elected` on winning, `deposed` on losing the lead; until `stop`."""

    def on_outbox(self, wake: Callable[[], None]) -> None:
        """Call `wake` when another process queued outbox rows (PostgreSQL only)."""


def for_engine(engine: AsyncEngine) -> Leadership:
    if engine.dialect.name == "postgresql":
        return PostgresLeadership(engine)
    return SqliteLeadership(engine.url.database)


class SqliteLeadership:
    """The only process on the file is the leader for as long as it runs."""

    exclusive = True

    def __init__(self, database: str | None) -> None:
        self.path = Path(f"{database}.run-lock") if database else None
        self._handle: int | None = None

    async def claim(self) -> None:
        if self.path is None:
            return
        handle = os.open(self.path, os.O_CREAT | os.O_RDWR, 0o600)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(handle)
            raise StartupError(
                f"another `python -m bot run` is using the database of DATABASE_URL "
                f"({self.path.with_suffix('')}); on SQLite one process runs the bot"
            ) from None
        self._handle = handle

    async def run(self, elected: Duty, deposed: Duty, stop: asyncio.Event) -> None:
        await elected()
        try:
            await stop.wait()
        finally:
            await deposed()
            if self._handle is not None:
                os.close(self._handle)  # also releases the lock
                self._handle = None

    def on_outbox(self, wake: Callable[[], None]) -> None:
        return None  # one process: it wakes its own outbox


class PostgresLeadership:
    exclusive = False

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._wakers: list[Callable[[], None]] = []
        self.leading = False

    async def claim(self) -> None:
        return None

    def on_outbox(self, wake: Callable[[], None]) -> None:
        self._wakers.append(wake)

    async def run(self, elected: Duty, deposed: Duty, stop: asyncio.Event) -> None:
        said_standby = False
        while not stop.is_set():
            try:
                async with self.engine.connect() as connection:
                    if await self._try_lock(connection):
                        said_standby = False
                        await self._lead(connection, elected, deposed, stop)
                    elif not said_standby:
                        log.info("another process leads; this one stands by")
                        said_standby = True
            except Exception as exc:
                log.warning("leader election failed", extra={"reason": type(exc).__name__})
            if self.leading:  # the connection broke while leading
                self.leading = False
                await deposed()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), RETRY_SECONDS)

    async def _try_lock(self, connection: AsyncConnection) -> bool:
        got = await connection.scalar(
            text("SELECT pg_try_advisory_lock(:key)"), {"key": LEADER_LOCK}
        )
        await connection.commit()  # a session lock: it outlives the transaction
        return bool(got)

    async def _lead(
        self, connection: AsyncConnection, elected: Duty, deposed: Duty, stop: asyncio.Event
    ) -> None:
        raw: Any = (await connection.get_raw_connection()).driver_connection
        await raw.add_listener(OUTBOX_CHANNEL, self._notified)
        self.leading = True
        log.info("this process leads: scheduler, outbox and polling run here")
        await elected()
        try:
            while not stop.is_set():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), CHECK_SECONDS)
                # A leader that cannot reach the database any more must step down.
                await asyncio.wait_for(connection.scalar(text("SELECT 1")), CHECK_SECONDS)
                await connection.commit()
        finally:
            try:
                if self.leading:
                    self.leading = False
                    await deposed()
                    log.info("this process no longer leads")
            finally:
                # Whatever stepping down did, the lock is given back (or its connection is
                # dropped, which gives it back too), so another process can lead.
                await self._give_up_lock(connection, raw)

    async def _give_up_lock(self, connection: AsyncConnection, raw: Any) -> None:
        try:
            await raw.remove_listener(OUTBOX_CHANNEL, self._notified)
            await connection.scalar(text("SELECT pg_advisory_unlock(:key)"), {"key": LEADER_LOCK})
            await connection.commit()
        except Exception:
            with contextlib.suppress(Exception):
                await connection.invalidate()

    def _notified(self, *_args: object) -> None:
        for wake in self._wakers:
            wake()
