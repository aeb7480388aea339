"""Checklist runs: one use of a checklist for one case, with the items ticked so far; and the
push that offers a checklist once its module is done.

A run belongs to the person who started it, and only they may change it: every change names
the person and is refused for anyone else, whatever a button claims. The optional case label
passes through the identifier service before it is stored, so a victim's name or NIK typed by
mistake never reaches the database.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.curriculum.model import Checklist, Curriculum
from bot.db.models import ChecklistRun, Person
from bot.i18n import Catalogs
from bot.markup import to_plain
from bot.messages import Button, Outgoing
from bot.payloads import Payload, kind
from bot.services import identifiers, pushes

LABEL_MAX = 80
# Runs nobody has touched for this long are deleted (case material is not kept for ever).
RETENTION = timedelta(days=365)


@kind("cl:o")
@dataclass(frozen=True, slots=True)
class OpenChecklist(Payload):
    """Start a new run of a checklist. Defined here, below the handlers, because a pushed
    offer carries it as well as the /checklists list."""

    checklist: str


@dataclass(frozen=True, slots=True)
class Run:
    id: int
    person_id: int
    checklist_id: str
    label: str | None  # masked
    checked: frozenset[int]  # item indexes, from 0
    created_at: datetime
    updated_at: datetime

    def finished(self, checklist: Checklist) -> bool:
        return all(index in self.checked for index in range(len(checklist.items)))


@dataclass(frozen=True, slots=True)
class Started:
    run: Run
    masked: bool  # the label held something that identifies a person, now replaced


class Refused(Exception):
    """A change the person may not make; nothing was changed."""


class NotFound(Refused):
    """No such run (pruned, or a forged id) or no such item of it."""


class NotYours(Refused):
    """The run belongs to someone else."""


def clean_label(text: str) -> str | None:
    """A case label as it will be masked and stored: one line of at most LABEL_MAX characters;
    None when empty, too long or holding control characters."""
    cleaned = " ".join(text.split())
    if not 0 < len(cleaned) <= LABEL_MAX:
        return None
    if any(unicodedata.category(char).startswith("C") for char in cleaned):
        return None
    return cleaned


async def start(
    session: AsyncSession,
    person_id: int,
    checklist: Checklist,
    label: str | None,
    *,
    now: datetime,
) -> Started:
    """A new run with nothing ticked. The label is masked first, then stored (placeholders
    may lengthen it: it is cut to LABEL_MAX after masking, never before)."""
    stored, masked = None, False
    if label is not None:
        cleaned = clean_label(label)
        if cleaned is None:
            raise ValueError("a case label is one line of at most 80 characters")
        found = identifiers.mask(cleaned)
        stored, masked = found.text[:LABEL_MAX], found.changed
    row = ChecklistRun(
        person_id=person_id,
        checklist_id=checklist.id,
        label=stored,
        checked=[],
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    await session.flush()
    return Started(_run(row), masked)


async def get(session: AsyncSession, run_id: int, *, person_id: int) -> Run:
    """The person's own run; NotFound or NotYours otherwise."""
    return _run(await _own(session, run_id, person_id))


async def toggle(
    session: AsyncSession,
    run_id: int,
    index: int,
    *,
    person_id: int,
    curriculum: Curriculum,
    now: datetime,
) -> Run:
    """Tick an item, or untick it when it was ticked; only the run's owner may."""
    row = await _own(session, run_id, person_id, for_update=True)
    checklist = curriculum.checklist(row.checklist_id)
    if checklist is None or not 0 <= index < len(checklist.items):
        raise NotFound(run_id)
    checked = set(row.checked or [])
    checked ^= {index}
    row.checked = sorted(checked)  # a new list, so the JSON column is written
    row.updated_at = now
    await session.flush()
    return _run(row)


async def runs_of(session: AsyncSession, person_id: int) -> list[Run]:
    """A person's runs, the most recently changed first."""
    rows = await session.scalars(
        select(ChecklistRun)
        .where(ChecklistRun.person_id == person_id)
        .order_by(ChecklistRun.updated_at.desc(), ChecklistRun.id.desc())
    )
    return [_run(row) for row in rows]


def due_after_module(curriculum: Curriculum, module: int) -> list[Checklist]:
    """The checklists whose rule is "after module N" for this module."""
    return [c for c in curriculum.checklists if c.after_module == module]


def offer_key(checklist_id: str, person_id: int) -> str:
    return f"checklist:{checklist_id}:person:{person_id}"


async def offer(
    session: AsyncSession,
    person: Person,
    checklist: Checklist,
    *,
    now: datetime,
    channels: Collection[str],
    catalogs: Catalogs,
) -> bool:
    """Push a short introduction of a checklist (of the person's language) with a button that
    opens it; queued once per person and checklist. False when the person cannot be reached or
    it was offered before."""
    language = person.language
    text = catalogs.text(language, "checklist-offer", title=checklist.title)
    label = to_plain(catalogs.text(language, "btn-checklist-open"))
    button = Button(label, payload=OpenChecklist(checklist.id).encode())
    message = Outgoing(text, ((button,),), protect=True)
    return await pushes.push(
        session,
        person.id,
        message,
        key=offer_key(checklist.id, person.id),
        now=now,
        channels=channels,
    )


async def forget_older_than(session: AsyncSession, cutoff: datetime) -> int:
    """Delete runs not changed since `cutoff`; how many."""
    result = await session.execute(delete(ChecklistRun).where(ChecklistRun.updated_at < cutoff))
    return int(result.rowcount)  # type: ignore[attr-defined]


async def _own(
    session: AsyncSession, run_id: int, person_id: int, *, for_update: bool = False
) -> ChecklistRun:
    query = select(ChecklistRun).where(ChecklistRun.id == run_id)
    if for_update:  # the same person on two channels: one toggle waits for the other
        query = query.with_for_update()
    row = await session.scalar(query)
    if row is None:
        raise NotFound(run_id)
    if row.person_id != person_id:
        raise NotYours(run_id)
    return row


def _run(row: ChecklistRun) -> Run:
    return Run(
        row.id,
        row.person_id,
        row.checklist_id,
        row.label,
        frozenset(row.checked or ()),
        row.created_at,
        row.updated_at,
    )
