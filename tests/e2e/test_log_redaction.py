"""No secret in any log line while the Bot API misbehaves: redirects, HTML error pages and
requests held past the client's timeout, at start-up, while polling and while replying.

The real bot runs with the real log set-up, configured as `python -m bot` does, with every
secret the settings know; afterwards every line of the log and of stderr is scanned for each
of them. The tests wait for replies, not for a number of retries, so they hold however
start-up retries; a fault the bot does not survive ends the run the way `python -m bot` ends,
and its log must be just as clean.
"""

from __future__ import annotations

import asyncio
import io
import json
import logging
import os
import signal
import socket
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.methods import GetUpdates
from aiogram.methods.base import TelegramMethod
from sqlalchemy.engine import make_url

from bot import bootstrap, logs
from bot.channels import telegram as telegram_channel
from bot.config import HttpSettings, Settings, TelegramSettings, WhatsAppSettings
from tests.e2e.processes import ROOT
from tests.fakes.telegram_server import FakeTelegramServer

TOKEN = "7123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawx"
WEBHOOK_SECRET = "whk_Secret-4f9Q2xZ"
WA_TOKEN = "EAAGm0PX4ZCpsBAwhatsappTOKEN77"
WA_APP_SECRET = "0f3c9e7d-app-SECRET-b41a"
WA_VERIFY = "verify-Tok3n-x81"
# What the fake's error page says; none of it may reach the log.
PAGE_TEXT = ("<html>", "<center>", "proxy server")
# Seconds a call may take here instead of aiogram's minute, so a held request costs little.
CLIENT_TIMEOUT = 2
LONG_POLL = 1
WAIT = 30.0

Fault = tuple[str, str, int]  # (method, kind, times)
SCENARIOS: dict[str, list[Fault]] = {
    "redirects": [
        ("getMe", "redirect", 2),
        ("setMyCommands", "redirect", 1),
        ("getUpdates", "redirect", 2),
        ("sendMessage", "redirect", 1),
    ],
    "an error page at start-up": [("getMe", "html", 1)],
    "error pages while serving": [("getUpdates", "html", 2), ("sendMessage", "html", 1)],
    "held requests": [
        ("getMe", "timeout", 1),
        ("getUpdates", "timeout", 2),
        ("sendMessage", "timeout", 1),
    ],
}


class ShortWaits(AiohttpSession):
    """The bot's own HTTP session with short waits and a short long poll."""

    async def make_request(
        self, bot: Bot, method: TelegramMethod[Any], timeout: int | None = None
    ) -> Any:
        if isinstance(method, GetUpdates):
            short = method.model_copy(update={"timeout": LONG_POLL})
            return await super().make_request(bot, short, LONG_POLL + CLIENT_TIMEOUT)
        return await super().make_request(bot, method, CLIENT_TIMEOUT)


@pytest.fixture
def short_waits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(telegram_channel, "AiohttpSession", ShortWaits)


@pytest.fixture
def log_stream() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    root = logging.getLogger()
    saved = root.handlers[:], root.level, sys.excepthook
    yield stream
    root.handlers[:], level, sys.excepthook = saved
    root.setLevel(level)


def settings_with_every_secret(
    database_url: str, api_base: str, webhook_url: str | None = None, port: int = 0
) -> Settings:
    return Settings(
        database_url=database_url,
        log_level="DEBUG",
        telegram=TelegramSettings(
            bot_token=TOKEN,
            api_base=api_base,
            webhook_secret=WEBHOOK_SECRET,
            webhook_url=webhook_url,
        ),
        # No phone number id: the WhatsApp channel stays off, its secrets are still set.
        whatsapp=WhatsAppSettings(
            token=WA_TOKEN,
            app_secret=WA_APP_SECRET,
            verify_token=WA_VERIFY,
        ),
        http=HttpSettings(port=port),
    )


def forbidden(database_url: str) -> list[str]:
    bot_id, _, secret = TOKEN.partition(":")
    found = [TOKEN, secret, f"{bot_id}%3A{secret}", WEBHOOK_SECRET, WA_TOKEN, WA_APP_SECRET]
    found.append(WA_VERIFY)
    if password := make_url(database_url).password:
        found.append(str(password))
    return found


def assert_log_is_clean(text: str, database_url: str) -> None:
    lines = text.splitlines()
    assert lines, "nothing was logged"
    for secret in forbidden(database_url):
        hits = [line for line in lines if secret in line]
        assert not hits, f"{secret!r} in {len(hits)} line(s), e.g. {hits[0][:400]}"
    for words in PAGE_TEXT:
        assert words not in text, f"the error page reached the log: {words!r}"
    for line in lines:
        assert len(line) <= logs.MAX_LINE_CHARS, line[:200]
        if line.startswith("{"):
            assert_fields_bounded(json.loads(line))


def assert_fields_bounded(entry: dict[str, object]) -> None:
    for key, value in entry.items():
        limit = logs.MAX_TRACEBACK_CHARS if key in ("exc", "stack") else logs.MAX_FIELD_CHARS
        assert not isinstance(value, str) or len(value) <= limit, f"{key}: {value[:200]}"


def inject(telegram: FakeTelegramServer, faults: list[Fault]) -> None:
    kinds: dict[str, Callable[..., None]] = {
        "redirect": telegram.redirect_next,
        "html": telegram.html_error_next,
        "timeout": telegram.timeout_next,
    }
    for method, kind, times in faults:
        kinds[kind](method, times=times)


