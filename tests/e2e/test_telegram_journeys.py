"""Journeys on Telegram: the real aiogram bot over real HTTP against a fake Bot API server."""

from __future__ import annotations

from datetime import UTC, datetime

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
            return (await invites.create(session, role, now=datetime.now(UTC))).code
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
    await person.press("I agree", expect=2)  # thanks, then the first question


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
    stranger = TelegramPerson(running_bot, running_bot.server.user(501, "Tamu"))
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
    budi = TelegramPerson(running_bot, server.user(1001, "Budi", language_code="id"))
    code = await make_invite(running_bot)
    await budi.say(f"/start {code}")  # what a t.me/...?start=CODE link sends
    assert "Silakan pilih bahasa" in budi.text
    await budi.press("Bahasa Indonesia")
    language_message = budi.messages[0]
    assert language_message.reply_markup is None  # the language buttons are gone
    assert "Sebelum kita mulai" in budi.text
    assert "<b>" in budi.new[0].text  # the consent heading is bold in HTML
    await budi.press("Saya setuju", expect=2)
    await budi.press("Budi")  # the "use my Telegram name" button
    await budi.say("jatim", expect=2)  # the province, then the next question
    assert "Jawa Timur (WIB)" in budi.text
    await budi.say("Kejari Surabaya")
    await budi.press("07:00", expect=3)  # the time, all set, and what they can do now
    assert "Semua sudah siap, Budi" in budi.text
    assert menu(running_bot, 1001) == EVERY_USER

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
    sari = TelegramPerson(running_bot, server.user(1002, "Sari", language_code="en"))
    await agree_in_english(running_bot, sari, Role.MENTOR)
    await sari.say("Sari Dewi")
    await sari.press("Next", expect=0)  # province pages are edited in place
    page = sari.messages[-1]
    assert len(page.edits) == 1 and "Page 2/4" in page.plain_text
    assert [label for label, _ in page.buttons[-1]] == ["◀ Previous", "Next ▶"]
    await sari.say("Sulawesi Selatan", expect=2)
    await sari.say("Kejati Sulawesi Selatan")
    await sari.say("19:30", expect=2)
    assert "19:30 WITA" in sari.text
    await sari.press("5")
    await sari.press("Restitution", expect=0)  # ticked in place
    assert "✅ Restitution" in [b for row in sari.messages[-1].buttons for b, _ in row]
    await sari.press("Done", expect=2)
    assert "All set, Sari Dewi" in sari.text
    assert "/settings" in sari.text
    assert menu(running_bot, 1002) == MENTOR_MENU


async def test_an_admin_joins_and_creates_an_invite_with_a_deep_link(
    running_bot: RunningBot,
) -> None:
    server = running_bot.server
    ani = TelegramPerson(running_bot, server.user(1003, "Ani", language_code="en"))
    await agree_in_english(running_bot, ani, Role.ADMIN)
    await ani.say("Ani Admin", expect=2)  # all set, and what an admin can do
    assert "All set" in ani.text
    assert menu(running_bot, 1003) == ADMIN_MENU
    await ani.say("/invite")
    await ani.press("Mentee", expect=3)  # the code, the link to share, its QR code
    assert "https://t.me/mentoring_test_bot?start=" in ani.text
    assert "QR code of the invite link" in ani.text
    link = ani.text.split("https://t.me/mentoring_test_bot?start=")[1].split()[0]

    newcomer = TelegramPerson(running_bot, server.user(1004, "Rudi", language_code="en"))
    await newcomer.say(f"/start {link}")
    assert "Please choose your language" in newcomer.text


async def test_settings_and_forget_over_telegram(running_bot: RunningBot) -> None:
    server = running_bot.server
    budi = TelegramPerson(running_bot, server.user(1005, "Budi", language_code="en"))
    await agree_in_english(running_bot, budi)
    await budi.say("Budi")
    await budi.say("ntt", expect=2)
    await budi.say("Kejari Kupang")
    await budi.press("06:00", expect=3)

    await budi.say("/settings")
    assert "Nusa Tenggara Timur (WITA)" in budi.text
    await budi.press("Lesson time")
    await budi.say("20:15", expect=3)  # the new time, saved, and the profile again
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
    budi = TelegramPerson(running_bot, server.user(1006, "Budi", language_code="en"))
    await agree_in_english(running_bot, budi)

    server.fail_next(
        "sendMessage",
        chat_id=1006,
        status=403,
        description="Forbidden: bot was blocked by the user",
    )
    await running_bot.handled.wait(server.send_text(budi.user, "/help"))
    assert ("sendMessage", 403, "Forbidden: bot was blocked by the user") in server.errors

    async def unreachable() -> bool:
        engine = create_engine(running_bot.settings.database_url)
        try:
            async with session_factory(engine)() as session:
                identity = await session.scalar(select(ChannelIdentity))
                return identity is not None and identity.unreachable_at is not None
        finally:
            await engine.dispose()

    assert await unreachable()
    await budi.say("Budi")  # writing again makes them reachable
    assert not await unreachable()


async def test_a_rate_limited_reply_is_retried(running_bot: RunningBot) -> None:
    server = running_bot.server
    budi = TelegramPerson(running_bot, server.user(1007, "Budi", language_code="en"))
    server.fail_next(
        "sendMessage", chat_id=1007, status=429, description="Too Many Requests: retry after 1"
    )
    await budi.say("/help")
    assert "invite code" in budi.text
    assert len(server.calls("sendMessage")) == 2


async def test_quick_messages_of_one_person_are_read_in_order(running_bot: RunningBot) -> None:
    server = running_bot.server
    budi = TelegramPerson(running_bot, server.user(1008, "Budi", language_code="en"))
    await agree_in_english(running_bot, budi)
    # All queued at once, as a fast typist's would be.
    typed = [
        server.send_text(budi.user, text)
        for text in ("Budi Santoso", "jatim", "Kejari Surabaya", "07:15")
    ]
    for update_id in typed:
        await running_bot.handled.wait(update_id)
    [person] = await people(running_bot)
    assert (person.display_name, person.province_code, person.office, person.lesson_time) == (
        "Budi Santoso",
        "JI",
        "Kejari Surabaya",
        "07:15",
    )
