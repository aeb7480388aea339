"""Journeys on Telegram: the real aiogram bot over real HTTP against a fake Bot API server."""

from __future__ import annotations

import json

from sqlalchemy import select

from bot.db.engine import create_engine, session_factory
from bot.db.models import ChannelIdentity, Person
from bot.roles import Role
from bot.services import invites
from tests.e2e.conftest import RunningBot, TelegramPerson

CHAT_SCOPE = '{{"chat_id": {}, "type": "chat"}}'
DEFAULT_SCOPE = '{"type": "default"}'
# The menus of DESIGN.md.
EVERY_USER = [
    "start", "help", "lesson", "lessons", "progress", "checklists", "ask", "myquestions",
    "search", "settings", "pause", "resume", "forget",
]  # fmt: skip
MENTOR_MENU = [*EVERY_USER, "queue"]
ADMIN_MENU = [*EVERY_USER, "broadcast", "invite", "assign", "stats", "export"]


async def make_invite(running: RunningBot, role: Role = Role.MENTEE) -> str:
    engine = create_engine(running.settings.database_url)
    try:
        async with session_factory(engine).begin() as session:
            return (await invites.create(session, role)).code
    finally:
        await engine.dispose()


async def people(running: RunningBot) -> list[Person]:
    engine = create_engine(running.settings.database_url)
    try:
        async with session_factory(engine)() as session:
            return list((await session.scalars(select(Person))).all())
    finally:
        await engine.dispose()


async def agree_in_english(
    running: RunningBot, person: TelegramPerson, role: Role = Role.MENTEE
) -> None:
    """Open an invite, choose English and consent: where every joining story starts."""
    await person.say(f"/start {await make_invite(running, role)}")
    await person.press("English")
    await person.press("I agree")


def menu(running: RunningBot, chat_id: int) -> list[str]:
    commands = running.server.commands[(CHAT_SCOPE.format(chat_id), None)]
    return [c["command"] for c in commands]


async def test_menus_are_set_in_both_languages(running_bot: RunningBot) -> None:
    commands = running_bot.server.commands
    english = {c["command"]: c["description"] for c in commands[(DEFAULT_SCOPE, "en")]}
    bahasa = {c["command"]: c["description"] for c in commands[(DEFAULT_SCOPE, "id")]}
    assert list(english) == list(bahasa) == EVERY_USER
    assert english["forget"] != bahasa["forget"]
    assert [c["command"] for c in commands[(DEFAULT_SCOPE, None)]] == EVERY_USER


async def test_a_stranger_is_refused_politely_and_nothing_is_stored(
    running_bot: RunningBot,
) -> None:
    stranger = TelegramPerson(running_bot.server, running_bot.server.user(501, "Tamu"))
    await stranger.say("/start WRONGCODE123")
    assert len(stranger.new) == 1
    assert "Mohon maaf" in stranger.text and "Sorry" in stranger.text
    await stranger.say("halo")
    assert "belum bergabung" in stranger.text
    assert await people(running_bot) == []


async def test_a_mentee_joins_in_bahasa_indonesia_through_a_deep_link(
    running_bot: RunningBot,
) -> None:
    server = running_bot.server
    budi = TelegramPerson(server, server.user(1001, "Budi", language_code="id"))
    code = await make_invite(running_bot)
    await budi.say(f"/start {code}")  # what a t.me/...?start=CODE link sends
    assert "Silakan pilih bahasa" in budi.text
    await budi.press("Bahasa Indonesia")
    language_message = budi.messages[0]
    assert language_message.reply_markup is None or not language_message.callback_data
    assert "Sebelum kita mulai" in budi.text
    assert "<b>" in budi.new[0].text  # the consent heading is bold in HTML
    await budi.press("Saya setuju")
    await budi.press("Budi")  # the "use my Telegram name" button
    await budi.say("jatim")
    assert "Jawa Timur (WIB)" in budi.text
    await budi.say("Kejari Surabaya")
    await budi.press("07:00")
    assert "Semua sudah siap, Budi" in budi.text
    assert menu(running_bot, 1001) == EVERY_USER
    # Every pressed button was answered, so no spinner is left on the phone.
    pressed = [c["callback_query_id"] for c in server.calls("answerCallbackQuery")]
    assert len(pressed) == 4 and set(pressed) <= set(server.answered_callbacks)

    [person] = await people(running_bot)
    assert (person.role, person.language, person.province_code, person.lesson_time) == (
        "mentee",
        "id",
        "JI",
        "07:00",
    )


