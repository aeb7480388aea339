"""The outbox through the core on a real database: replies are rows written with their cause,
pushes reach people who did not write, and the courier sends each row once whatever fails."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta

from sqlalchemy import select

from bot import bootstrap
from bot.db.models import ChannelIdentity, ConversationState, OutboxMessage, Person
from bot.markup import to_plain
from bot.messages import Channel, Outgoing
from bot.outbox import store
from bot.outbox.courier import Courier, Turn
from bot.outbox.errors import Blocked, Rejected, RetryLater, SendError
from bot.services import broadcasts, demo, pushes
from tests.chat import Chat


class FakeSender:
    """A channel that records what it was asked to send and fails on request."""

    name = "console"

    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []
        self.failures: list[SendError] = []
        self.attempted = asyncio.Event()

    async def send(
        self, address: str, message: Outgoing, *, edit_of: str | None, turn: Turn
    ) -> list[str]:
        await turn()
        self.attempted.set()
        if self.failures:
            raise self.failures.pop(0)
        self.sent.append((address, message.text))
        return [str(len(self.sent))]


async def rows(app: bootstrap.App) -> list[OutboxMessage]:
    async with app.sessions() as session:
        return list(
            (await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))).all()
        )


async def demo_people(app: bootstrap.App) -> None:
    async with app.db.unit_of_work() as session:
        await demo.ensure(session, Channel.CONSOLE, "en", now=app.core.clock.now())


def courier_for(app: bootstrap.App, sender: FakeSender) -> Courier:
    courier = Courier(app.db, app.core.clock, rates={"console": 1000.0}, backoff_base=0.01)
    courier.register(sender)
    return courier


async def until(sender: FakeSender, predicate: Callable[[], bool], timeout: float = 10.0) -> None:
    """Wait for the courier's sends (each attempt wakes this) until the predicate holds."""
    async with asyncio.timeout(timeout):
        while True:
            sender.attempted.clear()
            if predicate():
                return
            await sender.attempted.wait()


async def test_a_reply_is_a_row_written_with_the_update_and_marked_sent(
    app: bootstrap.App,
) -> None:
    await demo_people(app)
    chat = Chat(app.core, "mentee", language="en")
    await chat.send("/help")
    [row] = await rows(app)
    assert (row.status, row.channel, row.address) == ("sending", "console", "mentee")
    assert row.dedup_key.startswith("reply:console:")
    assert row.body is not None and "/settings" in row.body["text"]

    sender = FakeSender()
    courier = courier_for(app, sender)
    await courier.deliver(chat.last.deliveries)
    await courier.flush()
    [row] = await rows(app)
    assert row.status == "sent"
    assert row.body is None  # emptied once sent
    assert row.message_ids == ["1"]
    assert len(sender.sent) == 1


async def test_nothing_is_queued_for_someone_not_joined(app: bootstrap.App) -> None:
    stranger = Chat(app.core, "stranger", language="en")
    await stranger.send("/help")
    assert await rows(app) == []
    [delivery] = stranger.last.deliveries
    assert delivery.row_id is None


async def test_a_reply_whose_send_fails_three_times_still_arrives_once(
    app: bootstrap.App,
) -> None:
    await demo_people(app)
    chat = Chat(app.core, "mentee", language="en")
    await chat.send("/help")
    sender = FakeSender()
    sender.failures = [RetryLater("5xx"), RetryLater("5xx"), RetryLater("network")]
    courier = courier_for(app, sender)
    stop = asyncio.Event()
    await courier.deliver(chat.last.deliveries)  # the first try fails: left to the outbox
    [row] = await rows(app)
    assert (row.status, row.last_error) == ("failed", "5xx")
    async with app.db.unit_of_work() as session:  # make the retries due now, not in seconds
        row = await session.get(OutboxMessage, row.id)
        assert row is not None
        row.next_attempt_at = app.core.clock.now()
    running = asyncio.create_task(courier.run(stop))
    try:
        await until(sender, lambda: len(sender.sent) == 1 and not sender.failures, timeout=30)
    finally:
        stop.set()
        await running
    [row] = await rows(app)
    assert row.status == "sent"
    assert len(sender.sent) == 1


