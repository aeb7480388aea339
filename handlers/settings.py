"""/settings: a summary of the profile with a button per field; each reuses its profile step."""

from __future__ import annotations

from bot.context import Context
from bot.roles import EVERYONE, Role
from bot.router import Router

from . import profile

router = Router()

FIELDS: dict[Role, tuple[str, ...]] = {
    Role.ADMIN: ("language", "name"),
    Role.MENTEE: ("language", "name", "province", "office", "time"),
    Role.MENTOR: ("language", "name", "province", "office", "time", "capacity", "expertise"),
}


@router.command("settings", roles=EVERYONE)
async def settings(ctx: Context) -> None:
    if ctx.state and ctx.state.startswith(profile.SETTINGS + ":"):
        await ctx.clear_state()
    await profile.show_summary(ctx)


@router.callback("set", roles=EVERYONE)
async def change(ctx: Context) -> None:
    field = (ctx.incoming.payload or "").split(":", 1)[1]
    role = ctx.role
    if field == "cancel":
        if ctx.state and ctx.state.startswith(profile.SETTINGS + ":"):
            await ctx.clear_state()
        ctx.say("settings-cancelled")
        return
    if role is None or field not in FIELDS[role]:
        ctx.say("button-expired")
        return
    await profile.ask(ctx, field, profile.SETTINGS)
