"""Conversation states: a flow and its step ("settings" + "office"), named in one place.

Stored as "flow:step" text in the database; everything else handles `State` values.
"""

from __future__ import annotations

from dataclasses import dataclass

# The flows of the programme's conversations.
ONBOARD = "onboard"  # joining: survives commands and is resumed until it is finished
SETTINGS = "settings"
FORGET = "forget"
INVITE = "invite"
CHECKLIST = "checklist"  # a case label asked before a checklist run starts
SEARCH = "search"  # the words of a /search sent without any
PEOPLE = "people"  # an admin's search for a person, or a cohort's name being typed


@dataclass(frozen=True, slots=True)
class State:
    flow: str
    step: str = ""

    def __str__(self) -> str:
        return f"{self.flow}:{self.step}" if self.step else self.flow

    @classmethod
    def parse(cls, text: str | None) -> State | None:
        if not text:
            return None
        flow, _, step = text.partition(":")
        return cls(flow, step)

    def covers(self, current: State | None) -> bool:
        """A route bound to this state fits the current one: the same flow, and the same step
        unless this names none (then every step of the flow)."""
        if current is None or current.flow != self.flow:
            return False
        return not self.step or self.step == current.step

    @property
    def joining(self) -> bool:
        return self.flow == ONBOARD
