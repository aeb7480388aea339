"""Demo people for the local console, so one person can try every role without invites."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import provinces
from bot.db.models import ChannelIdentity, Mentorship, Person
from bot.roles import Role
from bot.services import people, profile

DEMO_PEOPLE = {
    "admin": (Role.ADMIN, "Demo Admin (demo)"),
    "mentor": (Role.MENTOR, "Demo Mentor (demo)"),
    "mentee": (Role.MENTEE, "Demo Mentee (demo)"),
}


async def ensure(session: AsyncSession, channel: str, language: str, now: datetime) -> None:
    """Create whichever demo person is missing (erased ones come back); others keep changes."""
    existing = set(
        (
            await session.scalars(
                select(ChannelIdentity.external_id).where(
                    ChannelIdentity.channel == channel,
                    ChannelIdentity.external_id.in_(DEMO_PEOPLE),
                )
            )
        ).all()
    )
    created: dict[str, Person] = {}
    province = provinces.by_code("JI")
    for key, (role, name) in DEMO_PEOPLE.items():
        if key in existing:
            continue
        person = await people.join(
            session,
            people.Address(channel, key, key),
            role=role,
            language=language,
            cohort_id=None,
            is_demo=True,
            display_name=name,
            now=now,
        )
        if role != Role.ADMIN and province is not None:
            profile.set_province(person, province)
            person.office = "Kejari Surabaya (demo)"
            person.lesson_time = "07:00"
        if role == Role.MENTOR:
            await profile.mentor_profile(session, person)
        person.onboarded_at = now
        created[key] = person
    if "mentor" in created or "mentee" in created:
        mentor, mentee = (
            await _person(session, channel, "mentor"),
            await _person(session, channel, "mentee"),
        )
        session.add(Mentorship(mentor_id=mentor.id, mentee_id=mentee.id, started_at=now))
    await session.flush()


async def _person(session: AsyncSession, channel: str, key: str) -> Person:
    person = await session.scalar(
        select(Person)
        .join(ChannelIdentity, ChannelIdentity.person_id == Person.id)
        .where(ChannelIdentity.channel == channel, ChannelIdentity.external_id == key)
    )
    if person is None:
        raise LookupError(key)
    return person
