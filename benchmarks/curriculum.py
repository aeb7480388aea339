"""Lessons on schedule at scale: the due query and the `lessons-due` job, 100,000 mentees.

The due query over 100,000 mentees, and the `lessons-due` job queueing the lessons of 3,000
mentees due at the same minute, on SQLite and PostgreSQL.

A fresh database (a temporary SQLite file; a PostgreSQL database of its own, created if
missing and then dropped again, its schema reset otherwise) is migrated and filled with bulk
inserts:

- mentees over the three zones (55% WIB, 30% WITA, 15% WIT), each with a Telegram identity,
  75% in Indonesian and 25% in English; 70% in four cohorts (one starts next month);
- lesson times: 60% in 06:00-08:00, 25% in 19:00-20:00, the rest over the day; half of each
  band on the times the bot offers as buttons, the others typed, at 5 or 15-minute steps;
- 80% received 0-12 lessons on earlier lesson days (the newest 20% none yet); everyone whose
  time came earlier today received today's lesson already, as the running bot would have;
- 3% paused, 2% paused for some days more, 3% back from a pause; 20% chose their own days.

The moment is a Tuesday at 00:00 UTC: 07:00 in Jakarta, 08:00 in Makassar, 09:00 in
Jayapura. Exactly --due eligible mentees (split over the zones as above) have their lesson
at that minute; nobody else does. Then:

1. the due query (`lessons.due_mentees`), for one zone and for all three, each run in a fresh
   session, min and median of --repeat runs, with its plan (EXPLAIN QUERY PLAN on SQLite,
   EXPLAIN (ANALYZE, BUFFERS) on PostgreSQL);
2. the same query a day later at the same hour with nobody served yet that day: the bot was
   down all morning (the worst case, no target);
3. the whole `lessons-due` job through `Core.run_job` at the moment (each lesson and its
   check queued in the outbox, a delivery row each), then again at the same moment, which
   must queue nothing; with --catch-up, also the job the next day with nobody served yet.

SQLite is left without ANALYZE statistics, as the bot leaves it; PostgreSQL is vacuumed and
analysed, as autovacuum would do after such inserts.

    python -m benchmarks.curriculum [--database sqlite|postgresql|both] [--mentees 100000]
                                    [--due 3000] [--repeat 5] [--catch-up]
                                    [--postgresql-url URL]  (or BENCH_POSTGRESQL_URL)
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import random
import re
import statistics
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import Any, TypeVar, cast
from zoneinfo import ZoneInfo

from sqlalchemy import Table, event, func, insert, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from bot import bootstrap
from bot.config import HttpSettings, Settings, TelegramSettings, WhatsAppSettings
from bot.curriculum import load as curriculum_load
from bot.curriculum import schedule
from bot.curriculum.schedule import QuietHours
from bot.db import migrate
from bot.db.models import ChannelIdentity, Cohort, LessonDelivery, OutboxMessage, Person
from bot.roles import Role
from bot.services import lessons
from handlers.lessons import DUE_EVERY

POSTGRESQL_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/bench_curriculum"
QUIET = "21:00-06:00"  # the default, spelled out: the moment must stay outside it
# A Tuesday; it and the next day are lesson days (no holiday): checked at start.
MOMENT = datetime(2026, 2, 3, 0, 0, tzinfo=UTC)
ZONE_SHARES = {"Asia/Jakarta": 0.55, "Asia/Makassar": 0.30, "Asia/Jayapura": 0.15}
BUTTON_TIMES = {"morning": ("06:00", "07:00"), "evening": ("19:00", "20:00")}
OTHER_BUTTONS = ("12:00", "16:00")
HISTORY_MAX = 12
NEWCOMERS = 0.20
TARGET_SECONDS = 1.0
# Rows per executemany: big enough to amortise the round trip, small enough for memory.
BATCH = 20_000
PEOPLE_PER_BATCH = 4_000  # their deliveries (about 6 each) go in one executemany
FIRST_EXTERNAL_ID = 700_000_000

T = TypeVar("T")


# --- the population ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CohortSpec:
    id: int
    name: str
    starts_on: date | None
    share: float


COHORTS = (
    CohortSpec(1, "2025-batch-1", date(2025, 8, 4), 0.25),
    CohortSpec(2, "2025-batch-2", date(2025, 11, 3), 0.20),
    CohortSpec(3, "2026-batch-1", date(2026, 1, 12), 0.20),
    CohortSpec(4, "2026-batch-2", date(2026, 3, 2), 0.05),  # not started at the moment
)
NO_COHORT = 0.30
# ISO weekdays chosen in /settings; None is Monday to Friday. "135" and "46" skip Tuesday.
DAY_CHOICES: tuple[tuple[str | None, float], ...] = (
    (None, 0.80),
    ("12345", 0.06),
    ("135", 0.05),
    ("46", 0.03),
    ("123456", 0.04),
    ("1234567", 0.02),
)


@dataclass(slots=True)
class Mentee:
    id: int
    zone: str
    language: str
    cohort_id: int | None
    lesson_time: str
    days: str | None
    paused: bool
    paused_until: datetime | None
    onboarded_at: datetime
    history: int  # lessons received on earlier days
    served_today: bool = False  # today's lesson given already (their time came earlier)


@dataclass(slots=True)
class Population:
    mentees: list[Mentee]
    lesson_ids: list[str]
    today: date
    due_minute: dict[str, str]  # local HH:MM of the moment in each zone
    due: dict[str, int] = field(default_factory=dict)  # mentees due at the moment, by zone

    @property
    def deliveries(self) -> int:
        return sum(m.history + m.served_today for m in self.mentees)


def hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def draw_time(rng: random.Random) -> str:
    """A lesson time: mostly early morning or evening, half of them on the offered buttons."""
    band = rng.random()
    if band < 0.60:
        if rng.random() < 0.5:
            return rng.choice(BUTTON_TIMES["morning"])
        return hhmm(rng.randrange(6 * 60, 8 * 60 + 1, 5))
    if band < 0.85:
        if rng.random() < 0.5:
            return rng.choice(BUTTON_TIMES["evening"])
        return hhmm(rng.randrange(19 * 60, 20 * 60 + 1, 5))
    if rng.random() < 0.3:
        return rng.choice(OTHER_BUTTONS)
    return hhmm(rng.randrange(8 * 60, 19 * 60, 15))


def weighted(rng: random.Random, choices: Sequence[tuple[T, float]]) -> T:
    return rng.choices([value for value, _ in choices], [weight for _, weight in choices])[0]


def lesson_days_before(today: date, count: int) -> list[date]:
    """The `count` weekday lesson days before `today`, most recent first (holidays skipped)."""
    days: list[date] = []
    day = today
    while len(days) < count:
        day -= timedelta(days=1)
        if schedule.lesson_day(day, None):
            days.append(day)
    return days


def at_local(day: date, hm: str, zone: str) -> datetime:
    return datetime.combine(day, clock_time.fromisoformat(hm), ZoneInfo(zone)).astimezone(UTC)


def build_population(count: int, due: int, lesson_ids: list[str], seed: int) -> Population:
    rng = random.Random(seed)
    zones = list(ZONE_SHARES)
    today = schedule.local(MOMENT, zones[0]).date()
    due_minute = {zone: f"{schedule.local(MOMENT, zone):%H:%M}" for zone in zones}
    cohort_choices = [(None, NO_COHORT)] + [(c, c.share) for c in COHORTS]
    history_days = lesson_days_before(today, HISTORY_MAX)
    mentees: list[Mentee] = []
    for person_id in range(1, count + 1):
        zone = weighted(rng, list(ZONE_SHARES.items()))
        cohort = weighted(rng, cohort_choices)
        started = cohort is None or cohort.starts_on is None or cohort.starts_on <= today
        history = 0 if not started or rng.random() < NEWCOMERS else rng.randint(0, HISTORY_MAX)
        if history:  # joined some days before their first lesson
            first = history_days[history - 1]
            joined = first - timedelta(days=rng.randint(1, 20))
        else:
            joined = today - timedelta(days=rng.randint(1, 3))
        pause = rng.random()
        mentees.append(
            Mentee(
                id=person_id,
                zone=zone,
                language="id" if rng.random() < 0.75 else "en",
                cohort_id=cohort.id if cohort else None,
                lesson_time="",
                days=weighted(rng, DAY_CHOICES),
                paused=pause < 0.03,
                paused_until=(
                    MOMENT + timedelta(days=rng.randint(1, 10))
                    if 0.03 <= pause < 0.05
                    else MOMENT - timedelta(days=rng.randint(1, 10))
                    if 0.05 <= pause < 0.08
                    else None
                ),
                onboarded_at=at_local(joined, hhmm(rng.randrange(8 * 60, 18 * 60)), zone),
                history=history,
            )
        )

    def eligible(m: Mentee) -> bool:
        cohort = next((c for c in COHORTS if c.id == m.cohort_id), None)
        return (
            not m.paused
            and (m.paused_until is None or m.paused_until <= MOMENT)
            and str(today.isoweekday()) in schedule.days_of(m.days)
            and (cohort is None or cohort.starts_on is None or cohort.starts_on <= today)
        )

    # Exactly `due` eligible mentees have their time at the moment's minute, by zone share.
    population = Population(mentees, lesson_ids, today, due_minute)
    chosen: set[int] = set()
    for index, zone in enumerate(zones):
        share = (
            due - sum(population.due.values())
            if index == len(zones) - 1
            else round(due * ZONE_SHARES[zone])
        )
        pool = [m for m in mentees if m.zone == zone and eligible(m)]
        picked = rng.sample(pool, min(share, len(pool)))
        population.due[zone] = len(picked)
        for m in picked:
            m.lesson_time = due_minute[zone]
            chosen.add(m.id)
    for m in mentees:
        if m.id in chosen:
            continue
        while not m.lesson_time or m.lesson_time == due_minute[m.zone]:
            m.lesson_time = draw_time(rng)
        # The running bot served everyone whose time came earlier today.
        m.served_today = m.lesson_time < due_minute[m.zone] and eligible(m)
    return population


def person_rows(population: Population) -> Iterator[dict[str, Any]]:
    for m in population.mentees:
        consent = m.onboarded_at - timedelta(minutes=3)
        yield {
            "id": m.id,
            "role": Role.MENTEE.value,
            "language": m.language,
            "display_name": f"Peserta {m.id}",
            "cohort_id": m.cohort_id,
            "timezone": m.zone,
            "lesson_time": m.lesson_time,
            "consent_at": consent,
            "onboarded_at": m.onboarded_at,
            "paused": m.paused,
            "paused_until": m.paused_until,
            "lesson_days": m.days,
            "is_demo": False,
            "created_at": consent,
        }


def identity_rows(population: Population) -> Iterator[dict[str, Any]]:
    for m in population.mentees:
        external = str(FIRST_EXTERNAL_ID + m.id)
        yield {
            "person_id": m.id,
            "channel": "telegram",
            "external_id": external,
            "chat_id": external,
            "last_seen_at": m.onboarded_at + timedelta(days=1),
        }


def delivery_rows(population: Population, mentees: Sequence[Mentee]) -> list[dict[str, Any]]:
    """Lessons given in order, one per lesson day; most checks answered, most rightly."""
    rng = random.Random(mentees[0].id if mentees else 0)
    history_days = lesson_days_before(population.today, HISTORY_MAX)
    rows = []
    for m in mentees:
        days = [history_days[m.history - 1 - k] for k in range(m.history)]
        if m.served_today:
            days.append(population.today)
        for lesson_id, day in zip(population.lesson_ids, days, strict=False):
            given = at_local(day, m.lesson_time, m.zone)
            answered = rng.random() < 0.85 and given + timedelta(minutes=30) < MOMENT
            rows.append(
                {
                    "person_id": m.id,
                    "lesson_id": lesson_id,
                    "delivered_at": given,
                    "local_day": day,
                    "answered_at": given + timedelta(minutes=rng.randint(1, 25))
                    if answered
                    else None,
                    "correct": (rng.random() < 0.75) if answered else None,
                }
            )
    return rows


def chunks(items: Iterator[T] | Sequence[T], size: int) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


async def seed(engine: AsyncEngine, population: Population) -> float:
    """Bulk-insert the population (Core executemany in batches); seconds taken."""
    started = time.perf_counter()
    tables = {
        name: cast(Table, model.__table__)
        for name, model in (
            ("cohorts", Cohort),
            ("people", Person),
            ("identities", ChannelIdentity),
            ("deliveries", LessonDelivery),
        )
    }
    async with engine.begin() as conn:
        await conn.execute(
            insert(tables["cohorts"]),
            [
                {"id": c.id, "name": c.name, "starts_on": c.starts_on, "created_at": MOMENT}
                for c in COHORTS
            ],
        )
        for batch in chunks(person_rows(population), BATCH):
            await conn.execute(insert(tables["people"]), batch)
        for batch in chunks(identity_rows(population), BATCH):
            await conn.execute(insert(tables["identities"]), batch)
        for mentees in chunks(population.mentees, PEOPLE_PER_BATCH):
            await conn.execute(insert(tables["deliveries"]), delivery_rows(population, mentees))
        if conn.dialect.name == "postgresql":
            # Ids were given explicitly: move the sequences past them for later inserts.
            for table in ("people", "cohorts"):
                await conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT max(id) FROM {table}))"
                    )
                )
    if engine.dialect.name == "postgresql":
        async with engine.connect() as conn:
            await conn.execution_options(isolation_level="AUTOCOMMIT")
            # What autovacuum does after bulk inserts: statistics, and the visibility map
            # that lets index-only scans skip the table.
            await conn.execute(text("VACUUM ANALYZE"))
    return time.perf_counter() - started


# --- databases ----------------------------------------------------------------------------


async def reset_postgresql(url: str) -> bool:
    """An empty public schema in the benchmark's own database; True when it was created."""
    parsed = make_url(url)
    if not (parsed.database or "").startswith("bench"):
        # Its schema is dropped: never a database that holds anything else.
        raise SystemExit(f"the PostgreSQL database must be named bench...: {parsed.database}")
    admin = create_async_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    created = False
    try:
        async with admin.connect() as conn:
            exists = await conn.scalar(
                text("SELECT 1 FROM pg_database WHERE datname = :name"),
                {"name": parsed.database},
            )
            if not exists:
                await conn.execute(text(f'CREATE DATABASE "{parsed.database}"'))
                created = True
    finally:
        await admin.dispose()
    engine = create_async_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            await conn.execute(text("CREATE SCHEMA public"))
    finally:
        await engine.dispose()
    return created


