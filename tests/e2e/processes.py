"""`python -m bot` as its own process, started the way an operator starts it."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parents[2]
PIPE, DEVNULL = asyncio.subprocess.PIPE, asyncio.subprocess.DEVNULL
Stream = int | IO[bytes] | None


async def spawn(
    *args: str,
    env: dict[str, str],
    cwd: Path | None = None,
    stdin: Stream = DEVNULL,
    stdout: Stream = DEVNULL,
    stderr: Stream = DEVNULL,
) -> asyncio.subprocess.Process:
    """The bot's command line with these arguments; `env` adds to this process's variables."""
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        stdin=stdin,
        stdout=stdout,
        stderr=stderr,
        env={**os.environ, "PYTHONPATH": str(ROOT), **env},
        cwd=cwd,
    )
