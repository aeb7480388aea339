"""/forget: erase a person after an explicit confirmation."""

from __future__ import annotations

from bot.context import Context
from bot.router import Router
from bot.services import people

router = Router()


@router.command("forget")
async def forget(ctx: Context) -> None:
    if ctx.person is None:
        await ctx.clear_state()  # an abandoned onboarding is all there can be
        ctx.say("forget-nothing")
        return
    ctx.say(
        "forget-confirm",
        [[ctx.button("btn-forget-yes", "forget:yes"), ctx.button("btn-forget-no", "forget:no")]],
    )


@router.callback("forget")
async def confirmed(ctx: Context) -> None:
    if ctx.person is None:
        ctx.say("forget-nothing")
        return
    if ctx.incoming.payload != "forget:yes":
        ctx.say("forget-kept")
        return
    role = ctx.person.role
    await people.erase(ctx.session, ctx.person)
    ctx.person = None
    ctx.state, ctx.data = None, {}
    # The audit keeps that an erasure happened, not who it was.
    ctx.audit("person.erased", role=role)
    ctx.say("forgotten")
    ctx.refresh_menu()
