"""Probing the running bot over HTTP: erasure down to the SQLite files, presses on other chats'
messages, crafted webhook requests, and strangers sending photos and stickers."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url

from bot.config import Settings
from bot.db.engine import create_engine, session_factory
from bot.db.models import AuditEntry, ProcessedUpdate
from tests.conftest import make_settings
from tests.e2e.conftest import TOKEN, RunningBot, TelegramPerson, start_bot, stop_bot
from tests.e2e.test_telegram_journeys import agree_in_english
from tests.e2e.test_webhook import SECRET, free_port
from tests.fakes.telegram_server import FakeTelegramServer, FakeUser, JsonDict, SentMessage
from tests.integration.test_privacy import rows_containing

# Ten-digit ids: they never turn up by chance inside a timestamp or a message counter.
RATNA_ID = 6120457793
STRANGER_ID = 7770014263
MENTEE_ID = 5230981146
GROUP_ID = -1009876543210
NAME = "Ratna Kusumawati"
OFFICE = "Kejari Palangka Raya Unik"
FIRST_OFFICE = "Kejari Sampit Sementara"
MARK = "QXMARK"  # in everything a stranger chooses to send
HOOK = "/telegram/hook"
CHANGING_CALLS = ("sendMessage", "editMessageText", "editMessageReplyMarkup", "sendDocument")


async def scan(settings: Settings, *needles: str) -> list[tuple[str, str]]:
    engine = create_engine(settings.database_url)
    try:
        return await rows_containing(session_factory(engine), *needles)
    finally:
        await engine.dispose()


async def audit_of(settings: Settings) -> list[tuple[str, int | None, dict[str, Any]]]:
    engine = create_engine(settings.database_url)
    try:
        async with session_factory(engine)() as session:
            entries = (await session.scalars(select(AuditEntry))).all()
        return [(entry.action, entry.actor_id, dict(entry.detail)) for entry in entries]
    finally:
        await engine.dispose()


async def processed_keys(settings: Settings) -> list[str]:
    engine = create_engine(settings.database_url)
    try:
        async with session_factory(engine)() as session:
            return list((await session.scalars(select(ProcessedUpdate.update_id))).all())
    finally:
        await engine.dispose()


async def join(running: RunningBot, person: TelegramPerson, name: str, office: str) -> None:
    await agree_in_english(running, person)
    await person.say(name)
    await person.say("Kalimantan Tengah", expect=2)
    await person.say(office)
    await person.press("07:00", expect=3)
    assert "All set" in person.text


async def join_change_office_and_forget(running: RunningBot, ratna: TelegramPerson) -> None:
    await join(running, ratna, NAME, FIRST_OFFICE)
    await ratna.say("/settings")
    await ratna.press("Office")
    await ratna.say(OFFICE, expect=2)  # saved, and the profile again
    assert OFFICE in ratna.text
    await ratna.say("/pause")
    await ratna.say("/forget")
    await ratna.press("Yes, erase")
    assert "erased" in ratna.text


async def deliver(
    running: RunningBot, update: JsonDict, chat_id: int, *, expect: int
) -> list[SentMessage]:
    """Queue a hand-made update; once handled, the new bot messages in chat_id."""
    before = len(running.server.messages(chat_id))
    await running.handled.wait(running.server.queue_update(update))
    new = running.server.messages(chat_id)[before:]
    assert len(new) == expect, [m.plain_text for m in new]
    return new


def changing_calls(server: FakeTelegramServer) -> int:
    return sum(len(server.calls(method)) for method in CHANGING_CALLS)


def without_text(update: JsonDict, **media: Any) -> JsonDict:
    """A message update turned into a photo, sticker...: no text, the given fields instead."""
    message = update["message"]
    message.pop("text")
    message.pop("entities", None)
    message.update(media)
    return update


# --- erasure ------------------------------------------------------------------------------


async def test_a_forgotten_person_leaves_no_row_behind(running_bot: RunningBot) -> None:
    server = running_bot.server
    ratna = TelegramPerson(running_bot, server.user(RATNA_ID, "Ratna", language_code="en"))
    await join_change_office_and_forget(running_bot, ratna)

    needles = (str(RATNA_ID), NAME, OFFICE, FIRST_OFFICE)
    assert await scan(running_bot.settings, *needles) == []
    assert await audit_of(running_bot.settings) == [("person.erased", None, {"role": "mentee"})]


@pytest.fixture
async def sqlite_bot(
    telegram: FakeTelegramServer, database_url: str, tmp_path: Path
) -> AsyncIterator[tuple[RunningBot, Path]]:
    if make_url(database_url).get_backend_name() != "sqlite":
        pytest.skip(
            "reads the SQLite files; on PostgreSQL erased rows leave the disk through VACUUM "
            "and expiring backups, which the operator runs"
        )
    database = tmp_path / "data" / "bot.db"
    settings = make_settings(
        f"sqlite+aiosqlite:///{database}", bot_token=TOKEN, api_base=telegram.base_url
    )
    running = await start_bot(settings, telegram)
    try:
        yield running, database
    finally:
        await stop_bot(running)


def files_holding(database: Path, *needles: str) -> dict[str, list[str]]:
    """Which of the database, its write-ahead log and shared memory file hold which needle."""
    found: dict[str, list[str]] = {}
    for path in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
        if path.exists():
            content = path.read_bytes()
            hits = [needle for needle in needles if needle.encode() in content]
            if hits:
                found[path.name] = hits
    return found


async def test_the_erased_name_and_office_leave_the_sqlite_files_while_the_bot_runs(
    sqlite_bot: tuple[RunningBot, Path],
) -> None:
    running, database = sqlite_bot
    ratna = TelegramPerson(running, running.server.user(RATNA_ID, "Ratna", language_code="en"))
    needles = (NAME, OFFICE, FIRST_OFFICE, str(RATNA_ID))
    await join(running, ratna, NAME, FIRST_OFFICE)
    await ratna.say("/settings")
    await ratna.press("Office")
    await ratna.say(OFFICE, expect=2)
    readable = {needle for hits in files_holding(database, *needles).values() for needle in hits}
    assert readable == set(needles)  # the scan sees each of them before the erasure

    await ratna.say("/forget")
    await ratna.press("Yes, erase")
    assert "erased" in ratna.text
    assert not running.task.done()  # still running: nothing was closed or checkpointed on exit

    assert files_holding(database, *needles) == {}


# --- presses on messages of other chats --------------------------------------------------


@pytest.fixture
async def mentee_settings(running_bot: RunningBot) -> tuple[TelegramPerson, SentMessage]:
    """A joined mentee and the /settings message in her chat, with its buttons."""
    server = running_bot.server
    mentee = TelegramPerson(running_bot, server.user(MENTEE_ID, "Ratna", language_code="en"))
    await join(running_bot, mentee, NAME, OFFICE)
    await mentee.say("/settings")
    [profile] = mentee.new
    assert profile.callback_data
    return mentee, profile


async def press_elsewhere(
    running: RunningBot, presser: FakeUser, message: SentMessage, label: str
) -> None:
    """A crafted press by presser on a message of another chat; once it is handled, checks
    that the press was answered and that the bot wrote nothing, in any chat."""
    server = running.server
    calls = changing_calls(server)
    markup = json.dumps(message.reply_markup)
    update = server.make_callback_update(presser, message, message.callback_for(label))
    await running.handled.wait(server.queue_update(update))
    assert update["callback_query"]["id"] in server.answered_callbacks
    assert changing_calls(server) == calls  # nothing sent or edited, in any chat
    assert json.dumps(message.reply_markup) == markup


async def test_a_strangers_press_on_another_persons_message_does_nothing(
    running_bot: RunningBot, mentee_settings: tuple[TelegramPerson, SentMessage]
) -> None:
    mentee, profile = mentee_settings
    mine = len(mentee.messages)
    stranger = running_bot.server.user(STRANGER_ID, "Tamu", language_code="en")
    await press_elsewhere(running_bot, stranger, profile, "Office")

    assert len(mentee.messages) == mine and profile.edits == []
    assert running_bot.server.messages(STRANGER_ID) == []
    assert await scan(running_bot.settings, str(STRANGER_ID)) == []


async def test_a_members_press_on_another_persons_message_shows_them_nothing(
    running_bot: RunningBot, mentee_settings: tuple[TelegramPerson, SentMessage]
) -> None:
    server = running_bot.server
    mentee, profile = mentee_settings
    other = TelegramPerson(running_bot, server.user(RATNA_ID, "Sari", language_code="en"))
    await join(running_bot, other, "Sari Lain Orang", "Kejari Lain Tempat")
    mine = len(mentee.messages)

    for label in ("Office", "Name", "Language"):
        await press_elsewhere(running_bot, other.user, profile, label)
    assert len(mentee.messages) == mine and profile.edits == []
    assert not any("Sari Lain Orang" in m.plain_text for m in mentee.messages)
    await other.say("Kejari Baru Ditulis")  # her own chat has no open question either
    assert "did not understand" in other.text


async def test_a_press_on_a_message_in_a_group_sends_nothing_to_the_group(
    running_bot: RunningBot, mentee_settings: tuple[TelegramPerson, SentMessage]
) -> None:
    server = running_bot.server
    mentee, profile = mentee_settings
    server.register_chat(GROUP_ID, chat_type="group", title="Jaksa")
    in_group = SentMessage(
        message_id=42, chat_id=GROUP_ID, text="Profil", reply_markup=profile.reply_markup
    )
    mine = len(mentee.messages)

    for label in ("Office", "Language"):
        await press_elsewhere(running_bot, mentee.user, in_group, label)
    assert server.messages(GROUP_ID) == []
    assert len(mentee.messages) == mine


async def test_a_message_crafted_for_another_persons_chat_sends_nothing_there(
    running_bot: RunningBot, mentee_settings: tuple[TelegramPerson, SentMessage]
) -> None:
    """The same forgery as a press on her message, as a message: from one person, in the
    private chat of another."""
    server = running_bot.server
    mentee, _profile = mentee_settings
    other = TelegramPerson(running_bot, server.user(RATNA_ID, "Sari", language_code="en"))
    await join(running_bot, other, "Sari Lain Orang", "Kejari Lain Tempat")
    mine, calls = len(mentee.messages), changing_calls(server)

    for text in ("/settings", "/help"):
        update = server.make_message_update(other.user, text)
        update["message"]["chat"] = mentee.user.chat_dict()
        await running_bot.handled.wait(server.queue_update(update))
    assert [m.plain_text for m in mentee.messages[mine:]] == []
    assert changing_calls(server) == calls


# --- strangers ------------------------------------------------------------------------------


async def test_a_stranger_sending_photos_stickers_and_forged_presses_leaves_nothing(
    running_bot: RunningBot,
) -> None:
    server = running_bot.server
    stranger = server.user(STRANGER_ID, "Tamu", language_code="en")
    photo = [
        {"file_id": f"AgAC-{MARK}-p", "file_unique_id": f"AQAD-{MARK}", "width": 90, "height": 90}
    ]
    sticker = {
        "file_id": f"CAAC-{MARK}-s",
        "file_unique_id": f"AgAD-{MARK}-s",
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
        "emoji": "👍",
    }
    not_joined, refused = "You have not joined the programme yet", "Sorry, this bot is only"
    updates = [
        (without_text(server.make_message_update(stranger, "-"), photo=photo), not_joined),
        (
            without_text(
                server.make_message_update(stranger, "-"), photo=photo, caption=f"{MARK} Siti, 14"
            ),
            not_joined,
        ),
        (without_text(server.make_message_update(stranger, "-"), sticker=sticker), not_joined),
        (server.make_message_update(stranger, f"/start WRONG-{MARK}"), refused),
        (server.make_message_update(stranger, f"halo {MARK}"), not_joined),
    ]
    for update, expected in updates:
        [reply] = await deliver(running_bot, update, STRANGER_ID, expect=1)
        assert expected in reply.plain_text

    refusal = server.last_message(STRANGER_ID)
    expired = "This button has expired"
    forgeries = (
        (f"inv:{MARK}", not_joined),  # an admin's button: refused for who they are
        ("forget:yes", expired),
        (f"{MARK}-bare", expired),
        ("prov:p:²", expired),
    )
    for payload, expected in forgeries:
        forged = server.make_callback_update(stranger, refusal, payload, check=False)
        [reply] = await deliver(running_bot, forged, STRANGER_ID, expect=1)
        assert expected in reply.plain_text
        assert forged["callback_query"]["id"] in server.answered_callbacks

    assert await scan(running_bot.settings, str(STRANGER_ID), MARK) == []
    rows = await audit_of(running_bot.settings)
    assert rows and all(actor is None and detail == {} for _, actor, detail in rows), rows
    assert len(await processed_keys(running_bot.settings)) == len(updates) + 4


# --- the webhook --------------------------------------------------------------------------


@pytest.fixture
async def webhook_bot(
    telegram: FakeTelegramServer, database_url: str
) -> AsyncIterator[tuple[RunningBot, int]]:
    port = free_port()
    settings = make_settings(
        database_url,
        bot_token=TOKEN,
        api_base=telegram.base_url,
        webhook_url=f"http://127.0.0.1:{port}{HOOK}",
        webhook_secret=SECRET,
    )
    settings.http.port = port
    running = await start_bot(settings, telegram)
    try:
        yield running, port
    finally:
        await stop_bot(running)


async def raw_post(port: int, secret: bytes | None, body: bytes) -> int:
    """POST to the webhook byte for byte (a header that no client library would encode);
    returns the HTTP status."""
    head = [
        f"POST {HOOK} HTTP/1.1".encode(),
        f"Host: 127.0.0.1:{port}".encode(),
        b"Content-Type: application/json",
        f"Content-Length: {len(body)}".encode(),
        b"Connection: close",
    ]
    if secret is not None:
        head.append(b"X-Telegram-Bot-Api-Secret-Token: " + secret)
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(b"\r\n".join(head) + b"\r\n\r\n" + body)
        await writer.drain()
        status_line = await asyncio.wait_for(reader.readline(), timeout=10)
    finally:
        writer.close()
        await writer.wait_closed()
    return int(status_line.split()[1])


async def test_a_webhook_secret_with_non_ascii_bytes_is_unauthorized(
    webhook_bot: tuple[RunningBot, int],
) -> None:
    running, port = webhook_bot
    server = running.server
    user = server.user(STRANGER_ID, "Tamu", language_code="en")
    update = server.make_message_update(user, "/help")
    body = json.dumps(update).encode()

    async with aiohttp.ClientSession() as client:
        for secret in ("s\u00e9cret", f"{SECRET}\u00e9", "\u0441\u0435\u043a\u0440\u0435\u0442"):
            headers = {"X-Telegram-Bot-Api-Secret-Token": secret}
            async with client.post(
                f"http://127.0.0.1:{port}{HOOK}", data=body, headers=headers
            ) as r:
                assert r.status == 401, secret
    for raw in (b"s\xe9cret", SECRET.encode() + b"\xff", b"\xc3", b"\xe9" * 200):
        assert await raw_post(port, raw, body) == 401, raw
    assert server.messages(STRANGER_ID) == []

    assert await raw_post(port, SECRET.encode(), body) == 200  # still serving
    [reply] = await server.wait_for_messages(STRANGER_ID, 1)
    assert "invite code" in reply.plain_text


async def test_a_bad_webhook_body_with_the_right_secret_is_a_bad_request(
    webhook_bot: tuple[RunningBot, int],
) -> None:
    running, port = webhook_bot
    server = running.server
    user = server.user(STRANGER_ID, "Tamu", language_code="en")
    bad_bodies = [
        b"{not json",
        b"[1,2]",
        b'{"message": {}}',
        b"null",
        b"",
        b'"update"',
        b'{"update_id": "7"}',
        b'{"update_id": 7.5}',
        b'{"update_id": true}',
        b'{"update_id": null}',
        b'{"update_id": 7, "message": {"text": 5}}',
        b"\xff\xfe\xfa",
    ]
    for body in bad_bodies:
        assert await raw_post(port, SECRET.encode(), body) == 400, body[:40]
    assert changing_calls(server) == 0
    assert await processed_keys(running.settings) == []  # none was taken for an update

    update = server.make_message_update(user, "/help")
    assert await server.post_update_to(f"http://127.0.0.1:{port}{HOOK}", update, SECRET) == 200
    [reply] = await server.wait_for_messages(STRANGER_ID, 1)
    assert "invite code" in reply.plain_text


async def test_a_deeply_nested_webhook_body_is_a_bad_request(
    webhook_bot: tuple[RunningBot, int],
) -> None:
    running, port = webhook_bot
    server = running.server
    nested = b'{"update_id": 7, "extra": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    for body in (b"[" * 100_000, nested):
        assert await raw_post(port, SECRET.encode(), body) == 400, body[:30]
    assert await processed_keys(running.settings) == []

    user = server.user(STRANGER_ID, "Tamu", language_code="en")
    update = server.make_message_update(user, "/help")
    assert await server.post_update_to(f"http://127.0.0.1:{port}{HOOK}", update, SECRET) == 200
    [reply] = await server.wait_for_messages(STRANGER_ID, 1)
    assert "invite code" in reply.plain_text
