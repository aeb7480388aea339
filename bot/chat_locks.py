"""One lock per chat, so a person's updates are handled and answered in the order they came.

A channel handles updates concurrently (aiogram runs each as its own task); two quick messages
of one person ("Budi", then "jatim") must still be read in order, on every database.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator


class ChatLocks:
    def __init__(self) -> None:
        self._locks: dict[str, asyncio.Lock] = {}
        self._holders: dict[str, int] = {}

    @contextlib.asynccontextmanager
    async def hold(self, chat: str) -> AsyncIterator[None]:
        lock = self._locks.setdefault(chat, asyncio.Lock())
        self._holders[chat] = self._holders.get(chat, 0) + 1
        try:
            async with lock:
                yield
        finally:
            self._holders[chat] -= 1
            if not self._holders[chat]:  # forget idle chats, or the table grows forever
                del self._holders[chat], self._locks[chat]

    def __len__(self) -> int:
        return len(self._locks)
