"""`export --out DIR`: the CSV files of /export, written to a folder (reads the database only)."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from pathlib import Path

from bot import bootstrap
from bot.config import Settings
from bot.documents import exports
from bot.errors import CommandError


def add_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    command = commands.add_parser(
        "export", help="write the CSV reports (people, progress, questions) into a folder"
    )
    command.add_argument("--out", required=True, type=Path, help="the folder (created if new)")


def export(settings: Settings, args: argparse.Namespace) -> None:
    out: Path = args.out
    try:
        out.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise CommandError(f"cannot create {out}: {exc.strerror or exc}") from None
    if not out.is_dir():
        raise CommandError(f"{out} is not a folder")
    written = []
    for name, content in asyncio.run(_build(settings)):
        # Fixed names, so a script finds the same files every time.
        path = out / f"{name}.csv"
        _write_private(path, content)
        written.append(path)
    for path in written:
        print(path)
    print(f"export: {len(written)} file(s) written to {out}", file=sys.stderr)


async def _build(settings: Settings) -> list[tuple[str, bytes]]:
    app = bootstrap.build(settings)
    try:
        await bootstrap.upgrade_database(app)
        now = app.core.clock.now()
        async with app.db.sessions() as session:
            return [
                (name, (await exports.export(session, name, now)).content)
                for name in exports.EXPORTS
            ]
    finally:
        await app.engine.dispose()


def _write_private(path: Path, content: bytes) -> None:
    """Readable by the owner only: the files name people."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(content)
    except OSError as exc:
        raise CommandError(f"cannot write {path}: {exc.strerror or exc}") from None
