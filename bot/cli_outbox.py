"""`announce` and `outbox`: an operator queues a message for an audience, or reads the backlog.

Both only touch the database: the running bot sends what is queued."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot import bootstrap
from bot.config import Settings
from bot.db.models import Broadcast
from bot.errors import CommandError
from bot.outbox import store
from bot.services import broadcasts

MAX_TEXT = 3500  # a phone screen or two; longer texts belong in a lesson
BATCH = 500


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    announce = commands.add_parser(
        "announce", help="queue one message to each person of an audience (the bot sends it)"
    )
    announce.add_argument("--to", required=True, choices=list(broadcasts.ROLE_AUDIENCES))
    announce.add_argument("--cohort", help="only people of this cohort")
    text = announce.add_mutually_exclusive_group(required=True)
    text.add_argument("--text", help="the message, shown as typed")
    text.add_argument("--text-file", type=Path, help="a UTF-8 file with the message")
    commands.add_parser("outbox", help="the outgoing backlog by status")


def served_channels(settings: Settings) -> set[str]:
    """Channels the bot serves with these settings; the console when none is configured."""
    channels = {"telegram"} if settings.telegram.enabled else set()
    return channels or {"console"}


async def announce(settings: Settings, args: argparse.Namespace) -> None:
    text = _text(args)
    app = bootstrap.build(settings)
    try:
        await bootstrap.upgrade_database(app)
        result = await _queue(app, settings, args, text)
    finally:
        await app.engine.dispose()
    # The count alone on stdout's first line, for scripts.
    print(result.queued)
    print(
        f"queued {result.queued} message(s) for {args.to}"
        + (f" of cohort {args.cohort}" if args.cohort else "")
        + f"; {result.unreachable} not reachable on a served channel"
        + (f"; {result.already} already queued today" if result.already else "")
        + "; the running bot sends them",
        file=sys.stderr,
    )


async def _queue(
    app: bootstrap.App, settings: Settings, args: argparse.Namespace, text: str
) -> broadcasts.Queued:
    """One broadcast, queued in batches, each its own transaction: a running bot on the same
    SQLite file goes on answering between them instead of waiting for the whole audience.
    The running bot follows it to the end like one made with /broadcast."""
    now = app.core.clock.now()
    audience = broadcasts.Audience(args.to, cohort=args.cohort)
    ident = broadcasts.announcement_id(audience, text, now)
    async with app.db.unit_of_work() as session:
        broadcast = await broadcasts.by_ident(session, ident) or await broadcasts.create(
            session, audience=audience, now=now, created_by=None, text_id=text, ident=ident
        )
        broadcast_id = broadcast.id
        everyone = [p.id for p in await broadcasts.people_of(session, audience)]
    total = broadcasts.Queued(0, 0, 0)
    for start in range(0, len(everyone), BATCH):
        async with app.db.unit_of_work() as session:
            current = await session.get(Broadcast, broadcast_id)
            assert current is not None
            part = await broadcasts.queue_text(
                session,
                current,
                everyone[start : start + BATCH],
                text,
                now=now,
                channels=served_channels(settings),
            )
        total = broadcasts.Queued(
            total.queued + part.queued,
            total.unreachable + part.unreachable,
            total.already + part.already,
        )
    async with app.db.unit_of_work() as session:
        last = await session.get(Broadcast, broadcast_id)
        assert last is not None
        if last.status == broadcasts.SCHEDULED:
            last.status = broadcasts.SENDING
        last.recipients = total.queued + total.already
        last.unreachable = total.unreachable
    return total


def _text(args: argparse.Namespace) -> str:
    if args.text_file is not None:
        try:
            text = str(args.text_file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"cannot read {args.text_file}: {exc}") from None
    else:
        text = str(args.text)
    text = text.strip()
    if not text:
        raise CommandError("the message is empty")
    if len(text) > MAX_TEXT:
        raise CommandError(f"the message has {len(text)} characters; at most {MAX_TEXT}")
    return text


async def report(settings: Settings) -> None:
    app = bootstrap.build(settings)
    try:
        await bootstrap.upgrade_database(app)
        async with app.db.sessions() as session:
            counts = await store.backlog(session)
    finally:
        await app.engine.dispose()
    width = max(len(status) for status in counts)
    for status, count in counts.items():
        print(f"{status:<{width}}  {count}")
