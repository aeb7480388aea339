"""The bot as production runs it, `python -m bot run` in its own process, for the benchmarks:
its environment, its CPU time and memory read from /proc, a bounded stop, and the people it
serves prepared in its database beforehand."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import time
from pathlib import Path

from bot.db import migrate
from bot.db.engine import create_engine, session_factory
from bot.db.models import ChannelIdentity, Person, utcnow
from bot.messages import Channel
from bot.roles import Role

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "4242:BENCHMARK"
# Settings the bot reads from the environment: none may leak in from the developer's shell.
_OWN_PREFIXES = ("TELEGRAM_", "WHATSAPP_", "HTTP_")
_OWN_NAMES = {
    "DATABASE_URL",
    "DEFAULT_LANGUAGE",
    "LOG_LEVEL",
    "INVITE_EXPIRES_DAYS",
    "AUDIT_RETENTION_DAYS",
    "OUTBOX_RETENTION_DAYS",
    "OUTBOX_MAX_ATTEMPTS",
    "MATCHING",
}
_TICKS = os.sysconf("SC_CLK_TCK")


def bot_env(database_url: str, api_base: str, rate_limit: float, **extra: str) -> dict[str, str]:
    """A clean environment for `python -m bot ...` against the fake Bot API server."""
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in _OWN_NAMES and not name.startswith(_OWN_PREFIXES)
    }
    env.update(
        PYTHONPATH=str(ROOT),
        DATABASE_URL=database_url,
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE=api_base,
        TELEGRAM_RATE_LIMIT=f"{rate_limit:g}",
        HTTP_HOST="127.0.0.1",
        HTTP_PORT="0",
        LOG_LEVEL="INFO",
    )
    env.update(extra)
    return env


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process so far."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2 :].split()  # after "pid (comm) "
    return (int(fields[11]) + int(fields[12])) / _TICKS  # utime, stime


def memory_mb(pid: int, field: str = "VmHWM") -> float:
    """A memory figure of /proc/<pid>/status (VmHWM: peak resident set) in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    raise LookupError(field)


class BotProcess:
    """`python -m bot run` (or another module's command line), its log in a file (a full
    pipe would stall it)."""

    def __init__(
        self,
        env: dict[str, str],
        workdir: Path,
        *,
        command: tuple[str, ...] = ("-m", "bot", "run"),
        name: str = "bot",
    ) -> None:
        self.env = env
        self.workdir = workdir
        self.command = command
        self.log_path = workdir / f"{name}.log"
        self.process: asyncio.subprocess.Process | None = None

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.returncode is None

    async def start(self) -> None:
        with self.log_path.open("ab") as log:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable, *self.command,
                stdin=asyncio.subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                env=self.env,
                cwd=self.workdir,
            )  # fmt: skip

    async def stop(self, grace: float = 20.0) -> int:
        """SIGTERM (what a deploy sends), then SIGKILL if it does not end in time."""
        if self.process is None:
            return 0
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self.process.wait(), grace)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()
        return int(self.process.returncode or 0)

    def log_tail(self, lines: int = 15) -> str:
        with contextlib.suppress(OSError):
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        return ""


async def run_command(
    *args: str, env: dict[str, str], workdir: Path, limit: float
) -> tuple[str, str, float]:
    """`python -m bot <args>`: its stdout, stderr and how long it took; fails loudly."""
    started = time.perf_counter()
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=env,
        cwd=workdir,
    )  # fmt: skip
    try:
        out, err = await asyncio.wait_for(process.communicate(), limit)
    except TimeoutError:
        process.kill()
        await process.wait()
        raise RuntimeError(f"python -m bot {args[0]} did not finish in {limit:g} s") from None
    if process.returncode != 0:
        raise RuntimeError(f"python -m bot {args[0]} failed: {err.decode()[-500:]}")
    return out.decode(), err.decode(), time.perf_counter() - started


async def prepare_people(database_url: str, chat_ids: list[int]) -> None:
    """A migrated database with one joined mentee (onboarded, not a demo) per Telegram chat,
    written through the ORM in one transaction."""
    engine = create_engine(database_url)
    try:
        await migrate.upgrade(engine)
        now = utcnow()
        async with session_factory(engine).begin() as session:
            for index, chat_id in enumerate(chat_ids):
                person = Person(
                    role=Role.MENTEE.value,
                    language="id",
                    display_name=f"Peserta {index}",
                    consent_at=now,
                    onboarded_at=now,
                    paused=False,
                    is_demo=False,
                    created_at=now,
                )
                person.identities.append(
                    ChannelIdentity(
                        channel=Channel.TELEGRAM.value,
                        external_id=str(chat_id),
                        chat_id=str(chat_id),
                        last_seen_at=now,
                    )
                )
                session.add(person)
    finally:
        await engine.dispose()
