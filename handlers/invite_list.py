"""Open invites for admins: a page of them, one in detail with who joined through it, and
revoking one. Buttons carry an invite id only; each press looks the invite up again, so a
forged or stale id is one refusal (audited) and changes nothing."""

from __future__ import annotations

from dataclasses import dataclass

from bot.context import Context
from bot.db.models import Person
from bot.messages import Button
from bot.payloads import Payload, kind
from bot.roles import ADMINS
from bot.router import Router
from bot.services import invites, profile
from bot.services.invites import OpenInvite


@kind("ivl")
@dataclass(frozen=True, slots=True)
class InvitesPage(Payload):
    """A page of the open invites (counted from 0)."""

    page: int


@kind("ivs")
@dataclass(frozen=True, slots=True)
class InviteShow(Payload):
    invite: int


@kind("ivr")
@dataclass(frozen=True, slots=True)
class InviteRevoke(Payload):
    """Ask to confirm revoking."""

    invite: int


@kind("ivy")
@dataclass(frozen=True, slots=True)
class InviteRevokeConfirm(Payload):
    invite: int


router = Router()

# Seven invites and two page buttons: one WhatsApp list.
PER_PAGE = 7
NAMES_SHOWN = 10


@router.callback(InvitesPage, roles=ADMINS)
async def page(ctx: Context) -> None:
    pressed = ctx.choice(InvitesPage)
    total = await invites.count_open(ctx.session, ctx.now())
    if total == 0:
        ctx.say("invites-none")
        return
    pages = (total + PER_PAGE - 1) // PER_PAGE
    number = max(0, min(pressed.page if pressed else 0, pages - 1))
    shown = await invites.open_invites(
        ctx.session, ctx.now(), offset=number * PER_PAGE, limit=PER_PAGE
    )
    lines = [f"#{invite.id} · {_line(ctx, invite)}" for invite in shown]
    rows = [
        [Button(_label(ctx, invite), payload=InviteShow(invite.id).encode())] for invite in shown
    ]
    nav = []
    if number > 0:
        nav.append(ctx.button("btn-previous", InvitesPage(number - 1)))
    if number < pages - 1:
        nav.append(ctx.button("btn-next", InvitesPage(number + 1)))
    text = ctx.t("invites-open", count=total) + "\n\n" + "\n".join(lines)
    if pages > 1:
        text += "\n\n" + ctx.t("assign-page", page=number + 1, pages=pages)
    ctx.send(text, [*rows, nav], replace=pressed is not None and pressed.page != 0)


@router.callback(InviteShow, roles=ADMINS)
async def show(ctx: Context) -> None:
    pressed = ctx.choice(InviteShow)
    invite = await invites.open_invite(ctx.session, pressed.invite, ctx.now()) if pressed else None
    if invite is None:
        ctx.expired()
        return
    total, joined = await invites.joined_through(ctx.session, invite.id, limit=NAMES_SHOWN)
    names = ", ".join(person.display_name or "-" for person in joined)
    if total > len(joined):
        names += ", " + ctx.t("invite-joined-more", count=total - len(joined))
    text = "\n".join(
        [
            ctx.t("invite-detail", number=invite.id, line=_line(ctx, invite)),
            ctx.t("invite-created-at", at=_when(ctx, invite)),
            ctx.t("invite-joined", count=total, names=names or "-"),
        ]
    )
    ctx.send(
        text,
        [
            [ctx.button("btn-invite-revoke", InviteRevoke(invite.id))],
            [ctx.button("btn-invites-back", InvitesPage(0))],
        ],
    )


@router.callback(InviteRevoke, roles=ADMINS)
async def revoke(ctx: Context) -> None:
    pressed = ctx.choice(InviteRevoke)
    invite = await invites.open_invite(ctx.session, pressed.invite, ctx.now()) if pressed else None
    if invite is None:
        ctx.expired()
        return
    ctx.say(
        "invite-revoke-confirm",
        [
            [ctx.button("btn-invite-revoke-yes", InviteRevokeConfirm(invite.id))],
            [ctx.button("btn-invites-back", InvitesPage(0))],
        ],
        number=invite.id,
    )


@router.callback(InviteRevokeConfirm, roles=ADMINS)
async def revoke_confirmed(ctx: Context) -> None:
    pressed = ctx.choice(InviteRevokeConfirm)
    if pressed is None or not await invites.revoke(ctx.session, pressed.invite, ctx.now()):
        ctx.expired()  # unknown, already revoked, used up or expired
        return
    ctx.audit("invite.revoked", invite=pressed.invite)
    ctx.say("invite-revoked", number=pressed.invite)


def _line(ctx: Context, invite: OpenInvite) -> str:
    expires = (
        profile.local_time(_me(ctx), invite.expires_at)
        if invite.expires_at
        else ctx.t("invite-no-expiry")
    )
    return ctx.t(
        "invite-line",
        role=ctx.t(f"role-{invite.role.value}"),
        cohort=invite.cohort or "-",
        uses=invite.uses,
        max=invite.max_uses,
        expires=expires,
    )


def _label(ctx: Context, invite: OpenInvite) -> str:
    role = ctx.t(f"role-{invite.role.value}")
    return f"#{invite.id} {role} {invite.uses}/{invite.max_uses}"


def _when(ctx: Context, invite: OpenInvite) -> str:
    return profile.local_time(_me(ctx), invite.created_at)


def _me(ctx: Context) -> Person:
    if ctx.person is None:  # every route here is for admins only
        raise RuntimeError("invites without a person")
    return ctx.person
