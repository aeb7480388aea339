"""Engine and session factory; SQLite gets WAL, a busy timeout and enforced foreign keys."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from bot.errors import StartupError

SQLITE_BUSY_TIMEOUT_MS = 5000
# Statement parameters are people's words; an error message must not carry them into logs.
HIDE_PARAMETERS = True


def create_engine(url: str) -> AsyncEngine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_async_engine(url, pool_pre_ping=True, hide_parameters=HIDE_PARAMETERS)
    if parsed.database and parsed.database != ":memory:":
        private_file(Path(parsed.database))
    engine = create_async_engine(
        url,
        connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
        # Every unit of work ends in an explicit commit or rollback; the pool's extra
        # rollback on check-in would cost a thread hop per update for nothing.
        pool_reset_on_return=None,
        hide_parameters=HIDE_PARAMETERS,
    )
    event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    return engine


def private_file(path: Path) -> None:
    """Create the database file and its folder readable by the owner only. SQLite gives its
    -wal and -shm files the mode of the database file, so they stay private too."""
    try:
        if not path.parent.exists():
            path.parent.mkdir(mode=0o700, parents=True)
        if not path.exists():
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        for existing in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            if existing.exists() and existing.stat().st_mode & 0o077:
                existing.chmod(0o600)
    except OSError as exc:
        raise StartupError(
            f"cannot create the database file of DATABASE_URL ({path}): {exc.strerror}"
        ) from None


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # Deleted rows (an erased person) are overwritten, not left readable in free pages.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)
