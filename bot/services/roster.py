"""The programme's people as admins manage them: finding someone, changing their role or
cohort, deactivating and reactivating, and which mentors are away."""

from __future__ import annotations

import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import provinces
from bot.db.models import Cohort, MentorProfile, Person
from bot.i18n import Catalogs
from bot.roles import Role
from bot.services import mentorships, profile

FOUND_AT_MOST = 8
COHORT_CHOICES = 6


async def find(
    session: AsyncSession, text: str, *, demo: bool, limit: int = FOUND_AT_MOST
) -> list[Person]:
    """People whose name or office contains the text, or who are in the province it names;
    only of the admin's own world (demo people for a demo admin)."""
    words = " ".join(text.split())[:60]
    if not words:
        return []
    matches = [
        Person.display_name.icontains(words, autoescape=True),
        Person.office.icontains(words, autoescape=True),
    ]
    province = provinces.best_match(words)
    if province is not None:
        matches.append(Person.province_code == province.code)
    rows = await session.scalars(
        select(Person)
        .where(Person.is_demo.is_(demo), Person.display_name.is_not(None), or_(*matches))
        .order_by(Person.display_name, Person.id)
        .limit(limit)
    )
    return list(rows.all())


async def person_of_world(session: AsyncSession, person_id: int, *, demo: bool) -> Person | None:
    """A person an admin may manage: one who exists and is of the admin's world."""
    person = await session.get(Person, person_id)
    return person if person is not None and person.is_demo == demo else None


async def cohorts(session: AsyncSession, limit: int = COHORT_CHOICES) -> list[Cohort]:
    rows = await session.scalars(select(Cohort).order_by(Cohort.id.desc()).limit(limit))
    return list(rows.all())


async def cohort_name(session: AsyncSession, cohort_id: int | None) -> str | None:
    if cohort_id is None:
        return None
    cohort = await session.get(Cohort, cohort_id)
    return cohort.name if cohort else None


async def change_role(
    session: AsyncSession,
    person: Person,
    role: Role,
    now: datetime,
    channels: Collection[str],
    *,
    catalogs: Catalogs | None = None,
) -> None:
    """Give a person another role. A mentor's mentees are matched again (or told an admin
    will find one); a mentee's mentorship ends; a new mentor gets the default profile."""
    old = Role(person.role)
    if old == role:
        return
    if old == Role.MENTOR:
        await mentorships.rematch_mentees_of(session, person.id, now, channels, catalogs=catalogs)
    if old == Role.MENTEE:
        await mentorships.end_active(session, person.id, now)
    if role == Role.MENTOR:
        await profile.mentor_profile(session, person)
    person.role = role.value


def deactivate(person: Person, now: datetime) -> bool:
    """No pushes and no access until reactivated; everything of theirs is kept."""
    if person.deactivated_at is not None:
        return False
    person.deactivated_at = now
    return True


def reactivate(person: Person) -> bool:
    if person.deactivated_at is None:
        return False
    person.deactivated_at = None
    return True


@dataclass(frozen=True, slots=True)
class Away:
    mentor: Person
    until: datetime


async def away_mentors(session: AsyncSession, now: datetime, *, demo: bool) -> list[Away]:
    rows = await session.execute(
        select(Person, MentorProfile.away_until)
        .join(MentorProfile, MentorProfile.person_id == Person.id)
        .where(
            Person.role == Role.MENTOR.value,
            Person.is_demo.is_(demo),
            MentorProfile.away_until > now,
        )
        .order_by(MentorProfile.away_until, Person.id)
    )
    return [Away(person, until) for person, until in rows.all() if until is not None]


COHORT_LENGTH = 100


def clean_cohort(text: str) -> str | None:
    """A cohort's name as an admin typed it, or None when it cannot be one."""
    name = " ".join(text.split())
    if not 1 <= len(name) <= COHORT_LENGTH:
        return None
    if any(unicodedata.category(ch).startswith("C") for ch in name):
        return None
    return name