async def test_a_blocked_person_is_marked_unreachable_and_not_retried(app: bootstrap.App) -> None:
    await demo_people(app)
    chat = Chat(app.core, "mentee", language="en")
    await chat.send("/help")
    sender = FakeSender()
    sender.failures = [Blocked()]
    courier = courier_for(app, sender)
    await courier.deliver(chat.last.deliveries)
    [row] = await rows(app)
    assert (row.status, row.last_error) == ("dead", "blocked")
    async with app.sessions() as session:
        identity = await session.scalar(
            select(ChannelIdentity).where(ChannelIdentity.external_id == "mentee")
        )
    assert identity is not None and identity.unreachable_at is not None
    async with app.db.unit_of_work() as session:  # so pushes to them are not even queued
        assert not await pushes.push(
            session,
            identity.person_id,
            Outgoing("hello"),
            key="test:blocked",
            now=app.core.clock.now(),
            channels={"console"},
        )


async def test_rows_die_after_the_last_attempt_and_are_counted(app: bootstrap.App) -> None:
    await demo_people(app)
    chat = Chat(app.core, "mentee", language="en")
    await chat.send("/help")
    sender = FakeSender()
    sender.failures = [Rejected()]
    courier = courier_for(app, sender)
    await courier.deliver(chat.last.deliveries)
    async with app.sessions() as session:
        backlog = await store.backlog(session)
    assert backlog["dead"] == 1
    assert backlog["sent"] == 0


async def test_a_claimed_row_is_not_claimed_again_until_its_lease_runs_out(
    app: bootstrap.App,
) -> None:
    await demo_people(app)
    now = app.core.clock.now()
    async with app.db.unit_of_work() as session:
        mentor = await pushes.address_of(session, 2, {"console"})
        assert mentor is not None
        await pushes.push(
            session, 2, Outgoing("hi"), key="test:lease", now=now, channels={"console"}
        )
    async with app.db.unit_of_work() as session:
        first = await store.claim(session, "console", now=now, limit=10)
    async with app.db.unit_of_work() as session:
        second = await store.claim(session, "console", now=now, limit=10)
    async with app.db.unit_of_work() as session:
        later = now + store.LEASE + timedelta(seconds=1)
        third = await store.claim(session, "console", now=later, limit=10)
    assert [q.message.text for q in first] == ["hi"]
    assert second == []
    assert [q.id for q in third] == [first[0].id]  # its sender died: taken again
    assert third[0].attempts == 2


async def test_the_same_key_is_queued_once(app: bootstrap.App) -> None:
    await demo_people(app)
    now = app.core.clock.now()
    for _ in range(2):
        async with app.db.unit_of_work() as session:
            await pushes.push(
                session, 2, Outgoing("lesson"), key="lesson:7:person:2", now=now,
                channels={"console"},
            )  # fmt: skip
    assert [row.dedup_key for row in await rows(app)] == ["lesson:7:person:2"]


async def test_a_push_does_not_disturb_the_question_the_mentor_is_answering(
    app: bootstrap.App,
) -> None:
    await demo_people(app)
    sender = FakeSender()
    courier = courier_for(app, sender)
    mentor = Chat(app.core, "mentor", language="en")
    await mentor.send("/settings")
    await courier.deliver(mentor.last.deliveries)
    await mentor.press_label("Office")
    await courier.deliver(mentor.last.deliveries)
    await courier.flush()
    async with app.db.unit_of_work() as session:
        await pushes.push(
            session, 2, Outgoing("A new question"), key="test:push", now=app.core.clock.now(),
            channels={"console"},
        )  # fmt: skip
    stop = asyncio.Event()
    running = asyncio.create_task(courier.run(stop))
    try:
        await until(sender, lambda: sender.sent[-1] == ("mentor", "A new question"))
    finally:
        stop.set()
        await running
    async with app.sessions() as session:
        state = await session.get(ConversationState, ("console", "mentor"))
    assert state is not None and state.state == "settings:office"
    await mentor.send("Kejari Makassar")
    assert "Office: Kejari Makassar" in mentor.text


async def test_announce_reaches_each_joined_person_of_the_audience_once(
    app: bootstrap.App,
) -> None:
    await demo_people(app)
    async with app.db.unit_of_work() as session:
        # Demo people are never part of an audience: make one a real participant.
        mentee = await session.scalar(select(Person).where(Person.role == "mentee"))
        assert mentee is not None
        mentee.is_demo = False
    now = app.core.clock.now()
    for _ in range(2):  # the same announcement twice on one day is queued once
        async with app.db.unit_of_work() as session:
            result = await broadcasts.announce(
                session, broadcasts.Audience("mentees"), "Workshop *Rabu*", now=now,
                channels={"console"},
            )  # fmt: skip
    assert (result.queued, result.already) == (0, 1)
    [row] = await rows(app)
    assert row.body is not None
    assert to_plain(row.body["text"]) == "Workshop *Rabu*"  # shown as typed, not as bold


