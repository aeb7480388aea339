"""Settings: the variable names of the design, one clear line for a bad value, secrets hidden."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import ConfigError, load_settings


def test_defaults_are_the_embedded_ones() -> None:
    settings = load_settings()
    assert settings.database_url == "sqlite+aiosqlite:///data/bot.db"
    assert settings.default_language == "id"
    assert not settings.telegram.enabled and not settings.whatsapp.enabled
    assert str(settings.telegram.api_base) == "https://api.telegram.org/"


def test_variables_of_the_design_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    values = {
        "DATABASE_URL": "postgresql+asyncpg://bot@db/bot",
        "TELEGRAM_BOT_TOKEN": "42:abc",
        "TELEGRAM_API_BASE": "http://127.0.0.1:8081",
        "TELEGRAM_WEBHOOK_URL": "https://bot.example.org/tg/hook",
        "TELEGRAM_WEBHOOK_SECRET": "abc_DEF-123",
        "WHATSAPP_TOKEN": "wa-token",
        "WHATSAPP_PHONE_NUMBER_ID": "1234",
        "WHATSAPP_APP_SECRET": "app-secret",
        "WHATSAPP_VERIFY_TOKEN": "verify",
        "WHATSAPP_API_BASE": "http://127.0.0.1:9000",
        "HTTP_HOST": "0.0.0.0",
        "HTTP_PORT": "9090",
        "DEFAULT_LANGUAGE": "en",
        "LOG_LEVEL": "debug",
    }
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    settings = load_settings()
    assert settings.database_url == values["DATABASE_URL"]
    assert settings.telegram.bot_token is not None
    assert settings.telegram.bot_token.get_secret_value() == "42:abc"
    assert settings.telegram.webhook_path == "/tg/hook"
    assert str(settings.whatsapp.api_base) == "http://127.0.0.1:9000/"
    assert settings.whatsapp.enabled
    assert (settings.http.host, settings.http.port) == ("0.0.0.0", 9090)
    assert (settings.default_language, settings.log_level) == ("en", "DEBUG")
    # Secrets never show in a repr or a log line made from the settings.
    assert "42:abc" not in repr(settings) and "app-secret" not in str(settings)


def test_matching_is_manual_unless_set_to_auto(monkeypatch: pytest.MonkeyPatch) -> None:
    assert load_settings().matching == "manual"
    monkeypatch.setenv("MATCHING", "Auto")
    assert load_settings().matching == "auto"


def test_the_database_password_stays_out_of_repr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql+asyncpg://bot:hunter2@db/bot")
    settings = load_settings()
    assert "hunter2" not in repr(settings) and "hunter2" not in str(settings)


def test_a_dotenv_file_is_read(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("DEFAULT_LANGUAGE=en\nTELEGRAM_BOT_TOKEN=1:x\n")
    settings = load_settings()
    assert settings.default_language == "en" and settings.telegram.enabled


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("DATABASE_URL", "mysql://root@db/bot", "DATABASE_URL:"),
        ("HTTP_PORT", "eighty", "HTTP_PORT:"),
        ("DEFAULT_LANGUAGE", "fr", "DEFAULT_LANGUAGE:"),
        ("TELEGRAM_API_BASE", "not a url", "TELEGRAM_API_BASE:"),
        ("TELEGRAM_WEBHOOK_SECRET", "has spaces!", "TELEGRAM_WEBHOOK_SECRET:"),
        ("TELEGRAM_WEBHOOK_URL", "https://bot.example.org/hook", "TELEGRAM_BOT_TOKEN is"),
        ("TELEGRAM_BOT_TOKEN", "not-a-token", "TELEGRAM_BOT_TOKEN:"),
        ("MATCHING", "sometimes", "MATCHING:"),
    ],
)
def test_a_bad_value_names_its_variable(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, expected: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as caught:
        load_settings()
    message = str(caught.value)
    assert message.startswith(expected) and "\n" not in message


@pytest.mark.parametrize(
    ("name", "value", "secret"),
    [
        ("TELEGRAM_WEBHOOK_SECRET", "has spaces!", "has spaces!"),
        ("TELEGRAM_BOT_TOKEN", "hunter2-not-a-token", "hunter2"),
        ("DATABASE_URL", "mysql://root:hunter2@db/bot", "hunter2"),
    ],
)
def test_a_rejected_secret_is_not_repeated_in_the_error(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, secret: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert str(caught.value).startswith(f"{name}:")
    assert secret not in str(caught.value)


def test_a_webhook_needs_its_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "1:abc")
    monkeypatch.setenv("TELEGRAM_WEBHOOK_URL", "https://bot.example.org/hook")
    with pytest.raises(ConfigError, match=r"^TELEGRAM_WEBHOOK_SECRET is required"):
        load_settings()


def test_blank_telegram_values_mean_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("TELEGRAM_BOT_TOKEN", "TELEGRAM_WEBHOOK_URL", "TELEGRAM_WEBHOOK_SECRET"):
        monkeypatch.setenv(name, "")
    settings = load_settings()
    assert not settings.telegram.enabled and settings.telegram.webhook_url is None
