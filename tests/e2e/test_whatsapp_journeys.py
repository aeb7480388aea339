"""Journeys on WhatsApp: the real channel and its aiohttp client over real HTTP against a fake
Graph API server, which speaks back through the bot's signed webhook. The bot's clock is the
fake's clock, moved by the test: the 24-hour window passes without waiting."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from aiohttp import ClientSession
from sqlalchemy import select

from bot import bootstrap, http
from bot.channels.whatsapp import WhatsAppChannel
from bot.config import HttpSettings, Settings, WhatsAppSettings
from bot.db import migrate
from bot.db.models import OutboxMessage, Person
from bot.messages import Outgoing
from bot.outbox.store import NewMessage, enqueue
from bot.roles import Role
from bot.services import invites
from tests.conftest import make_settings, shipped_curricula
from tests.e2e.conftest import TOKEN
from tests.fakes.telegram_server import FakeTelegramServer
from tests.fakes.whatsapp_server import FakeWhatsAppServer, SentMessage, webhook_body

MONDAY_0700_WIB = datetime.fromisoformat("2026-12-07T07:00:00+07:00")


@dataclass
class WhatsAppBot:
    app: bootstrap.App
    channel: WhatsAppChannel
    server: FakeWhatsAppServer
    port: int


@pytest.fixture
async def server() -> AsyncIterator[FakeWhatsAppServer]:
    async with FakeWhatsAppServer() as fake:
        yield fake


@pytest.fixture
async def bot(database_url: str, server: FakeWhatsAppServer) -> AsyncIterator[WhatsAppBot]:
    settings = Settings(
        database_url=database_url,
        whatsapp=WhatsAppSettings(
            token=server.token,  # type: ignore[arg-type]
            phone_number_id=server.phone_number_id,
            app_secret=server.app_secret,  # type: ignore[arg-type]
            verify_token="verify-me",  # type: ignore[arg-type]
            api_base=server.base_url,  # type: ignore[arg-type]
            template_notice="new_message_notice",
        ),
        http=HttpSettings(port=0),
    )
    app = bootstrap.build(settings)
    app.core.curricula.update(shipped_curricula())
    app.core.clock.set(MONDAY_0700_WIB)
    server.clock = app.core.clock.now
    await migrate.upgrade(app.engine)
    [channel] = bootstrap._channels(app)
    assert isinstance(channel, WhatsAppChannel)
    # The pace per person is real time (a unit test covers it); here it would only wait.
    app.courier.chat_paces["whatsapp"].spacing = 0.0
    web_app = http.build_app(app.engine, [channel])
    channel.attach(web_app)
    runner = await http.start(web_app, "127.0.0.1", 0)
    port = http.bound_port(runner)
    server.webhook_url = f"http://127.0.0.1:{port}/whatsapp/webhook"
    await channel.start()
    try:
        yield WhatsAppBot(app, channel, server, port)
    finally:
        await runner.cleanup()
        await channel.stop()
        await app.engine.dispose()


class WhatsAppPerson:
    """Writes to the bot through the fake; each message is answered once handled, so what
    came back is there when `say` returns."""

    def __init__(self, bot: WhatsAppBot, number: str, name: str = "Budi") -> None:
        self.bot = bot
        self.number = number
        self.name = name
        self.new: list[SentMessage] = []

    @property
    def messages(self) -> list[SentMessage]:
        return self.bot.server.messages(self.number)

    @property
    def text(self) -> str:
        return "\n".join(m.text for m in self.new)

    async def say(self, text: str, *, expect: int = 1) -> list[SentMessage]:
        before = len(self.messages)
        status = await self.bot.server.send_text(self.number, text, name=self.name)
        return self._answered(status, before, expect)

    async def press(self, title: str, *, expect: int = 1) -> list[SentMessage]:
        target = next(m for m in reversed(self.messages) if title in m.choices)
        before = len(self.messages)
        status = await self.bot.server.press(self.number, target, title)
        return self._answered(status, before, expect)

    def _answered(self, status: int, before: int, expect: int) -> list[SentMessage]:
        assert status == 200
        self.new = self.messages[before:]
        assert len(self.new) == expect, [m.text for m in self.new]
        return self.new


async def make_invite(bot: WhatsAppBot, role: Role = Role.MENTEE) -> str:
    async with bot.app.db.unit_of_work() as session:
        return (await invites.create(session, role, now=bot.app.core.clock.now())).code


async def join(bot: WhatsAppBot, number: str = "6281200001") -> WhatsAppPerson:
    """A mentee joins in English from an invite typed as a word ("start CODE")."""
    budi = WhatsAppPerson(bot, number)
    await budi.say(f"start {await make_invite(bot)}")
    assert budi.new[0].kind == "button"  # two languages: reply buttons
    await budi.press("English")
    await budi.press("I agree")  # the thanks and the first question, merged
    await budi.press('Use "Budi"')  # the name WhatsApp gave, as a button
    await budi.say("jakarta")
    await budi.say("Kejari Jakarta Pusat")
    await budi.press("07:00", expect=2)
    assert "All set, Budi" in budi.text
    return budi


async def test_a_mentee_joins_with_an_invite_on_whatsapp(bot: WhatsAppBot) -> None:
    await join(bot)
    async with bot.app.db.sessions() as session:
        [person] = (await session.scalars(select(Person))).all()
    assert (person.role, person.language, person.province_code) == ("mentee", "en", "JK")


async def test_a_lesson_and_its_check_are_answered_with_a_button(bot: WhatsAppBot) -> None:
    budi = await join(bot)
    await budi.say("lesson", expect=2)  # the word works as /lesson: the lesson, then its check
    lesson, check = budi.new
    assert "Lesson 1.1" in lesson.text
    assert "Check your understanding" in check.text
    lesson_one = shipped_curricula()["en"].lesson("m1-l1")
    assert lesson_one is not None
    right = "ABCD"[lesson_one.check.answer - 1]
    await budi.press(right)
    assert budi.new[0].text.startswith("✅ Correct.")


async def test_words_work_as_commands_and_menu_lists_what_the_role_may_use(
    bot: WhatsAppBot,
) -> None:
    budi = await join(bot)
    [menu] = await budi.say("Menu")
    assert menu.kind == "list"
    titles = list(menu.choices)
    assert len(titles) == 10 and titles[-1] == "More ▶"
    assert "queue" not in " ".join(titles)  # a mentee's commands only
    await budi.press(next(t for t in titles if t.startswith("progress")))
    assert "progress" in budi.text.lower()
    await budi.say("/help")
    await budi.say("bantuan")  # the Indonesian word works for an English speaker too


async def test_images_get_a_text_only_answer(bot: WhatsAppBot) -> None:
    budi = await join(bot)
    before = len(budi.messages)
    status = await bot.server.send_message(budi.number, {"type": "image", "image": {"id": "1"}})
    assert status == 200
    [answer] = budi.messages[before:]
    assert "I can only read text here" in answer.text


async def test_outside_the_window_a_template_goes_and_the_push_follows_the_reply(
    bot: WhatsAppBot,
) -> None:
    budi = await join(bot)
    bot.app.core.clock.advance(timedelta(hours=25))
    await queue_push(bot, "A new answer from your mentor.")
    before = len(budi.messages)
    await bot.app.courier.send_due("whatsapp")
    [notice] = budi.messages[before:]
    assert notice.kind == "template"
    assert notice.body["template"] == {"name": "new_message_notice", "language": {"code": "en"}}
    await bot.app.courier.send_due("whatsapp")
    assert len(budi.messages) == before + 1  # it waits: no second notice meanwhile
    async with bot.app.db.sessions() as session:
        [row] = await pushed_rows(session)
        assert (row.status, row.last_error) == ("failed", "window")
    await budi.say("hi")  # the reply first...
    await bot.app.courier.send_due("whatsapp")  # ...then what waited, due at once
    assert budi.messages[-1].text == "A new answer from your mentor."
    async with bot.app.db.sessions() as session:
        [row] = await pushed_rows(session)
        assert row.status == "sent"


async def test_a_closed_window_reported_by_status_sends_the_row_back_to_wait(
    bot: WhatsAppBot,
) -> None:
    budi = await join(bot)
    # WhatsApp's clock says the window closed; the bot's record still thinks it open.
    bot.server.last_inbound[budi.number] -= timedelta(hours=30)
    await queue_push(bot, "Your reminder.")
    await bot.app.courier.send_due("whatsapp")
    assert budi.messages[-1].text == "Your reminder."
    assert await bot.server.flush_statuses() == 200
    await bot.app.courier.send_due("whatsapp")
    assert budi.messages[-1].kind == "template"
    async with bot.app.db.sessions() as session:
        [row] = await pushed_rows(session)
        assert (row.status, row.last_error) == ("failed", "window")


async def queue_push(bot: WhatsAppBot, text: str, key: str = "push:1") -> None:
    async with bot.app.db.unit_of_work() as session:
        person = (await session.scalars(select(Person))).one()
        message = NewMessage(person.id, "whatsapp", "6281200001", Outgoing(text), key)
        await enqueue(session, [message], now=bot.app.core.clock.now())


async def pushed_rows(session: object) -> list[OutboxMessage]:
    from sqlalchemy.ext.asyncio import AsyncSession

    assert isinstance(session, AsyncSession)
    rows = await session.scalars(select(OutboxMessage).where(OutboxMessage.dedup_key == "push:1"))
    return list(rows.all())


async def test_a_read_status_empties_the_text_kept_until_then(bot: WhatsAppBot) -> None:
    budi = await join(bot)
    await budi.say("/progress")
    [sent] = budi.new
    await bot.app.courier.flush()
    async with bot.app.db.sessions() as session:
        rows = (await session.scalars(select(OutboxMessage))).all()
        [row] = [r for r in rows if sent.id in (r.message_ids or [])]
        assert row.body is not None  # WhatsApp may still refuse it (a closed window)
    assert (
        await bot.server.send_statuses([bot.server.status_json(sent.id, budi.number, "read")])
        == 200
    )
    async with bot.app.db.sessions() as session:
        rows = (await session.scalars(select(OutboxMessage))).all()
        [row] = [r for r in rows if sent.id in (r.message_ids or [])]
        assert row.body is None


async def test_the_webhook_is_verified_with_the_verify_token(bot: WhatsAppBot) -> None:
    url = bot.server.webhook_url
    assert url is not None
    async with ClientSession() as client:
        good = {"hub.mode": "subscribe", "hub.verify_token": "verify-me", "hub.challenge": "42"}
        async with client.get(url, params=good) as response:
            assert (response.status, await response.text()) == (200, "42")
        async with client.get(url, params={**good, "hub.verify_token": "wrong"}) as response:
            assert response.status == 403


@pytest.mark.parametrize(("signature", "status"), [(None, 401), ("sha256=00", 403)])
async def test_an_unsigned_or_badly_signed_post_is_refused_and_nothing_happens(
    bot: WhatsAppBot, signature: str | None, status: int
) -> None:
    update = webhook_body(
        {
            "metadata": {"phone_number_id": bot.server.phone_number_id},
            "messages": [{"from": "628", "id": "wamid.X", "type": "text", "text": {"body": "hi"}}],
        }
    )
    assert await bot.server.post(update, signature=signature) == status
    assert bot.server.sent == []


async def test_a_redelivered_message_is_answered_once(bot: WhatsAppBot) -> None:
    update = webhook_body(
        {
            "metadata": {"phone_number_id": bot.server.phone_number_id},
            "messages": [{"from": "628", "id": "wamid.X", "type": "text", "text": {"body": "hi"}}],
        }
    )
    assert await bot.server.post(update) == 200
    assert await bot.server.post(update) == 200
    assert len(bot.server.messages("628")) == 1  # "not joined", once


async def test_a_long_menu_is_numbered_and_a_typed_number_presses_it(bot: WhatsAppBot) -> None:
    budi = await join(bot)
    await budi.say("settings")
    await budi.press("Province")
    [provinces] = budi.new
    assert provinces.kind == "text" and "\n1. " in provinces.text  # 38 provinces: numbered
    number = next(
        line.split(".")[0] for line in provinces.text.splitlines() if line.endswith("Bali")
    )
    await budi.say(number)  # chosen, saved and the profile again, in one message
    assert budi.new[0].text.startswith("Province: Bali (WITA).\n\n")


async def test_transient_graph_errors_leave_the_reply_to_the_outbox(bot: WhatsAppBot) -> None:
    budi = await join(bot)
    bot.server.fail_next(131000, status=500)
    await budi.say("/progress", expect=0)
    await bot.app.courier.flush()
    bot.app.core.clock.advance(timedelta(minutes=5))
    await bot.app.courier.send_due("whatsapp")
    assert "progress" in budi.messages[-1].text.lower()


async def test_whatsapp_runs_beside_telegram_in_one_process(
    database_url: str, server: FakeWhatsAppServer, telegram: FakeTelegramServer
) -> None:
    settings = make_settings(database_url, bot_token=TOKEN, api_base=telegram.base_url)
    settings.whatsapp = WhatsAppSettings(
        token=server.token,  # type: ignore[arg-type]
        phone_number_id=server.phone_number_id,
        app_secret=server.app_secret,  # type: ignore[arg-type]
        api_base=server.base_url,  # type: ignore[arg-type]
    )
    ports: list[int] = []
    stop = asyncio.Event()
    task = asyncio.create_task(bootstrap.run(settings, stop=stop, listening=ports.append))
    try:
        status: dict[str, object] = {}
        async with ClientSession() as client:

            async def healthy() -> bool:
                if not ports:
                    return False
                async with client.get(f"http://127.0.0.1:{ports[0]}/healthz") as response:
                    status.update(await response.json())
                    return status["channels"] == {"telegram": "ready", "whatsapp": "ready"}

            await telegram.wait_until(healthy, timeout=20)
        server.webhook_url = f"http://127.0.0.1:{ports[0]}/whatsapp/webhook"
        assert await server.send_text("6281299999", "halo") == 200
        [refusal] = server.messages("6281299999")
        assert "belum bergabung" in refusal.text  # not joined: nothing stored, told so
    finally:
        stop.set()
        await asyncio.wait_for(task, timeout=15)


async def test_case_material_carries_a_confidentiality_line_and_withdrawals_are_skipped(
    bot: WhatsAppBot,
) -> None:
    budi = await join(bot)
    turns: list[None] = []

    async def turn() -> None:
        turns.append(None)

    sent = await bot.channel.send(
        budi.number, Outgoing("Case notes", protect=True), edit_of=None, turn=turn
    )
    assert len(sent) == 1 and len(turns) == 1
    assert budi.messages[-1].text.endswith("please do not forward._")
    before = len(bot.server.sent)
    withdrawn = Outgoing("", delete=("wamid.fake1",))
    assert await bot.channel.send(budi.number, withdrawn, edit_of=None, turn=turn) == []
    assert len(bot.server.sent) == before


def test_pushes_to_one_person_are_paced_a_few_seconds_apart(bot: WhatsAppBot) -> None:
    assert WhatsAppChannel.per_chat_seconds >= 3
    assert bot.app.courier.rates["whatsapp"] == 80


@pytest.mark.parametrize(
    ("key", "template"),
    [
        ("lesson:m1-l1:person:4", "lesson_ready"),
        ("review:m1-l1:2:person:4", "lesson_ready"),
        ("q:7:remind:1700000000:1", "new_message_notice"),  # no reminder template: the notice
        ("q:7:31:4", "answer_ready"),
        ("announce:ab12:person:4", "new_message_notice"),
        (None, "new_message_notice"),
    ],
)
def test_each_kind_of_push_has_its_template_or_the_notice(
    bot: WhatsAppBot, key: str | None, template: str
) -> None:
    bot.channel.settings.template_lesson = "lesson_ready"
    bot.channel.settings.template_answer = "answer_ready"
    assert bot.channel.template_for(key) == template
