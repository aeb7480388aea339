"""Services take their time from the one clock: moving a FixedClock changes what they see,
and nothing waits for real time to pass."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from bot import bootstrap, scheduler
from bot.clock import FixedClock
from bot.core import Core
from bot.db.models import (
    AuditEntry,
    ChannelIdentity,
    ConversationState,
    Invite,
    InviteRedemption,
    Person,
    ProcessedUpdate,
)
from bot.roles import Role
from bot.services import invites, stats
from tests.chat import Chat

# Long before any test runs: a timestamp taken from the system clock cannot match it.
START = datetime(2025, 1, 6, 0, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


@pytest.fixture
def core(app: bootstrap.App, clock: FixedClock) -> Core:
    return Core(app.db, app.catalogs, app.router, app.core.policy, clock)


async def new_invite(app: bootstrap.App, now: datetime, days: int) -> str:
    async with app.db.unit_of_work() as session:
        return (await invites.create(session, Role.MENTEE, now=now, expires_days=days)).code


async def test_an_invite_expires_when_the_clock_passes_its_days(
    app: bootstrap.App, clock: FixedClock
) -> None:
    code = await new_invite(app, clock.now(), days=3)
    clock.advance(timedelta(days=3) - timedelta(minutes=1))
    async with app.sessions() as session:
        assert await invites.find_usable(session, code, clock.now()) is not None
        assert (await stats.programme(session, clock.now())).open_invites == 1
    clock.advance(timedelta(minutes=1))
    async with app.sessions() as session:
        assert await invites.find_usable(session, code, clock.now()) is None
        assert (await stats.programme(session, clock.now())).open_invites == 0


async def test_a_chat_is_refused_an_invite_the_moved_clock_made_expired(
    app: bootstrap.App, clock: FixedClock, core: Core
) -> None:
    code = await new_invite(app, clock.now(), days=1)
    clock.advance(timedelta(days=1, seconds=1))
    chat = Chat(core, "budi", language="en")
    await chat.send(f"/start {code}")
    assert "Sorry" in chat.text
    async with app.sessions() as session:
        assert await session.get(ConversationState, ("console", "budi")) is None


async def test_an_abandoned_joining_is_pruned_once_the_clock_moves_two_days(
    app: bootstrap.App, clock: FixedClock, core: Core
) -> None:
    jobs = scheduler.Jobs(app.db, clock=clock)
    chat = Chat(core, "budi", language="en")
    await chat.send(f"/start {await new_invite(app, clock.now(), days=14)}")

    async def joining_left() -> bool:
        async with app.sessions() as session:
            return await session.get(ConversationState, ("console", "budi")) is not None

    clock.advance(scheduler.KEEP_ABANDONED_JOINING - timedelta(minutes=1))
    await jobs.run_due_now()
    assert await joining_left()
    clock.advance(timedelta(minutes=2))
    await jobs.run_due_now()
    assert not await joining_left()


async def test_every_timestamp_of_joining_comes_from_the_clock(
    app: bootstrap.App, clock: FixedClock, core: Core
) -> None:
    code = await new_invite(app, clock.now(), days=14)
    chat = Chat(core, "budi", language="en")
    times: list[datetime] = []
    for step in (
        lambda: chat.send(f"/start {code}"),
        lambda: chat.press("lang:en"),
        lambda: chat.press("consent:yes"),
        lambda: chat.send("Budi Santoso"),
        lambda: chat.send("jatim"),
        lambda: chat.send("Kejari Surabaya"),
        lambda: chat.press("time:07:00"),
    ):
        times.append(clock.advance(timedelta(minutes=5)))
        await step()
    consent, onboarded = times[2], times[-1]

    async with app.sessions() as session:
        person = await session.scalar(select(Person))
        identity = await session.scalar(select(ChannelIdentity))
        invite = await session.scalar(select(Invite))
        redemption = await session.scalar(select(InviteRedemption))
        audit_times = set((await session.scalars(select(AuditEntry.at))).all())
        update_times = set((await session.scalars(select(ProcessedUpdate.processed_at))).all())
    assert person is not None and identity is not None
    assert invite is not None and redemption is not None
    found: dict[str, Any] = {
        "person": (person.created_at, person.consent_at, person.onboarded_at),
        "identity": identity.last_seen_at,
        "invite": (invite.created_at, invite.expires_at),
        "redeemed": redemption.redeemed_at,
    }
    assert found == {
        "person": (consent, consent, onboarded),
        "identity": onboarded,  # 5-minute steps: rewritten every second step, the last one too
        "invite": (START, START + timedelta(days=14)),
        "redeemed": consent,
    }
    assert audit_times == {consent, onboarded}  # joined, onboarded
    assert update_times == set(times)


async def test_a_conversation_is_stamped_with_the_clock_when_it_changes(
    app: bootstrap.App, clock: FixedClock, core: Core
) -> None:
    chat = Chat(core, "budi", language="en")
    await chat.send(f"/start {await new_invite(app, clock.now(), days=14)}")
    moved = clock.advance(timedelta(hours=3))
    await chat.press("lang:en")
    async with app.sessions() as session:
        row = await session.get(ConversationState, ("console", "budi"))
    assert row is not None and row.updated_at == moved
