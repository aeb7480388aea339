"""The command line as an operator uses it: invite, migrate, content check, run (console)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from tests.e2e.processes import PIPE, spawn
from tests.fakes.telegram_server import FakeTelegramServer


async def run_cli(
    *args: str, env: dict[str, str] | None = None, stdin: str = "", cwd: Path | None = None
) -> tuple[int, str, str]:
    process = await spawn(
        *args,
        env=(env or {}),
        cwd=cwd,
        stdin=PIPE,
        stdout=PIPE,
        stderr=PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(stdin.encode()), timeout=60)
    return process.returncode or 0, out.decode(), err.decode()


def sqlite_env(tmp_path: Path) -> dict[str, str]:
    return {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"}


async def test_invite_prints_the_code_and_deep_link(tmp_path: Path) -> None:
    async with FakeTelegramServer(token="99:CLI") as server:
        env = {
            **sqlite_env(tmp_path),
            "TELEGRAM_BOT_TOKEN": "99:CLI",
            "TELEGRAM_API_BASE": server.base_url,
        }
        code, out, err = await run_cli(
            "invite", "--role", "mentor", "--cohort", "Jatim 2026", "--uses", "3",
            "--expires-days", "7", env=env,
        )  # fmt: skip
    assert code == 0, err
    invite, link = out.split()
    assert len(invite) >= 16 and link == f"https://t.me/mentoring_test_bot?start={invite}"
    assert "mentor" in err and "3 use(s)" in err and "Jatim 2026" in err
    assert "99:CLI" not in out + err


async def test_invite_without_a_token_prints_only_the_code(tmp_path: Path) -> None:
    code, out, _err = await run_cli("invite", "--role", "mentee", env=sqlite_env(tmp_path))
    assert code == 0 and len(out.split()) == 1


async def test_invite_rejects_bad_arguments(tmp_path: Path) -> None:
    code, _out, err = await run_cli("invite", "--role", "boss", env=sqlite_env(tmp_path))
    assert code == 2 and "invalid choice" in err
    code, _out, err = await run_cli(
        "invite", "--role", "mentee", "--uses", "0", env=sqlite_env(tmp_path)
    )
    assert code == 2 and "at least 1" in err


async def test_a_bad_setting_stops_start_up_with_one_line(tmp_path: Path) -> None:
    code, out, err = await run_cli(
        "run", env={"DATABASE_URL": "mysql://db/bot", "TELEGRAM_BOT_TOKEN": "1:SECRET"}
    )
    assert code == 2 and out == ""
    assert err.strip().count("\n") == 0 and err.startswith("configuration error: DATABASE_URL")
    assert "SECRET" not in err


async def test_migrate_and_content_check(tmp_path: Path) -> None:
    code, out, _err = await run_cli("migrate", env=sqlite_env(tmp_path))
    assert code == 0 and "revision 0006" in out
    code, out, _err = await run_cli("content", "check", env=sqlite_env(tmp_path))
    assert code == 0 and "content ok" in out


async def test_console_with_piped_input_tries_every_role(tmp_path: Path) -> None:
    script = "\n".join(
        [
            "/help",
            ":as admin",
            "/invite",
            "1",
            ":as tamu",
            "/start not-valid",
            ":as mentor",
            "/settings",
            "6",  # the capacity button
            "6",  # a capacity typed, not button 6 (which is 10)
            "/forget",
            "2",  # no
            "1",  # the used keyboard is gone: this is just a message
            "/settings",
            ":as mentee",
            "/broadcast hi",
            "/settings",
            "4",
            "Kejari Sidoarjo",
            ":quit",
            "/help",
        ]
    )
    code, out, err = await run_cli(env=sqlite_env(tmp_path), stdin=script, cwd=tmp_path)
    assert code == 0, err
    assert "[1] Mentee" in out and "Undangan baru untuk peran Mentee" in out
    assert "Mohon maaf" in out and "Sorry" in out  # the stranger is refused
    assert "Nama: Demo Mentor (demo)" in out and "Kapasitas mentee: 6" in out
    assert "tidak tersedia untuk peran Anda" in out  # the mentee cannot broadcast
    assert "Kantor: Kejari Sidoarjo" in out
    assert out.rstrip().endswith(":quit")  # nothing after :quit was read
    # A second run keeps the demo people and their changes.
    code, out, err = await run_cli(env=sqlite_env(tmp_path), stdin="/settings\n", cwd=tmp_path)
    assert code == 0 and "Kantor: Kejari Sidoarjo" in out


async def test_a_refused_token_or_a_silent_server_stops_start_up_with_one_line(
    tmp_path: Path,
) -> None:
    async with FakeTelegramServer(token="99:RIGHT") as server:
        env = {
            **sqlite_env(tmp_path),
            "TELEGRAM_BOT_TOKEN": "99:WRONG",
            "TELEGRAM_API_BASE": server.base_url,
        }
        code, _out, err = await run_cli("run", env=env)
    assert code == 1
    assert err.strip().splitlines()[-1] == "start-up error: the Bot API refused TELEGRAM_BOT_TOKEN"
    assert "99:WRONG" not in err
