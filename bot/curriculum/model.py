"""What the curriculum is made of, as read from the content files of one language."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Check:
    """The knowledge check after a lesson: options are shown as A-D, `answer` counts from 1."""

    question: str
    options: tuple[str, ...]
    answer: int
    explanation: str


@dataclass(frozen=True, slots=True)
class Lesson:
    id: str
    module: int
    order: int
    title: str
    minutes: int
    source: str
    reviewed: bool
    check: Check
    body: str
    # For /search only (never shown in the lesson): one sentence, and the words a prosecutor
    # would type when looking for this lesson.
    summary: str = ""
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Module:
    number: int
    title: str
    short: str  # a button label


@dataclass(frozen=True, slots=True)
class ChecklistItem:
    text: str
    why: str


@dataclass(frozen=True, slots=True)
class Checklist:
    id: str
    title: str
    short: str  # a button label
    # The module after which it is pushed, or None: only on request.
    after_module: int | None
    source: str
    reviewed: bool
    items: tuple[ChecklistItem, ...]


@dataclass(frozen=True, slots=True)
class Curriculum:
    """One language's content, lessons in module and order."""

    language: str
    modules: tuple[Module, ...]
    lessons: tuple[Lesson, ...]
    checklists: tuple[Checklist, ...]

    def lesson(self, lesson_id: str) -> Lesson | None:
        return next((lesson for lesson in self.lessons if lesson.id == lesson_id), None)

    def checklist(self, checklist_id: str) -> Checklist | None:
        return next((c for c in self.checklists if c.id == checklist_id), None)
