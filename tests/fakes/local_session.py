"""An aiogram client session for talking to the in-process fake server in tests."""

from __future__ import annotations

from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer


class LocalSession(AiohttpSession):
    """Plain HTTP to 127.0.0.1: closing does not wait the 250 ms aiogram allows for SSL
    connections to shut down, which would otherwise be most of a short test's time."""

    def __init__(self, base_url: str) -> None:
        super().__init__(api=TelegramAPIServer.from_base(base_url))

    async def close(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
