"""Handles one incoming update in one unit of work and returns what to send back."""

from __future__ import annotations

import logging

from sqlalchemy.ext.asyncio import AsyncSession

from bot import logs
from bot.context import Context, Links
from bot.db.unit_of_work import Database, serialize_chat
from bot.i18n import Catalogs
from bot.messages import Incoming, Outgoing, Reply
from bot.roles import Role
from bot.router import Route, Router, state_matches
from bot.services import people, updates

log = logging.getLogger(__name__)

# Conversation states of joining start with this; they survive commands (see _dispatch).
JOINING = "onboard:"


class Core:
    def __init__(self, db: Database, catalogs: Catalogs, router: Router) -> None:
        self.db = db
        self.catalogs = catalogs
        self.router = router
        self.links = Links()

    async def handle(self, incoming: Incoming) -> Reply:
        update_token = logs.update_id.set(f"{incoming.channel}:{incoming.update_id}")
        person_token = logs.person_id.set(None)
        try:
            return await self._handle(incoming)
        finally:  # later log lines of this task (a job, the next update) are not about them
            logs.update_id.reset(update_token)
            logs.person_id.reset(person_token)

    async def _handle(self, incoming: Incoming) -> Reply:
        language = self.catalogs.language(incoming.language_hint)
        try:
            async with self.db.unit_of_work() as session:
                if not await updates.first_time(session, incoming.channel, incoming.update_id):
                    log.info("duplicate update ignored")
                    return Reply()
                await serialize_chat(session, f"{incoming.channel}:{incoming.external_id}")
                ctx = await self._context(session, incoming)
                language = ctx.language
                await self._dispatch(ctx)
            log.debug("update handled", extra={"replies": len(ctx.reply.messages)})
            return ctx.reply
        except Exception:
            log.exception("update failed")
            return Reply([Outgoing(self.catalogs.text(language, "error-generic"))], failed=True)

    async def mark_unreachable(self, channel: str, external_id: str) -> None:
        async with self.db.unit_of_work() as session:
            await people.mark_unreachable(session, channel, external_id)
        log.info("person unreachable", extra={"channel": channel})

    async def _context(self, session: AsyncSession, incoming: Incoming) -> Context:
        identity, row = await people.find_with_state(
            session, incoming.channel, incoming.external_id
        )
        person = identity.person if identity else None
        if identity is not None:
            people.seen(identity)
            logs.person_id.set(identity.person_id)
        state, data = (row.state, dict(row.data)) if row else (None, {})
        if person is not None:
            language = person.language
        else:
            language = self.catalogs.language(data.get("language") or incoming.language_hint)
        return Context(incoming, session, self.catalogs, person, language, self.links, state, data)

    async def _dispatch(self, ctx: Context) -> None:
        incoming = ctx.incoming
        if incoming.payload is not None:
            route = self.router.find_callback(incoming.payload)
            if route is None or not state_matches(route.states, ctx.state):
                return ctx.expired()
            if self._allowed(ctx, route, incoming.payload.split(":", 1)[0]):
                await route.handler(ctx)
            return None
        command = incoming.command
        if command is not None:
            route = self.router.find_command(command[0])
            if ctx.state and not ctx.state.startswith(JOINING):
                # A command leaves an open question (e.g. a settings field) unanswered; only
                # joining is resumed later, since the person cannot use the bot without it.
                await ctx.clear_state()
            if route is None:
                return ctx.say("unknown-command")
            if self._allowed(ctx, route, command[0]):
                await route.handler(ctx)
            return None
        route = self.router.find_text(ctx.state)
        if route is not None and self._allowed(ctx, route, ctx.state or ""):
            await route.handler(ctx)
        elif route is None:
            ctx.say(self._no_route_key(ctx))
        return None

    @staticmethod
    def _no_route_key(ctx: Context) -> str:
        if ctx.person is None:
            return "not-joined"
        return "onboarding-unfinished" if ctx.person.onboarded_at is None else "unknown-text"

    def _allowed(self, ctx: Context, route: Route, what: str) -> bool:
        if route.roles is None:
            return True
        if ctx.person is None:
            ctx.say("not-joined")
            return False
        if ctx.person.onboarded_at is None:
            ctx.say("onboarding-unfinished")
            return False
        if Role(ctx.person.role) not in route.roles:
            ctx.audit("access.denied", route=what[:40])
            ctx.say("not-allowed")
            ctx.notice("not-allowed")
            return False
        return True
