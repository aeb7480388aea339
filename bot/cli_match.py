"""`match`: an optimal mentee-mentor assignment, printed, and made with --apply.

The plan is made again inside the transaction that applies it, so what is applied is what
the database holds at that moment; the bot sends the introductions it queues."""

from __future__ import annotations

import argparse
import sys

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import bootstrap
from bot.cli_outbox import served_channels
from bot.config import Settings
from bot.db.models import Person
from bot.errors import CommandError
from bot.services import matching, mentorships


def add_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    match = commands.add_parser(
        "match", help="an optimal mentee-mentor assignment (printed; made with --apply)"
    )
    match.add_argument("--cohort", help="only mentees of this cohort")
    match.add_argument(
        "--apply", action="store_true", help="pair them and queue the introductions"
    )


async def match(settings: Settings, args: argparse.Namespace) -> None:
    app = bootstrap.build(settings)
    try:
        await bootstrap.upgrade_database(app)
        now = app.core.clock.now()
        async with app.db.unit_of_work() as session:
            try:
                pairs = await matching.plan(session, now, args.cohort)
            except matching.UnknownCohort:
                raise CommandError(f"no cohort named {args.cohort!r}") from None
            names = await _names(session, pairs)
            made = 0
            if args.apply:
                made = await mentorships.apply_plan(
                    session, pairs, now, served_channels(settings), catalogs=app.catalogs
                )
    finally:
        await app.engine.dispose()
    matched = [p for p in pairs if p.mentor_id is not None]
    for pair in matched:
        assert pair.mentor_id is not None and pair.score is not None
        print(f"{names[pair.mentee_id]} -> {names[pair.mentor_id]}  {pair.score:.2f}")
    left = len(pairs) - len(matched)
    print(f"{len(matched)} matched, {left} unmatched (no mentor with room)")
    if args.apply:
        print(f"applied: {made} pair(s) made, introductions queued", file=sys.stderr)
    elif matched:
        print("nothing changed; run again with --apply to make these pairs", file=sys.stderr)


async def _names(session: AsyncSession, pairs: list[matching.Pair]) -> dict[int, str]:
    ids = {p.mentee_id for p in pairs} | {p.mentor_id for p in pairs if p.mentor_id}
    rows = await session.execute(select(Person.id, Person.display_name).where(Person.id.in_(ids)))
    return {person_id: name or f"#{person_id}" for person_id, name in rows.all()}
