"""Roles, forged and stale buttons, duplicate updates, pausing and erasure."""

from __future__ import annotations

from sqlalchemy import select

from bot import bootstrap
from bot.db.models import (
    AuditEntry,
    ChannelIdentity,
    ConversationState,
    Invite,
    Mentorship,
    Person,
)
from bot.messages import Channel, Incoming
from bot.roles import Role
from bot.services import demo
from tests.chat import Chat
from tests.integration.test_onboarding import count, join_as_mentee, person_named


async def audit_actions(app: bootstrap.App) -> list[str]:
    async with app.sessions() as session:
        return list((await session.scalars(select(AuditEntry.action))).all())


async def test_a_mentee_cannot_use_admin_commands_or_buttons(app: bootstrap.App) -> None:
    chat = Chat(app.core, "budi")
    await join_as_mentee(app, chat)
    invites_before = await count(app, Invite)

    await chat.send("/broadcast hello everyone")
    assert "not available for your role" in chat.text
    await chat.send("/invite")
    assert "not available for your role" in chat.text
    await chat.press("inv:admin")  # a forged admin button
    assert "not available for your role" in chat.text
    assert chat.last.notice is not None

    assert await count(app, Invite) == invites_before
    assert (await audit_actions(app)).count("access.denied") == 3
    assert (await person_named(app, "Budi Santoso")).role == "mentee"


async def test_stale_and_unknown_buttons_expire(app: bootstrap.App) -> None:
    chat = Chat(app.core, "budi")
    await join_as_mentee(app, chat)
    person = await person_named(app, "Budi Santoso")

    await chat.press("lang:en")  # a language button from onboarding, pressed again
    assert "button has expired" in chat.text
    await chat.press("consent:yes")
    await chat.press("prov:s:PA")
    await chat.press("nonsense:payload")
    assert "button has expired" in chat.text
    await chat.press("set")  # no argument at all
    await chat.press("set:capacity")  # a mentee has no capacity
    await chat.send("/settings")
    await chat.press("set:province")
    await chat.press("prov:s:XX")  # no such province
    assert "button has expired" in chat.text
    assert (await audit_actions(app)).count("button.expired") == 7
    after = await person_named(app, "Budi Santoso")
    assert (after.province_code, after.language) == (person.province_code, person.language)


async def test_a_stranger_gets_no_further_than_start(app: bootstrap.App) -> None:
    chat = Chat(app.core, "stranger", language="en")
    for text in ("/settings", "/stats", "hello"):
        await chat.send(text)
        assert "not joined the programme" in chat.text
    await chat.send("/help")
    assert "invite code" in chat.text
    assert await count(app, Person) == 0


async def test_a_redelivered_update_is_handled_once(app: bootstrap.App) -> None:
    chat = Chat(app.core, "budi")
    await join_as_mentee(app, chat)
    update = Incoming(Channel.CONSOLE, "budi", "budi", "update-77", text="/pause")
    first = await app.core.handle(update)
    again = await app.core.handle(update)
    assert first.messages and not again.messages
    assert (await audit_actions(app)).count("person.paused") == 1
    other = Incoming(Channel.TELEGRAM, "budi", "budi", "update-77", text="/help")
    assert (await app.core.handle(other)).messages  # ids are per channel


async def test_pause_and_resume(app: bootstrap.App) -> None:
    chat = Chat(app.core, "budi", language="en")
    await join_as_mentee(app, chat)
    await chat.send("/pause")
    assert (await person_named(app, "Budi Santoso")).paused
    await chat.send("/resume")
    assert not (await person_named(app, "Budi Santoso")).paused


async def test_an_old_or_forged_forget_button_erases_nobody(app: bootstrap.App) -> None:
    chat = Chat(app.core, "budi")
    await join_as_mentee(app, chat)
    await chat.press("forget:yes")  # never asked
    assert "button has expired" in chat.text
    await chat.send("/forget")
    await chat.send("/help")  # walked away from the question
    await chat.press("forget:yes")
    assert "button has expired" in chat.text
    assert await count(app, Person) == 1


