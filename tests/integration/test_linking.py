"""Stories of one person on two apps: a link code from /settings, used on the other app."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select, update

from bot import bootstrap
from bot.db.models import AuditEntry, ChannelIdentity, LinkCode, OutboxMessage, Person
from bot.limits import WRONG_INVITES_PER_HOUR
from bot.messages import Channel, Outgoing
from bot.services import pushes
from tests.chat import Chat
from tests.integration.test_onboarding import count, join_as_mentee, person_named

SERVED = frozenset({"telegram", "whatsapp"})


async def link_code(chat: Chat) -> str:
    await chat.send("/settings")
    await chat.press_label("Link another app")
    assert chat.last.messages and all(m.ephemeral for m in chat.last.messages)
    found = re.search(r"\b([0-9]{8})\b", chat.text)
    assert found is not None, chat.text
    return found.group(1)


async def joined_on_telegram(app: bootstrap.App) -> Chat:
    app.core.channels = SERVED
    telegram = Chat(app.core, "tg-ayu", channel=Channel.TELEGRAM, name="Ayu")
    await join_as_mentee(app, telegram, "Ayu Lestari")
    return telegram


async def identities(app: bootstrap.App) -> list[tuple[int, str]]:
    async with app.sessions() as session:
        rows = await session.execute(
            select(ChannelIdentity.person_id, ChannelIdentity.channel).order_by(ChannelIdentity.id)
        )
        return [(person_id, channel) for person_id, channel in rows.all()]


async def push_channel(app: bootstrap.App, person_id: int) -> str | None:
    async with app.sessions() as session:
        address = await pushes.address_of(session, person_id, SERVED)
    return address.channel if address else None


async def test_a_mentee_links_whatsapp_to_telegram(app: bootstrap.App) -> None:
    telegram = await joined_on_telegram(app)
    code = await link_code(telegram)
    assert f"/start {code}" in telegram.text and f"start {code}" in telegram.text
    assert await count(app, LinkCode) == 1
    async with app.sessions() as session:
        stored = await session.scalar(select(LinkCode.code_hash))
    assert stored is not None and code not in stored  # only a hash

    whatsapp = Chat(app.core, "62811", channel=Channel.WHATSAPP, language="en")
    await whatsapp.send(f"/start {code}")
    assert "Linked, Ayu Lestari" in whatsapp.text and "Telegram, WhatsApp" in whatsapp.text
    assert whatsapp.last.menu is not None and whatsapp.last.menu.role == "mentee"

    ayu = await person_named(app, "Ayu Lestari")
    assert await identities(app) == [(ayu.id, "telegram"), (ayu.id, "whatsapp")]
    assert await count(app, LinkCode) == 0  # used up
    async with app.sessions() as session:
        told = await session.scalar(
            select(OutboxMessage).where(OutboxMessage.dedup_key.startswith("link:"))
        )
        linked = await session.scalar(
            select(AuditEntry).where(AuditEntry.action == "identity.linked")
        )
    # The app used so far is told by a push.
    assert told is not None and (told.channel, told.address) == ("telegram", "tg-ayu")
    assert told.body is not None and "WhatsApp" in told.body["text"]
    assert linked is not None and linked.channel == "whatsapp" and linked.detail == {}

    # Both apps are the same person: the settings list the apps by name, never their ids.
    await whatsapp.send("/settings")
    assert "Apps: Telegram, WhatsApp" in whatsapp.text
    assert "62811" not in whatsapp.text and "tg-ayu" not in whatsapp.text
    await telegram.send("/settings")
    assert "Apps: Telegram, WhatsApp" in telegram.text


async def test_a_code_works_once_and_not_after_it_expires(app: bootstrap.App) -> None:
    telegram = await joined_on_telegram(app)
    code = await link_code(telegram)
    await Chat(app.core, "62811", channel=Channel.WHATSAPP).send(f"/start {code}")

    again = Chat(app.core, "console-1", channel=Channel.CONSOLE)
    await again.send(f"/start {code}")
    assert "Sorry, this bot is only for participants" in again.text  # as a wrong invite code
    assert len(await identities(app)) == 2

    late = await link_code(telegram)
    app.core.clock.advance(timedelta(minutes=16))
    await again.send(f"/start {late}")
    assert "Sorry, this bot is only for participants" in again.text
    assert len(await identities(app)) == 2
    app.core.clock.reset()


async def test_two_people_who_joined_are_never_merged(app: bootstrap.App) -> None:
    telegram = await joined_on_telegram(app)
    code = await link_code(telegram)
    budi = Chat(app.core, "62822", channel=Channel.WHATSAPP, name="Budi")
    await join_as_mentee(app, budi, "Budi Santoso")

    await budi.send(f"/start {code}")
    assert "cannot be linked to another account" in budi.text
    ayu, other = await person_named(app, "Ayu Lestari"), await person_named(app, "Budi Santoso")
    assert await identities(app) == [(ayu.id, "telegram"), (other.id, "whatsapp")]
    assert await count(app, LinkCode) == 1  # still usable by an app that has not joined

    # The code's owner trying it on an app of their own is told so.
    await telegram.send(f"/start {code}")
    assert "already linked to your account" in telegram.text


async def test_a_second_account_on_the_same_app_is_refused(app: bootstrap.App) -> None:
    telegram = await joined_on_telegram(app)
    code = await link_code(telegram)
    second = Chat(app.core, "tg-other", channel=Channel.TELEGRAM)
    await second.send(f"/start {code}")
    assert "already uses the bot on this app" in second.text
    assert len(await identities(app)) == 1


async def test_guessed_codes_are_limited_like_invite_codes(app: bootstrap.App) -> None:
    telegram = await joined_on_telegram(app)
    code = await link_code(telegram)
    guesser = Chat(app.core, "62899", channel=Channel.WHATSAPP)
    for guess in range(WRONG_INVITES_PER_HOUR):
        await guesser.send(f"/start {guess:08d}")
        assert "Sorry, this bot is only for participants" in guesser.text
    await guesser.send(f"/start {code}")  # even the right code waits now
    assert "Please wait an hour" in guesser.text
    assert len(await identities(app)) == 1


async def test_pushes_go_to_the_app_used_last_or_the_one_chosen(app: bootstrap.App) -> None:
    telegram = await joined_on_telegram(app)
    code = await link_code(telegram)
    ayu = await person_named(app, "Ayu Lestari")
    assert await push_channel(app, ayu.id) == "telegram"

    app.core.clock.advance(timedelta(minutes=1))
    whatsapp = Chat(app.core, "62811", channel=Channel.WHATSAPP, language="en")
    await whatsapp.send(f"/start {code}")
    assert await push_channel(app, ayu.id) == "whatsapp"  # used last

    await whatsapp.send("/settings")
    assert "Messages go to: the app you used last" in whatsapp.text
    await whatsapp.press_label("Channel for messages")
    await whatsapp.press_label("Telegram")
    assert "Messages go to: Telegram" in whatsapp.text
    assert await push_channel(app, ayu.id) == "telegram"
    async with app.sessions.begin() as session:
        assert await pushes.push(
            session, ayu.id, Outgoing("hi"), key="test:chosen", now=app.core.clock.now(),
            channels=SERVED,
        )  # fmt: skip
        row = await session.scalar(
            select(OutboxMessage).where(OutboxMessage.dedup_key == "test:chosen")
        )
        assert row is not None and row.channel == "telegram"

    # The chosen app cannot be reached, or is not served: the one used last instead.
    async with app.sessions.begin() as session:
        await session.execute(
            update(ChannelIdentity)
            .where(ChannelIdentity.channel == "telegram")
            .values(unreachable_at=app.core.clock.now())
        )
    assert await push_channel(app, ayu.id) == "whatsapp"
    async with app.sessions() as session:
        address = await pushes.address_of(session, ayu.id, {"whatsapp"})
    assert address is not None and address.channel == "whatsapp"

    await whatsapp.send("/settings")
    await whatsapp.press_label("Channel for messages")
    await whatsapp.press_label("The one I used last")
    async with app.sessions() as session:
        person = await session.get(Person, ayu.id)
    assert person is not None and person.push_channel is None
    app.core.clock.reset()


async def test_a_forged_channel_choice_changes_nothing(app: bootstrap.App) -> None:
    telegram = await joined_on_telegram(app)
    await telegram.press("pushto:whatsapp")  # not one of hers
    assert "expired" in telegram.text
    ayu = await person_named(app, "Ayu Lestari")
    assert ayu.push_channel is None


async def test_forget_erases_both_apps(app: bootstrap.App) -> None:
    telegram = await joined_on_telegram(app)
    code = await link_code(telegram)
    whatsapp = Chat(app.core, "62811", channel=Channel.WHATSAPP, language="en")
    await whatsapp.send(f"/start {code}")
    await link_code(telegram)  # an unused code goes with the person too

    await whatsapp.send("/forget")
    await whatsapp.press("forget:yes")
    assert await count(app, Person) == 0
    assert await count(app, ChannelIdentity) == 0
    assert await count(app, LinkCode) == 0
    await telegram.send("/settings")
    assert "belum bergabung" in telegram.text  # a stranger again on both apps
