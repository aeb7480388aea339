"""Making and ending mentee-mentor pairs, and telling both people through the outbox.

Every pair, however it is made (automatically at joining, /assign, `match --apply`, a mentor
leaving), goes through `pair`, so capacity is checked and the introductions are queued alike.
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Sequence
from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import MentorProfile, Mentorship, OutboxMessage, Person
from bot.i18n import Catalogs
from bot.messages import Outgoing
from bot.outbox import store
from bot.roles import Role
from bot.services import matching, pushes


@functools.cache
def _shipped_catalogs() -> Catalogs:
    # Callers without the running bot's catalogs (a CLI command, an erasure) read the same files.
    return Catalogs()


async def active_mentor_id(session: AsyncSession, mentee_id: int) -> int | None:
    return await session.scalar(
        select(Mentorship.mentor_id).where(
            Mentorship.mentee_id == mentee_id, Mentorship.ended_at.is_(None)
        )
    )


async def load_of(session: AsyncSession, mentor_id: int) -> int:
    count = await session.scalar(
        select(func.count())
        .select_from(Mentorship)
        .where(Mentorship.mentor_id == mentor_id, Mentorship.ended_at.is_(None))
    )
    return int(count or 0)


async def has_room(session: AsyncSession, mentor_id: int) -> bool:
    """Whether a joined mentor can take one more mentee. The profile row is locked (PostgreSQL)
    so that two pairings at the same moment cannot both take the last place."""
    capacity = await session.scalar(
        select(MentorProfile.capacity)
        .join(Person, Person.id == MentorProfile.person_id)
        .where(
            MentorProfile.person_id == mentor_id,
            Person.role == Role.MENTOR.value,
            Person.onboarded_at.is_not(None),
        )
        .with_for_update(of=MentorProfile)
    )
    return capacity is not None and await load_of(session, mentor_id) < capacity


async def end_active(session: AsyncSession, mentee_id: int, now: datetime) -> None:
    await session.execute(
        update(Mentorship)
        .where(Mentorship.mentee_id == mentee_id, Mentorship.ended_at.is_(None))
        .values(ended_at=now)
    )


async def pair(
    session: AsyncSession,
    mentee: Person,
    mentor: Person,
    now: datetime,
    channels: Collection[str],
    *,
    catalogs: Catalogs | None = None,
    mentor_left: bool = False,
) -> Mentorship | None:
    """Pair them (ending the mentee's current mentorship first) and introduce them to each
    other; None, changing nothing, when the mentor has no room."""
    if not await has_room(session, mentor.id):
        return None
    await end_active(session, mentee.id, now)
    mentorship = Mentorship(mentor_id=mentor.id, mentee_id=mentee.id, started_at=now)
    session.add(mentorship)
    await session.flush()
    await introduce(
        session,
        mentorship,
        mentee,
        mentor,
        now,
        channels,
        catalogs=catalogs or _shipped_catalogs(),
        mentor_left=mentor_left,
    )
    return mentorship


async def introduce(
    session: AsyncSession,
    mentorship: Mentorship,
    mentee: Person,
    mentor: Person,
    now: datetime,
    channels: Collection[str],
    *,
    catalogs: Catalogs,
    mentor_left: bool = False,
) -> int:
    """Tell each of the pair who the other is: a name and an office, never a phone number or a
    chat handle. Queued once per mentorship and person, however often this runs."""
    key = "intro-mentee-mentor-left" if mentor_left else "intro-mentee"
    to_mentee = catalogs.text(
        mentee.language, key, mentor=mentor.display_name or "-", office=mentor.office or "-"
    )
    to_mentor = catalogs.text(
        mentor.language,
        "intro-mentor",
        mentee=mentee.display_name or "-",
        office=mentee.office or "-",
    )
    queued = 0
    for person, text in ((mentee, to_mentee), (mentor, to_mentor)):
        queued += await pushes.push(
            session,
            person.id,
            Outgoing(text),
            key=f"intro:{mentorship.id}:{person.id}",
            now=now,
            channels=channels,
        )
    return queued


async def withdraw_introductions(session: AsyncSession, person_id: int) -> None:
    """Before an erasure: unsent introductions that name this person to someone else are
    dropped, so no queued message outlives them."""
    rows = await session.execute(
        select(Mentorship.id, Mentorship.mentee_id, Mentorship.mentor_id).where(
            (Mentorship.mentee_id == person_id) | (Mentorship.mentor_id == person_id)
        )
    )
    keys = [
        f"intro:{mentorship_id}:{other}"
        for mentorship_id, mentee_id, mentor_id in rows.all()
        for other in (mentee_id, mentor_id)
        if other != person_id
    ]
    if keys:
        await session.execute(
            delete(OutboxMessage).where(
                OutboxMessage.dedup_key.in_(keys),
                OutboxMessage.status.in_((store.PENDING, store.FAILED)),
            )
        )


async def match_new_mentee(
    session: AsyncSession,
    mentee: Person,
    now: datetime,
    channels: Collection[str],
    *,
    catalogs: Catalogs | None = None,
) -> Mentorship | None:
    """MATCHING=auto: the best mentor with room for a mentee who has just joined, if any."""
    if await active_mentor_id(session, mentee.id) is not None:
        return None
    for ranked in await matching.ranked_mentors(session, mentee, now):
        mentor = await session.get(Person, ranked.mentor.id)
        if mentor is not None:
            return await pair(session, mentee, mentor, now, channels, catalogs=catalogs)
    return None


async def rematch_mentees_of(
    session: AsyncSession,
    mentor_id: int,
    now: datetime,
    channels: Collection[str],
    *,
    catalogs: Catalogs | None = None,
) -> int:
    """A mentor leaves: end their mentorships and give each mentee the best mentor with room,
    or tell the mentee an admin will find one. Returns how many were matched again.

    Nothing queued here names the leaving mentor, so an erasure leaves no trace of them."""
    catalogs = catalogs or _shipped_catalogs()
    mentees = list(
        (
            await session.scalars(
                select(Person)
                .join(Mentorship, Mentorship.mentee_id == Person.id)
                .where(Mentorship.mentor_id == mentor_id, Mentorship.ended_at.is_(None))
                .order_by(Person.id)
            )
        ).all()
    )
    await session.execute(
        update(Mentorship)
        .where(Mentorship.mentor_id == mentor_id, Mentorship.ended_at.is_(None))
        .values(ended_at=now)
    )
    matched = 0
    for mentee in mentees:
        if await _match_again(session, mentee, mentor_id, now, channels, catalogs):
            matched += 1
            continue
        await pushes.push(
            session,
            mentee.id,
            Outgoing(catalogs.text(mentee.language, "mentor-left-unmatched")),
            key=f"mentor-left:{mentee.id}:{int(now.timestamp())}",
            now=now,
            channels=channels,
        )
    return matched


async def _match_again(
    session: AsyncSession,
    mentee: Person,
    leaving: int,
    now: datetime,
    channels: Collection[str],
    catalogs: Catalogs,
) -> bool:
    for ranked in await matching.ranked_mentors(session, mentee, now, exclude={leaving}):
        mentor = await session.get(Person, ranked.mentor.id)
        if mentor is None:
            continue
        made = await pair(
            session, mentee, mentor, now, channels, catalogs=catalogs, mentor_left=True
        )
        if made is not None:
            return True
    return False


async def apply_plan(
    session: AsyncSession,
    pairs: Sequence[matching.Pair],
    now: datetime,
    channels: Collection[str],
    *,
    catalogs: Catalogs | None = None,
) -> int:
    """Make the planned pairs (introductions included); a pair whose mentor filled up since
    the plan was made is skipped. Returns how many were made."""
    made = 0
    for planned in pairs:
        if planned.mentor_id is None:
            continue
        mentee = await session.get(Person, planned.mentee_id)
        mentor = await session.get(Person, planned.mentor_id)
        if mentee is None or mentor is None:
            continue
        if await pair(session, mentee, mentor, now, channels, catalogs=catalogs) is not None:
            made += 1
    return made
