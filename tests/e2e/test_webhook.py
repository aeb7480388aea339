"""Webhook mode: the secret header is required, and /healthz reports the database."""

from __future__ import annotations

import socket

import aiohttp

from tests.conftest import make_settings
from tests.e2e.conftest import TOKEN, start_bot, stop_bot
from tests.fakes.telegram_server import FakeTelegramServer

SECRET = "s3cret_TOKEN-42"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_webhook_requires_the_secret_token(
    telegram: FakeTelegramServer, database_url: str
) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram/hook"
    settings = make_settings(
        database_url,
        bot_token=TOKEN,
        api_base=telegram.base_url,
        webhook_url=url,
        webhook_secret=SECRET,
    )
    settings.http.port = port
    running = await start_bot(settings, telegram)
    try:
        [webhook] = telegram.calls("setWebhook")
        assert webhook["url"] == url and webhook["secret_token"] == SECRET
        assert not telegram.calls("getUpdates")

        user = telegram.user(2001, "Budi", language_code="en")
        update = telegram.make_message_update(user, "/help")
        assert await telegram.post_update_to(url, update) == 401
        assert await telegram.post_update_to(url, update, secret="wrong") == 401
        assert telegram.messages(2001) == []
        assert await telegram.post_update_to(url, update, secret=SECRET) == 200
        [reply] = await telegram.wait_for_messages(2001, 1)
        assert "invite code" in reply.plain_text

        async with (
            aiohttp.ClientSession() as client,
            client.get(f"http://127.0.0.1:{port}/healthz") as response,
        ):
            assert response.status == 200
            health = await response.json()
        assert health["database"] == "ok"
        assert health["channels"] == {"telegram": "ready"}
    finally:
        await stop_bot(running)