async def drop_postgresql(url: str) -> None:
    parsed = make_url(url)
    admin = create_async_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as conn:
            await conn.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}"'))
    finally:
        await admin.dispose()


def settings_for(url: str) -> Settings:
    return Settings(
        database_url=url,
        quiet_hours=QUIET,
        telegram=TelegramSettings(),
        whatsapp=WhatsAppSettings(),
        http=HttpSettings(port=0),
    )


# --- measurements -------------------------------------------------------------------------


@dataclass(slots=True)
class Timing:
    label: str
    due: int
    seconds: list[float]
    expected: int | None  # mentees due by construction; None: the worst case, no target

    @property
    def best(self) -> float:
        return min(self.seconds)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


@dataclass(slots=True)
class JobRun:
    seconds: float
    queued: int  # what the job reported
    new_rows: int  # outbox rows it added
    given: int  # delivery rows it recorded


@dataclass(slots=True)
class Plan:
    lines: list[str]
    indexes: list[str]
    full_scans: list[str]  # tables read whole (a plain scan, or an index read end to end)


@dataclass(slots=True)
class Result:
    database: str
    mentees: int
    deliveries: int
    seed_seconds: float
    expected_due: int
    queries: list[Timing]
    plan: Plan
    first: JobRun
    second: JobRun
    catch_up: JobRun | None  # --catch-up: the job the next day, nobody served yet


