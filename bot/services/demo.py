"""Demo people for the local console, so one person can try every role without invites."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import provinces
from bot.db.models import ChannelIdentity, MentorProfile, Mentorship, Person, utcnow
from bot.roles import Role
from bot.services import people, profile

DEMO_PEOPLE = {
    "admin": (Role.ADMIN, "Demo Admin (demo)"),
    "mentor": (Role.MENTOR, "Demo Mentor (demo)"),
    "mentee": (Role.MENTEE, "Demo Mentee (demo)"),
}


async def ensure(session: AsyncSession, channel: str, language: str) -> None:
    """Create the demo admin, mentor and mentee (paired) once; later runs keep their changes."""
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
    if existing:
        return
    created: dict[str, Person] = {}
    province = provinces.by_code("JI")
    for key, (role, name) in DEMO_PEOPLE.items():
        person = await people.join(
            session,
            people.Address(channel, key, key),
            role=role,
            language=language,
            cohort_id=None,
            is_demo=True,
            display_name=name,
        )
        if role != Role.ADMIN and province is not None:
            profile.set_province(person, province)
            person.office = "Kejari Surabaya (demo)"
            person.lesson_time = "07:00"
        person.onboarded_at = utcnow()
        created[key] = person
    session.add(MentorProfile(person_id=created["mentor"].id, capacity=5, expertise=[]))
    session.add(Mentorship(mentor_id=created["mentor"].id, mentee_id=created["mentee"].id))
    await session.flush()
