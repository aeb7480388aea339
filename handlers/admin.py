"""Admin commands: invites."""

from __future__ import annotations

from bot.context import Context
from bot.roles import ADMINS, Role
from bot.router import Router
from bot.services import invites
from bot.states import INVITE, State

from .buttons import InviteRole

router = Router()

# The role buttons work once, right after /invite: pressing one three times makes one invite.
ROLE_STATE = State(INVITE, "role")


@router.command("invite", roles=ADMINS)
async def invite(ctx: Context) -> None:
    await ctx.set_state(ROLE_STATE)
    ctx.say(
        "invite-which-role",
        [[ctx.button(f"role-{role.value}", InviteRole(role.value)) for role in Role]],
    )


@router.callback(InviteRole, roles=ADMINS, states=(ROLE_STATE,))
async def invite_role(ctx: Context) -> None:
    choice = ctx.choice(InviteRole)
    if choice is None or choice.role not in {r.value for r in Role}:
        ctx.expired()
        return
    await ctx.clear_state()
    days = ctx.policy.invite_expires_days
    new = await invites.create(
        ctx.session,
        Role(choice.role),
        now=ctx.now(),
        expires_days=days,
        created_by_id=ctx.person_id,
    )
    ctx.audit("invite.created", role=choice.role)
    link = ctx.links.telegram_start(new.code)
    # The code is never stored in clear, not even in the outbox: sent without a row.
    role = ctx.t(f"role-{choice.role}")
    ctx.send(ctx.t("invite-created", role=role, code=new.code, days=days), ephemeral=True)
    if link:
        ctx.send(ctx.t("invite-link", link=link), ephemeral=True)