async def test_a_mentor_joins_in_english_and_gets_the_mentor_menu(
    running_bot: RunningBot,
) -> None:
    server = running_bot.server
    sari = TelegramPerson(server, server.user(1002, "Sari", language_code="en"))
    await agree_in_english(running_bot, sari, Role.MENTOR)
    await sari.say("Sari Dewi")
    await sari.press("Next")  # province pages are edited in place
    assert sari.new == [] and sari.messages[-1].edits
    await sari.press("2/4")  # the page label does nothing, and no second list appears
    assert sari.new == [] and len(sari.messages[-1].edits) == 1
    await sari.say("Sulawesi Selatan")
    await sari.say("Kejati Sulawesi Selatan")
    await sari.say("19:30")
    assert "19:30 WITA" in sari.text
    await sari.press("5")
    await sari.press("Restitution")
    assert "✅ Restitution" in [b for row in sari.messages[-1].buttons for b, _ in row]
    await sari.press("Done")
    assert "All set, Sari Dewi" in sari.text
    assert "/settings" in sari.text
    assert menu(running_bot, 1002) == MENTOR_MENU


async def test_an_admin_joins_and_creates_an_invite_with_a_deep_link(
    running_bot: RunningBot,
) -> None:
    server = running_bot.server
    ani = TelegramPerson(server, server.user(1003, "Ani", language_code="en"))
    await agree_in_english(running_bot, ani, Role.ADMIN)
    await ani.say("Ani Admin")
    assert "All set" in ani.text
    assert menu(running_bot, 1003) == ADMIN_MENU
    await ani.say("/invite")
    await ani.press("Mentee")
    assert "https://t.me/mentoring_test_bot?start=" in ani.text
    link = ani.text.split("https://t.me/mentoring_test_bot?start=")[1].split()[0]

    newcomer = TelegramPerson(server, server.user(1004, "Rudi", language_code="en"))
    await newcomer.say(f"/start {link}")
    assert "Please choose your language" in newcomer.text


async def test_settings_and_forget_over_telegram(running_bot: RunningBot) -> None:
    server = running_bot.server
    budi = TelegramPerson(server, server.user(1005, "Budi", language_code="en"))
    await agree_in_english(running_bot, budi)
    await budi.say("Budi")
    await budi.say("ntt")
    await budi.say("Kejari Kupang")
    await budi.press("06:00")

    await budi.say("/settings")
    assert "Nusa Tenggara Timur (WITA)" in budi.text
    await budi.press("Lesson time")
    await budi.say("20:15")
    assert "20:15 WITA" in budi.text and "Saved" in budi.text

    await budi.say("/broadcast Hello")
    assert "not available for your role" in budi.text

    await budi.say("/forget")
    await budi.press("Yes, erase")
    assert "erased" in budi.text
    assert await people(running_bot) == []
    assert (CHAT_SCOPE.format(1005), None) not in server.commands


async def test_a_blocked_bot_marks_the_person_unreachable_until_they_write(
    running_bot: RunningBot,
) -> None:
    server = running_bot.server
    budi = TelegramPerson(server, server.user(1006, "Budi", language_code="en"))
    await agree_in_english(running_bot, budi)

    server.fail_next(
        "sendMessage",
        chat_id=1006,
        status=403,
        description="Forbidden: bot was blocked by the user",
    )
    server.send_text(budi.user, "/help")
    await server.wait_until(lambda: any(e for e in server.errors if "403" in json.dumps(e)))

    async def unreachable() -> bool:
        engine = create_engine(running_bot.settings.database_url)
        try:
            async with session_factory(engine)() as session:
                identity = await session.scalar(select(ChannelIdentity))
                return identity is not None and identity.unreachable_at is not None
        finally:
            await engine.dispose()

    await server.wait_until(unreachable)
    await budi.say("Budi")  # writing again makes them reachable
    assert not await unreachable()


async def test_a_rate_limited_reply_is_retried(running_bot: RunningBot) -> None:
    server = running_bot.server
    budi = TelegramPerson(server, server.user(1007, "Budi", language_code="en"))
    server.fail_next(
        "sendMessage", chat_id=1007, status=429, description="Too Many Requests: retry after 1"
    )
    await budi.say("/help")
    assert "invite code" in budi.text
    assert len(server.calls("sendMessage")) == 2


async def test_quick_messages_of_one_person_are_read_in_order(running_bot: RunningBot) -> None:
    server = running_bot.server
    budi = TelegramPerson(server, server.user(1008, "Budi", language_code="en"))
    await agree_in_english(running_bot, budi)
    before = len(budi.messages)
    for text in ("Budi Santoso", "jatim", "Kejari Surabaya", "07:15"):
        server.send_text(budi.user, text)  # all queued at once, as a fast typist's would be
    await server.wait_for_messages(1008, before + 6, timeout=10)
    [person] = await people(running_bot)
    assert (person.display_name, person.province_code, person.office, person.lesson_time) == (
        "Budi Santoso",
        "JI",
        "Kejari Surabaya",
        "07:15",
    )
