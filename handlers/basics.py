"""/help, /pause and /resume."""

from __future__ import annotations

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

from bot.context import Context
from bot.curriculum import schedule
from bot.roles import EVERYONE, Role
from bot.router import Router

router = Router()

MAX_PAUSE_DAYS = 90
_DAYS = re.compile(r"[0-9]{1,3}")


@router.command("help")
async def help_(ctx: Context) -> None:
    if ctx.person is None:
        ctx.say("help-guest")
        return
    if ctx.person.onboarded_at is None:
        ctx.say("onboarding-unfinished")
        return
    ctx.send(help_text(ctx, Role(ctx.person.role)))


def help_text(ctx: Context, role: Role) -> str:
    """Every command the role may use, from the routes themselves, so none is left out."""
    names = ctx.router.usable_commands(role) if ctx.router else []
    lines = [f"- /{name}: {ctx.t(f'cmd-{name}')}" for name in names if name != "start"]
    return "\n\n".join([ctx.t(f"help-{role.value}"), "\n".join(lines)])


@router.command("pause", roles=EVERYONE)
async def pause(ctx: Context) -> None:
    """`/pause` until `/resume`, or `/pause N` for N days."""
    assert ctx.person is not None  # guaranteed by the route's roles
    typed = (ctx.incoming.command or ("", ""))[1]
    if not typed:
        ctx.person.paused, ctx.person.paused_until = True, None
        ctx.audit("person.paused")
        ctx.say("paused")
        return
    days = int(typed) if _DAYS.fullmatch(typed) else 0
    if not 1 <= days <= MAX_PAUSE_DAYS:
        ctx.say("pause-bad-days", max=MAX_PAUSE_DAYS)
        return
    until = ctx.now() + timedelta(days=days)
    ctx.person.paused, ctx.person.paused_until = False, until
    ctx.audit("person.paused", days=days)
    zone = ZoneInfo(ctx.person.timezone or schedule.ZONES[0])
    ctx.say("paused-until", date=until.astimezone(zone).strftime("%d.%m.%Y %H:%M"))


@router.command("resume", roles=EVERYONE)
async def resume(ctx: Context) -> None:
    assert ctx.person is not None
    ctx.person.paused, ctx.person.paused_until = False, None
    ctx.audit("person.resumed")
    ctx.say("resumed")