async def time_due(
    app: bootstrap.App, now: datetime, zones: Sequence[str], total: int, repeat: int
) -> tuple[int, list[float]]:
    """Due mentees over `zones` and the seconds of each run (one warm-up run first)."""
    quiet = QuietHours.parse(QUIET)
    found, seconds = 0, []
    for run in range(repeat + 1):
        # A fresh session each time: no person already in the identity map.
        async with app.sessions() as session:
            started = time.perf_counter()
            found = 0
            for zone in zones:
                due = await lessons.due_mentees(session, now, zone, quiet=quiet, lessons=total)
                found += len(due)
            if run:  # the first run fills caches (statements, pages): not counted
                seconds.append(time.perf_counter() - started)
    return found, seconds


async def due_statement(app: bootstrap.App, zone: str, total: int) -> tuple[str, Any]:
    """The SQL the due query sends, with its parameters, caught at the driver: the plan is
    then of the very statement the bot runs."""
    caught: list[tuple[str, Any]] = []

    def catch(_c: Any, _cur: Any, statement: str, parameters: Any, *_rest: Any) -> None:
        if "lesson_deliveries" in statement and statement.lstrip().startswith("SELECT"):
            caught.append((statement, parameters))

    event.listen(app.engine.sync_engine, "before_cursor_execute", catch)
    try:
        async with app.sessions() as session:
            quiet = QuietHours.parse(QUIET)
            await lessons.due_mentees(session, MOMENT, zone, quiet=quiet, lessons=total)
    finally:
        event.remove(app.engine.sync_engine, "before_cursor_execute", catch)
    return caught[0]


