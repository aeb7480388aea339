"""/help, /pause and /resume."""

from __future__ import annotations

from bot.context import Context
from bot.roles import EVERYONE, Role
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
    ctx.send(help_text(ctx, Role(ctx.person.role)))


def help_text(ctx: Context, role: Role) -> str:
    """Every command the role may use, from the routes themselves, so none is left out."""
    names = ctx.router.usable_commands(role) if ctx.router else []
    lines = [f"- /{name}: {ctx.t(f'cmd-{name}')}" for name in names if name != "start"]
    return "\n\n".join([ctx.t(f"help-{role.value}"), "\n".join(lines), ctx.t("help-upcoming")])


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
