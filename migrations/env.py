"""Alembic environment (async). Uses the caller's connection when given one."""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy import Connection

from bot.db.engine import create_engine
from bot.db.models import Base

config = context.config
target_metadata = Base.metadata


def _configure_and_run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_online() -> None:
    url = config.get_main_option("sqlalchemy.url")
    if not url:
        from bot.config import load_settings

        url = load_settings().database_url
    engine = create_engine(url)
    async with engine.begin() as connection:
        await connection.run_sync(_configure_and_run)
    await engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline migrations are not supported; run `python -m bot migrate`")

existing = config.attributes.get("connection")
if existing is not None:
    _configure_and_run(existing)
else:
    asyncio.run(_run_online())
