"""The one aiohttp server: /healthz, and webhooks when a channel runs in webhook mode."""

from __future__ import annotations

import logging
from typing import Any

from aiohttp import web
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

log = logging.getLogger(__name__)


def build_app(engine: AsyncEngine, channels: list[str]) -> web.Application:
    app = web.Application()

    async def healthz(_request: web.Request) -> web.Response:
        status: dict[str, Any] = {"channels": channels}
        try:
            async with engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
            status["database"] = "ok"
        except Exception:
            log.exception("health check: database unreachable")
            status["database"] = "unreachable"
        status["status"] = "ok" if status["database"] == "ok" else "degraded"
        return web.json_response(status, status=200 if status["status"] == "ok" else 503)

    app.router.add_get("/healthz", healthz)
    return app


async def start(app: web.Application, host: str, port: int) -> web.AppRunner:
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    log.info("http server listening", extra={"host": host, "port": port})
    return runner
