"""Delivery problems told to the admins, in their language, at most once an hour per kind."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import select

from bot.clock import Clock
from bot.db.models import Person
from bot.db.unit_of_work import Database
from bot.i18n import Arg, Catalogs
from bot.messages import Outgoing
from bot.roles import Role
from bot.services import pushes

log = logging.getLogger(__name__)

EVERY = timedelta(hours=1)


class Alerts:
    def __init__(
        self,
        db: Database,
        catalogs: Catalogs,
        clock: Clock,
        channels: Callable[[], frozenset[str]],
    ) -> None:
        self.db = db
        self.catalogs = catalogs
        self.clock = clock
        self.channels = channels  # asked each time: they are known once the bot runs
        self._last: dict[str, datetime] = {}

    async def raise_(self, kind: str, **args: Arg) -> int:
        """Queue the alert `alert-<kind>` for every admin; the hour is part of its key, so a
        second process or a restart within the hour adds nothing. Returns how many queued."""
        now = self.clock.now()
        last = self._last.get(kind)
        if last is not None and now - last < EVERY:
            return 0
        self._last[kind] = now
        log.error("delivery problem; admins are told", extra={"alert": kind})
        queued = 0
        hour = now.strftime("%Y%m%d%H")
        async with self.db.unit_of_work() as session:
            admins = await session.scalars(
                select(Person).where(
                    Person.role == Role.ADMIN.value, Person.onboarded_at.is_not(None)
                )
            )
            for admin in admins.all():
                text = self.catalogs.text(admin.language, f"alert-{kind}", **args)
                queued += await pushes.push(
                    session,
                    admin.id,
                    Outgoing(text),
                    key=f"alert:{kind}:{hour}:person:{admin.id}",
                    now=now,
                    channels=self.channels(),
                )
        return queued
