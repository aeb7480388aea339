"""No secret in any log line, whichever library wrote it; error bodies cannot flood the log."""

from __future__ import annotations

import io
import json
import logging
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from bot import logs
from bot.config import (
    ConfigError,
    HttpSettings,
    Settings,
    TelegramSettings,
    WhatsAppSettings,
    load_settings,
)

TOKEN = "7123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawx"
TOKEN_SECRET = TOKEN.partition(":")[2]
WEBHOOK_SECRET = "whk_Secret-4f9Q2xZ"
WA_TOKEN = "EAAGm0PX4ZCpsBAwhatsappTOKEN77"
WA_APP_SECRET = "0f3c9e7d-app-SECRET-b41a"
WA_VERIFY = "verify-Tok3n-x81"
DB_PASSWORD = "Pa55-w0rd-XYZ"
DATABASE_URL = f"postgresql+asyncpg://bot:{DB_PASSWORD}@db.internal:5432/bot"
SECRETS = (TOKEN, TOKEN_SECRET, WEBHOOK_SECRET, WA_TOKEN, WA_APP_SECRET, WA_VERIFY, DB_PASSWORD)
BOT_URL = f"https://api.telegram.org/bot{TOKEN}/getUpdates"
ERROR_PAGE = (
    "<html>\n<head><title>502 Bad Gateway</title></head>\n<body>\n"
    f"<p>The proxy server could not handle the request POST /bot{TOKEN}/getMe.</p>\n"
    "<hr><center>nginx</center>\n</body>\n</html>\n"
)
PAGE_BYTES = len(ERROR_PAGE.rstrip("\n").encode())


def all_settings() -> Settings:
    return Settings(
        database_url=DATABASE_URL,
        telegram=TelegramSettings(
            bot_token=TOKEN,
            webhook_url="https://bot.example.org/tg",
            webhook_secret=WEBHOOK_SECRET,
        ),
        whatsapp=WhatsAppSettings(
            token=WA_TOKEN,
            app_secret=WA_APP_SECRET,
            verify_token=WA_VERIFY,
        ),
        http=HttpSettings(port=0),
    )


class Captured:
    def __init__(self, stream: io.StringIO) -> None:
        self.stream = stream

    @property
    def text(self) -> str:
        return self.stream.getvalue()

    @property
    def entries(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.text.splitlines()]

    def assert_clean(self) -> None:
        for secret in SECRETS:
            assert secret not in self.text, f"{secret!r} reached the log"


@pytest.fixture
def captured() -> Iterator[Captured]:
    """The real set-up, configured as the command line does, writing into a string."""
    stream = io.StringIO()
    root = logging.getLogger()
    saved = root.handlers[:], root.level, sys.excepthook
    logs.setup("DEBUG", stream, secrets=logs.secrets_of(all_settings()))
    yield Captured(stream)
    root.handlers[:], level, sys.excepthook = saved
    root.setLevel(level)


def test_every_secret_of_the_settings_is_collected() -> None:
    found = set(logs.secrets_of(all_settings()))
    assert set(SECRETS) <= found


@pytest.mark.parametrize(
    "name", ["aiohttp.client", "aiogram.dispatcher", "asyncio", "sqlalchemy.engine", ""]
)
def test_a_third_party_logger_cannot_log_a_secret(captured: Captured, name: str) -> None:
    logging.getLogger(name).error("request to %s failed", BOT_URL)
    logging.getLogger(name).warning(
        "settings %s %s %s %s %s", WEBHOOK_SECRET, WA_TOKEN, WA_APP_SECRET, WA_VERIFY, DATABASE_URL
    )
    captured.assert_clean()
    [first, second] = captured.entries
    assert first["event"] == "request to https://api.telegram.org/bot***/getUpdates failed"
    assert second["event"].count(logs.REDACTED) == 5


def test_a_message_naming_an_exception_is_redacted(captured: Captured) -> None:
    error = ConnectionError(f"Cannot connect: url='{BOT_URL}'")
    logging.getLogger("aiogram.dispatcher").error("Failed to fetch updates - %s", error)
    captured.assert_clean()
    assert "bot***/getUpdates" in captured.entries[0]["event"]


def test_exception_text_and_traceback_lines_are_redacted(captured: Captured) -> None:
    try:
        raise RuntimeError("7123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawx")  # shown in frames
    except RuntimeError:
        logging.getLogger("apscheduler.executors").exception("job failed")
    captured.assert_clean()
    [entry] = captured.entries
    assert "builtins.RuntimeError (message withheld)" in entry["exc"]
    assert f'raise RuntimeError("{logs.REDACTED}")' in entry["exc"]


def test_extra_fields_are_redacted_whatever_their_type(captured: Captured) -> None:
    logging.getLogger("bot.test").info(
        "calling",
        extra={
            "url": BOT_URL,
            "attempt": 3,
            "nested": {"dsn": DATABASE_URL, "headers": [WA_TOKEN, f"Bearer {WA_TOKEN}"]},
            "error": ValueError(WEBHOOK_SECRET),
        },
    )
    captured.assert_clean()
    [entry] = captured.entries
    assert entry["attempt"] == 3
    assert entry["nested"]["dsn"] == "postgresql+asyncpg://bot:***@db.internal:5432/bot"
    assert entry["nested"]["headers"] == ["***", "Bearer ***"]