async def until(
    telegram: FakeTelegramServer, task: asyncio.Task[None], condition: Callable[[], bool]
) -> None:
    """Wait for ``condition``, or for the bot to stop."""
    await telegram.wait_until(lambda: task.done() or condition(), timeout=WAIT)


async def converse(
    telegram: FakeTelegramServer, task: asyncio.Task[None], faults: list[Fault]
) -> int:
    """Let start-up and polling meet their faults, then a reply meet those of sendMessage (an
    error page loses it), then another message be answered. Returns the person's chat id."""
    person = telegram.user(5001, language_code="en")
    replies = sum(times for method, _, times in faults if method == "sendMessage")
    await until(telegram, task, lambda: telegram.pending_faults() <= replies)
    telegram.send_text(person, "/help")
    await until(telegram, task, lambda: telegram.pending_faults() == 0)
    telegram.send_text(person, "/help")
    await until(telegram, task, lambda: bool(telegram.messages(person.id)))
    return person.id


async def stopped(task: asyncio.Task[None], stop: asyncio.Event) -> BaseException | None:
    """Stop the bot; what ended it, if it was not the stop."""
    stop.set()
    try:
        await asyncio.wait_for(task, timeout=15)
    except Exception as error:
        return error
    return None


@pytest.mark.usefixtures("short_waits")
@pytest.mark.parametrize("scenario", SCENARIOS)
async def test_no_secret_in_the_log_when_the_bot_api_misbehaves(
    scenario: str,
    database_url: str,
    log_stream: io.StringIO,
    capsys: pytest.CaptureFixture[str],
) -> None:
    faults = SCENARIOS[scenario]
    async with FakeTelegramServer(token=TOKEN) as telegram:
        settings = settings_with_every_secret(database_url, telegram.base_url)
        logs.setup(settings.log_level, log_stream, secrets=logs.secrets_of(settings))
        inject(telegram, faults)
        stop = asyncio.Event()
        task = asyncio.create_task(bootstrap.run(settings, stop=stop))
        try:
            chat = await converse(telegram, task, faults)
        finally:
            error = await stopped(task, stop)
    if error is None:  # it met every fault, then answered
        assert telegram.pending_faults() == 0 and telegram.messages(chat)
    else:  # it escapes `python -m bot` and reaches the interpreter's last word
        sys.excepthook(type(error), error, error.__traceback__)
    assert_log_is_clean(log_stream.getvalue() + capsys.readouterr().err, database_url)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.usefixtures("short_waits")
async def test_no_secret_in_the_log_of_a_webhook_whose_replies_fail(
    database_url: str, log_stream: io.StringIO
) -> None:
    async with FakeTelegramServer(token=TOKEN) as telegram:
        port = free_port()
        url = f"http://127.0.0.1:{port}/telegram/hook"
        settings = settings_with_every_secret(database_url, telegram.base_url, url, port)
        logs.setup(settings.log_level, log_stream, secrets=logs.secrets_of(settings))
        telegram.redirect_next("setWebhook", times=2)
        telegram.html_error_next("sendMessage")
        stop = asyncio.Event()
        task = asyncio.create_task(bootstrap.run(settings, stop=stop))
        try:
            await until(telegram, task, lambda: telegram.webhook.url == url)
            assert not task.done()
            person = telegram.user(5002, language_code="en")
            update = telegram.make_message_update(person, "/help")
            assert await telegram.post_update_to(url, update, secret="wrong") == 401
            # The reply meets the error page: the update was handled, so Telegram is told 200,
            # and the reply is sent again a moment later.
            assert await telegram.post_update_to(url, update, secret=WEBHOOK_SECRET) == 200
            await until(telegram, task, lambda: bool(telegram.messages(person.id)))
        finally:
            error = await stopped(task, stop)
    assert error is None
    assert ("sendMessage", 502, "html") in telegram.errors
    assert_log_is_clean(log_stream.getvalue(), database_url)


async def test_the_command_line_logs_no_secret_when_start_up_meets_an_error_page(
    database_url: str, tmp_path: Path
) -> None:
    """As an operator runs it: the secrets come from the environment. An error page at
    start-up may stop the bot or be retried; either way nothing secret reaches stderr."""
    async with FakeTelegramServer(token=TOKEN) as telegram:
        telegram.html_error_next("getMe")
        telegram.redirect_next("getUpdates", times=2)
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "DATABASE_URL": database_url,
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE": telegram.base_url,
            "TELEGRAM_WEBHOOK_SECRET": WEBHOOK_SECRET,
            "WHATSAPP_TOKEN": WA_TOKEN,
            "WHATSAPP_APP_SECRET": WA_APP_SECRET,
            "WHATSAPP_VERIFY_TOKEN": WA_VERIFY,
            "HTTP_PORT": "0",
            "LOG_LEVEL": "DEBUG",
        }
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run",
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
            env=env,
            cwd=tmp_path,
        )  # fmt: skip
        assert process.stderr is not None
        stderr = asyncio.create_task(process.stderr.read())  # read as it comes: no full pipe
        exited = asyncio.create_task(process.wait())
        person = telegram.user(5003, language_code="en")
        telegram.send_text(person, "/help")
        try:
            await telegram.wait_until(
                lambda: exited.done() or bool(telegram.messages(person.id)), timeout=WAIT
            )
        finally:
            if not exited.done():
                process.send_signal(signal.SIGTERM)
            await asyncio.wait_for(exited, timeout=20)
        text = (await stderr).decode()
    assert ("getMe", 502, "html") in telegram.errors
    assert_log_is_clean(text, database_url)
