"""The one aiohttp server: /healthz, and webhooks of channels in webhook mode."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from bot.channels.base import ServedChannel
from bot.outbox import store

log = logging.getLogger(__name__)


def build_app(engine: AsyncEngine, channels: Sequence[ServedChannel]) -> web.Application:
    app = web.Application()

    async def healthz(_request: web.Request) -> web.Response:
        status: dict[str, Any] = {
            "channels": {c.name: "ready" if c.ready else "starting" for c in channels}
        }
        try:
            async with AsyncSession(engine) as session:
                backlog = await store.backlog(session)
            status["database"] = "ok"
            status["outbox"] = {
                "waiting": backlog["pending"] + backlog["failed"] + backlog["sending"],
                "dead": backlog["dead"],
            }
        except Exception as exc:
            # Probed every few seconds: one short line, not a traceback each time.
            log.warning("health check: database unreachable", extra={"reason": type(exc).__name__})
            status["database"] = "unreachable"
        not_ready = [c.name for c in channels if not c.ready]
        if not_ready:
            status["not_ready"] = not_ready
        healthy = status["database"] == "ok" and not not_ready
        status["status"] = "ok" if healthy else "degraded"
        return web.json_response(status, status=200 if healthy else 503)

    app.router.add_get("/healthz", healthz)
    return app


async def start(app: web.Application, host: str, port: int) -> web.AppRunner:
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    try:
        await web.TCPSite(runner, host, port).start()
    except OSError:
        await runner.cleanup()
        raise
    log.info("http server listening", extra={"host": host, "port": bound_port(runner)})
    return runner


def bound_port(runner: web.AppRunner) -> int:
    """The port actually bound (HTTP_PORT=0 asks the system for a free one)."""
    for address in runner.addresses:
        if isinstance(address, tuple) and len(address) >= 2:
            return int(address[1])
    raise RuntimeError("the HTTP server is not listening")
