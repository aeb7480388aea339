"""Start-up as an operator meets it: one line for every wrong setting, no silent waits, and a
/healthz that says which channel is not ready yet."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web
from sqlalchemy.engine import make_url

from bot import bootstrap
from bot.channels import telegram as telegram_channel
from tests.conftest import TEST_DATABASE_URL, make_settings
from tests.e2e.conftest import TOKEN
from tests.e2e.processes import PIPE, ROOT, spawn
from tests.e2e.test_cli import run_cli, sqlite_env
from tests.fakes.telegram_server import FakeTelegramServer

needs_postgres = pytest.mark.skipif(
    not TEST_DATABASE_URL, reason="PostgreSQL not configured: set TEST_DATABASE_URL"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def postgres_url(**parts: str) -> str:
    assert TEST_DATABASE_URL is not None
    return make_url(TEST_DATABASE_URL).set(**parts).render_as_string(hide_password=False)  # type: ignore[arg-type]


def last_line(err: str) -> str:
    return err.strip().splitlines()[-1]


@needs_postgres
@pytest.mark.parametrize("command", [["run"], ["migrate"], ["invite", "--role", "mentee"]])
async def test_a_database_that_does_not_exist_is_one_line(command: list[str]) -> None:
    env = {"DATABASE_URL": postgres_url(database="no_such_database_here")}
    code, out, err = await run_cli(*command, env=env)
    assert code == 1
    assert err.strip().splitlines() == [
        "start-up error: cannot use the database at DATABASE_URL: the database does not exist"
    ]
    assert out == ""


@needs_postgres
async def test_a_user_that_does_not_exist_is_one_line_without_the_password() -> None:
    env = {"DATABASE_URL": postgres_url(username="nobody_here", password="Pa55-w0rd-XYZ")}
    code, _out, err = await run_cli("migrate", env=env)
    assert code == 1
    assert last_line(err) == (
        "start-up error: cannot use the database at DATABASE_URL: "
        "the user does not exist or may not connect"
    )
    assert "Pa55-w0rd-XYZ" not in err


async def test_an_unreachable_database_server_is_one_line() -> None:
    env = {"DATABASE_URL": f"postgresql+asyncpg://nobody:secret@127.0.0.1:{free_port()}/x"}
    code, _out, err = await run_cli("migrate", env=env)
    assert code == 1
    assert err.strip().splitlines() == [
        "start-up error: cannot use the database at DATABASE_URL: "
        "the connection was refused (is the server running?)"
    ]


@pytest.mark.parametrize(
    "url", ["sqlite+aiosqlite:///", "sqlite+aiosqlite://", "sqlite+aiosqlite:///:memory:"]
)
async def test_an_in_memory_sqlite_database_is_refused(url: str) -> None:
    code, out, err = await run_cli("invite", "--role", "mentee", env={"DATABASE_URL": url})
    assert code == 2
    assert len(err.strip().splitlines()) == 1
    assert err.startswith("configuration error: DATABASE_URL: names no database file")
    assert out == ""  # no code printed that would never be stored


async def test_a_database_file_that_cannot_be_created_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    env = {"DATABASE_URL": f"sqlite+aiosqlite:///{blocker / 'sub' / 'bot.db'}"}
    code, _out, err = await run_cli("migrate", env=env)
    assert code == 1
    assert len(err.strip().splitlines()) == 1
    assert err.startswith("start-up error: cannot create the database file of DATABASE_URL")


async def test_no_channel_and_no_console_input_is_one_line_and_a_failure(
    tmp_path: Path,
) -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        stdin=asyncio.subprocess.DEVNULL,  # as in a container
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT), **sqlite_env(tmp_path)},
        cwd=tmp_path,
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode == 1
    assert err.decode().strip().splitlines() == [
        "start-up error: no channel configured (set TELEGRAM_BOT_TOKEN) and no console input "
        "(standard input is closed or empty)"
    ]
    assert out == b""


async def test_piped_console_input_still_runs_the_console(tmp_path: Path) -> None:
    code, out, _err = await run_cli("run", env=sqlite_env(tmp_path), stdin="/help\n")
    assert code == 0
    assert "mentee> /help" in out


async def test_the_sqlite_files_and_folder_are_private(tmp_path: Path) -> None:
    database = tmp_path / "data" / "bot.db"
    code, _out, err = await run_cli(
        "run", env={"DATABASE_URL": f"sqlite+aiosqlite:///{database}"}, stdin="/help\n"
    )
    assert code == 0, err
    modes = {path.name: path.stat().st_mode & 0o777 for path in database.parent.iterdir()}
    assert database.parent.stat().st_mode & 0o777 == 0o700
    assert modes["bot.db"] == 0o600
    assert set(modes.values()) == {0o600}  # -wal and -shm too, while they exist


@pytest.fixture
async def silent_bot_api() -> AsyncIterator[str]:
    """A server that accepts every request and never answers."""
    never = asyncio.Event()

    async def hang(_request: web.Request) -> web.Response:
        await never.wait()
        return web.Response(status=504)

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", hang)
    runner = web.AppRunner(app, shutdown_timeout=0.1)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    yield f"http://127.0.0.1:{port}"
    never.set()
    await runner.cleanup()


async def read_lines_until(stream: asyncio.StreamReader, wanted: str, timeout: float) -> list[str]:
    lines: list[str] = []
    async with asyncio.timeout(timeout):
        while not any(wanted in line for line in lines):
            raw = await stream.readline()
            if not raw:
                break
            lines.append(raw.decode())
    return lines


async def get_health(port: int) -> tuple[int, dict[str, object]]:
    async with (
        aiohttp.ClientSession() as client,
        client.get(f"http://127.0.0.1:{port}/healthz") as response,
    ):
        return response.status, await response.json()


async def test_a_silent_bot_api_is_announced_at_once_and_health_says_not_ready(
    tmp_path: Path, silent_bot_api: str
) -> None:
    port = free_port()
    env = {
        **sqlite_env(tmp_path),
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE": silent_bot_api,
        "HTTP_PORT": str(port),
    }
    process = await spawn(
        "run",
        env=env,
        cwd=tmp_path,
        stderr=PIPE,
    )
    try:
        assert process.stderr is not None
        lines = await read_lines_until(process.stderr, "waiting for the Bot API", timeout=20)
        [waiting] = [json.loads(line) for line in lines if "waiting for the Bot API" in line]
        assert waiting["api_base"] == silent_bot_api
        status, health = await get_health(port)
        assert status == 503
        assert health["not_ready"] == ["telegram"]
        assert health["database"] == "ok"
    finally:
        process.terminate()
        await asyncio.wait_for(process.wait(), timeout=15)
    assert process.returncode == 0  # a stop while waiting is a clean stop


async def test_an_unreachable_bot_api_is_retried_with_each_retry_shown(tmp_path: Path) -> None:
    env = {
        **sqlite_env(tmp_path),
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE": f"http://127.0.0.1:{free_port()}",  # nothing listens
        "HTTP_PORT": str(free_port()),
    }
    process = await spawn(
        "run",
        env=env,
        cwd=tmp_path,
        stderr=PIPE,
    )
    try:
        assert process.stderr is not None
        lines = await read_lines_until(process.stderr, '"attempt": 2', timeout=20)
        retries = [json.loads(line) for line in lines if "not answering" in line]
        assert [entry["attempt"] for entry in retries] == [1, 2]
        assert retries[0]["reason"] == "TelegramNetworkError"
        assert retries[1]["retry_in_s"] > retries[0]["retry_in_s"]  # backing off
        assert process.returncode is None  # still running, waiting for the Bot API
    finally:
        process.terminate()
        await asyncio.wait_for(process.wait(), timeout=15)


async def test_health_turns_ready_once_the_bot_api_answers(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(telegram_channel, "STARTUP_BACKOFF", 0.05)
    monkeypatch.setattr(telegram_channel, "STARTUP_BACKOFF_MAX", 0.2)
    async with FakeTelegramServer(token=TOKEN) as server:
        server.fail_next("getMe", status=502, description="Bad Gateway", times=1000)
        ports: list[int] = []
        stop = asyncio.Event()
        settings = make_settings(database_url, bot_token=TOKEN, api_base=server.base_url)
        task = asyncio.create_task(bootstrap.run(settings, stop=stop, listening=ports.append))
        try:
            await server.wait_until(lambda: len(server.errors) >= 2 or task.done(), timeout=10)
            status, health = await get_health(ports[0])
            assert (status, health["not_ready"]) == (503, ["telegram"])
            server.clear()  # the Bot API comes back
            await server.wait_until(lambda: bool(server.calls("getUpdates")), timeout=10)
            status, health = await get_health(ports[0])
            assert status == 200
            assert health["channels"] == {"telegram": "ready"}
            assert health["outbox"] == {"waiting": 0, "dead": 0}
        finally:
            stop.set()
            await asyncio.wait_for(task, timeout=15)
