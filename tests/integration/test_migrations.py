"""Migrations upgrade and downgrade cleanly and match the models (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection, inspect, text

from bot.db import migrate
from bot.db.engine import create_engine
from bot.db.models import Base
from tests.conftest import TEST_DATABASE_URL, reset_postgres

TABLES = {
    "people", "channel_identities", "invites", "invite_redemptions", "cohorts",
    "mentor_profiles", "mentorships", "conversation_states", "processed_updates", "audit_log",
    "outbox", "lesson_deliveries", "reviews", "checklist_runs", "link_codes",
}  # fmt: skip


def table_names(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names())


def schema_drift(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))


@pytest.fixture(params=["sqlite", "postgresql"])
async def each_database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'migrations.db'}"
    if not TEST_DATABASE_URL:
        pytest.skip("PostgreSQL not configured: set TEST_DATABASE_URL to run this test")
    await reset_postgres(TEST_DATABASE_URL)
    return TEST_DATABASE_URL


async def test_upgrade_downgrade_upgrade(each_database: str) -> None:
    engine = create_engine(each_database)
    try:
        await migrate.upgrade(engine)
        assert await migrate.current_revision(engine) == "0008"
        async with engine.connect() as conn:
            assert await conn.run_sync(table_names) >= TABLES
            assert await conn.run_sync(schema_drift) == []
        await migrate.downgrade(engine, "base")
        assert await migrate.current_revision(engine) is None
        async with engine.connect() as conn:
            assert not TABLES & await conn.run_sync(table_names)
        await migrate.upgrade(engine)
        await migrate.upgrade(engine)  # running it again changes nothing
        assert await migrate.current_revision(engine) == "0008"
    finally:
        await engine.dispose()


async def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path}/wal.db")
    try:
        async with engine.connect() as conn:
            assert (await conn.execute(text("PRAGMA journal_mode"))).scalar() == "wal"
            assert (await conn.execute(text("PRAGMA busy_timeout"))).scalar() == 5000
            assert (await conn.execute(text("PRAGMA foreign_keys"))).scalar() == 1
    finally:
        await engine.dispose()


async def test_processes_starting_together_migrate_once(each_database: str) -> None:
    engines = [create_engine(each_database) for _ in range(3)]
    try:
        await asyncio.gather(*(migrate.upgrade(engine) for engine in engines))
        assert await migrate.current_revision(engines[0]) == "0008"
    finally:
        for engine in engines:
            await engine.dispose()