async def test_a_dead_row_alerts_the_admins_once_an_hour(app: bootstrap.App) -> None:
    await demo_people(app)
    sender = FakeSender()
    courier = courier_for(app, sender)
    courier.on_dead = lambda: app.alerts.raise_("outbox-dead")
    for _ in range(2):
        chat = Chat(app.core, "mentee", language="en")
        await chat.send("/help")
        sender.failures = [Rejected()]
        await courier.deliver(chat.last.deliveries)
    alerts = [row for row in await rows(app) if row.dedup_key.startswith("alert:")]
    [alert] = alerts  # two rows died; one alert this hour
    assert alert.address == "admin"
    assert alert.body is not None and "could not be delivered" in alert.body["text"]


async def test_admins_see_the_backlog_in_stats(app: bootstrap.App) -> None:
    await demo_people(app)
    now = app.core.clock.now()
    async with app.db.unit_of_work() as session:
        await pushes.push(
            session, 2, Outgoing("x"), key="test:waiting", now=now, channels={"console"}
        )
    admin = Chat(app.core, "admin", language="en")
    await admin.send("/stats")
    assert "Messages waiting to be sent: 1" in admin.text
    assert "Messages given up (see python -m bot outbox): 0" in admin.text


async def queue(app: bootstrap.App, person_id: int, *texts: str) -> None:
    async with app.db.unit_of_work() as session:
        for text in texts:
            await pushes.push(
                session, person_id, Outgoing(text), key=f"test:{text}",
                now=app.core.clock.now(), channels={"console"},
            )  # fmt: skip


async def drain_until(
    app: bootstrap.App, courier: Courier, sender: FakeSender, count: int
) -> None:
    stop = asyncio.Event()
    running = asyncio.create_task(courier.run(stop))
    try:
        await until(sender, lambda: len(sender.sent) >= count and not sender.failures)
    finally:
        stop.set()
        await running


async def test_a_chats_messages_keep_their_order_when_the_first_fails(
    app: bootstrap.App,
) -> None:
    await demo_people(app)
    await queue(app, 2, "first", "second")
    sender = FakeSender()
    sender.failures = [RetryLater("5xx")]
    courier = courier_for(app, sender)
    await drain_until(app, courier, sender, 2)
    assert sender.sent == [("mentor", "first"), ("mentor", "second")]


async def test_a_reply_whose_lease_ran_out_is_left_to_the_outbox_and_sent_once(
    app: bootstrap.App,
) -> None:
    await demo_people(app)
    chat = Chat(app.core, "mentee", language="en")
    await chat.send("/help")
    [late] = [
        replace(d, lease_until=app.core.clock.now() - timedelta(seconds=1))
        for d in chat.last.deliveries
    ]
    sender = FakeSender()
    courier = courier_for(app, sender)
    await courier.deliver([late])
    assert sender.sent == []  # another sender might have taken it by now
    [row] = await rows(app)
    assert row.status == "pending"
    await drain_until(app, courier, sender, 1)
    await courier.flush()
    assert len(sender.sent) == 1
    assert [r.status for r in await rows(app)] == ["sent"]


async def test_a_sent_row_not_yet_recorded_is_not_taken_again(app: bootstrap.App) -> None:
    await demo_people(app)
    await queue(app, 2, "once")
    sender = FakeSender()
    courier = courier_for(app, sender)
    [queued] = await courier._claim("console", 10)
    await courier._send_queued(queued)  # sent; the record waits for the next flush
    async with app.db.unit_of_work() as session:  # its lease runs out before that flush
        row = await session.get(OutboxMessage, queued.id)
        assert row is not None
        row.lease_until = app.core.clock.now() - timedelta(seconds=1)
    assert await courier._claim("console", 10) == []
    await courier.flush()
    assert len(sender.sent) == 1
    assert [r.status for r in await rows(app)] == ["sent"]


async def test_a_refused_message_dies_alone_and_emptied(app: bootstrap.App) -> None:
    await demo_people(app)
    chat = Chat(app.core, "mentor", language="en")
    await chat.send("/settings")
    await chat.press_label("Capacity")
    await chat.send("6")  # "saved", then the profile: two messages
    assert len(chat.last.deliveries) == 2
    sender = FakeSender()
    sender.failures = [Rejected()]
    courier = courier_for(app, sender)
    await courier.deliver(chat.last.deliveries)
    await courier.flush()
    statuses = {
        r.dedup_key.rsplit(":", 1)[1]: r for r in await rows(app) if "reply" in r.dedup_key
    }
    dead = [r for r in statuses.values() if r.status == "dead"]
    assert len(dead) == 1 and dead[0].body is None  # its text is not kept
    assert len(sender.sent) == 1  # the rest of the reply still went out