def test_a_token_not_configured_is_still_recognised() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logs.JsonFormatter(logs.Redactor()))  # knows no secret at all
    record = logging.makeLogRecord(
        {"msg": "GET %s, token %s, %s", "args": (BOT_URL, TOKEN, DATABASE_URL)}
    )
    handler.emit(record)
    assert TOKEN_SECRET not in stream.getvalue() and DB_PASSWORD not in stream.getvalue()
    assert json.loads(stream.getvalue())["event"] == (
        "GET https://api.telegram.org/bot***/getUpdates, token ***, "
        "postgresql+asyncpg://bot:***@db.internal:5432/bot"
    )


def test_a_token_cut_short_in_a_url_loses_what_is_left_of_it(captured: Captured) -> None:
    cut = f"url='http://127.0.0.1:8081/bot{TOKEN}/getMe'"[:50]  # as `str(exc)[:50]` would
    assert TOKEN_SECRET[:5] in cut
    logs.setup("DEBUG", captured.stream)  # a test token of its own, not configured
    logging.getLogger("bot.channels.telegram").warning("menus not set", extra={"reason": cut})
    assert TOKEN_SECRET[:5] not in captured.text
    assert captured.entries[0]["reason"].endswith("/bot***")


def test_secrets_are_redacted_percent_encoded_too(captured: Captured) -> None:
    password = "p@ss/w:rd-Q7"
    url = "postgresql+asyncpg://bot:p%40ss%2Fw%3Ard-Q7@db/bot"
    settings = all_settings().model_copy(update={"database_url": url})
    logs.setup("DEBUG", captured.stream, secrets=logs.secrets_of(settings))
    log = logging.getLogger("aiohttp.client")
    log.error("redirect to /bot7123456789%%3A%s/getMe", TOKEN_SECRET)
    log.error("database %s, password %r, in a form: %s", url, password, "pw=p%40ss%2Fw%3Ard-Q7")
    captured.assert_clean()
    assert "7123456789%3A" not in captured.text and "ss%2Fw" not in captured.text
    assert "ss/w" not in captured.text


def test_an_html_error_page_is_collapsed(captured: Captured) -> None:
    logging.getLogger("aiogram.event").error("Failed to decode object\nContent: %s", ERROR_PAGE)
    captured.assert_clean()
    [entry] = captured.entries
    assert entry["event"] == f"Failed to decode object\nContent: <html body, {PAGE_BYTES} bytes>\n"
    assert "proxy server" not in captured.text and "<center>" not in captured.text


def test_fields_are_bounded_and_so_is_the_line(captured: Captured) -> None:
    body = "x" * 290 + TOKEN + "y" * 10_000
    log = logging.getLogger("aiohttp.client")
    log.error("body: %s", body, extra={"body": body})
    log.error("many", extra={f"field{n}": "z" * 1000 for n in range(100)})
    try:
        raise ValueError("boom")
    except ValueError:
        log.exception("x" * 5000, extra={"body": body}, stack_info=True)
    captured.assert_clean()
    assert TOKEN_SECRET[:5] not in captured.text  # cut after redaction, never half a token
    lines = captured.text.splitlines()
    assert all(len(line) <= logs.MAX_LINE_CHARS for line in lines)
    for entry in captured.entries:
        for key, value in entry.items():
            limit = logs.MAX_TRACEBACK_CHARS if key in ("exc", "stack") else logs.MAX_FIELD_CHARS
            assert not isinstance(value, str) or len(value) <= limit, key
    assert captured.entries[1]["fields_dropped"] == 100


def test_an_uncaught_exception_is_logged_without_its_message(
    captured: Captured, capsys: pytest.CaptureFixture[str]
) -> None:
    try:
        raise RuntimeError(f"Content: {ERROR_PAGE}")
    except RuntimeError as error:
        sys.excepthook(type(error), error, error.__traceback__)  # as Python does at the top
    captured.assert_clean()
    [entry] = captured.entries
    assert entry["level"] == "critical" and "message withheld" in entry["exc"]
    assert capsys.readouterr().err == ""


def test_setting_up_again_replaces_the_secrets(captured: Captured) -> None:
    logs.setup("INFO", captured.stream, secrets=["first-secret-value"])
    logs.add_secrets([None, "second-secret-value"])
    logging.getLogger("x").info("first-secret-value second-secret-value %s", WA_VERIFY)
    assert captured.entries[0]["event"] == f"*** *** {WA_VERIFY}"


def test_redact_serves_text_written_elsewhere(captured: Captured) -> None:
    assert logs.redact(f"start-up error: {BOT_URL} {ERROR_PAGE}") == (
        f"start-up error: https://api.telegram.org/bot***/getUpdates "
        f"<html body, {PAGE_BYTES} bytes>\n"
    )


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DATABASE_URL", f"mysql://bot:{DB_PASSWORD}@db/bot"),
        ("DATABASE_URL", f"postgresql://bot:{DB_PASSWORD}@db/bot"),
        ("TELEGRAM_BOT_TOKEN", f"{TOKEN} "),
        ("TELEGRAM_WEBHOOK_SECRET", f"{WEBHOOK_SECRET}!"),
        ("HTTP_PORT", DB_PASSWORD),
    ],
)
def test_what_is_said_before_logging_is_set_up_holds_no_secret(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError) as failure:
        load_settings()
    assert str(failure.value).startswith(variable)
    for secret in (DB_PASSWORD, TOKEN_SECRET, WEBHOOK_SECRET):
        assert secret not in str(failure.value)
