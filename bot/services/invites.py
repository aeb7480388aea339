"""Invite codes: unguessable, single-role, optionally expiring and limited in uses."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Select, and_, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Cohort, Invite, InviteRedemption, Person
from bot.roles import Role

# 16 characters of the deep-link alphabet: 96 bits of randomness.
CODE_BYTES = 12
_CODE_SHAPE = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


@dataclass(frozen=True, slots=True)
class NewInvite:
    code: str
    role: Role
    cohort: str | None
    max_uses: int
    expires_at: datetime | None


def hash_code(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


async def create(
    session: AsyncSession,
    role: Role,
    *,
    now: datetime,
    cohort: str | None = None,
    uses: int = 1,
    expires_days: int | None = None,
    created_by_id: int | None = None,
) -> NewInvite:
    if uses < 1:
        raise ValueError("uses must be at least 1")
    if expires_days is not None and expires_days < 1:
        raise ValueError("expires-days must be at least 1")
    cohort_id = (await cohort_by_name(session, cohort, now)).id if cohort else None
    code = secrets.token_urlsafe(CODE_BYTES)
    expires_at = now + timedelta(days=expires_days) if expires_days else None
    session.add(
        Invite(
            code_hash=hash_code(code),
            role=role.value,
            cohort_id=cohort_id,
            max_uses=uses,
            uses=0,
            expires_at=expires_at,
            created_by_id=created_by_id,
            created_at=now,
        )
    )
    await session.flush()
    return NewInvite(code, role, cohort, uses, expires_at)


async def cohort_by_name(session: AsyncSession, name: str, now: datetime) -> Cohort:
    cohort = await session.scalar(select(Cohort).where(Cohort.name == name))
    if cohort is None:
        cohort = Cohort(name=name, created_at=now)
        session.add(cohort)
        await session.flush()
    return cohort


async def find_usable(session: AsyncSession, code: str, now: datetime) -> Invite | None:
    """The invite behind a code, if it exists, has not expired by `now` and has uses left."""
    if not _CODE_SHAPE.match(code):
        return None
    invite = await session.scalar(select(Invite).where(Invite.code_hash == hash_code(code)))
    if invite is None or not usable(invite, now):
        return None
    return invite


def usable(invite: Invite, now: datetime) -> bool:
    if invite.expires_at is not None and invite.expires_at <= now:
        return False
    return invite.uses < invite.max_uses


async def take_use(session: AsyncSession, invite: Invite, now: datetime) -> bool:
    """Count one use atomically, so two people cannot share the last one. False when used up
    or expired by `now`."""
    if not usable(invite, now):
        return False
    result = await session.execute(
        update(Invite)
        .where(Invite.id == invite.id, Invite.uses < Invite.max_uses)
        .values(uses=Invite.uses + 1)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def record_redemption(
    session: AsyncSession, invite_id: int, person_id: int, now: datetime
) -> None:
    session.add(InviteRedemption(invite_id=invite_id, person_id=person_id, redeemed_at=now))


@dataclass(frozen=True, slots=True)
class OpenInvite:
    """An invite that can still be used, as admins see it (never its code, which is not kept)."""

    id: int
    role: Role
    cohort: str | None
    uses: int
    max_uses: int
    expires_at: datetime | None
    created_at: datetime


def _open(now: datetime) -> ColumnElement[bool]:
    return and_(
        or_(Invite.expires_at.is_(None), Invite.expires_at > now),
        Invite.uses < Invite.max_uses,
    )


def _open_query(now: datetime) -> Select[Invite, str]:
    return (
        select(Invite, Cohort.name)
        .outerjoin(Cohort, Cohort.id == Invite.cohort_id)
        .where(_open(now))
        .order_by(Invite.id.desc())
    )


def _as_open(invite: Invite, cohort: str | None) -> OpenInvite:
    return OpenInvite(
        invite.id,
        Role(invite.role),
        cohort,
        invite.uses,
        invite.max_uses,
        invite.expires_at,
        invite.created_at,
    )


async def count_open(session: AsyncSession, now: datetime) -> int:
    return int(
        await session.scalar(select(func.count()).select_from(Invite).where(_open(now))) or 0
    )


async def open_invites(
    session: AsyncSession, now: datetime, *, offset: int = 0, limit: int = 7
) -> list[OpenInvite]:
    """Invites still usable, the newest first."""
    rows = await session.execute(_open_query(now).offset(offset).limit(limit))
    return [_as_open(invite, cohort) for invite, cohort in rows.all()]


async def open_invite(session: AsyncSession, invite_id: int, now: datetime) -> OpenInvite | None:
    row = (await session.execute(_open_query(now).where(Invite.id == invite_id))).first()
    return _as_open(row[0], row[1]) if row else None


async def revoke(session: AsyncSession, invite_id: int, now: datetime) -> bool:
    """End an invite now: it expires, so its code is refused like any expired one. False when
    it was no longer open."""
    result = await session.execute(
        update(Invite)
        .where(Invite.id == invite_id, _open(now))
        .values(expires_at=now)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def joined_through(
    session: AsyncSession, invite_id: int, *, limit: int = 10
) -> tuple[int, list[Person]]:
    """How many joined through an invite, and the first of them in the order they joined."""
    total = await session.scalar(
        select(func.count())
        .select_from(InviteRedemption)
        .where(InviteRedemption.invite_id == invite_id)
    )
    rows = await session.scalars(
        select(Person)
        .join(InviteRedemption, InviteRedemption.person_id == Person.id)
        .where(InviteRedemption.invite_id == invite_id)
        .order_by(InviteRedemption.redeemed_at, Person.id)
        .limit(limit)
    )
    return int(total or 0), list(rows.all())
