"""Units of work: one transaction each, committed once; one at a time on SQLite."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

_CHAT_LOCK = text("SELECT pg_advisory_xact_lock(hashtextextended(:chat, 0))")


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
        async with (
            self._serial if self._serial is not None else contextlib.nullcontext(),
            self.sessions.begin() as session,
        ):
            yield session


async def serialize_chat(session: AsyncSession, chat: str) -> None:
    """Hold this chat until the transaction ends, across every process on the database, so two
    updates of one person never read the same state. SQLite already runs one writer at a time."""
    connection = await session.connection()
    if connection.dialect.name == "postgresql":
        await connection.execute(_CHAT_LOCK, {"chat": chat})