async def explain(app: bootstrap.App, zone: str, total: int) -> Plan:
    statement, parameters = await due_statement(app, zone, total)
    async with app.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            sql = f"EXPLAIN QUERY PLAN {statement}"
            rows = [tuple(row) for row in (await conn.exec_driver_sql(sql, parameters)).all()]
            lines = [f"{'  ' * depth(rows, row)}{row[3]}" for row in rows]
            return Plan(
                lines,
                sorted(set(re.findall(r"USING (?:COVERING )?INDEX (\w+)", "\n".join(lines)))),
                sorted(
                    {
                        line.split()[1]
                        for line in lines
                        if line.split()[0] == "SCAN" and "USING" not in line
                    }
                ),
            )
        sql = f"EXPLAIN (ANALYZE, BUFFERS) {statement}"
        lines = [row[0] for row in (await conn.exec_driver_sql(sql, parameters)).all()]
        return Plan(lines, *postgresql_scans(lines))


def depth(rows: Sequence[Any], row: Any) -> int:
    """Nesting of an EXPLAIN QUERY PLAN row (its parent chain)."""
    parents = {r[0]: r[1] for r in rows}
    level, parent = 0, row[1]
    while parent in parents:
        level, parent = level + 1, parents[parent]
    return level


_PG_SCAN = re.compile(r"(Seq Scan|Index Scan|Index Only Scan) (?:using (\w+) )?on (\w+)")


