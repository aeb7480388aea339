"""How well a mentor suits a mentee, and which mentors can take one more.

The score adds up what makes mentoring work across an archipelago: the same province (or at
least the same time zone, so answers come in working hours), expertise in the mentee's case
areas, a shared language, and a mentor who is not already busy.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import ColumnElement, Select, Subquery

from bot import provinces
from bot.db.models import Cohort, MentorProfile, Mentorship, Person
from bot.roles import Role

if TYPE_CHECKING:
    import numpy as np

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


def affinity(mentee: MenteeFacts, mentor: MentorFacts) -> float:
    """What the pair shares (place, case areas, language), before the mentor's load counts."""
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
    return points


def load_penalty(mentor: MentorFacts, load: int) -> float:
    return LOAD_PENALTY * (load / mentor.capacity if mentor.capacity else 1.0)


def score(mentee: MenteeFacts, mentor: MentorFacts, load: int | None = None) -> float:
    """Higher is better; `load` overrides the mentor's current load (an assignment in progress
    counts the mentees it has already given them)."""
    current = mentor.load if load is None else load
    return round(affinity(mentee, mentor) - load_penalty(mentor, current), 3)


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
            Person.deactivated_at.is_(None),
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
    """Away until a later time, or deactivated by an admin: either way they take no new
    questions."""
    row = (
        await session.execute(
            select(MentorProfile.away_until, Person.deactivated_at)
            .select_from(Person)
            .outerjoin(MentorProfile, MentorProfile.person_id == Person.id)
            .where(Person.id == mentor_id)
        )
    ).first()
    if row is None:
        return False
    until, deactivated = row
    return deactivated is not None or (until is not None and until > now)


@dataclass(frozen=True, slots=True)
class Pair:
    """One mentee of a plan and the mentor it gives them; `mentor_id` is None for a mentee left
    over when every mentor is full."""

    mentee_id: int
    mentor_id: int | None
    score: float | None


class UnknownCohort(LookupError):
    """No cohort of that name."""


def optimal(mentees: Sequence[MenteeFacts], mentors: Sequence[MentorFacts]) -> list[Pair]:
    """The assignment with the highest total score that matches as many mentees as the free
    slots allow, one mentor each, no mentor over capacity; in the order of `mentees`.

    Each free slot of a mentor is a column: its k-th new mentee is scored at the load the
    mentor would have then. The penalty grows with k, so an optimal assignment fills a
    mentor's slots in order and the columns add up to the real scores."""
    # Imported here: numpy and scipy weigh about 80 MB, which the running bot needs only when
    # an admin plans an assignment.
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    slots = [(j, mentor.load + k) for j, mentor in enumerate(mentors) for k in range(mentor.free)]
    if not mentees or not slots:
        return [Pair(mentee.id, None, None) for mentee in mentees]
    shared = affinities(mentees, mentors)
    slot_mentor = np.array([j for j, _load in slots])
    penalty = np.array([load_penalty(mentors[j], load) for j, load in slots])
    matrix = shared[:, slot_mentor] - penalty
    rows, columns = linear_sum_assignment(matrix, maximize=True)
    given: dict[int, tuple[MentorFacts, int]] = {}
    for row, column in zip(rows.tolist(), columns.tolist(), strict=True):
        j, load = slots[column]
        given[row] = (mentors[j], load)
    pairs = []
    for index, mentee in enumerate(mentees):
        if index in given:
            mentor, load = given[index]
            pairs.append(Pair(mentee.id, mentor.id, score(mentee, mentor, load)))
        else:
            pairs.append(Pair(mentee.id, None, None))
    return pairs


def affinities(mentees: Sequence[MenteeFacts], mentors: Sequence[MentorFacts]) -> np.ndarray:
    """`affinity` of every mentee (rows) with every mentor (columns), computed a column at a
    time: a thousand mentees by a hundred mentors is a hundred numpy steps, not 100,000 calls.
    The points are multiples of a half, so the sums are exact whatever their order."""
    import numpy as np

    province = np.array([m.province_code or "" for m in mentees])
    zone = np.array([_zone(m.province_code) or "" for m in mentees])
    language = np.array([m.language for m in mentees])
    areas = [m.case_areas for m in mentees]
    matrix = np.zeros((len(mentees), len(mentors)))
    for j, mentor in enumerate(mentors):
        same_province = (province != "") & (province == (mentor.province_code or ""))
        mentor_zone = _zone(mentor.province_code)
        same_zone = ~same_province & (zone != "") & (zone == (mentor_zone or ""))
        shared = np.array([len(a & mentor.expertise) for a in areas])
        matrix[:, j] = (
            SAME_PROVINCE * same_province
            + SAME_ZONE * same_zone
            + PER_SHARED_AREA * np.minimum(shared, MAX_SHARED_AREAS)
            + SAME_LANGUAGE * (language == mentor.language)
        )
    return matrix


def _without_mentor() -> ColumnElement[bool]:
    return ~(
        select(Mentorship.id)
        .where(Mentorship.mentee_id == Person.id, Mentorship.ended_at.is_(None))
        .exists()
    )


def _unmatched_query(*, demo: bool, cohort_id: int | None) -> Select[Person]:
    query = select(Person).where(
        Person.role == Role.MENTEE.value,
        Person.onboarded_at.is_not(None),
        Person.deactivated_at.is_(None),
        Person.is_demo.is_(demo),
        _without_mentor(),
    )
    if cohort_id is not None:
        query = query.where(Person.cohort_id == cohort_id)
    return query


async def unmatched_mentees(
    session: AsyncSession,
    *,
    demo: bool = False,
    cohort_id: int | None = None,
    offset: int = 0,
    limit: int | None = None,
) -> list[Person]:
    """Joined mentees without an active mentor, in id order (a page of them with `limit`)."""
    query = _unmatched_query(demo=demo, cohort_id=cohort_id).order_by(Person.id).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    return list((await session.scalars(query)).all())


async def count_unmatched(session: AsyncSession, *, demo: bool = False) -> int:
    query = _unmatched_query(demo=demo, cohort_id=None).with_only_columns(func.count())
    return int(await session.scalar(query) or 0)


async def cohort_id_of(session: AsyncSession, name: str) -> int:
    found = await session.scalar(select(Cohort.id).where(Cohort.name == name))
    if found is None:
        raise UnknownCohort(name)
    return found


async def plan(session: AsyncSession, now: datetime, cohort: str | None = None) -> list[Pair]:
    """An optimal assignment of every joined mentee without a mentor (of one cohort, by name)
    to the mentors with free places who are not away; mentors of any cohort may be given."""
    cohort_id = await cohort_id_of(session, cohort) if cohort is not None else None
    mentees = await unmatched_mentees(session, cohort_id=cohort_id)
    candidates = await mentors(session, now)
    return optimal([mentee_facts(mentee) for mentee in mentees], candidates)
