"""An update whose handler fails changes nothing, is answered with "try again", and can be
handled again when it is redelivered."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot import bootstrap
from bot.context import Context
from bot.db.models import AuditEntry, Base, ConversationState, ProcessedUpdate
from bot.messages import Channel, Incoming
from bot.services import conversation
from tests.chat import Chat
from tests.integration.test_onboarding import agree, person_named


async def every_row(app: bootstrap.App) -> dict[str, list[tuple[object, ...]]]:
    """The whole database, table by table, in a stable order."""
    async with app.sessions() as session:
        return {
            table.name: sorted(
                (tuple(row) for row in (await session.execute(select(table))).all()), key=repr
            )
            for table in Base.metadata.sorted_tables
        }


def fails_first_time(app: bootstrap.App) -> list[str]:
    """A /boom command that changes the person, their state and the audit log, replies, and
    then raises, but only the first time. Returns the log of its calls."""
    calls: list[str] = []

    @app.router.command("boom", menu=False)
    async def boom(ctx: Context) -> None:
        assert ctx.person is not None
        calls.append(ctx.incoming.update_id)
        ctx.person.display_name = "Changed By Boom"
        await conversation.save(
            ctx.session,
            ctx.incoming.channel,
            ctx.incoming.external_id,
            "settings:office",
            {},
            ctx.now(),
        )
        ctx.audit("test.boom")
        ctx.say("unknown-command")
        if len(calls) == 1:
            raise RuntimeError("the handler broke")

    return calls


async def joined(app: bootstrap.App, external_id: str, language: str, client: str) -> Chat:
    """Someone who joined in `language` and writes from a phone set to `client`."""
    chat = Chat(app.core, external_id, language=client)
    await agree(app, chat, language=language)
    await chat.send("Budi Santoso")
    await chat.send("jatim")
    await chat.send("Kejari Surabaya")
    await chat.press("time:07:00")
    return chat


@pytest.mark.parametrize(("language", "client"), [("en", "id"), ("id", "en")])
async def test_a_failing_handler_changes_nothing_and_says_try_again_in_their_language(
    app: bootstrap.App, language: str, client: str
) -> None:
    await joined(app, "budi", language, client)
    fails_first_time(app)
    before = await every_row(app)

    update = Incoming(
        Channel.CONSOLE, "budi", "budi", "boom-1", text="/boom", language_hint=client
    )
    reply = await app.core.handle(update)

    assert reply.failed
    assert [m.text for m in reply.messages] == [app.catalogs.text(language, "error-generic")]
    assert reply.menu is None
    assert await every_row(app) == before  # state, person, audit log and update ids alike


async def test_a_failed_update_is_handled_when_it_is_redelivered(app: bootstrap.App) -> None:
    await joined(app, "budi", "en", "en")
    calls = fails_first_time(app)
    update = Incoming(Channel.CONSOLE, "budi", "budi", "boom-1", text="/boom")

    assert (await app.core.handle(update)).failed
    again = await app.core.handle(update)  # Telegram redelivers an update it saw fail

    assert calls == ["boom-1", "boom-1"]
    assert not again.failed
    assert [m.text for m in again.messages] == [app.catalogs.text("en", "unknown-command")]
    assert (await person_named(app, "Changed By Boom")).language == "en"
    async with app.sessions() as session:
        state = await session.get(ConversationState, ("console", "budi"))
        actions = (await session.scalars(select(AuditEntry.action))).all()
        processed = (await session.scalars(select(ProcessedUpdate.update_id))).all()
    assert state is not None and state.state == "settings:office"
    assert actions.count("test.boom") == 1
    assert processed.count("boom-1") == 1
    # Handled once now: a third delivery is a duplicate and runs nothing.
    assert (await app.core.handle(update)).messages == []
    assert calls == ["boom-1", "boom-1"]
