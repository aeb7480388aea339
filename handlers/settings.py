"""/settings: a summary of the profile with a button per field; each reuses its profile step."""

from __future__ import annotations

from bot.context import Context
from bot.roles import EVERYONE
from bot.router import Router
from bot.services.profile import FIELDS
from bot.states import SETTINGS

from . import profile, summary
from .buttons import SettingsCancel, SettingsField

router = Router()


@router.command("settings", roles=EVERYONE)
async def settings(ctx: Context) -> None:
    if ctx.state and ctx.state.flow == SETTINGS:
        await ctx.clear_state()
    await summary.show(ctx)


@router.callback(SettingsCancel, roles=EVERYONE)
async def cancel(ctx: Context) -> None:
    if ctx.state and ctx.state.flow == SETTINGS:
        await ctx.clear_state()
    ctx.say("settings-cancelled")


@router.callback(SettingsField, roles=EVERYONE)
async def change(ctx: Context) -> None:
    choice = ctx.choice(SettingsField)
    role = ctx.role
    if choice is None or role is None or choice.field not in FIELDS[role]:
        ctx.expired()
        return
    await profile.ask(ctx, choice.field, SETTINGS)