def postgresql_scans(lines: list[str]) -> tuple[list[str], list[str]]:
    """Indexes used, and tables read whole: a Seq Scan, or an index scan with no condition
    (a walk over the whole index, for its order)."""
    indexes, full = set(), set()
    for index, line in enumerate(lines):
        found = _PG_SCAN.search(line)
        if found is None:
            continue
        kind, name, table = found.groups()
        details = []
        for detail in lines[index + 1 :]:
            if "->" in detail or detail.strip().startswith("SubPlan"):
                break
            details.append(detail)
        if name:
            indexes.add(name)
        if kind == "Seq Scan" or not any("Index Cond" in d for d in details):
            full.add(table)
    return sorted(indexes), sorted(full)


async def count_rows(app: bootstrap.App, now: datetime) -> tuple[int, int]:
    """Lesson rows in the outbox, and delivery rows recorded at `now`."""
    async with app.engine.connect() as conn:
        outbox = await conn.scalar(
            select(func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.dedup_key.like("lesson:%"))
        )
        given = await conn.scalar(
            select(func.count())
            .select_from(LessonDelivery)
            .where(LessonDelivery.delivered_at == now)
        )
    return int(outbox or 0), int(given or 0)


async def run_job(app: bootstrap.App, now: datetime) -> JobRun:
    outbox, given = await count_rows(app, now)
    started = time.perf_counter()
    queued = await app.core.run_job("lessons-due", now)
    seconds = time.perf_counter() - started
    outbox_after, given_after = await count_rows(app, now)
    return JobRun(seconds, queued, outbox_after - outbox, given_after - given)