async def test_a_command_leaves_an_open_settings_question(app: bootstrap.App) -> None:
    chat = Chat(app.core, "budi", language="en")
    await join_as_mentee(app, chat)
    await chat.send("/settings")
    await chat.press("set:office")
    await chat.send("/help")
    await chat.send("Where do I find the checklist for child victims?")
    assert "did not understand" in chat.text
    assert (await person_named(app, "Budi Santoso")).office == "Kejari Surabaya"


async def test_forget_erases_the_person_after_confirmation(app: bootstrap.App) -> None:
    chat = Chat(app.core, "budi")
    await join_as_mentee(app, chat)
    await chat.send("/forget")
    await chat.press("forget:no")
    assert await count(app, Person) == 1
    await chat.send("/forget")
    await chat.press("forget:yes")
    assert "erased" in chat.text
    assert chat.last.menu is not None and chat.last.menu.role is None
    assert await count(app, Person) == 0
    assert await count(app, ConversationState) == 0
    assert await count(app, ChannelIdentity) == 0
    async with app.sessions() as session:
        erased = await session.scalar(
            select(AuditEntry).where(AuditEntry.action == "person.erased")
        )
    assert erased is not None and erased.actor_id is None
    await chat.send("/settings")
    assert "belum bergabung" in chat.text  # back to the client language


async def test_erased_demo_people_come_back(app: bootstrap.App) -> None:
    async with app.sessions.begin() as session:
        await demo.ensure(session, Channel.CONSOLE, "en", app.core.clock.now())
    mentor = Chat(app.core, "mentor")
    await mentor.send("/forget")
    await mentor.press("forget:yes")
    async with app.sessions.begin() as session:
        await demo.ensure(session, Channel.CONSOLE, "en", app.core.clock.now())
    await mentor.send("/settings")
    assert "Demo Mentor (demo)" in mentor.text
    mentee = Chat(app.core, "mentee")
    await mentee.send("/settings")
    assert "Demo Mentor (demo)" in mentee.text  # paired again


async def test_forget_ends_a_mentorship(app: bootstrap.App) -> None:
    async with app.sessions.begin() as session:
        await demo.ensure(session, Channel.CONSOLE, "en", app.core.clock.now())
    mentee = Chat(app.core, "mentee")
    await mentee.send("/settings")
    assert "Demo Mentor" in mentee.text
    mentor = Chat(app.core, "mentor")
    await mentor.send("/forget")
    await mentor.press("forget:yes")
    assert await count(app, Mentorship) == 0
    await mentee.send("/settings")
    assert "Demo Mentor" not in mentee.text


async def test_an_admin_creates_invites_that_work(app: bootstrap.App) -> None:
    async with app.sessions.begin() as session:
        await demo.ensure(session, Channel.CONSOLE, "en", app.core.clock.now())
    admin = Chat(app.core, "admin")
    await admin.send("/invite")
    await admin.press(f"inv:{Role.MENTOR.value}")
    code = next(word for word in admin.text.split() if len(word) == 16 and word.isascii()).strip(
        ".:"
    )
    newcomer = Chat(app.core, "new-mentor")
    await newcomer.send(f"/start {code}")
    await newcomer.press("lang:id")
    await newcomer.press("consent:yes")
    async with app.sessions() as session:
        person = await session.scalar(select(Person).where(Person.is_demo.is_(False)))
    assert person is not None and person.role == "mentor"
    await admin.send("/stats")
    assert "Mentors: 2" in admin.text  # the demo mentor and the one who just joined


async def test_two_presses_at_once_join_one_person(app: bootstrap.App) -> None:
    import asyncio

    from tests.integration.test_onboarding import new_invite

    chat = Chat(app.core, "budi")
    await chat.send(f"/start {await new_invite(app, uses=5)}")
    await chat.press("lang:en")
    presses = [
        Incoming(Channel.CONSOLE, "budi", "budi", f"press-{n}", payload="consent:yes")
        for n in range(2)
    ]
    replies = await asyncio.gather(*(app.core.handle(p) for p in presses))
    assert await count(app, Person) == 1
    assert not any(reply.failed for reply in replies)
    # Whichever came second finds the question answered: an expired button, not an error.
    expired_text = app.catalogs.text("en", "button-expired")
    expired = [r for r in replies if [m.text for m in r.messages] == [expired_text]]
    assert len(expired) == 1
