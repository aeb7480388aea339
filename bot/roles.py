"""The three kinds of people in the programme."""

from enum import StrEnum


class Role(StrEnum):
    MENTEE = "mentee"
    MENTOR = "mentor"
    ADMIN = "admin"


EVERYONE = frozenset(Role)
MENTORS = frozenset({Role.MENTOR, Role.ADMIN})
ADMINS = frozenset({Role.ADMIN})
