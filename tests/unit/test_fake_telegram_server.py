"""Self-tests of the fake Bot API server, driven by the real aiogram client (no mocks)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import pytest
from aiogram import Bot, Dispatcher, F, Router
from aiogram.exceptions import (
    ClientDecodeError,
    TelegramBadRequest,
    TelegramConflictError,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.filters import CommandStart
from aiogram.types import (
    BotCommand,
    BotCommandScopeChat,
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
)
from aiohttp import ClientSession, web

from tests.fakes.local_session import LocalSession
from tests.fakes.telegram_server import FakeTelegramServer, busiest_second

USER_ID = 42


def make_bot(server: FakeTelegramServer, token: str | None = None) -> Bot:
    return Bot(token or server.token, session=LocalSession(server.base_url))


def keyboard(*buttons: InlineKeyboardButton) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[list(buttons)])


@pytest.fixture
async def tg() -> AsyncIterator[FakeTelegramServer]:
    async with FakeTelegramServer() as server:
        server.user(USER_ID, first_name="Siti")
        yield server


@pytest.fixture
async def bot(tg: FakeTelegramServer) -> AsyncIterator[Bot]:
    bot = make_bot(tg)
    yield bot
    await bot.session.close()


async def test_get_me(bot: Bot) -> None:
    me = await bot.get_me()

    assert (me.id, me.is_bot, me.username) == (123456, True, "mentoring_test_bot")


async def test_send_message_records_html_and_keyboard(tg: FakeTelegramServer, bot: Bot) -> None:
    markup = keyboard(
        InlineKeyboardButton(text="Lanjut ▶", callback_data="step:2"),
        InlineKeyboardButton(text="Panduan", url="https://example.org/guide"),
    )

    sent = await bot.send_message(
        USER_ID,
        "<b>Halo</b> &amp; <i>selamat</i> &lt;datang&gt; &#128075;",
        parse_mode="HTML",
        reply_markup=markup,
        protect_content=True,
    )

    assert sent.text == "Halo & selamat <datang> 👋"
    assert sent.entities is not None
    assert [(e.type, e.offset, e.length) for e in sent.entities] == [
        ("bold", 0, 4),
        ("italic", 7, 7),
    ]
    assert sent.reply_markup is not None
    assert sent.reply_markup.model_dump() == markup.model_dump()
    recorded = tg.last_message(USER_ID)
    assert recorded.message_id == sent.message_id
    assert recorded.text.startswith("<b>Halo</b>")
    assert recorded.parse_mode == "HTML"
    assert recorded.protect_content is True
    assert recorded.plain_text == "Halo & selamat <datang> 👋"
    assert recorded.buttons == [[("Lanjut ▶", "step:2"), ("Panduan", "https://example.org/guide")]]
    assert tg.calls("sendMessage")[0]["chat_id"] == USER_ID


async def test_text_length_is_counted_after_entity_parsing(
    tg: FakeTelegramServer, bot: Bot
) -> None:
    await bot.send_message(USER_ID, "<b>" + "x" * 4096 + "</b>", parse_mode="HTML")

    with pytest.raises(TelegramBadRequest, match="message is too long"):
        await bot.send_message(USER_ID, "x" * 4097)
    with pytest.raises(TelegramBadRequest, match="message text is empty"):
        await bot.send_message(USER_ID, "<b> </b>", parse_mode="HTML")
    assert len(tg.messages(USER_ID)) == 1


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("<div>x</div>", 'Unsupported start tag "div" at byte offset 0'),
        ("<b>x</i>", 'expected "</b>", found "</i>"'),
        ("<b>bold", 'Can\'t find end tag corresponding to start tag "b"'),
        ("1 < 2", 'Unsupported start tag "" at byte offset 2'),
        ("Tom & Jerry", 'Unescaped "&"'),
        ("</b>", "Unexpected end tag"),
        ('<span class="x">s</span>', 'must have class "tg-spoiler"'),
    ],
)
async def test_bad_html_is_rejected(
    tg: FakeTelegramServer, bot: Bot, text: str, reason: str
) -> None:
    with pytest.raises(TelegramBadRequest, match="can't parse entities") as error:
        await bot.send_message(USER_ID, text, parse_mode="HTML")

    assert reason in error.value.message
    assert tg.messages(USER_ID) == []


async def test_supported_html_is_accepted(tg: FakeTelegramServer, bot: Bot) -> None:
    text = (
        '<a href="https://t.me/x?a=1&amp;b=2">link</a> <code>c</code> <s>s</s> <u>u</u> '
        '<tg-spoiler>t</tg-spoiler> <span class="tg-spoiler">p</span> <blockquote>q</blockquote> '
        '<pre><code class="language-python">print(1)</code></pre> &quot;ok&quot;'
    )

    sent = await bot.send_message(USER_ID, text, parse_mode="HTML")

    assert sent.entities is not None
    entities = {e.type: e for e in sent.entities}
    assert entities["text_link"].url == "https://t.me/x?a=1&b=2"
    assert entities["pre"].language == "python"
    assert sent.text == 'link c s u t p q print(1) "ok"'


async def test_callback_data_limit_is_64_bytes(tg: FakeTelegramServer, bot: Bot) -> None:
    await bot.send_message(
        USER_ID,
        "ok",
        reply_markup=keyboard(InlineKeyboardButton(text="a", callback_data="x" * 64)),
    )

    too_long = keyboard(InlineKeyboardButton(text="a", callback_data="x" * 65))
    with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
        await bot.send_message(USER_ID, "too long", reply_markup=too_long)
    multibyte = keyboard(InlineKeyboardButton(text="a", callback_data="é" * 33))  # 66 bytes
    with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
        await bot.send_message(USER_ID, "too long", reply_markup=multibyte)
    assert len(tg.messages(USER_ID)) == 1


async def test_unknown_chat_is_rejected(bot: Bot) -> None:
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await bot.send_message(999, "hello")


async def test_long_poll_returns_promptly_and_offset_confirms(
    tg: FakeTelegramServer, bot: Bot
) -> None:
    user = tg.user(7, username="budi")
    poll = asyncio.create_task(bot.get_updates(timeout=10))
    await tg.wait_until(lambda: bool(tg.calls("getUpdates")))  # the poll is waiting
    started = time.monotonic()

    update_id = tg.send_text(user, "/start kasus-12")
    updates = await asyncio.wait_for(poll, timeout=5)

    assert time.monotonic() - started < 1
    assert [u.update_id for u in updates] == [update_id]
    message = updates[0].message
    assert message is not None and message.text == "/start kasus-12"
    assert message.from_user is not None and message.from_user.username == "budi"
    assert message.entities is not None
    assert [(e.type, e.offset, e.length) for e in message.entities] == [("bot_command", 0, 6)]
    # Unconfirmed updates are delivered again; offset confirms them.
    assert [u.update_id for u in await bot.get_updates(timeout=0)] == [update_id]
    assert await bot.get_updates(offset=update_id + 1, timeout=0) == []
    assert await bot.get_updates(timeout=0) == []


async def test_long_poll_times_out_with_empty_list(bot: Bot) -> None:
    started = time.monotonic()

    assert await bot.get_updates(timeout=1) == []
    assert 0.9 < time.monotonic() - started < 2


async def test_callback_query_can_be_answered_once(tg: FakeTelegramServer, bot: Bot) -> None:
    user = tg.user(USER_ID)
    sent = await bot.send_message(
        USER_ID,
        "Pilih:",
        reply_markup=keyboard(InlineKeyboardButton(text="Ya", callback_data="y")),
    )
    recorded = tg.last_message(USER_ID)

    query_id = tg.press(user, recorded, recorded.callback_for("Ya"))
    [update] = await bot.get_updates(timeout=1)

    query = update.callback_query
    assert query is not None and query.id == query_id and query.data == "y"
    assert isinstance(query.message, Message) and query.message.message_id == sent.message_id
    assert await bot.answer_callback_query(query_id, text="Tersimpan", show_alert=True)
    assert tg.answered_callbacks[query_id] == {"text": "Tersimpan", "show_alert": True}
    with pytest.raises(TelegramBadRequest, match="query is too old"):
        await bot.answer_callback_query(query_id)
    with pytest.raises(TelegramBadRequest, match="query is too old"):
        await bot.answer_callback_query("no-such-query")
    with pytest.raises(AssertionError, match="no button"):
        tg.press(user, recorded, "n")


async def test_fail_next_injects_forbidden_and_retry_after(
    tg: FakeTelegramServer, bot: Bot
) -> None:
    tg.user(43)
    tg.fail_next(
        "sendMessage",
        chat_id=USER_ID,
        status=403,
        description="Forbidden: bot was blocked by the user",
    )

    await bot.send_message(43, "other chat is unaffected by the chat-specific rule")
    with pytest.raises(TelegramForbiddenError, match="bot was blocked by the user"):
        await bot.send_message(USER_ID, "hi")
    tg.fail_next("SENDMESSAGE", status=429, description="Too Many Requests: retry after 3")
    with pytest.raises(TelegramRetryAfter) as retry:
        await bot.send_message(USER_ID, "hi")
    await bot.send_message(USER_ID, "faults are used up")

    assert retry.value.retry_after == 3
    assert [m.text for m in tg.messages(USER_ID)] == ["faults are used up"]
    assert [status for _, status, _ in tg.errors] == [403, 429]


async def test_set_my_commands_is_keyed_by_scope_and_language(
    tg: FakeTelegramServer, bot: Bot
) -> None:
    scope = BotCommandScopeChat(chat_id=USER_ID)
    commands = [
        BotCommand(command="start", description="Mulai"),
        BotCommand(command="help_me", description="Bantuan"),
    ]

    assert await bot.set_my_commands(commands, scope=scope, language_code="id")
    assert await bot.set_my_commands([BotCommand(command="start", description="Start")])

    key = ('{"chat_id": 42, "type": "chat"}', "id")
    assert tg.commands[key] == [
        {"command": "start", "description": "Mulai"},
        {"command": "help_me", "description": "Bantuan"},
    ]
    assert tg.commands[('{"type": "default"}', None)] == [
        {"command": "start", "description": "Start"}
    ]
    fetched = await bot.get_my_commands(scope=scope, language_code="id")
    assert [(c.command, c.description) for c in fetched] == [
        ("start", "Mulai"),
        ("help_me", "Bantuan"),
    ]
    assert await bot.get_my_commands(scope=scope) == []
    with pytest.raises(TelegramBadRequest, match="BOT_COMMAND_INVALID"):
        await bot.set_my_commands([BotCommand(command="Start", description="x")])
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await bot.set_my_commands(commands, scope=BotCommandScopeChat(chat_id=31337))
    assert await bot.delete_my_commands(scope=scope, language_code="id")
    assert key not in tg.commands


async def test_wrong_token_is_unauthorized(tg: FakeTelegramServer) -> None:
    intruder = make_bot(tg, token="654321:WRONG-TOKEN")
    try:
        with pytest.raises(TelegramUnauthorizedError):
            await intruder.get_me()
    finally:
        await intruder.session.close()


async def test_edit_message_text_and_not_modified(tg: FakeTelegramServer, bot: Bot) -> None:
    markup = keyboard(InlineKeyboardButton(text="Ok", callback_data="ok"))
    sent = await bot.send_message(USER_ID, "<b>Draf</b>", parse_mode="HTML", reply_markup=markup)

    edited = await bot.edit_message_text(
        "<b>Final</b>",
        chat_id=USER_ID,
        message_id=sent.message_id,
        parse_mode="HTML",
        reply_markup=markup,
    )

    assert isinstance(edited, Message) and edited.text == "Final"
    recorded = tg.last_message(USER_ID)
    assert recorded.plain_text == "Final"
    assert [old.plain_text for old in recorded.edits] == ["Draf"]
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_text(
            "<b>Final</b>",
            chat_id=USER_ID,
            message_id=sent.message_id,
            parse_mode="HTML",
            reply_markup=markup,
        )
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_reply_markup(
            chat_id=USER_ID, message_id=sent.message_id, reply_markup=markup
        )
    await bot.edit_message_reply_markup(chat_id=USER_ID, message_id=sent.message_id)
    assert recorded.buttons == [] and len(recorded.edits) == 2
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_text("x", chat_id=USER_ID, message_id=999)


async def test_send_document_records_upload(tg: FakeTelegramServer, bot: Bot) -> None:
    upload = BufferedInputFile(b"%PDF-1.4 laporan", filename="laporan.pdf")

    sent = await bot.send_document(USER_ID, upload, caption="<i>Laporan</i>", parse_mode="HTML")

    assert sent.document is not None and sent.document.file_name == "laporan.pdf"
    assert sent.caption == "Laporan"
    recorded = tg.last_message(USER_ID)
    assert recorded.document == ("laporan.pdf", b"%PDF-1.4 laporan")
    assert recorded.plain_text == "Laporan"


async def test_webhook_mode_and_post_update_to(tg: FakeTelegramServer, bot: Bot) -> None:
    received: list[tuple[str | None, dict[str, object]]] = []

    async def webhook(request: web.Request) -> web.Response:
        received.append(
            (request.headers.get("X-Telegram-Bot-Api-Secret-Token"), await request.json())
        )
        return web.json_response({})

    app = web.Application()
    app.router.add_post("/hook", webhook)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    url = f"http://127.0.0.1:{runner.addresses[0][1]}/hook"
    try:
        assert await bot.set_webhook(url, secret_token="s3cret", drop_pending_updates=True)
        assert (await bot.get_webhook_info()).url == url
        with pytest.raises(TelegramConflictError):
            await bot.get_updates(timeout=0)

        update = tg.make_message_update(tg.user(USER_ID), "halo")
        assert await tg.post_update_to(url, update, secret="s3cret") == 200
    finally:
        await runner.cleanup()

    assert received == [("s3cret", update)]
    assert tg.webhook.secret_token == "s3cret" and tg.webhook.drop_pending_updates
    assert await bot.delete_webhook()
    assert await bot.get_updates(timeout=0) == []


async def test_raw_http_json_get_and_unknown_method(tg: FakeTelegramServer) -> None:
    base = f"{tg.base_url}/bot{tg.token}"
    async with ClientSession() as http:
        async with http.get(f"{base}/GETME") as response:
            assert response.status == 200
            assert (await response.json())["result"]["username"] == "mentoring_test_bot"
        payload = {
            "chat_id": USER_ID,
            "text": "json body",
            "reply_markup": {"inline_keyboard": []},
        }
        async with http.post(f"{base}/sendMessage", json=payload) as response:
            assert response.status == 200
        async with http.post(f"{base}/sendTelepathy") as response:
            assert response.status == 404
            assert await response.json() == {
                "ok": False,
                "error_code": 404,
                "description": "Not Found: method not found",
            }
        async with http.get(f"{tg.base_url}/botnope/getMe") as response:
            assert response.status == 401
            assert (await response.json())["description"] == "Unauthorized"

    assert tg.last_message(USER_ID).text == "json body"


async def test_wait_for_messages_reports_what_arrived(tg: FakeTelegramServer, bot: Bot) -> None:
    await bot.send_message(USER_ID, "satu")

    assert [m.text for m in await tg.wait_for_messages(USER_ID, 1)] == ["satu"]
    with pytest.raises(AssertionError, match=r"expected >= 2 .* got 1: \['satu'\]"):
        await tg.wait_for_messages(USER_ID, 2, timeout=0.05)


async def test_dispatcher_polling_round_trip(tg: FakeTelegramServer, bot: Bot) -> None:
    router = Router()
    sent_messages: list[int] = []
    tg.on_bot_message = lambda message: sent_messages.append(message.message_id)

    @router.message(CommandStart())
    async def start(message: Message) -> None:
        markup = keyboard(InlineKeyboardButton(text="Mulai", callback_data="go"))
        await message.answer("<b>Selamat datang</b>", parse_mode="HTML", reply_markup=markup)

    @router.callback_query(F.data == "go")
    async def go(query: CallbackQuery) -> None:
        await query.answer("Oke")
        assert isinstance(query.message, Message)
        await query.message.edit_text("Langkah 1")

    dispatcher = Dispatcher()
    dispatcher.include_router(router)
    polling = asyncio.create_task(
        dispatcher.start_polling(bot, handle_signals=False, close_bot_session=False)
    )
    try:
        alice = tg.user(1001, first_name="Alice")
        tg.send_text(alice, "/start")
        [welcome] = await tg.wait_for_messages(alice.id, 1)
        assert welcome.plain_text == "Selamat datang"

        query_id = tg.press(alice, welcome, "go")
        await tg.wait_until(lambda: welcome.plain_text == "Langkah 1")
        assert tg.answered_callbacks[query_id]["text"] == "Oke"
        assert sent_messages == [welcome.message_id]
    finally:
        await dispatcher.stop_polling()
        await polling


# ------------------------------------------------------------------ faults below the JSON


async def test_a_redirect_loop_names_the_url_then_the_method_works_again(
    tg: FakeTelegramServer, bot: Bot
) -> None:
    tg.redirect_next("getMe", times=2)

    for _ in range(2):
        with pytest.raises(TelegramNetworkError, match="TooManyRedirects") as failure:
            await bot.get_me()
        assert f"/bot{tg.token}/getMe" in str(failure.value)  # the token, as aiogram reports it
    assert (await bot.get_me()).username == "mentoring_test_bot"
    assert tg.errors == [("getMe", 307, "redirect")] * 2
    assert tg.pending_faults() == 0


async def test_a_redirect_may_lead_to_the_real_method(tg: FakeTelegramServer, bot: Bot) -> None:
    tg.redirect_next("getMe", status=302, location=f"{tg.base_url}/bot{tg.token}/getMe")

    assert (await bot.get_me()).id == 123456
    assert [name for name, _ in tg.requests] == ["getMe", "getMe"]


async def test_an_html_error_page_for_one_chat(tg: FakeTelegramServer, bot: Bot) -> None:
    tg.user(43)
    tg.html_error_next("sendMessage", chat_id=USER_ID)

    await bot.send_message(43, "other chat")
    with pytest.raises(ClientDecodeError) as failure:
        await bot.send_message(USER_ID, "satu")
    page = str(failure.value.data)
    assert page.startswith("<html>") and f"/bot{tg.token}/sendMessage" in page
    await bot.send_message(USER_ID, "dua")
    assert [m.text for m in tg.messages(USER_ID)] == ["dua"]
    assert tg.errors == [("sendMessage", 502, "html")]

    tg.html_error_next("getMe", status=503)
    async with ClientSession() as http, http.post(f"{tg.base_url}/bot{tg.token}/getMe") as got:
        assert (got.status, got.content_type) == (503, "text/html")
        assert "<h1>503 Service Unavailable</h1>" in await got.text()


async def test_a_held_request_outlasts_the_client(tg: FakeTelegramServer, bot: Bot) -> None:
    tg.timeout_next("getMe", seconds=30)

    started = time.monotonic()
    with pytest.raises(TelegramNetworkError, match="Request timeout"):
        await bot.get_me(request_timeout=1)
    assert time.monotonic() - started < 5
    assert (await bot.get_me()).is_bot
    tg.timeout_next("getMe", seconds=0.05)  # a client that waits longer gets a 504
    with pytest.raises(TelegramServerError, match="Gateway Timeout"):
        await bot.get_me()
    assert tg.errors == [("getMe", 504, "timeout")] * 2


async def test_faults_are_checked_counted_and_cleared(tg: FakeTelegramServer) -> None:
    with pytest.raises(ValueError, match="unknown Bot API method"):
        tg.redirect_next("getMee")
    with pytest.raises(ValueError, match="3xx"):
        tg.redirect_next("getMe", status=200)
    with pytest.raises(ValueError, match="at least 1"):
        tg.timeout_next("getMe", times=0)

    tg.html_error_next("getMe", times=3)
    tg.fail_next("getUpdates", status=500, description="Internal Server Error")
    assert tg.pending_faults() == 4
    tg.clear()
    assert tg.pending_faults() == 0


async def _send_all(bot: Bot, chats: list[int]) -> list[object]:
    """Send to every chat at once; each result is the message or the exception."""
    sends = [bot.send_message(chat, f"n{index}") for index, chat in enumerate(chats)]
    return list(await asyncio.gather(*sends, return_exceptions=True))


async def test_flood_control_refuses_sends_past_the_rate_with_retry_after(
    tg: FakeTelegramServer, bot: Bot
) -> None:
    tg.enforce_rate(5)

    results = await _send_all(bot, [USER_ID] * 8)
    for _ in range(3):
        assert (await bot.get_me()).is_bot  # only message sends are counted

    refused = [r for r in results if isinstance(r, TelegramRetryAfter)]
    assert len(refused) == 3
    assert {r.retry_after for r in refused} == {1}
    assert all(isinstance(r, Message) for r in results if r not in refused)
    assert len(tg.messages(USER_ID)) == 5
    assert tg.rate_limited == 3
    assert len(tg.send_times) == 5
    assert tg.busiest_second() == 5
    assert tg.busiest_second(refused_too=True) == 8
    assert [status for _, status, _ in tg.errors] == [429] * 3
    assert len(tg.calls("sendMessage")) == 8


async def test_flood_control_counts_a_sliding_second_from_each_arrival(
    tg: FakeTelegramServer, bot: Bot
) -> None:
    tg.enforce_rate(3)
    for index in range(3):
        await bot.send_message(USER_ID, f"first {index}")
    first = tg.send_times[0]

    await asyncio.sleep(max(0.0, first + 0.6 - asyncio.get_running_loop().time()))
    with pytest.raises(TelegramRetryAfter):  # a new calendar second would not matter
        await bot.send_message(USER_ID, "too soon")
    await asyncio.sleep(max(0.0, tg.send_times[-1] + 1.02 - asyncio.get_running_loop().time()))
    await bot.send_message(USER_ID, "a second after the last one")

    assert tg.rate_limited == 1
    assert len(tg.messages(USER_ID)) == 4
    assert tg.send_times == sorted(tg.send_times)


async def test_flood_control_per_chat_and_off_again(tg: FakeTelegramServer, bot: Bot) -> None:
    other = tg.user(USER_ID + 1).id
    tg.enforce_rate(100, per_chat_per_second=1)

    await bot.send_message(USER_ID, "one")
    with pytest.raises(TelegramRetryAfter) as retry:
        await bot.send_message(USER_ID, "two, within the second")
    await bot.send_message(other, "another chat has its own second")
    tg.stop_enforcing_rate()
    await bot.send_message(USER_ID, "no flood control now")

    assert retry.value.retry_after == 1
    assert tg.rate_limited == 1
    assert [m.text for m in tg.messages(USER_ID)] == ["one", "no flood control now"]


async def test_flood_control_from_the_constructor_and_its_checks() -> None:
    async with FakeTelegramServer(rate_limit=2) as server:
        server.user(USER_ID)
        bot = make_bot(server)
        try:
            server.fail_next("sendMessage", status=429, description="retry after 2")
            results = await _send_all(bot, [USER_ID] * 4)
        finally:
            await bot.session.close()
        with pytest.raises(ValueError, match="at least one"):
            server.enforce_rate(0)
        with pytest.raises(ValueError, match="retry_after"):
            server.enforce_rate(5, retry_after=0)
        with pytest.raises(ValueError, match="unknown Bot API method"):
            server.enforce_rate(5, methods=("sendMesage",))

    # Flood control comes first: the send it let through then met the injected 429, which
    # is not counted as the flood control's.
    assert sorted(type(r).__name__ for r in results) == [
        "Message",
        "TelegramRetryAfter",
        "TelegramRetryAfter",
        "TelegramRetryAfter",
    ]
    assert server.rate_limited == 2
    assert len(server.send_times) == 2
    assert [status for _, status, _ in server.errors] == [429] * 3


def test_busiest_second_slides_over_the_times() -> None:
    assert busiest_second([]) == 0
    assert busiest_second([0.0, 0.5, 0.99, 1.0, 1.2]) == 4  # (0.2, 1.2] holds four
    assert busiest_second([0.0, 1.0, 2.0]) == 1  # a second apart: never two in one
    assert busiest_second([0.0, 0.1, 0.2], window=0.15) == 2
