"""People and their channel identities: joining, lookup, reachability and erasure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import contains_eager

from bot.db.models import (
    AuditEntry,
    ChannelIdentity,
    ConversationState,
    Mentorship,
    Person,
)
from bot.db.unit_of_work import scrub_after_commit
from bot.roles import Role
from bot.services import audit

# Writing last_seen on every message would turn each read into a write.
SEEN_GRANULARITY = timedelta(minutes=10)


@dataclass(frozen=True, slots=True)
class Address:
    channel: str
    external_id: str
    chat_id: str


# Built once: constructing the statement costs more than running it. The ids expand in place,
# so the statement stays cached whatever their number.
_FIND_WITH_STATE = (
    select(ChannelIdentity, ConversationState)
    .join(ChannelIdentity.person)
    .options(contains_eager(ChannelIdentity.person))
    .outerjoin(
        ConversationState,
        (ConversationState.channel == ChannelIdentity.channel)
        & (ConversationState.external_id == ChannelIdentity.external_id),
    )
    .where(
        ChannelIdentity.channel == bindparam("channel"),
        ChannelIdentity.external_id.in_(bindparam("external_ids", expanding=True)),
    )
)
_STATES = select(ConversationState).where(
    ConversationState.channel == bindparam("channel"),
    ConversationState.external_id.in_(bindparam("external_ids", expanding=True)),
)

Found = tuple[ChannelIdentity | None, ConversationState | None]


async def find_with_state(
    session: AsyncSession, channel: str, external_ids: Sequence[str]
) -> dict[str, Found]:
    """Identity, person and conversation state of each of these ids on a channel, in one round
    trip (every update needs them; a batch of updates asks once)."""
    result = await session.execute(
        _FIND_WITH_STATE, {"channel": channel, "external_ids": list(external_ids)}
    )
    found: dict[str, Found] = {
        identity.external_id: (identity, state) for identity, state in result.all()
    }
    # Not joined yet: only an onboarding conversation can exist.
    strangers = [external_id for external_id in external_ids if external_id not in found]
    if strangers:
        states = await session.scalars(_STATES, {"channel": channel, "external_ids": strangers})
        by_id = {state.external_id: state for state in states}
        for external_id in strangers:
            found[external_id] = (None, by_id.get(external_id))
    return found


def seen(identity: ChannelIdentity, now: datetime) -> None:
    """A person who writes is reachable again."""
    if identity.unreachable_at is not None:
        identity.unreachable_at = None
    if now - identity.last_seen_at >= SEEN_GRANULARITY:
        identity.last_seen_at = now


async def join(
    session: AsyncSession,
    address: Address,
    *,
    role: Role,
    language: str,
    cohort_id: int | None,
    now: datetime,
    is_demo: bool = False,
    display_name: str | None = None,
) -> Person:
    person = Person(
        role=role.value,
        language=language,
        cohort_id=cohort_id,
        consent_at=now,
        paused=False,
        is_demo=is_demo,
        display_name=display_name,
        created_at=now,
    )
    person.identities.append(
        ChannelIdentity(
            channel=address.channel,
            external_id=address.external_id,
            chat_id=address.chat_id,
            last_seen_at=now,
        )
    )
    session.add(person)
    await session.flush()
    return person


async def mark_unreachable(
    session: AsyncSession, channel: str, external_id: str, now: datetime
) -> None:
    await session.execute(
        update(ChannelIdentity)
        .where(ChannelIdentity.channel == channel, ChannelIdentity.external_id == external_id)
        .values(unreachable_at=now)
    )


async def erase(session: AsyncSession, person: Person, now: datetime) -> None:
    """Delete the person and everything that names them, their audit trail included; the audit
    keeps one anonymous row saying that an erasure happened (no id, no earlier timestamps)."""
    identities = await session.execute(
        select(ChannelIdentity.channel, ChannelIdentity.external_id).where(
            ChannelIdentity.person_id == person.id
        )
    )
    for channel, external_id in identities.all():
        await session.execute(
            delete(ConversationState).where(
                ConversationState.channel == channel, ConversationState.external_id == external_id
            )
        )
    await session.execute(
        delete(Mentorship).where(
            (Mentorship.mentee_id == person.id) | (Mentorship.mentor_id == person.id)
        )
    )
    await session.execute(delete(AuditEntry).where(AuditEntry.actor_id == person.id))
    role = person.role
    await session.delete(person)
    await session.flush()
    audit.record(session, "person.erased", now=now, role=role)
    # On SQLite the deleted rows may still sit in the write-ahead log until a checkpoint.
    scrub_after_commit(session)


async def active_mentor(session: AsyncSession, mentee_id: int) -> Person | None:
    return await session.scalar(
        select(Person)
        .join(Mentorship, Mentorship.mentor_id == Person.id)
        .where(Mentorship.mentee_id == mentee_id, Mentorship.ended_at.is_(None))
    )