async def measure(url: str, population: Population, repeat: int, *, catch_up: bool) -> Result:
    app = bootstrap.build(settings_for(url))
    try:
        await migrate.upgrade(app.engine)
        seed_seconds = await seed(app.engine, population)
        curricula, problems = curriculum_load.load()
        if problems:
            raise SystemExit("\n".join(problems))
        app.core.curricula.update(curricula)
        app.core.channels = frozenset({"telegram"})

        total = len(population.lesson_ids)
        zones = list(ZONE_SHARES)
        queries = []
        for label, now, which, expected in (
            (f"due query, {zones[0]}", MOMENT, zones[:1], population.due[zones[0]]),
            ("due query, all three zones", MOMENT, zones, sum(population.due.values())),
            ("next day, nobody served yet", MOMENT + timedelta(days=1), zones, None),
        ):
            found, seconds = await time_due(app, now, which, total, repeat)
            queries.append(Timing(label, found, seconds, expected))
        plan = await explain(app, zones[0], total)

        first = await run_job(app, MOMENT)
        second = await run_job(app, MOMENT)
        later = await run_job(app, MOMENT + timedelta(days=1)) if catch_up else None
        return Result(
            database=app.engine.dialect.name,
            mentees=len(population.mentees),
            deliveries=population.deliveries,
            seed_seconds=seed_seconds,
            expected_due=sum(population.due.values()),
            queries=queries,
            plan=plan,
            first=first,
            second=second,
            catch_up=later,
        )
    finally:
        await app.engine.dispose()


