"""Command line: python -m bot [run|migrate|invite|content check|backup|announce|outbox|
match|export]."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from bot import bootstrap, cli_export, cli_match, cli_outbox, logs
from bot.config import ConfigError, Settings, load_settings
from bot.db import backup, migrate
from bot.errors import CommandError, ContentError, StartupError
from bot.roles import Role

log = logging.getLogger("bot")


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="python -m bot", description="Prosecutor mentoring bot")
    commands = root.add_subparsers(dest="command")
    commands.add_parser("run", help="migrate, then serve every configured channel (default)")
    commands.add_parser("migrate", help="upgrade the database to the latest schema")
    invite = commands.add_parser("invite", help="create an invite code")
    invite.add_argument("--role", required=True, choices=[r.value for r in Role])
    invite.add_argument("--cohort", help="cohort name (created when new)")
    invite.add_argument("--uses", type=_positive, default=1, help="how many people may use it")
    invite.add_argument(
        "--expires-days",
        type=_positive,
        help="days until it expires (default: INVITE_EXPIRES_DAYS, 14 unless set)",
    )
    content = commands.add_parser("content", help="content tools")
    content.add_argument("action", choices=["check"])
    backup_command = commands.add_parser(
        "backup", help="write a consistent copy of the SQLite database, also while the bot runs"
    )
    backup_command.add_argument("--out", required=True, type=Path, help="the new file to write")
    cli_outbox.add_commands(commands)
    cli_match.add_command(commands)
    cli_export.add_command(commands)
    return root


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        settings = load_settings()
    except ConfigError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2
    logs.setup(settings.log_level, secrets=logs.secrets_of(settings))
    command = args.command or "run"
    try:
        if command == "run":
            asyncio.run(bootstrap.run(settings))
        elif command == "migrate":
            asyncio.run(_migrate(settings))
        elif command == "invite":
            asyncio.run(_invite(settings, args))
        elif command == "content":
            return _content_check(settings)
        elif command == "announce":
            asyncio.run(cli_outbox.announce(settings, args))
        elif command == "outbox":
            asyncio.run(cli_outbox.report(settings))
        elif command == "match":
            asyncio.run(cli_match.match(settings, args))
        elif command == "export":
            cli_export.export(settings, args)
        elif command == "backup":
            backup.write(settings.database_url, args.out)
            print(f"backup written to {args.out}")
    except KeyboardInterrupt:
        return 130
    except ContentError as exc:  # `run` refuses to start and says what to fix
        _print_problems(exc)
        return 1
    except StartupError as exc:
        print(f"start-up error: {logs.redact(str(exc))}", file=sys.stderr)
        return 1
    except CommandError as exc:
        print(f"{command}: {logs.redact(str(exc))}", file=sys.stderr)
        return 1
    return 0


async def _migrate(settings: Settings) -> None:
    app = bootstrap.build(settings)
    try:
        await bootstrap.upgrade_database(app)
        print(f"database at revision {await migrate.current_revision(app.engine)}")
    finally:
        await app.engine.dispose()


async def _invite(settings: Settings, args: argparse.Namespace) -> None:
    from bot.clock import Clock
    from bot.services import audit, invites

    app = bootstrap.build(settings)
    try:
        await bootstrap.upgrade_database(app)
        now = Clock().now()  # the real time: only the console moves its clock
        async with app.sessions.begin() as session:
            new = await invites.create(
                session,
                Role(args.role),
                now=now,
                cohort=args.cohort,
                uses=args.uses,
                expires_days=args.expires_days or settings.invite_expires_days,
            )
            audit.record(session, "invite.created", now=now, channel="cli", role=new.role.value)
    finally:
        await app.engine.dispose()
    # The code alone on stdout's first line, so scripts can capture it.
    print(new.code)
    username = await _telegram_username(settings)
    if username:
        print(f"https://t.me/{username}?start={new.code}")
    expires = new.expires_at.strftime("%Y-%m-%d %H:%M UTC") if new.expires_at else "never"
    cohort = f", cohort {new.cohort}" if new.cohort else ""
    print(
        f"invite for {new.role.value}{cohort}: {new.max_uses} use(s), expires {expires}; "
        f"the person sends /start {new.code}",
        file=sys.stderr,
    )


async def _telegram_username(settings: Settings) -> str | None:
    """The bot's username for a deep link, asked of the Bot API when a token is configured."""
    if not settings.telegram.enabled or settings.telegram.bot_token is None:
        return None
    from aiogram import Bot
    from aiogram.client.session.aiohttp import AiohttpSession
    from aiogram.client.telegram import TelegramAPIServer

    api = TelegramAPIServer.from_base(str(settings.telegram.api_base).rstrip("/"))
    bot = Bot(settings.telegram.bot_token.get_secret_value(), session=AiohttpSession(api=api))
    try:
        me = await asyncio.wait_for(bot.get_me(), timeout=10)
        return me.username
    except Exception:
        log.warning("could not ask Telegram for the bot's username; no deep link printed")
        return None
    finally:
        await bot.session.close()


def _content_check(settings: Settings) -> int:
    app = bootstrap.build(settings)
    try:
        bootstrap.check_content(app)
    except ContentError as exc:
        _print_problems(exc)
        return 1
    lessons = len(next(iter(app.curricula.values())).lessons)
    print(f"content ok: {lessons} lessons and both catalogs in {', '.join(app.curricula)}")
    return 0


def _print_problems(error: ContentError) -> None:
    print(f"content error: {len(error.problems)} problem(s)", file=sys.stderr)
    for problem in error.problems:
        print(f"  {problem}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
