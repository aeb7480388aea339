"""One person, several apps: a one-time code from /settings attaches another app's identity.

The code is short enough to type on a phone (8 digits), so it lives 15 minutes, is kept only as
a hash, one per person, and wrong guesses are limited per chat like invite codes."""

from __future__ import annotations

import enum
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import ChannelIdentity, ConversationState, LinkCode
from bot.services import invites
from bot.services.people import Address

CODE_DIGITS = 8
VALID_FOR = timedelta(minutes=15)
_CODE_SHAPE = re.compile(rf"[0-9]{{{CODE_DIGITS}}}")


@dataclass(frozen=True, slots=True)
class NewLinkCode:
    code: str
    expires_at: datetime


def looks_like(code: str) -> bool:
    """Invite codes are longer and not all digits, so the shape tells the two apart."""
    return bool(_CODE_SHAPE.fullmatch(code))


async def create(session: AsyncSession, person_id: int, now: datetime) -> NewLinkCode:
    """A fresh code for the person; an earlier one stops working."""
    await session.execute(delete(LinkCode).where(LinkCode.person_id == person_id))
    while True:
        code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
        code_hash = invites.hash_code(code)
        taken = await session.scalar(select(LinkCode).where(LinkCode.code_hash == code_hash))
        if taken is None:
            break
        if taken.expires_at <= now:  # an expired code not pruned yet frees its digits
            await session.delete(taken)
            await session.flush()
            break
    expires_at = now + VALID_FOR
    session.add(LinkCode(code_hash=code_hash, person_id=person_id, expires_at=expires_at))
    await session.flush()
    return NewLinkCode(code, expires_at)


async def find(session: AsyncSession, code: str, now: datetime) -> LinkCode | None:
    """The code's row while it is valid."""
    if not looks_like(code):
        return None
    return await session.scalar(
        select(LinkCode).where(
            LinkCode.code_hash == invites.hash_code(code), LinkCode.expires_at > now
        )
    )


class Outcome(enum.Enum):
    LINKED = "linked"
    USED = "used"  # taken by another chat in the meantime
    SAME_CHANNEL = "same-channel"  # the person already has an identity on this channel


async def attach(
    session: AsyncSession, link: LinkCode, address: Address, now: datetime
) -> Outcome:
    """Attach an identity that has not joined to the code's person and use the code up."""
    taken = await session.scalar(
        select(func.count())
        .select_from(ChannelIdentity)
        .where(
            ChannelIdentity.person_id == link.person_id,
            ChannelIdentity.channel == address.channel,
        )
    )
    if taken:
        return Outcome.SAME_CHANNEL
    # Deleting is the atomic use: of two chats sending one code, one deletes the row.
    result = await session.execute(
        delete(LinkCode).where(LinkCode.id == link.id).execution_options(synchronize_session=False)
    )
    if not result.rowcount:  # type: ignore[attr-defined]
        return Outcome.USED
    session.add(
        ChannelIdentity(
            person_id=link.person_id,
            channel=address.channel,
            external_id=address.external_id,
            chat_id=address.chat_id,
            last_seen_at=now,
        )
    )
    # Whatever the chat was doing before (an invite's language question) is over.
    await session.execute(
        delete(ConversationState).where(
            ConversationState.channel == address.channel,
            ConversationState.external_id == address.external_id,
        )
    )
    await session.flush()
    return Outcome.LINKED


async def channels_of(session: AsyncSession, person_id: int) -> list[str]:
    """The channels a person is known on, in a stable order (names only, never ids)."""
    rows = await session.scalars(
        select(ChannelIdentity.channel)
        .where(ChannelIdentity.person_id == person_id)
        .order_by(ChannelIdentity.id)
    )
    return list(dict.fromkeys(rows.all()))


async def forget_expired(session: AsyncSession, now: datetime) -> int:
    result = await session.execute(delete(LinkCode).where(LinkCode.expires_at <= now))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
