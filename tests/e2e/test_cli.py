"""The command line as an operator uses it: invite, migrate, content check, run (console)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from sqlalchemy import func, select

from bot import bootstrap
from bot.db.models import Cohort, Mentorship, OutboxMessage
from bot.messages import Channel
from bot.roles import Role
from bot.services import people, profile
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
    assert code == 0 and "revision 0008" in out
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


async def seed_matching(app: bootstrap.App) -> None:
    """Two mentors with three places in all; three mentees of a cohort and one outside it."""
    now = app.core.clock.now()
    async with app.db.unit_of_work() as session:
        cohort = Cohort(name="Jatim 2026")
        session.add(cohort)
        await session.flush()
        people_to_add = [
            ("sari", Role.MENTOR, "Sari Dewi", "JI", 2, None),
            ("yo", Role.MENTOR, "Yohanes", "PA", 1, None),
            ("budi", Role.MENTEE, "Budi Santoso", "JI", 0, cohort.id),
            ("ani", Role.MENTEE, "Ani Lestari", "JI", 0, cohort.id),
            ("eko", Role.MENTEE, "Eko Prasetyo", "PA", 0, cohort.id),
            ("lain", Role.MENTEE, "Dewi Lain", "JI", 0, None),
        ]
        for key, role, name, province, capacity, cohort_id in people_to_add:
            person = await people.join(
                session,
                people.Address(Channel.CONSOLE, key, key),
                role=role,
                language="id",
                cohort_id=cohort_id,
                now=now,
                display_name=name,
            )
            person.province_code, person.office, person.onboarded_at = province, "Kejari", now
            if role == Role.MENTOR:
                (await profile.mentor_profile(session, person)).capacity = capacity


async def test_match_prints_the_plan_and_applies_it(app: bootstrap.App, database_url: str) -> None:
    await seed_matching(app)
    env = {"DATABASE_URL": database_url}

    code, out, err = await run_cli("match", "--cohort", "Jatim 2026", env=env)
    assert code == 0, err
    lines = out.splitlines()
    pairs = [line.rsplit("  ", 1) for line in lines[:-1]]
    assert sorted(pair for pair, _score in pairs) == [
        "Ani Lestari -> Sari Dewi",
        "Budi Santoso -> Sari Dewi",
        "Eko Prasetyo -> Yohanes",
    ]
    # Province and language: 4 each; Sari's second place costs 2 x 1/2 of her capacity.
    assert sorted(score for _pair, score in pairs) == ["3.00", "4.00", "4.00"]
    assert lines[-1] == "3 matched, 0 unmatched (no mentor with room)"
    async with app.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Mentorship)) == 0

    code, out, err = await run_cli("match", "--cohort", "Nowhere", env=env)
    assert (code, out) == (1, "") and err.strip() == "match: no cohort named 'Nowhere'"

    code, out, err = await run_cli("match", "--apply", env=env)  # every cohort: four mentees
    assert code == 0, err
    assert out.splitlines()[-1] == "3 matched, 1 unmatched (no mentor with room)"
    assert "3 pair(s) made" in err
    async with app.sessions() as session:
        active = (await session.scalars(select(Mentorship.mentor_id))).all()
        keys = (await session.scalars(select(OutboxMessage.dedup_key))).all()
    assert len(active) == 3 and len(set(active)) == 2
    assert len([k for k in keys if k.startswith("intro:")]) == 6

    code, out, err = await run_cli("match", "--apply", env=env)
    assert code == 0, err
    assert out == "0 matched, 1 unmatched (no mentor with room)\n"
