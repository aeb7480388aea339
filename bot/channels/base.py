"""What bootstrap needs of a channel that serves a platform (Telegram, WhatsApp)."""

from __future__ import annotations

from typing import Protocol

from aiohttp import web

from bot.outbox.courier import Sender


class ServedChannel(Sender, Protocol):
    name: str

    @property
    def ready(self) -> bool:
        """True once the platform has answered and while it still does; /healthz says it."""

    def attach(self, app: web.Application) -> None:
        """Register webhook routes on the shared HTTP server (nothing in polling mode)."""

    async def start(self) -> None:
        """Connect, retrying while the platform is unreachable; raise StartupError only for a
        setting the platform refuses (a wrong token)."""

    async def lead(self) -> None:
        """This process leads: take on what only one process may do (polling)."""

    async def unlead(self) -> None:
        """Another process leads now."""

    async def stop(self) -> None:
        """Stop taking updates and let the ones in hand finish."""
