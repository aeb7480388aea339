"""Service rules on objects that never touch a database."""

from __future__ import annotations

from datetime import timedelta

from bot import provinces
from bot.db.models import ChannelIdentity, Invite, Person, utcnow
from bot.services import invites, people, profile


def invite(**fields: object) -> Invite:
    return Invite(**{"code_hash": "x", "role": "mentee", "max_uses": 1, "uses": 0, **fields})


def test_an_invite_is_usable_until_used_up_or_expired() -> None:
    assert invites.usable(invite())
    assert not invites.usable(invite(uses=1))
    assert invites.usable(invite(max_uses=3, uses=2))
    assert not invites.usable(invite(expires_at=utcnow() - timedelta(seconds=1)))
    assert invites.usable(invite(expires_at=utcnow() + timedelta(days=1)))


def test_writing_again_makes_a_person_reachable_and_seen_is_coarse() -> None:
    now = utcnow()
    identity = ChannelIdentity(unreachable_at=now, last_seen_at=now - timedelta(minutes=1))
    people.seen(identity)
    assert identity.unreachable_at is None
    assert identity.last_seen_at == now - timedelta(minutes=1)  # not worth a write yet
    identity.last_seen_at = now - timedelta(hours=1)
    people.seen(identity)
    assert identity.last_seen_at > now - timedelta(minutes=1)


def test_the_province_sets_the_time_zone() -> None:
    person = Person(role="mentee", language="id")
    papua = provinces.by_code("PA")
    assert papua is not None
    profile.set_province(person, papua)
    assert (person.province_code, person.timezone, profile.zone_of(person)) == (
        "PA",
        "Asia/Jayapura",
        "WIT",
    )
    assert profile.zone_of(Person(role="admin", language="en")) is None
