"""Stories of joining and changing a profile, told through the channel-neutral core."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, func, select

from bot import bootstrap
from bot.db.models import (
    AuditEntry,
    ChannelIdentity,
    ConversationState,
    Invite,
    InviteRedemption,
    MentorProfile,
    Person,
    utcnow,
)
from bot.roles import Role
from bot.services import invites
from tests.chat import Chat


async def new_invite(app: bootstrap.App, role: Role = Role.MENTEE, **options: object) -> str:
    async with app.sessions.begin() as session:
        created = await invites.create(
            session,
            role,
            now=app.core.clock.now(),
            **options,  # type: ignore[arg-type]
        )
    return created.code


async def count(app: bootstrap.App, model: type) -> int:
    async with app.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def person_named(app: bootstrap.App, name: str) -> Person:
    async with app.sessions() as session:
        person = await session.scalar(select(Person).where(Person.display_name == name))
    assert person is not None, name
    return person


async def agree(
    app: bootstrap.App, chat: Chat, role: Role = Role.MENTEE, *, language: str = "en"
) -> None:
    """Open a new invite, choose a language and consent: where joining stories start."""
    await chat.send(f"/start {await new_invite(app, role)}")
    await chat.press(f"lang:{language}")
    await chat.press("consent:yes")


async def join_as_mentee(
    app: bootstrap.App, chat: Chat, name: str = "Budi Santoso", code: str | None = None
) -> None:
    await chat.send(f"/start {code or await new_invite(app)}")
    await chat.press("lang:en")
    await chat.press("consent:yes")
    await chat.send(name)
    await chat.send("jatim")
    await chat.send("Kejari Surabaya")
    await chat.press("time:07:00")


async def test_without_a_valid_code_nothing_is_stored(app: bootstrap.App) -> None:
    chat = Chat(app.core, "stranger")
    await chat.send("/start not-a-real-code")
    assert "Mohon maaf" in chat.text and "Sorry" in chat.text
    await chat.send("/start")
    assert "Sorry" in chat.text
    assert await count(app, Person) == 0
    assert await count(app, ConversationState) == 0
    assert await count(app, ChannelIdentity) == 0


async def test_a_mentee_joins_in_english(app: bootstrap.App) -> None:
    chat = Chat(app.core, "budi", name="Budi")
    code = await new_invite(app, cohort="Surabaya 2026")
    await chat.send(f"/start {code}")
    assert "Silakan pilih bahasa" in chat.text and "Please choose your language" in chat.text
    assert [b.payload for b in chat.buttons] == ["lang:id", "lang:en"]

    await chat.press("lang:en")
    assert "Before we start" in chat.text and "/forget" in chat.text
    await chat.press("consent:yes")
    assert "What name should we use" in chat.text
    await chat.press("name:hint")  # the "Use Budi" button takes the name from the chat
    assert "In which province" in chat.text

    await chat.send("Jawa Tmur")
    assert "Jawa Timur (WIB)" in chat.text
    await chat.send("Kejari Surabaya")
    assert "local time" in chat.text
    await chat.send("7.30")
    assert "07:30 WIB" in chat.text and "All set, Budi" in chat.text
    assert chat.last.menu is not None and chat.last.menu.role == "mentee"

    person = await person_named(app, "Budi")
    assert (person.role, person.language, person.province_code) == ("mentee", "en", "JI")
    assert (person.timezone, person.office, person.lesson_time) == (
        "Asia/Jakarta",
        "Kejari Surabaya",
        "07:30",
    )
    assert person.consent_at is not None and person.onboarded_at is not None
    assert person.cohort_id is not None
    async with app.sessions() as session:
        invite = await session.scalar(select(Invite))
        actions = (await session.scalars(select(AuditEntry.action))).all()
    assert invite is not None and invite.uses == 1
    assert await count(app, InviteRedemption) == 1
    assert {"person.joined", "person.onboarded"} <= set(actions)
    assert await count(app, ConversationState) == 0


async def test_a_mentor_gives_capacity_and_expertise_in_bahasa(app: bootstrap.App) -> None:
    chat = Chat(app.core, "sari", name="Sari")
    await chat.send(f"/start {await new_invite(app, Role.MENTOR)}")
    await chat.press("lang:id")
    assert "Sebelum kita mulai" in chat.text
    await chat.press("consent:yes")
    await chat.send("Sari Dewi")
    await chat.send("sulsel")
    assert "Sulawesi Selatan (WITA)" in chat.text
    await chat.send("Kejati Sulawesi Selatan")
    await chat.press("time:19:00")
    assert "19:00 WITA" in chat.text
    await chat.send("100")
    assert "1 sampai 30" in chat.text  # out of range, asked again
    await chat.send("4")
    await chat.press("exp:t:0")
    assert chat.last.messages[0].replace and "✅" in chat.buttons[0].label
    await chat.press("exp:t:4")
    await chat.press("exp:t:0")  # unselect again
    await chat.press("exp:done")
    assert "Semua sudah siap" in chat.text

    person = await person_named(app, "Sari Dewi")
    async with app.sessions() as session:
        mentor = await session.get(MentorProfile, person.id)
    assert mentor is not None and (mentor.capacity, mentor.expertise) == (4, ["restitution"])
    assert person.timezone == "Asia/Makassar"


async def test_declining_consent_stores_nothing_and_keeps_the_invite(app: bootstrap.App) -> None:
    chat = Chat(app.core, "ragu")
    code = await new_invite(app)
    await chat.send(f"/start {code}")
    await chat.press("lang:en")
    await chat.press("consent:no")
    assert "Nothing has been stored" in chat.text
    assert await count(app, Person) == 0
    assert await count(app, ConversationState) == 0
    async with app.sessions() as session:
        invite = await session.scalar(select(Invite))
    assert invite is not None and invite.uses == 0
    # The same code still works later.
    await chat.send(f"/start {code}")
    assert "Please choose your language" in chat.text


async def test_used_up_and_expired_invites_are_refused(app: bootstrap.App) -> None:
    code = await new_invite(app, uses=1)
    await join_as_mentee(app, Chat(app.core, "first"), code=code)
    second = Chat(app.core, "second")
    await second.send(f"/start {code}")
    assert "Sorry" in second.text

    expired = await new_invite(app, expires_days=1)
    async with app.sessions.begin() as session:
        invite = await session.scalar(
            select(Invite).where(Invite.code_hash == invites.hash_code(expired))
        )
        assert invite is not None
        invite.expires_at = utcnow() - timedelta(minutes=1)
    await second.send(f"/start {expired}")
    assert "Sorry" in second.text


async def test_typing_instead_of_pressing_asks_again(app: bootstrap.App) -> None:
    chat = Chat(app.core, "budi", language="en")
    await chat.send(f"/start {await new_invite(app)}")
    await chat.send("English please")
    assert "Please choose your language" in chat.text
    await chat.press("lang:en")
    await chat.send("yes")
    assert "Before we start" in chat.text
    await chat.press("consent:yes")
    await chat.send("/help")
    assert "not finished" in chat.text


async def test_the_last_use_cannot_be_shared(app: bootstrap.App) -> None:
    code = await new_invite(app, uses=1)
    first, second = Chat(app.core, "a"), Chat(app.core, "b")
    for chat in (first, second):
        await chat.send(f"/start {code}")
        await chat.press("lang:en")
    await first.press("consent:yes")
    await second.press("consent:yes")
    assert "has just been used up" in second.text
    assert await count(app, Person) == 1


async def test_redeeming_twice_is_harmless(app: bootstrap.App) -> None:
    chat = Chat(app.core, "budi")
    await join_as_mentee(app, chat)
    admin_code = await new_invite(app, Role.ADMIN)
    await chat.send(f"/start {admin_code}")
    assert "Welcome back" in chat.text
    person = await person_named(app, "Budi Santoso")
    assert person.role == "mentee"
    async with app.sessions() as session:
        admin_invite = await session.scalar(
            select(Invite).where(Invite.code_hash == invites.hash_code(admin_code))
        )
    assert admin_invite is not None and admin_invite.uses == 0


async def test_onboarding_survives_a_restart(app: bootstrap.App) -> None:
    chat = Chat(app.core, "budi")
    await agree(app, chat)
    await chat.send("Budi")

    restarted = bootstrap.build(app.settings)  # a new process on the same database
    try:
        chat.core = restarted.core
        await chat.send("/start")
        assert "In which province" in chat.text
        await chat.send("/settings")
        assert "not finished" in chat.text
        await chat.send("Papua Tengah")
        assert "(WIT)" in chat.text
    finally:
        await restarted.engine.dispose()


async def test_bad_answers_are_explained_and_lose_nothing(app: bootstrap.App) -> None:
    chat = Chat(app.core, "budi")
    await agree(app, chat)
    await chat.send("1")
    assert "name of 2 to 60 characters" in chat.text
    await chat.send("Budi")
    await chat.send("xyzzy")
    assert "could not recognise" in chat.text
    await chat.send("Sulawesi")
    assert len([b for b in chat.buttons if "Sulawesi" in b.label]) == 5
    await chat.send("Jawa")
    assert "Which province did you mean" in chat.text
    assert {"Jawa Barat", "Jawa Tengah", "Jawa Timur"} <= {b.label for b in chat.buttons}
    await chat.press("prov:s:JT")
    await chat.send("Kejari Semarang")
    await chat.send("25:00")
    assert "not a time we understand" in chat.text
    await chat.press("time:06:00")
    person = await person_named(app, "Budi")
    assert (person.province_code, person.lesson_time) == ("JT", "06:00")


async def test_province_buttons_page_in_place(app: bootstrap.App) -> None:
    chat = Chat(app.core, "budi")
    await agree(app, chat)
    await chat.send("Budi")
    first_page = [b.label for b in chat.buttons]
    assert "1/4" in chat.text  # the page is told in the text, not on a dead button
    await chat.press("prov:p:1")
    assert chat.last.messages[0].replace
    assert "2/4" in chat.text
    assert [b.label for b in chat.buttons] != first_page
    await chat.press("prov:p:3")
    assert "Sumatera Utara" in {b.label for b in chat.buttons}


async def test_settings_change_one_field_at_a_time(app: bootstrap.App) -> None:
    chat = Chat(app.core, "budi")
    await join_as_mentee(app, chat)
    await chat.send("/settings")
    assert "Kejari Surabaya" in chat.text and "07:00" in chat.text
    await chat.press("set:province")
    await chat.send("kaltim")
    assert "Kalimantan Timur (WITA)" in chat.text and "Saved" in chat.text
    await chat.press("set:language")
    await chat.press("lang:id")
    assert "Tersimpan" in chat.text
    assert chat.last.menu is not None and chat.last.menu.language == "id"
    await chat.press("set:office")
    await chat.press("set:cancel")
    assert "Tidak ada yang diubah" in chat.text
    await chat.send("Kejari Balikpapan")  # no longer answering the office question
    person = await person_named(app, "Budi Santoso")
    assert (person.province_code, person.timezone, person.language, person.office) == (
        "KI",
        "Asia/Makassar",
        "id",
        "Kejari Surabaya",
    )


async def test_a_lost_step_resumes_at_the_first_missing_answer(app: bootstrap.App) -> None:
    chat = Chat(app.core, "budi", language="en")
    await agree(app, chat)
    await chat.send("Budi")
    await chat.send("jatim")
    async with app.sessions.begin() as session:
        await session.execute(delete(ConversationState))
    await chat.send("/start")
    assert "What is your office" in chat.text


async def test_invite_codes_are_unguessable_and_stored_nowhere(app: bootstrap.App) -> None:
    codes = {await new_invite(app) for _ in range(50)}
    assert len(codes) == 50
    assert all(
        len(code) == 16 and code.replace("-", "").replace("_", "").isalnum() for code in codes
    )
    async with app.sessions() as session:
        rows = (await session.execute(select(Invite.__table__))).all()
    stored = " ".join(str(value) for row in rows for value in row)
    assert [code for code in codes if code in stored] == []


async def test_what_is_stored_of_an_invite_does_not_work_as_its_code(app: bootstrap.App) -> None:
    code = await new_invite(app)
    async with app.sessions() as session:
        stored = await session.scalar(select(Invite.code_hash))
    chat = Chat(app.core, "reads-a-backup", language="en")
    await chat.send(f"/start {stored}")
    assert "Sorry" in chat.text
    await chat.send(f"/start {code}")
    assert "Please choose your language" in chat.text
