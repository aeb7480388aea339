"""One person on several apps: a link code from /settings, `/start CODE` on the other app, and
the channel that pushes go to."""

from __future__ import annotations

from bot.context import Context
from bot.db.models import Person
from bot.i18n import LANGUAGES, Arg
from bot.messages import Outgoing
from bot.roles import EVERYONE
from bot.router import Router
from bot.services import links, people, pushes
from bot.states import SETTINGS

from . import summary
from .buttons import LinkStart, PushChannelAsk, PushChannelChoice, SettingsCancel

router = Router()

LAST_USED = "last"


def channel_name(ctx: Context, channel: str, language: str | None = None) -> str:
    return ctx.catalogs.text(language or ctx.language, f"channel-{channel}")


def _both(ctx: Context, key: str, **args: Arg) -> str:
    # Said to a chat that has not joined: its language is not known.
    return "\n\n".join(ctx.catalogs.text(lang, key, **args) for lang in LANGUAGES)


async def _leave_settings(ctx: Context) -> None:
    if ctx.state and ctx.state.flow == SETTINGS:
        await ctx.clear_state()


@router.callback(LinkStart, roles=EVERYONE)
async def new_code(ctx: Context) -> None:
    await _leave_settings(ctx)
    assert ctx.person is not None  # the route is for joined people only
    new = await links.create(ctx.session, ctx.person.id, ctx.now())
    ctx.audit("link.code_created")
    minutes = int(links.VALID_FOR.total_seconds() // 60)
    # Like an invite code, the code is never stored in clear, not even in the outbox.
    ctx.send(ctx.t("link-code", code=new.code, minutes=minutes), ephemeral=True)
    link = ctx.links.telegram_start(new.code)
    if link:
        ctx.send(ctx.t("link-code-telegram", link=link), ephemeral=True)


async def redeem(ctx: Context, code: str) -> None:
    """`/start CODE` with a link code: attach this chat's identity to the code's person."""
    if ctx.person is not None:
        await _refuse_joined(ctx, code)
        return
    if ctx.limits.wrong_invites.blocked(ctx.chat_key):
        ctx.send(_both(ctx, "invite-too-many"))
        return
    link = await links.find(ctx.session, code, ctx.now())
    incoming = ctx.incoming
    address = people.Address(incoming.channel, incoming.external_id, incoming.chat_id)
    outcome = await links.attach(ctx.session, link, address, ctx.now()) if link else None
    if link is None or outcome in (None, links.Outcome.USED):
        # The same answer as a wrong invite code, and counted with them.
        ctx.limits.wrong_invites.record(ctx.chat_key)
        ctx.audit("invite.refused")
        ctx.send(_both(ctx, "invite-invalid"))
        return
    if outcome == links.Outcome.SAME_CHANNEL:
        ctx.send(_both(ctx, "link-same-channel"))
        return
    person = await ctx.session.get(Person, link.person_id)
    assert person is not None  # the code's row cascades with the person
    await _linked(ctx, person, link.id)


async def _linked(ctx: Context, person: Person, link_id: int) -> None:
    ctx.person, ctx.language = person, person.language
    ctx.state, ctx.data = None, {}
    new_channel = ctx.incoming.channel.value
    ctx.audit("identity.linked")  # the channel only: no code, no ids
    names = [channel_name(ctx, c) for c in await links.channels_of(ctx.session, person.id)]
    ctx.say("link-done", name=person.display_name or "", channels=", ".join(names))
    ctx.refresh_menu()
    # The app used so far hears of it too, so that a link nobody asked for is noticed.
    message = Outgoing(
        ctx.catalogs.text(
            person.language,
            "link-done-other",
            channel=channel_name(ctx, new_channel, person.language),
        )
    )
    queued = await pushes.push(
        ctx.session,
        person.id,
        message,
        key=f"link:{link_id}",
        now=ctx.now(),
        channels=ctx.channels - {new_channel},
    )
    ctx.reply.pushed = ctx.reply.pushed or queued


async def _refuse_joined(ctx: Context, code: str) -> None:
    """Two people who joined are never merged; the answer does not tell whether another
    person's code was valid."""
    assert ctx.person is not None
    link = await links.find(ctx.session, code, ctx.now())
    if link is not None and link.person_id == ctx.person.id:
        ctx.say("link-own")
        return
    ctx.audit("link.refused")
    ctx.say("link-joined-refused")


@router.callback(PushChannelAsk, roles=EVERYONE)
async def ask_push_channel(ctx: Context) -> None:
    await _leave_settings(ctx)
    assert ctx.person is not None
    rows = [[ctx.button("btn-push-last", PushChannelChoice(LAST_USED))]]
    rows += [
        [ctx.button(f"channel-{channel}", PushChannelChoice(channel))]
        for channel in await links.channels_of(ctx.session, ctx.person.id)
    ]
    rows.append([ctx.button("btn-cancel", SettingsCancel())])
    ctx.say("ask-push-channel", rows)


@router.callback(PushChannelChoice, roles=EVERYONE)
async def push_channel_chosen(ctx: Context) -> None:
    choice = ctx.choice(PushChannelChoice)
    assert ctx.person is not None
    known = await links.channels_of(ctx.session, ctx.person.id)
    if choice is None or (choice.channel != LAST_USED and choice.channel not in known):
        ctx.expired()
        return
    ctx.person.push_channel = None if choice.channel == LAST_USED else choice.channel
    ctx.audit("person.push_channel")
    ctx.say("settings-saved")
    await summary.show(ctx)
