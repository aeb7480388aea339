"""`python -m bot backup`: a consistent, private copy of SQLite while the bot runs."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

from tests.e2e.processes import PIPE, spawn
from tests.e2e.test_cli import run_cli, sqlite_env


async def test_a_backup_taken_while_the_bot_runs_is_complete_and_private(tmp_path: Path) -> None:
    env = sqlite_env(tmp_path)
    bot = await spawn(
        "run",
        env=env,
        cwd=tmp_path,
        stdin=PIPE,
        stdout=PIPE,
    )
    assert bot.stdin is not None and bot.stdout is not None
    try:
        bot.stdin.write(b"/pause\n")  # the console is up and has written
        await bot.stdin.drain()
        async with asyncio.timeout(30):
            while b"/resume" not in await bot.stdout.readline():
                pass
        out = tmp_path / "copy.db"
        code, stdout, err = await run_cli("backup", "--out", str(out), env=env)
    finally:
        bot.stdin.close()
        await asyncio.wait_for(bot.wait(), timeout=30)
    assert code == 0, err
    assert stdout == f"backup written to {out}\n"
    assert out.stat().st_mode & 0o777 == 0o600
    with sqlite3.connect(out) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        demo = copy.execute("SELECT display_name, paused FROM people ORDER BY id").fetchall()
    assert ("Demo Mentee (demo)", 1) in demo  # the write just made is in the copy
    assert len(demo) == 3


async def test_a_backup_never_overwrites_a_file(tmp_path: Path) -> None:
    env = sqlite_env(tmp_path)
    assert (await run_cli("migrate", env=env))[0] == 0
    existing = tmp_path / "old.db"
    existing.write_bytes(b"keep me")
    code, _out, err = await run_cli("backup", "--out", str(existing), env=env)
    assert code == 1
    assert err.strip() == f"backup: {existing} exists already; choose a new file for the backup"
    assert existing.read_bytes() == b"keep me"


async def test_postgresql_is_pointed_to_pg_dump() -> None:
    env = {"DATABASE_URL": "postgresql+asyncpg://bot@127.0.0.1:5432/bot"}
    code, _out, err = await run_cli("backup", "--out", "x.db", env=env)
    assert code == 1
    assert err.strip() == (
        "backup: backup copies SQLite databases; for PostgreSQL use pg_dump (see the README)"
    )
