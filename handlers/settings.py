"""/settings: a summary of the profile with a button per field; each reuses its profile step."""

from __future__ import annotations

from bot.context import Context
from bot.roles import EVERYONE
from bot.router import Router
from bot.services.profile import FIELDS

from . import profile, summary

router = Router()


@router.command("settings", roles=EVERYONE)
async def settings(ctx: Context) -> None:
    if ctx.state and ctx.state.startswith(profile.SETTINGS + ":"):
        await ctx.clear_state()
    await summary.show(ctx)


@router.callback("set", roles=EVERYONE)
async def change(ctx: Context) -> None:
    field = ctx.argument
    role = ctx.role
    if field == "cancel":
        if ctx.state and ctx.state.startswith(profile.SETTINGS + ":"):
            await ctx.clear_state()
        ctx.say("settings-cancelled")
        return
    if role is None or field not in FIELDS[role]:
        ctx.expired()
        return
    await profile.ask(ctx, field, profile.SETTINGS)
