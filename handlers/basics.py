"""/help, /pause and /resume."""

from __future__ import annotations

from bot.context import Context
from bot.roles import EVERYONE
from bot.router import Router

router = Router()


@router.command("help")
async def help_(ctx: Context) -> None:
    if ctx.person is None:
        ctx.say("help-guest")
        return
    if ctx.person.onboarded_at is None:
        ctx.say("onboarding-unfinished")
        return
    ctx.say(f"help-{ctx.person.role}")


@router.command("pause", roles=EVERYONE)
async def pause(ctx: Context) -> None:
    assert ctx.person is not None  # guaranteed by the route's roles
    ctx.person.paused = True
    ctx.audit("person.paused")
    ctx.say("paused")


@router.command("resume", roles=EVERYONE)
async def resume(ctx: Context) -> None:
    assert ctx.person is not None
    ctx.person.paused = False
    ctx.audit("person.resumed")
    ctx.say("resumed")
