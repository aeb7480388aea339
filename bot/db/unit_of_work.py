"""Units of work: one transaction each, committed once; one at a time on SQLite."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

log = logging.getLogger(__name__)
_SCRUB = "scrub_wal"
CHECKPOINT_ATTEMPTS = 40
CHECKPOINT_PAUSE_SECONDS = 0.05
_CHAT_LOCK = text("SELECT pg_advisory_xact_lock(hashtextextended(:chat, 0))")
# Many chats in one round trip, in the order of their lock keys: two processes locking
# overlapping sets of chats take them in the same order, so neither waits on the other in a
# cycle (a hash collision of two chat names cannot reorder them either).
_CHAT_LOCKS = text(
    "SELECT count(pg_advisory_xact_lock(k)) FROM ("
    "SELECT DISTINCT hashtextextended(chat, 0) AS k FROM unnest(CAST(:chats AS text[])) AS chat"
    " ORDER BY k) AS keys"
)


class Database:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.sessions = sessions
        bind = sessions.kw.get("bind")
        # SQLite has one writer; queueing here is cheaper than its busy-wait back-off, and
        # every writer of this process (updates, jobs, the console) goes through this lock.
        self._serial = (
            asyncio.Lock() if bind is not None and bind.dialect.name == "sqlite" else None
        )

    @contextlib.asynccontextmanager
    async def unit_of_work(self) -> AsyncIterator[AsyncSession]:
        """A session in a transaction: committed when the block ends, rolled back on error."""
        async with self._serial if self._serial is not None else contextlib.nullcontext():
            async with self.sessions.begin() as session:
                yield session
            if session.info.get(_SCRUB) and self._serial is not None:
                await self._checkpoint()

    async def _checkpoint(self) -> None:
        """Move the write-ahead log into the database file and empty it, so erased rows
        (overwritten there by secure_delete) are not left readable in the log; readers may
        hold it for a moment, so it is retried."""
        bind = self.sessions.kw["bind"]
        for _attempt in range(CHECKPOINT_ATTEMPTS):
            async with bind.connect() as connection:
                result = await connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
                busy = result.scalar()
            if not busy:
                return
            await asyncio.sleep(CHECKPOINT_PAUSE_SECONDS)
        log.warning("write-ahead log still in use; erased rows leave it at the next checkpoint")


def scrub_after_commit(session: AsyncSession) -> None:
    """Ask for the SQLite write-ahead log to be emptied once this unit of work commits."""
    session.info[_SCRUB] = True


async def serialize_chat(session: AsyncSession, chat: str) -> None:
    """Hold this chat until the transaction ends, across every process on the database, so two
    updates of one person never read the same state. SQLite already runs one writer at a time."""
    connection = await session.connection()
    if connection.dialect.name == "postgresql":
        await connection.execute(_CHAT_LOCK, {"chat": chat})


async def serialize_chats(session: AsyncSession, chats: list[str]) -> None:
    """serialize_chat for many chats at once (a batch of updates), without deadlocks."""
    if len(chats) == 1:
        await serialize_chat(session, chats[0])
        return
    connection = await session.connection()
    if connection.dialect.name == "postgresql" and chats:
        await connection.execute(_CHAT_LOCKS, {"chats": sorted(chats)})
