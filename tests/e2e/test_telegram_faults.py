"""Start-up on a flaky Bot API server: retries, and menus that fail do not stop the bot."""

from __future__ import annotations

from bot.roles import Role
from tests.conftest import make_settings
from tests.e2e.conftest import TOKEN, RunningBot, TelegramPerson, start_bot, stop_bot
from tests.e2e.test_telegram_journeys import make_invite
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
        guest = TelegramPerson(running, telegram.user(4001, "Tamu", language_code="en"))
        await guest.say("/help")
        assert "invite code" in guest.text
    finally:
        await stop_bot(running)


async def test_a_failed_edit_still_delivers_the_reply(running_bot: RunningBot) -> None:
    telegram = running_bot.server
    ani = TelegramPerson(running_bot, telegram.user(4002, "Ani", language_code="en"))
    await ani.say(f"/start {await make_invite(running_bot, Role.ADMIN)}")
    telegram.fail_next("editMessageReplyMarkup", status=404, description="Not Found")
    await ani.press("English")
    assert "Before we start" in ani.text


async def test_a_new_bot_api_server_starting_its_update_ids_again_is_heard(
    database_url: str,
) -> None:
    last_message_id = 0
    for _round in range(2):  # the second server numbers its updates from 1 again
        async with FakeTelegramServer(token=TOKEN) as server:
            server.continue_chat(4100, last_message_id)  # the chat's own numbering goes on
            settings = make_settings(database_url, bot_token=TOKEN, api_base=server.base_url)
            running = await start_bot(settings, server)
            try:
                person = TelegramPerson(running, server.user(4100, language_code="en"))
                await person.say("/help")
                assert "invite code" in person.text
                last_message_id = person.messages[-1].message_id
            finally:
                await stop_bot(running)


async def test_stopping_lets_the_update_in_hand_be_answered(running_bot: RunningBot) -> None:
    telegram, running = running_bot.server, running_bot
    user = telegram.user(4200, language_code="en")
    telegram.fail_next(
        "sendMessage", chat_id=4200, status=429, description="Too Many Requests: retry after 1"
    )
    telegram.send_text(user, "/help")
    await telegram.wait_until(lambda: bool(telegram.errors))  # the bot now waits a second
    await stop_bot(running)  # a deploy or Ctrl-C right then
    [reply] = telegram.messages(4200)
    assert "invite code" in reply.plain_text


async def test_a_stop_during_a_slow_start_is_heard(
    telegram: FakeTelegramServer, database_url: str
) -> None:
    import asyncio

    from bot import bootstrap

    telegram.fail_next("getMe", status=502, description="Bad Gateway", times=20)
    settings = make_settings(database_url, bot_token=TOKEN, api_base=telegram.base_url)
    stop = asyncio.Event()
    task = asyncio.create_task(bootstrap.run(settings, stop=stop))
    await telegram.wait_until(lambda: bool(telegram.errors), timeout=20)
    stop.set()
    await asyncio.wait_for(task, timeout=5)  # well before the retries would give up
