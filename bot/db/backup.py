"""A consistent copy of the SQLite database, taken while the bot may be running."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url

from bot.db.engine import SQLITE_BUSY_TIMEOUT_MS
from bot.errors import CommandError


def write(database_url: str, out: Path) -> None:
    """VACUUM INTO reads one snapshot (WAL lets the bot go on writing) into a compact file."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        raise CommandError(
            "backup copies SQLite databases; for PostgreSQL use pg_dump (see the README)"
        )
    source = Path(url.database or "")
    if not source.is_file():
        raise CommandError(f"no database file at DATABASE_URL ({source})")
    if out.exists():
        raise CommandError(f"{out} exists already; choose a new file for the backup")
    _vacuum_into(source, out)


def _vacuum_into(source: Path, out: Path) -> None:
    try:
        # Created private first: a backup holds everything the database does.
        os.close(os.open(out, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except OSError as exc:
        raise CommandError(f"cannot create {out}: {exc.strerror}") from None
    try:
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as connection:
            connection.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
            connection.execute("VACUUM INTO ?", (str(out),))
        connection.close()
    except sqlite3.Error as exc:
        out.unlink(missing_ok=True)
        raise CommandError(f"backup failed: {exc}") from None
