"""The optimal assignment of `python -m bot match` at programme scale.

1,000 joined mentees without a mentor and 100 mentors (random provinces over the three time
zones, 0-3 case areas and 1-5 areas of expertise, 75% Indonesian, capacities 5-15, a quarter
of the mentors with a few mentees already) in a fresh, migrated database. Measured, min and
median of --repeat runs:

1. the solver alone (`matching.optimal` on facts already read: the score matrix over every
   free place and scipy's linear_sum_assignment);
2. the whole plan (`matching.plan`): both database reads in a fresh session, then the solver.

    python -m benchmarks.matching [--mentees 1000] [--mentors 100] [--repeat 5]
                                  [--database-url URL]  (default: a temporary SQLite file)
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from bot import provinces
from bot.db import migrate
from bot.db.engine import create_engine, session_factory
from bot.db.models import MentorProfile, Mentorship, Person
from bot.roles import Role
from bot.services import matching
from bot.services.profile import EXPERTISE

NOW = datetime(2026, 2, 3, 0, 0, tzinfo=UTC)


def population(mentees: int, mentors: int, seed: int) -> tuple[list[dict[str, Any]], ...]:
    rng = random.Random(seed)
    codes = [p.code for p in provinces.PROVINCES]
    people: list[dict[str, Any]] = []
    profiles: list[dict[str, Any]] = []
    pairs: list[dict[str, Any]] = []
    mentor_ids = list(range(1, mentors + 1))
    for person_id in mentor_ids:
        capacity = rng.randint(5, 15)
        people.append(_person(person_id, Role.MENTOR, rng, codes, None))
        expertise = rng.sample(EXPERTISE, rng.randint(1, 5))
        profiles.append({"person_id": person_id, "capacity": capacity, "expertise": expertise})
    next_id = mentors + 1
    # Mentees already mentored: they are not planned for, but they fill places.
    for mentor_id in mentor_ids[: mentors // 4]:
        for _ in range(rng.randint(1, 4)):
            people.append(_person(next_id, Role.MENTEE, rng, codes, []))
            pairs.append({"mentor_id": mentor_id, "mentee_id": next_id, "started_at": NOW})
            next_id += 1
    for person_id in range(next_id, next_id + mentees):
        areas = rng.sample(EXPERTISE, rng.randint(0, 3))
        people.append(_person(person_id, Role.MENTEE, rng, codes, areas))
    return people, profiles, pairs


def _person(
    person_id: int, role: Role, rng: random.Random, codes: list[str], areas: list[str] | None
) -> dict[str, Any]:
    return {
        "id": person_id,
        "role": role.value,
        "language": "id" if rng.random() < 0.75 else "en",
        "display_name": f"{role.value} {person_id}",
        "province_code": rng.choice(codes),
        "office": "Kejari",
        "case_areas": areas,
        "onboarded_at": NOW,
        "consent_at": NOW,
        "is_demo": False,
        "paused": False,
        "created_at": NOW,
    }


async def timed(run: Callable[[], Awaitable[Any]], repeat: int) -> tuple[list[float], Any]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = await run()
        times.append(time.perf_counter() - start)
    return times, result


def figures(times: list[float]) -> str:
    return f"min {min(times) * 1000:8.1f} ms   median {statistics.median(times) * 1000:8.1f} ms"


async def measure(url: str, args: argparse.Namespace) -> None:
    engine = create_engine(url)
    await migrate.upgrade(engine)
    sessions = session_factory(engine)
    people, profiles, pairs = population(args.mentees, args.mentors, args.seed)
    async with sessions.begin() as session:
        await session.execute(insert(Person), people)
        await session.execute(insert(MentorProfile), profiles)
        await session.execute(insert(Mentorship), pairs)

    async with sessions() as session:
        mentees = [
            matching.mentee_facts(person) for person in await matching.unmatched_mentees(session)
        ]
        mentors = await matching.mentors(session, NOW)
        free = sum(mentor.free for mentor in mentors)

    async def solve() -> list[matching.Pair]:
        return matching.optimal(mentees, mentors)

    async def whole_plan() -> list[matching.Pair]:
        async with sessions() as session:
            return await matching.plan(session, NOW)

    solver_times, solved = await timed(solve, args.repeat)
    plan_times, planned = await timed(whole_plan, args.repeat)
    await engine.dispose()
    assert planned == solved, "the plan read from the database differs from the solver's"
    matched = [p for p in solved if p.mentor_id is not None]
    print(f"database        {url.split('://')[0]}")
    print(
        f"mentees         {len(mentees)} without a mentor, {len(pairs)} mentored already; "
        f"{len(mentors)} mentors with {free} free places"
    )
    print(f"matched         {len(matched)}, unmatched {len(solved) - len(matched)}")
    print(f"total score     {sum(p.score or 0 for p in matched):.1f}")
    print(f"solver          {figures(solver_times)}")
    print(f"whole plan      {figures(plan_times)}   (database reads + solver)")


async def main_async(args: argparse.Namespace) -> None:
    if args.database_url:
        await measure(args.database_url, args)
        return
    with tempfile.TemporaryDirectory() as directory:
        await measure(f"sqlite+aiosqlite:///{Path(directory) / 'bench.db'}", args)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.matching")
    parser.add_argument("--mentees", type=int, default=1000)
    parser.add_argument("--mentors", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--database-url", help="an empty database to fill (default: a temporary SQLite file)"
    )
    asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    main()
