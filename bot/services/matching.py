"""How well a mentor suits a mentee, and which mentors can take one more.

The score adds up what makes mentoring work across an archipelago: the same province (or at
least the same time zone, so answers come in working hours), expertise in the mentee's case
areas, a shared language, and a mentor who is not already busy.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import Subquery

from bot import provinces
from bot.db.models import MentorProfile, Mentorship, Person
from bot.roles import Role

SAME_PROVINCE = 3.0
SAME_ZONE = 1.5
PER_SHARED_AREA = 2.0
MAX_SHARED_AREAS = 3
SAME_LANGUAGE = 1.0
# A full mentor loses this much against an idle one, all else equal.
LOAD_PENALTY = 2.0


@dataclass(frozen=True, slots=True)
class MenteeFacts:
    id: int
    province_code: str | None
    language: str
    case_areas: frozenset[str]


@dataclass(frozen=True, slots=True)
class MentorFacts:
    id: int
    province_code: str | None
    language: str
    expertise: frozenset[str]
    capacity: int
    load: int  # active mentees now

    @property
    def free(self) -> int:
        return max(self.capacity - self.load, 0)


@dataclass(frozen=True, slots=True)
class Ranked:
    mentor: MentorFacts
    score: float


def _zone(code: str | None) -> str | None:
    province = provinces.by_code(code) if code else None
    return province.zone if province else None


def score(mentee: MenteeFacts, mentor: MentorFacts, load: int | None = None) -> float:
    """Higher is better; `load` overrides the mentor's current load (an assignment in progress
    counts the mentees it has already given them)."""
    points = 0.0
    if mentee.province_code and mentee.province_code == mentor.province_code:
        points += SAME_PROVINCE
    elif _zone(mentee.province_code) and _zone(mentee.province_code) == _zone(
        mentor.province_code
    ):
        points += SAME_ZONE
    shared = len(mentee.case_areas & mentor.expertise)
    points += PER_SHARED_AREA * min(shared, MAX_SHARED_AREAS)
    if mentee.language == mentor.language:
        points += SAME_LANGUAGE
    current = mentor.load if load is None else load
    points -= LOAD_PENALTY * (current / mentor.capacity if mentor.capacity else 1.0)
    return round(points, 3)


def mentee_facts(person: Person) -> MenteeFacts:
    return MenteeFacts(
        person.id, person.province_code, person.language, frozenset(person.case_areas or ())
    )


def _active_loads() -> Subquery:
    return (
        select(Mentorship.mentor_id, func.count().label("load"))
        .where(Mentorship.ended_at.is_(None))
        .group_by(Mentorship.mentor_id)
        .subquery()
    )


async def mentors(
    session: AsyncSession,
    now: datetime,
    *,
    demo: bool = False,
    cohort_id: int | None = None,
    include_away: bool = False,
) -> list[MentorFacts]:
    """Onboarded mentors with their load; away mentors only when asked for. Demo mentors serve
    demo mentees only, and real ones real ones."""
    loads = _active_loads()
    query = (
        select(Person, MentorProfile, func.coalesce(loads.c.load, 0))
        .join(MentorProfile, MentorProfile.person_id == Person.id)
        .outerjoin(loads, loads.c.mentor_id == Person.id)
        .where(
            Person.role == Role.MENTOR.value,
            Person.onboarded_at.is_not(None),
            Person.is_demo.is_(demo),
        )
        .order_by(Person.id)
    )
    if cohort_id is not None:
        query = query.where(Person.cohort_id == cohort_id)
    if not include_away:
        query = query.where(
            (MentorProfile.away_until.is_(None)) | (MentorProfile.away_until <= now)
        )
    rows = (await session.execute(query)).all()
    return [
        MentorFacts(
            person.id,
            person.province_code,
            person.language,
            frozenset(profile.expertise or ()),
            profile.capacity,
            int(load),
        )
        for person, profile, load in rows
    ]


async def ranked_mentors(
    session: AsyncSession,
    mentee: Person,
    now: datetime,
    *,
    exclude: Collection[int] = (),
    with_room_only: bool = True,
) -> list[Ranked]:
    """Mentors for this mentee, best first (ties: the earlier mentor); by default only those
    with room under their capacity and not away."""
    facts = mentee_facts(mentee)
    candidates = await mentors(session, now, demo=mentee.is_demo)
    ranked = [
        Ranked(mentor, score(facts, mentor))
        for mentor in candidates
        if mentor.id not in exclude and (mentor.free > 0 or not with_room_only)
    ]
    ranked.sort(key=lambda r: (-r.score, r.mentor.id))
    return ranked


async def is_away(session: AsyncSession, mentor_id: int, now: datetime) -> bool:
    until = await session.scalar(
        select(MentorProfile.away_until).where(MentorProfile.person_id == mentor_id)
    )
    return until is not None and until > now
