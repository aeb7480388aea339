"""The builders of documents by name, and what completes a message with its document."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.db.unit_of_work import Database
from bot.i18n import Catalogs
from bot.messages import Document, DocumentBuild, Outgoing
from bot.outbox.errors import Rejected
from bot.policy import Policy

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class BuildInput:
    """What a builder reads: the database, the time, texts for labels, its arguments."""

    session: AsyncSession
    now: datetime
    catalogs: Catalogs
    policy: Policy
    args: Mapping[str, str | int]

    @property
    def language(self) -> str:
        return self.catalogs.language(str(self.args.get("lang", "")))

    def number(self, name: str, default: int, *, low: int, high: int) -> int:
        """An integer argument kept within bounds: a row's arguments are data, not trusted."""
        value = self.args.get(name, default)
        return min(high, max(low, value)) if isinstance(value, int) else default


Builder = Callable[[BuildInput], Awaitable[Document]]


class Builders:
    def __init__(self) -> None:
        self._by_name: dict[str, Builder] = {}

    def register(self, name: str) -> Callable[[Builder], Builder]:
        def add(builder: Builder) -> Builder:
            if name in self._by_name:
                raise ValueError(f"document builder {name!r} registered twice")
            self._by_name[name] = builder
            return builder

        return add

    def get(self, name: str) -> Builder | None:
        return self._by_name.get(name)

    @property
    def names(self) -> list[str]:
        return sorted(self._by_name)


BUILDERS = Builders()


class Documents:
    """Builds a message's document at send time, in a read-only session of its own."""

    def __init__(
        self,
        db: Database,
        catalogs: Catalogs,
        policy: Policy,
        clock: Clock,
        builders: Builders = BUILDERS,
    ) -> None:
        self.db = db
        self.catalogs = catalogs
        self.policy = policy
        self.clock = clock
        self.builders = builders

    async def build(self, build: DocumentBuild) -> Document:
        builder = self.builders.get(build.name)
        if builder is None:
            # A row queued by a newer or older version: sending it again will not help.
            log.warning("unknown document builder", extra={"builder": build.name[:40]})
            raise Rejected()
        async with self.db.sessions() as session:
            made = BuildInput(session, self.clock.now(), self.catalogs, self.policy, build.args)
            return await builder(made)

    async def complete(self, message: Outgoing) -> Outgoing:
        """The message with its document in hand (unchanged when it names none)."""
        if message.build is None or message.document is not None:
            return message
        return replace(message, document=await self.build(message.build), build=None)
