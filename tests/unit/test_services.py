"""Service rules on objects that never touch a database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot import provinces
from bot.db.models import ChannelIdentity, Invite, Person
from bot.services import invites, people, profile


def invite(**fields: object) -> Invite:
    return Invite(**{"code_hash": "x", "role": "mentee", "max_uses": 1, "uses": 0, **fields})


NOW = datetime(2025, 1, 6, 0, 0, tzinfo=UTC)


def test_an_invite_is_usable_until_used_up_or_expired() -> None:
    assert invites.usable(invite(), NOW)
    assert not invites.usable(invite(uses=1), NOW)
    assert invites.usable(invite(max_uses=3, uses=2), NOW)
    assert not invites.usable(invite(expires_at=NOW - timedelta(seconds=1)), NOW)
    assert not invites.usable(invite(expires_at=NOW), NOW)
    assert invites.usable(invite(expires_at=NOW + timedelta(days=1)), NOW)


def test_writing_again_makes_a_person_reachable_and_seen_is_coarse() -> None:
    identity = ChannelIdentity(unreachable_at=NOW, last_seen_at=NOW - timedelta(minutes=1))
    people.seen(identity, NOW)
    assert identity.unreachable_at is None
    assert identity.last_seen_at == NOW - timedelta(minutes=1)  # not worth a write yet
    identity.last_seen_at = NOW - timedelta(hours=1)
    people.seen(identity, NOW)
    assert identity.last_seen_at == NOW


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
