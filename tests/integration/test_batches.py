"""Updates that arrive while others are being handled are handled together, one per chat, in
one unit of work; each still succeeds or fails on its own, and a chat's updates keep their
order."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from bot import bootstrap
from bot.context import Context
from bot.db.models import (
    AuditEntry,
    ConversationState,
    OutboxMessage,
    ProcessedUpdate,
    utcnow,
)
from bot.errors import TransientFault
from bot.messages import Channel, Incoming, Reply
from bot.roles import Role
from bot.services import conversation, people


class Probe:
    """Test commands: /probe (audits, replies, records its session), /hold (waits until
    released, so that later updates queue up behind it), /boom (changes state, then raises)
    and /locked (the database is busy)."""

    def __init__(self, app: bootstrap.App) -> None:
        self.calls: list[tuple[str, int]] = []  # (update id, id of its session)
        # The sessions themselves, kept alive: a freed session's id could be reused.
        self.kept: list[object] = []
        self.holding = asyncio.Event()
        self.release = asyncio.Event()
        router = app.router

        @router.command("probe", menu=False)
        async def probe(ctx: Context) -> None:
            self.calls.append((ctx.incoming.update_id, id(ctx.session)))
            self.kept.append(ctx.session)
            ctx.audit("test.probe")
            ctx.say("unknown-command")

        @router.command("hold", menu=False)
        async def hold(ctx: Context) -> None:
            self.holding.set()
            await self.release.wait()
            ctx.say("unknown-command")

        @router.command("boom", menu=False)
        async def boom(ctx: Context) -> None:
            await conversation.save(
                ctx.session,
                ctx.incoming.channel,
                ctx.incoming.external_id,
                "settings:office",
                {},
                ctx.now(),
            )
            ctx.audit("test.boom")
            raise RuntimeError("the handler broke")

        @router.command("locked", menu=False)
        async def locked(ctx: Context) -> None:
            raise OperationalError("UPDATE", {}, Exception("database is locked"))

    def sessions(self, *update_ids: str) -> set[int]:
        return {session for update_id, session in self.calls if update_id in update_ids}


async def mentees(app: bootstrap.App, *external_ids: str) -> None:
    now = utcnow()
    async with app.sessions.begin() as session:
        for external_id in external_ids:
            person = await people.join(
                session,
                people.Address(Channel.CONSOLE, external_id, external_id),
                role=Role.MENTEE,
                language="en",
                cohort_id=None,
                now=now,
                display_name=f"Mentee {external_id}",
            )
            person.onboarded_at = now


def update(external_id: str, update_id: str, text: str) -> Incoming:
    return Incoming(Channel.CONSOLE, external_id, external_id, update_id, text=text)


async def behind_a_hold(
    app: bootstrap.App, probe: Probe, updates: list[Incoming]
) -> list[Reply | BaseException]:
    """Handle `updates` while another chat's update is in hand, so that they wait together
    for the next batch; their replies (or errors) in the same order."""
    holding = asyncio.create_task(app.core.handle(update("holder", "hold-1", "/hold")))
    await probe.holding.wait()
    waiting = [asyncio.create_task(app.core.handle(incoming)) for incoming in updates]
    await asyncio.sleep(0)  # each runs until it waits for its reply
    assert len(app.core._waiting) == len(updates)
    probe.release.set()
    await holding
    return list(await asyncio.gather(*waiting, return_exceptions=True))


async def audited(app: bootstrap.App, action: str) -> int:
    async with app.sessions() as session:
        rows = await session.scalars(select(AuditEntry).where(AuditEntry.action == action))
        return len(rows.all())


async def processed(app: bootstrap.App) -> set[str]:
    async with app.sessions() as session:
        return set((await session.scalars(select(ProcessedUpdate.update_id))).all())


async def test_updates_of_several_chats_are_committed_together(app: bootstrap.App) -> None:
    probe = Probe(app)
    await mentees(app, "holder", "ani", "budi", "citra")

    replies = await behind_a_hold(
        app, probe, [update(chat, f"{chat}-1", "/probe") for chat in ("ani", "budi", "citra")]
    )

    assert len(probe.sessions("ani-1", "budi-1", "citra-1")) == 1  # one unit of work
    expected = app.catalogs.text("en", "unknown-command")
    for reply in replies:
        assert isinstance(reply, Reply) and not reply.failed
        assert [m.text for m in reply.messages] == [expected]
        assert [d.row_id is not None for d in reply.deliveries] == [True]
    rows = {d.row_id for reply in replies if isinstance(reply, Reply) for d in reply.deliveries}
    async with app.sessions() as session:
        outbox = (await session.scalars(select(OutboxMessage))).all()
    assert {row.id for row in outbox} >= rows and len(rows) == 3
    assert await audited(app, "test.probe") == 3
    assert {"ani-1", "budi-1", "citra-1"} <= await processed(app)


async def test_a_chat_s_later_update_waits_for_the_next_batch(app: bootstrap.App) -> None:
    probe = Probe(app)
    await mentees(app, "holder", "ani", "budi")

    await behind_a_hold(
        app,
        probe,
        [
            update("ani", "ani-1", "/probe"),
            update("ani", "ani-2", "/probe"),
            update("budi", "budi-1", "/probe"),
        ],
    )

    assert [update_id for update_id, _session in probe.calls] == ["ani-1", "budi-1", "ani-2"]
    assert probe.sessions("ani-1") == probe.sessions("budi-1")
    assert probe.sessions("ani-1") != probe.sessions("ani-2")


async def test_a_failing_handler_in_a_batch_fails_only_its_own_update(
    app: bootstrap.App,
) -> None:
    probe = Probe(app)
    await mentees(app, "holder", "ani", "budi", "citra")

    ani, budi, citra = await behind_a_hold(
        app,
        probe,
        [
            update("ani", "ani-1", "/probe"),
            update("budi", "budi-1", "/boom"),
            update("citra", "citra-1", "/probe"),
        ],
    )

    assert isinstance(budi, Reply) and budi.failed
    assert [m.text for m in budi.messages] == [app.catalogs.text("en", "error-generic")]
    for reply in (ani, citra):
        assert isinstance(reply, Reply) and not reply.failed
        assert [d.row_id is not None for d in reply.deliveries] == [True]
    assert await audited(app, "test.probe") == 2  # once each, though they ran again
    assert await audited(app, "test.boom") == 0
    async with app.sessions() as session:
        assert await session.get(ConversationState, ("console", "budi")) is None
    assert {"ani-1", "citra-1"} <= await processed(app)
    assert "budi-1" not in await processed(app)  # a redelivery is handled again


async def test_a_busy_database_leaves_every_update_of_the_batch_unconfirmed(
    app: bootstrap.App,
) -> None:
    probe = Probe(app)
    await mentees(app, "holder", "ani", "budi")

    results = await behind_a_hold(
        app, probe, [update("ani", "ani-1", "/probe"), update("budi", "budi-1", "/locked")]
    )

    assert all(isinstance(result, TransientFault) for result in results)
    assert not {"ani-1", "budi-1"} & await processed(app)
    assert await audited(app, "test.probe") == 0
    # Redelivered, the update is handled as new.
    again = await app.core.handle(update("ani", "ani-1", "/probe"))
    assert not again.failed and again.messages


async def test_a_duplicate_in_a_batch_is_ignored_and_the_rest_handled(
    app: bootstrap.App,
) -> None:
    probe = Probe(app)
    await mentees(app, "holder", "ani", "budi")
    await app.core.handle(update("ani", "ani-1", "/probe"))

    ani, budi = await behind_a_hold(
        app, probe, [update("ani", "ani-1", "/probe"), update("budi", "budi-1", "/probe")]
    )

    assert isinstance(ani, Reply) and ani.messages == []
    assert isinstance(budi, Reply) and len(budi.messages) == 1
    assert [update_id for update_id, _session in probe.calls] == ["ani-1", "budi-1"]


@pytest.mark.parametrize("size", [1, 3])
async def test_a_stranger_in_a_batch_gets_a_reply_without_a_row(
    app: bootstrap.App, size: int
) -> None:
    probe = Probe(app)
    await mentees(app, "holder", "ani")
    strangers = [update(f"s{i}", f"s{i}-1", "hello") for i in range(size)]

    replies = await behind_a_hold(app, probe, [*strangers, update("ani", "ani-1", "/probe")])

    for reply in replies[:-1]:
        assert isinstance(reply, Reply) and reply.messages
        assert all(d.row_id is None for d in reply.deliveries)
    last = replies[-1]
    assert isinstance(last, Reply) and [d.row_id is not None for d in last.deliveries] == [True]
