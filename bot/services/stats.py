"""Programme figures for admins."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import ChannelIdentity, Invite, Mentorship, Person


@dataclass(frozen=True, slots=True)
class ProgrammeStats:
    people_by_role: dict[str, int]
    onboarded: int
    unreachable: int
    active_mentorships: int
    open_invites: int


async def programme(session: AsyncSession, now: datetime) -> ProgrammeStats:
    by_role = dict(
        (await session.execute(select(Person.role, func.count()).group_by(Person.role))).all()
    )
    onboarded = await session.scalar(
        select(func.count()).select_from(Person).where(Person.onboarded_at.is_not(None))
    )
    unreachable = await session.scalar(
        select(func.count(func.distinct(ChannelIdentity.person_id))).where(
            ChannelIdentity.unreachable_at.is_not(None)
        )
    )
    mentorships = await session.scalar(
        select(func.count()).select_from(Mentorship).where(Mentorship.ended_at.is_(None))
    )
    open_invites = await session.scalar(
        select(func.count())
        .select_from(Invite)
        .where(
            Invite.uses < Invite.max_uses,
            (Invite.expires_at.is_(None)) | (Invite.expires_at > now),
        )
    )
    return ProgrammeStats(
        {str(role): int(count) for role, count in by_role.items()},
        int(onboarded or 0),
        int(unreachable or 0),
        int(mentorships or 0),
        int(open_invites or 0),
    )
