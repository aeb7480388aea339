"""Admin commands: invites and programme figures."""

from __future__ import annotations

from datetime import timedelta

from bot.context import Context
from bot.outbox import store
from bot.roles import ADMINS, Role
from bot.router import Router
from bot.services import invites, questions, stats
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


@router.command("stats", roles=ADMINS)
async def programme_stats(ctx: Context) -> None:
    figures = await stats.programme(ctx.session, ctx.now())
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
    target = timedelta(hours=ctx.policy.answer_target_hours)
    times = await questions.answer_times(ctx.session, ctx.now(), target)
    ctx.say(
        "stats-questions",
        asked=times.asked,
        open=times.open,
        overdue=times.overdue,
        median=_figure(times.median_first_response_hours),
        in_time=_figure(round(times.answered_in_time * 100) if times.answered_in_time else None),
        hours=ctx.policy.answer_target_hours,
    )
    backlog = await store.backlog(ctx.session)
    ctx.say(
        "stats-outbox",
        waiting=backlog["pending"] + backlog["failed"] + backlog["sending"],
        dead=backlog["dead"],
    )


def _figure(value: float | int | None) -> str:
    return "-" if value is None else f"{value:g}"
