"""Shared fixtures: a fresh database per test (SQLite, or PostgreSQL via TEST_DATABASE_URL)."""

from __future__ import annotations

import functools
import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from bot import bootstrap
from bot.config import HttpSettings, Settings, TelegramSettings, WhatsAppSettings
from bot.curriculum import load as curriculum
from bot.curriculum.model import Curriculum
from bot.db import migrate
from bot.db.engine import create_engine

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")
CONTRACT_VARIABLES = (
    "DATABASE_URL",
    "TELEGRAM_BOT_TOKEN",
    "TELEGRAM_API_BASE",
    "TELEGRAM_WEBHOOK_URL",
    "TELEGRAM_WEBHOOK_SECRET",
    "WHATSAPP_TOKEN",
    "WHATSAPP_PHONE_NUMBER_ID",
    "WHATSAPP_APP_SECRET",
    "WHATSAPP_VERIFY_TOKEN",
    "WHATSAPP_API_BASE",
    "HTTP_HOST",
    "HTTP_PORT",
    "DEFAULT_LANGUAGE",
    "LOG_LEVEL",
    "INVITE_EXPIRES_DAYS",
    "AUDIT_RETENTION_DAYS",
    "TELEGRAM_RATE_LIMIT",
    "MATCHING",
    "OUTBOX_RETENTION_DAYS",
    "OUTBOX_MAX_ATTEMPTS",
    "QUIET_HOURS",
    "CLOCK_START",
    "DOCUMENTS_DIR",
)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """Tests never see the developer's variables or .env file."""
    for name in CONTRACT_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    yield


async def reset_postgres(url: str) -> None:
    engine = create_engine(url)
    async with engine.begin() as conn:
        await conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        await conn.execute(text("CREATE SCHEMA public"))
    await engine.dispose()


@pytest.fixture
async def database_url(tmp_path: Path) -> str:
    if TEST_DATABASE_URL:
        await reset_postgres(TEST_DATABASE_URL)
        return TEST_DATABASE_URL
    return f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"


@functools.cache
def shipped_curricula() -> dict[str, Curriculum]:
    """The content as shipped, read once for the whole run."""
    curricula, problems = curriculum.load()
    assert problems == [], problems
    return curricula


def make_settings(database_url: str, **telegram: object) -> Settings:
    return Settings(
        database_url=database_url,
        telegram=TelegramSettings(**telegram),  # type: ignore[arg-type]
        whatsapp=WhatsAppSettings(),
        http=HttpSettings(port=0),
    )


@pytest.fixture
async def app(database_url: str) -> AsyncIterator[bootstrap.App]:
    application = bootstrap.build(make_settings(database_url))
    application.core.curricula.update(shipped_curricula())
    await migrate.upgrade(application.engine)
    yield application
    await application.engine.dispose()
