"""Profile fields and how typed answers are checked before they are stored."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot import provinces
from bot.curriculum.schedule import DEFAULT_DAYS
from bot.db.models import MentorProfile, Person
from bot.roles import Role

# The profile of each role, in the order onboarding asks for it.
FIELDS: dict[Role, tuple[str, ...]] = {
    Role.ADMIN: ("language", "name", "province"),
    Role.MENTEE: ("language", "name", "province", "office", "time", "days", "areas"),
    Role.MENTOR: (
        "language", "name", "province", "office", "time", "capacity", "expertise", "away",
    ),
}  # fmt: skip
ALL_FIELDS = tuple(dict.fromkeys(field for fields in FIELDS.values() for field in fields))


# Changed in /settings only: joining takes the default (lessons Monday to Friday; no case
# areas, which the welcome message offers to choose; a mentor is not away).
SETTINGS_ONLY = ("days", "areas", "away")
# An admin's province only sets the zone their times are shown in (WIB without one).
SETTINGS_ONLY_OF: dict[Role, tuple[str, ...]] = {Role.ADMIN: ("province",)}


def onboarding_steps(role: Role) -> tuple[str, ...]:
    """The fields asked after consent (the language is chosen before it)."""
    skipped = (*SETTINGS_ONLY, *SETTINGS_ONLY_OF.get(role, ()))
    return tuple(field for field in FIELDS[role][1:] if field not in skipped)


def toggle_day(days: str | None, day: int) -> str:
    """The lesson days with one ISO weekday added or removed ("12345" is Monday-Friday)."""
    current = set(days or DEFAULT_DAYS)
    current ^= {str(day)}
    return "".join(sorted(current))


def toggle_tag(tags: list[str] | None, tag: str) -> list[str]:
    """Case areas or expertise with one tag added or removed, in the order they were chosen."""
    current = list(tags or [])
    return [t for t in current if t != tag] if tag in current else [*current, tag]


NAME_LENGTH = (2, 60)
OFFICE_LENGTH = (2, 120)
CAPACITY_RANGE = (1, 30)
LESSON_TIMES = ("06:00", "07:00", "12:00", "16:00", "19:00", "20:00")
CAPACITY_CHOICES = (1, 2, 3, 5, 8, 10)
# Areas of trafficking practice a mentor (expertise) and a mentee (case areas) are matched on;
# labels live in the catalogs.
EXPERTISE = (
    "migrant-workers",
    "sexual-exploitation",
    "child-victims",
    "online-recruitment",
    "restitution",
    "corporate-liability",
    "money-laundering",
    "cross-border",
    "victim-protection",
)

# ASCII digits only: "²" or "٣" would pass str.isdigit() and then fail or surprise int().
_TIME = re.compile(r"([01]?[0-9]|2[0-3])(?:[:.]?([0-5][0-9]))?")
_NUMBER = re.compile(r"[0-9]{1,3}")


def _clean(text: str, bounds: tuple[int, int]) -> str | None:
    cleaned = " ".join(text.split())
    if any(unicodedata.category(ch).startswith("C") for ch in cleaned):
        return None
    if not bounds[0] <= len(cleaned) <= bounds[1]:
        return None
    if not any(ch.isalpha() for ch in cleaned):
        return None
    return cleaned


def clean_name(text: str) -> str | None:
    return _clean(text, NAME_LENGTH)


def clean_office(text: str) -> str | None:
    return _clean(text, OFFICE_LENGTH)


def parse_time(text: str) -> str | None:
    """ "7", "07:30", "7.30" and "0730" all mean a local time of day; returns "HH:MM"."""
    match = _TIME.fullmatch(text.strip())
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    return f"{hour:02d}:{minute:02d}"


def parse_capacity(text: str) -> int | None:
    value = text.strip()
    if not _NUMBER.fullmatch(value):
        return None
    number = int(value)
    return number if CAPACITY_RANGE[0] <= number <= CAPACITY_RANGE[1] else None


DEFAULT_CAPACITY = 5


async def mentor_profile(session: AsyncSession, person: Person) -> MentorProfile:
    """A mentor's profile, created with the defaults the first time it is needed."""
    mentor = await session.get(MentorProfile, person.id)
    if mentor is None:
        mentor = MentorProfile(person_id=person.id, capacity=DEFAULT_CAPACITY, expertise=[])
        session.add(mentor)
    return mentor


def set_province(person: Person, province: provinces.Province) -> None:
    # The time zone follows from the province; nobody is asked for it separately.
    person.province_code = province.code
    person.timezone = province.timezone


def zone_of(person: Person) -> str | None:
    province = provinces.by_code(person.province_code) if person.province_code else None
    return province.zone if province else None


# Whoever has no province (an admin) sees times in the capital's zone.
DEFAULT_TIMEZONE = "Asia/Jakarta"
ZONE_LABELS = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}


def timezone_of(person: Person) -> str:
    return person.timezone or DEFAULT_TIMEZONE


def local_time(person: Person, moment: datetime) -> str:
    """A moment as the person reads it: "2026-12-20 07:00 WITA"."""
    zone = timezone_of(person)
    return f"{moment.astimezone(ZoneInfo(zone)):%Y-%m-%d %H:%M} {ZONE_LABELS.get(zone, zone)}"


def today_of(person: Person, now: datetime) -> date:
    return now.astimezone(ZoneInfo(timezone_of(person))).date()


# Away for at most a year; longer is a matter for the programme team (deactivation).
AWAY_DAYS = (7, 14, 30)
AWAY_MAX_DAYS = 366
_DATE_ISO = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_DATE_DMY = re.compile(r"([0-9]{1,2})[./-]([0-9]{1,2})[./-]([0-9]{4})")


def parse_date(text: str) -> date | None:
    """ "2026-12-20", "20-12-2026", "20/12/2026" or "20.12.2026"."""
    value = text.strip()
    if match := _DATE_ISO.fullmatch(value):
        year, month, day = (int(part) for part in match.groups())
    elif match := _DATE_DMY.fullmatch(value):
        day, month, year = (int(part) for part in match.groups())
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def away_until(person: Person, last_day: date, now: datetime) -> datetime | None:
    """Away through `last_day` in the person's zone: back at the start of the next day. None
    when that day is already over or more than a year away."""
    zone = ZoneInfo(timezone_of(person))
    today = today_of(person, now)
    if not today <= last_day <= today + timedelta(days=AWAY_MAX_DAYS):
        return None
    return datetime.combine(last_day + timedelta(days=1), time(0, 0), zone)


def last_away_day(person: Person, until: datetime) -> date:
    """The last local day of an absence that ends at `until`."""
    return (until.astimezone(ZoneInfo(timezone_of(person))) - timedelta(seconds=1)).date()
