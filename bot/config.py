"""Settings read from the environment and an optional `.env` file.

Sections follow the variable prefixes of the design (TELEGRAM_*, WHATSAPP_*, HTTP_*); the
names themselves are a public contract, so they are spelled out, not derived.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Literal

from pydantic import (
    AnyHttpUrl,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, SettingsConfigDict

ENV_FILE = ".env"
_SECRET_TOKEN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
_BOT_TOKEN = re.compile(r"^\d+:[A-Za-z0-9_-]+$")


def _config(prefix: str) -> SettingsConfigDict:
    return SettingsConfigDict(
        env_prefix=prefix, env_file=ENV_FILE, extra="ignore", case_sensitive=False
    )


class TelegramSettings(BaseSettings):
    model_config = _config("TELEGRAM_")

    bot_token: SecretStr | None = None
    api_base: AnyHttpUrl = AnyHttpUrl("https://api.telegram.org")
    webhook_url: AnyHttpUrl | None = None
    webhook_secret: SecretStr | None = None
    # Messages per second to all chats together (replies and pushes), TELEGRAM_RATE_LIMIT.
    rate_limit: float = Field(default=30.0, gt=0, le=10_000)

    @field_validator("bot_token", "webhook_secret", "webhook_url", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        # `TELEGRAM_BOT_TOKEN=` in a .env file means "not set", not an invalid token.
        return None if value == "" else value

    @field_validator("bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not _BOT_TOKEN.match(value.get_secret_value()):
            raise ValueError("must look like 123456:ABC-DEF... (the token @BotFather gives)")
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _secret_charset(cls, value: SecretStr | None) -> SecretStr | None:
        # Telegram only echoes secrets of this alphabet back in the header.
        if value is not None and not _SECRET_TOKEN.match(value.get_secret_value()):
            raise ValueError("must be 1-256 characters of A-Z a-z 0-9 _ -")
        return value

    @model_validator(mode="after")
    def _webhook_needs_token_and_secret(self) -> TelegramSettings:
        if self.webhook_url is not None and self.bot_token is None:
            raise ValueError("TELEGRAM_BOT_TOKEN is required when TELEGRAM_WEBHOOK_URL is set")
        # Without the secret anyone who guesses the URL could speak as any person.
        if self.webhook_url is not None and self.webhook_secret is None:
            raise ValueError(
                "TELEGRAM_WEBHOOK_SECRET is required when TELEGRAM_WEBHOOK_URL is set"
            )
        return self

    @property
    def enabled(self) -> bool:
        return self.bot_token is not None

    @property
    def webhook_path(self) -> str:
        if self.webhook_url is None:
            return "/telegram/webhook"
        return self.webhook_url.path or "/"


class WhatsAppSettings(BaseSettings):
    model_config = _config("WHATSAPP_")

    token: SecretStr | None = None
    phone_number_id: str | None = None
    app_secret: SecretStr | None = None
    verify_token: SecretStr | None = None
    # The Graph API with its version: messages go to {api_base}/{phone_number_id}/messages.
    api_base: AnyHttpUrl = AnyHttpUrl("https://graph.facebook.com/v21.0")
    # Messages per second from the number (replies and pushes), WHATSAPP_RATE_LIMIT.
    rate_limit: float = Field(default=80.0, gt=0, le=1_000)
    # Approved templates for pushes outside the 24-hour window: the generic notice, and
    # optional ones per kind of push (WHATSAPP_TEMPLATE_LESSON, _ANSWER, _REMINDER).
    template_notice: str | None = None
    template_lesson: str | None = None
    template_answer: str | None = None
    template_reminder: str | None = None

    @field_validator(
        "token",
        "phone_number_id",
        "app_secret",
        "verify_token",
        "template_notice",
        "template_lesson",
        "template_answer",
        "template_reminder",
        mode="before",
    )
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        return None if value == "" else value

    @model_validator(mode="after")
    def _webhook_needs_app_secret(self) -> WhatsAppSettings:
        # Without it no webhook POST can be trusted, so nothing would ever be read.
        if self.enabled and self.app_secret is None:
            raise ValueError(
                "WHATSAPP_APP_SECRET is required when WHATSAPP_TOKEN and "
                "WHATSAPP_PHONE_NUMBER_ID are set"
            )
        return self

    @property
    def enabled(self) -> bool:
        return self.token is not None and bool(self.phone_number_id)


class HttpSettings(BaseSettings):
    model_config = _config("HTTP_")

    host: str = "127.0.0.1"
    port: int = Field(default=8080, ge=0, le=65535)


class Settings(BaseSettings):
    model_config = _config("")

    # Kept out of repr: a PostgreSQL URL carries its password.
    database_url: str = Field(default="sqlite+aiosqlite:///data/bot.db", repr=False)
    default_language: Literal["id", "en"] = "id"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = "INFO"
    # One default for invites made in chat and on the command line.
    invite_expires_days: int = Field(default=14, ge=1, le=365)
    # Audit rows older than this are pruned.
    audit_retention_days: int = Field(default=365, ge=1, le=3650)
    outbox_retention_days: int = Field(default=30, ge=1, le=3650)
    outbox_max_attempts: int = Field(default=8, ge=1, le=100)
    # Local hours without scheduled messages, as HH:MM-HH:MM (may cross midnight).
    quiet_hours: str = "21:00-06:00"
    # A mentor's target time to answer a question; reminders at half and 90 percent of it.
    answer_target_hours: int = Field(default=48, ge=1, le=720)
    # Closed questions (masked text) are deleted this long after they were closed.
    question_retention_days: int = Field(default=365, ge=30, le=3650)
    # MATCHING: "manual" (an admin pairs mentees) or "auto" (the best mentor with room, at
    # joining).
    matching: Literal["manual", "auto"] = "manual"
    # Where the console writes the documents it is sent (exports, charts).
    documents_dir: Path = Path("data/documents")
    # Start the bot's clock at this moment (it then runs on): trials and acceptance tests.
    clock_start: datetime | None = None
    telegram: TelegramSettings = Field(default_factory=TelegramSettings)
    whatsapp: WhatsAppSettings = Field(default_factory=WhatsAppSettings)
    http: HttpSettings = Field(default_factory=HttpSettings)

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @field_validator("matching", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("clock_start", mode="before")
    @classmethod
    def _blank_clock(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("clock_start")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("needs a UTC offset, e.g. 2026-12-07T06:59:00+07:00")
        return value

    @field_validator("quiet_hours")
    @classmethod
    def _quiet_hours(cls, value: str) -> str:
        if not re.fullmatch(r"([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-3]):[0-5][0-9]", value):
            raise ValueError("must look like 21:00-06:00 (local hours without scheduled messages)")
        return value

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, value: str) -> str:
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError(
                "must start with sqlite+aiosqlite:// or postgresql+asyncpg:// (async drivers)"
            )
        if value.startswith("sqlite") and _in_memory(value):
            # Nothing would persist: an invite printed by `invite` would never be stored.
            raise ValueError(
                "names no database file (an in-memory SQLite database keeps nothing); "
                "use e.g. sqlite+aiosqlite:///data/bot.db"
            )
        return value


def _in_memory(url: str) -> bool:
    database = url.split("://", 1)[1].removeprefix("/").split("?", 1)[0]
    return database in ("", ":memory:") or "mode=memory" in url


class ConfigError(Exception):
    """A setting is missing or invalid; the message names the variable."""


_PREFIX = {
    "TelegramSettings": "TELEGRAM_",
    "WhatsAppSettings": "WHATSAPP_",
    "HttpSettings": "HTTP_",
}


def load_settings() -> Settings:
    """Load settings, turning pydantic's report into one line that names the variable."""
    try:
        return Settings()
    except ValidationError as exc:
        error = exc.errors()[0]
        message = str(error["msg"]).removeprefix("Value error, ")
        if not error["loc"]:  # a rule across fields names its variables itself
            raise ConfigError(message) from None
        prefix = _PREFIX.get(exc.title, "")
        raise ConfigError(f"{prefix}{str(error['loc'][0]).upper()}: {message}") from None
