"""Start-up on a flaky Bot API server: retries, and menus that fail do not stop the bot."""

from __future__ import annotations

from tests.conftest import make_settings
from tests.e2e.conftest import TOKEN, TelegramPerson, start_bot, stop_bot
from tests.fakes.telegram_server import FakeTelegramServer


async def test_the_bot_starts_when_getme_fails_once_and_menus_are_refused(
    telegram: FakeTelegramServer, database_url: str
) -> None:
    telegram.fail_next("getMe", status=502, description="Bad Gateway")
    telegram.fail_next("setMyCommands", status=400, description="Bad Request: scope", times=3)
    settings = make_settings(database_url, bot_token=TOKEN, api_base=telegram.base_url)
    running = await start_bot(settings, telegram)
    try:
        assert ("getMe", 502, "Bad Gateway") in telegram.errors  # and then it asked again
        assert telegram.commands == {}
        guest = TelegramPerson(telegram, telegram.user(4001, "Tamu", language_code="en"))
        await guest.say("/help")
        assert "invite code" in guest.text
    finally:
        await stop_bot(running)
