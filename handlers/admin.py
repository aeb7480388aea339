"""/invite: a code, its deep link and a QR code of the link; from there, the open invites and
the people tools (handlers/invite_list.py, handlers/people.py)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from bot.context import Context
from bot.documents import qr
from bot.roles import ADMINS, Role
from bot.router import Router
from bot.services import invites
from bot.states import INVITE, State

from .buttons import InviteRole
from .invite_list import InvitesPage
from .people import PeopleStart

router = Router()

# The role buttons work once, right after /invite: pressing one three times makes one invite.
ROLE_STATE = State(INVITE, "role")
# A workshop room, not a mailing list: a code shared wider should be a broadcast instead.
MAX_USES = 500
COHORT_LENGTH = 100


@dataclass(frozen=True, slots=True)
class InviteRequest:
    role: Role
    uses: int = 1
    cohort: str | None = None


def parse_request(args: str) -> InviteRequest | None:
    """ "mentee", "mentee 30", "mentee 30 Angkatan 2": a role, then optionally the number of
    uses, then optionally a cohort's name (the rest of the line). None when it is not that."""
    words = args.split()
    if not words or words[0].lower() not in {role.value for role in Role}:
        return None
    role, rest = Role(words[0].lower()), words[1:]
    uses = 1
    if rest and rest[0].isascii() and rest[0].isdigit():
        uses, rest = int(rest[0]), rest[1:]
    if not 1 <= uses <= MAX_USES:
        return None
    cohort = " ".join(rest) or None
    if cohort is not None and (
        len(cohort) > COHORT_LENGTH
        or any(unicodedata.category(ch).startswith("C") for ch in cohort)
    ):
        return None
    return InviteRequest(role, uses, cohort)


@router.command("invite", roles=ADMINS)
async def invite(ctx: Context) -> None:
    args = ctx.incoming.command[1] if ctx.incoming.command else ""
    if args:
        request = parse_request(args)
        if request is None:
            ctx.say("invite-usage", max=MAX_USES)
            return
        await _create(ctx, request)
        return
    await ctx.set_state(ROLE_STATE)
    ctx.say(
        "invite-which-role",
        [
            [ctx.button(f"role-{role.value}", InviteRole(role.value)) for role in Role],
            [
                ctx.button("btn-invites-open", InvitesPage(0)),
                ctx.button("btn-people", PeopleStart()),
            ],
        ],
    )


@router.callback(InviteRole, roles=ADMINS, states=(ROLE_STATE,))
async def invite_role(ctx: Context) -> None:
    choice = ctx.choice(InviteRole)
    if choice is None or choice.role not in {r.value for r in Role}:
        ctx.expired()
        return
    await ctx.clear_state()
    await _create(ctx, InviteRequest(Role(choice.role)))


async def _create(ctx: Context, request: InviteRequest) -> None:
    days = ctx.policy.invite_expires_days
    new = await invites.create(
        ctx.session,
        request.role,
        now=ctx.now(),
        cohort=request.cohort,
        uses=request.uses,
        expires_days=days,
        created_by_id=ctx.person_id,
    )
    ctx.audit("invite.created", role=request.role.value, uses=request.uses)
    link = ctx.links.telegram_start(new.code)
    # The code is never stored in clear, not even in the outbox: sent without a row, and so
    # are the link and its QR code, which work like the code.
    role = ctx.t(f"role-{request.role.value}")
    if request.uses == 1 and request.cohort is None:
        text = ctx.t("invite-created", role=role, code=new.code, days=days)
    else:
        text = ctx.t(
            "invite-created-many",
            role=role,
            code=new.code,
            days=days,
            uses=request.uses,
            cohort=request.cohort or "-",
        )
    ctx.send(text, ephemeral=True)
    if link:
        ctx.send(ctx.t("invite-link", link=link), ephemeral=True)
        ctx.send(ctx.t("invite-qr", role=role), ephemeral=True, document=qr.invite_qr(link))
