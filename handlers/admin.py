"""Admin commands: invites and programme figures."""

from __future__ import annotations

from bot.context import Context
from bot.roles import ADMINS, Role
from bot.router import Router
from bot.services import invites, stats

router = Router()


@router.command("invite", roles=ADMINS)
async def invite(ctx: Context) -> None:
    ctx.say(
        "invite-which-role",
        [[ctx.button(f"role-{role.value}", f"inv:{role.value}") for role in Role]],
    )


@router.callback("inv", roles=ADMINS)
async def invite_role(ctx: Context) -> None:
    value = ctx.argument
    if value not in {r.value for r in Role}:
        ctx.expired()
        return
    days = ctx.policy.invite_expires_days
    new = await invites.create(
        ctx.session, Role(value), expires_days=days, created_by_id=ctx.person_id
    )
    ctx.audit("invite.created", role=value)
    link = ctx.links.telegram_start(new.code)
    ctx.say("invite-created", role=ctx.t(f"role-{value}"), code=new.code, days=days)
    if link:
        ctx.say("invite-link", link=link)


@router.command("stats", roles=ADMINS)
async def programme_stats(ctx: Context) -> None:
    figures = await stats.programme(ctx.session)
    ctx.say(
        "stats",
        mentees=figures.people_by_role.get(Role.MENTEE.value, 0),
        mentors=figures.people_by_role.get(Role.MENTOR.value, 0),
        admins=figures.people_by_role.get(Role.ADMIN.value, 0),
        onboarded=figures.onboarded,
        unreachable=figures.unreachable,
        mentorships=figures.active_mentorships,
        invites=figures.open_invites,
    )