# --- report -------------------------------------------------------------------------------


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def report(result: Result, population: Population) -> bool:
    """Print the table of one database; True when every target holds."""
    name = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}.get(result.database, result.database)
    local = ", ".join(f"{hm} {zone.split('/')[1]}" for zone, hm in population.due_minute.items())
    print(f"\n== {name} ==")
    print(
        f"{result.mentees:,} mentees, {result.deliveries:,} lesson deliveries (bulk insert "
        f"{result.seed_seconds:.1f} s)\nmoment {MOMENT:%a %Y-%m-%d %H:%M} UTC ({local}), "
        f"{result.expected_due:,} mentees due at that minute"
    )
    ok = True
    target_ms = f"< {TARGET_SECONDS * 1000:.0f}"
    print(f"\n{'':30}{'due':>8}{'min ms':>9}{'median ms':>11}{'target ms':>11}  result")
    for q in result.queries:
        if q.expected is None:
            target, mark = "-", "worst case (bot down all morning), no target"
        else:
            holds = q.median < TARGET_SECONDS and q.due == q.expected
            ok &= holds
            target, mark = target_ms, verdict(holds)
            if q.due != q.expected:
                mark += f" (expected {q.expected:,} due)"
        print(
            f"{q.label:30}{q.due:8,}{q.best * 1000:9.1f}{q.median * 1000:11.1f}{target:>11}  "
            f"{mark}"
        )

    due, first, second = result.expected_due, result.first, result.second
    period = DUE_EVERY.total_seconds()
    first_ok = (
        first.given == due and first.new_rows == first.queued == 2 * due and first.seconds < period
    )
    second_ok = second.queued == second.new_rows == second.given == 0
    ok &= first_ok and second_ok
    per_lesson = f"{first.seconds / first.given * 1000:.2f}" if first.given else "-"
    print(
        f"\n{'lessons-due job':30}{'lessons':>8}{'outbox':>9}{'total ms':>11}{'ms/lesson':>11}"
        "  result"
    )
    print(
        f"{'at the moment':30}{first.given:8,}{first.new_rows:9,}{first.seconds * 1000:11.0f}"
        f"{per_lesson:>11}  {verdict(first_ok)} (2 rows per due mentee, within the job's "
        f"{period:.0f} s period)"
    )
    print(
        f"{'again at the same moment':30}{second.given:8,}{second.new_rows:9,}"
        f"{second.seconds * 1000:11.0f}{'-':>11}  {verdict(second_ok)} (at most one a day)"
    )
    later = result.catch_up
    if later is not None:
        per = f"{later.seconds / later.given * 1000:.2f}" if later.given else "-"
        note = "longer than" if later.seconds >= period else "within"
        print(
            f"{'next day, nobody served yet':30}{later.given:8,}{later.new_rows:9,}"
            f"{later.seconds * 1000:11.0f}{per:>11}  worst case, no target ({note} the "
            f"{period:.0f} s period, in one unit of work)"
        )

    how = "EXPLAIN QUERY PLAN" if result.database == "sqlite" else "EXPLAIN (ANALYZE, BUFFERS)"
    print(f"\ndue query plan, {next(iter(ZONE_SHARES))} ({how}):")
    for line in result.plan.lines:
        print(f"    {line}")
    print(
        f"indexes used: {', '.join(result.plan.indexes) or 'none'}; "
        f"tables read whole: {', '.join(result.plan.full_scans) or 'none'}"
    )
    return ok


# --- main ---------------------------------------------------------------------------------


async def main_async(args: argparse.Namespace) -> bool:
    for day in (MOMENT.date(), MOMENT.date() + timedelta(days=1)):
        if not schedule.lesson_day(day, None):
            raise SystemExit(f"{day} is not a lesson day: choose another MOMENT")
    curricula, problems = curriculum_load.load()
    if problems:
        raise SystemExit("\n".join(problems))
    lesson_ids = [lesson.id for lesson in next(iter(curricula.values())).lessons]
    started = time.perf_counter()
    population = build_population(args.mentees, args.due, lesson_ids, args.seed)
    print(
        f"population of {args.mentees:,} mentees built in {time.perf_counter() - started:.1f} s "
        f"(seed {args.seed}); due at the moment: "
        + ", ".join(f"{zone} {count:,}" for zone, count in population.due.items())
    )
    ok, skipped = True, ""
    databases = ["sqlite", "postgresql"] if args.database == "both" else [args.database]
    for database in databases:
        if database == "sqlite":
            with tempfile.TemporaryDirectory(prefix="bench-curriculum-") as tmp:
                url = f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"
                result = await measure(url, population, args.repeat, catch_up=args.catch_up)
        else:
            try:
                created = await reset_postgresql(args.postgresql_url)
            except OSError as exc:  # nothing listening: say so instead of a traceback
                print(f"\n== PostgreSQL ==\nSKIPPED: not reachable ({exc})")
                skipped = " (PostgreSQL skipped)"
                continue
            try:
                result = await measure(
                    args.postgresql_url, population, args.repeat, catch_up=args.catch_up
                )
            finally:
                if created:  # leave the server as it was found
                    await drop_postgresql(args.postgresql_url)
        ok &= report(result, population)
    print(f"\noverall: {verdict(ok)}{skipped}")
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--mentees", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=3_000)
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each query")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument(
        "--postgresql-url",
        default=os.environ.get("BENCH_POSTGRESQL_URL", POSTGRESQL_URL),
        help="a database of its own: its schema is dropped; created and dropped if missing",
    )
    parser.add_argument(
        "--catch-up",
        action="store_true",
        help="also run the job the next day with nobody served yet (about 1.5 min per database)",
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    if not asyncio.run(main_async(args)):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
