"""Small truths a newcomer checks first: /help lists what the role may use, and invites made
in chat and on the command line expire alike."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from bot import bootstrap
from bot.db import migrate
from bot.db.models import Invite, utcnow
from bot.messages import Channel
from bot.roles import Role
from bot.services import demo
from tests.chat import Chat
from tests.conftest import make_settings
from tests.e2e.test_cli import run_cli, sqlite_env


async def demo_chat(app: bootstrap.App, who: str) -> Chat:
    async with app.db.unit_of_work() as session:
        await demo.ensure(session, Channel.CONSOLE, "en", app.core.clock.now())
    return Chat(app.core, who, language="en")


async def test_the_admins_help_lists_every_command_they_may_use(app: bootstrap.App) -> None:
    admin = await demo_chat(app, "admin")
    await admin.send("/help")
    items = [line for line in admin.text.splitlines() if line.startswith("• /")]
    listed = {line.removeprefix("• ").split(":")[0] for line in items}
    expected = {f"/{name}" for name in app.router.usable_commands(Role.ADMIN)} - {"/start"}
    assert listed == expected
    assert {"/invite", "/stats", "/broadcast", "/pause", "/queue"} <= listed


async def test_a_mentees_help_lists_no_admin_command(app: bootstrap.App) -> None:
    mentee = await demo_chat(app, "mentee")
    await mentee.send("/help")
    assert "/settings: Your profile and preferences" in mentee.text
    assert "/invite" not in mentee.text
    assert "/queue" not in mentee.text


async def test_chat_invites_expire_after_invite_expires_days(database_url: str) -> None:
    settings = make_settings(database_url)
    settings.invite_expires_days = 3
    app = bootstrap.build(settings)
    await migrate.upgrade(app.engine)
    try:
        admin = await demo_chat(app, "admin")
        await admin.send("/invite")
        await admin.press("inv:mentee")
        assert "valid for 3 days" in admin.text
        async with app.sessions() as session:
            [expires] = (await session.scalars(select(Invite.expires_at))).all()
        assert expires is not None
        assert abs(expires - (utcnow() + timedelta(days=3))) < timedelta(minutes=1)
    finally:
        await app.engine.dispose()


async def test_command_line_invites_share_the_default_and_say_so(tmp_path: Path) -> None:
    env = {**sqlite_env(tmp_path), "INVITE_EXPIRES_DAYS": "3"}
    code, _out, err = await run_cli("invite", "--role", "mentee", env=env)
    assert code == 0
    expected = (utcnow() + timedelta(days=3)).strftime("%Y-%m-%d")
    assert f"expires {expected}" in err
    code, out, _err = await run_cli("invite", "--help")
    assert code == 0
    assert "INVITE_EXPIRES_DAYS" in out


async def test_pressing_an_invite_role_three_times_creates_one_invite(app: bootstrap.App) -> None:
    admin = await demo_chat(app, "admin")
    await admin.send("/invite")
    for _ in range(3):  # a slow phone: the same button pressed again before it disappears
        await admin.press("inv:mentee")
    async with app.sessions() as session:
        invites = (await session.scalars(select(Invite))).all()
    assert len(invites) == 1
    assert "This button has expired" in admin.text
