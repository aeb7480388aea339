"""The CSV exports as documents: the same files for /export and `python -m bot export`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.documents.registry import BUILDERS, BuildInput
from bot.messages import Document
from bot.services import exports

Export = Callable[[AsyncSession, datetime], Awaitable[exports.Table]]


async def _people(session: AsyncSession, now: datetime) -> exports.Table:
    return await exports.people(session)


async def _progress(session: AsyncSession, now: datetime) -> exports.Table:
    return await exports.progress(session)


# In the order /export sends them.
EXPORTS: dict[str, Export] = {
    "people": _people,
    "progress": _progress,
    "questions": exports.questions,
    "broadcasts": exports.broadcasts,
}


def filename(name: str, now: datetime) -> str:
    return f"{name}-{now:%Y-%m-%d}.csv"


async def export(session: AsyncSession, name: str, now: datetime) -> Document:
    table = await EXPORTS[name](session, now)
    return Document(filename(name, now), exports.csv_bytes(table), "text/csv")


def _register(name: str) -> None:
    async def build(made: BuildInput) -> Document:
        return await export(made.session, name, made.now)

    BUILDERS.register(f"export:{name}")(build)


for _name in EXPORTS:
    _register(_name)
