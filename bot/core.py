"""Handles incoming updates in units of work and returns what to send back.

Updates that arrive while others are being handled are handled together, one per chat, in
one unit of work (group commit): one de-duplication insert, one lookup of the people, one
insert of the replies and one commit for all. Under low load an update is handled alone, at
once. A batch that fails is rolled back and its updates handled again one by one, so each
update still succeeds or fails on its own.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot import logs, payloads
from bot.clock import Clock
from bot.context import Context, JobContext, Links
from bot.curriculum.model import Curriculum
from bot.db import errors as db_errors
from bot.db.models import ChannelIdentity, ConversationState
from bot.db.unit_of_work import Database, serialize_chat, serialize_chats
from bot.errors import TransientFault
from bot.i18n import Catalogs
from bot.limits import Limits
from bot.messages import Channel, Delivery, Incoming, Outgoing, Reply
from bot.outbox import store
from bot.policy import Policy
from bot.render import whatsapp
from bot.roles import Role
from bot.router import Route, Router
from bot.services import people, updates
from bot.states import State

log = logging.getLogger(__name__)

# Updates handled together at most: a larger batch holds its chats' replies back longer.
MAX_BATCH = 100


@dataclass(slots=True)
class _Waiting:
    """An update waiting for the next batch, and its caller waiting for the reply."""

    incoming: Incoming
    reply: asyncio.Future[Reply]

    @property
    def chat(self) -> tuple[str, str]:
        return (self.incoming.channel, self.incoming.external_id)


class _BatchFailed(Exception):
    """A handler or a statement of a batch failed (not a passing database fault)."""


class Core:
    def __init__(
        self,
        db: Database,
        catalogs: Catalogs,
        router: Router,
        policy: Policy | None = None,
        clock: Clock | None = None,
    ) -> None:
        self.db = db
        self.catalogs = catalogs
        self.router = router
        self.policy = policy or Policy()
        self.clock = clock or Clock()
        self.links = Links()
        self.limits = Limits()
        # Replies are sent at once by the process that handled the update when it runs the
        # outbox (the leader); otherwise they are queued for the leader to send.
        self.sends_replies = True
        self.channels: frozenset[str] = frozenset({"console"})
        # Lessons and checklists by language (filled once the content is checked).
        self.curricula: dict[str, Curriculum] = {}
        self.max_batch = MAX_BATCH
        # Set while an update or a batch is being handled; updates arriving then wait in
        # `_waiting` for the next batch.
        self._busy = False
        self._waiting: list[_Waiting] = []
        self._batches: asyncio.Task[None] | None = None

    async def handle(self, incoming: Incoming) -> Reply:
        """The reply to an update, once its effects are committed. Raises TransientFault when
        the database was busy or unreachable (nothing was committed)."""
        update_token = logs.update_id.set(f"{incoming.channel}:{incoming.update_id}")
        person_token = logs.person_id.set(None)
        try:
            if self._busy:
                waiting = _Waiting(incoming, asyncio.get_running_loop().create_future())
                self._waiting.append(waiting)
                return await waiting.reply
            # Nothing else in hand: handled at once, in this task, with no batch to wait for.
            self._busy = True
            try:
                return await self._handle(incoming)
            finally:
                self._next_batch()
        finally:  # later log lines of this task (a job, the next update) are not about them
            logs.update_id.reset(update_token)
            logs.person_id.reset(person_token)

    def _next_batch(self) -> None:
        """Start handling the updates that arrived meanwhile, or be idle."""
        if self._waiting:
            self._batches = asyncio.create_task(self._run_batches(), name="core-batches")
        else:
            self._busy = False

    async def _run_batches(self) -> None:
        batch: list[_Waiting] = []
        try:
            while self._waiting:
                batch = self._take_batch()
                await self._handle_batch(batch)
        finally:
            self._busy = False
            # Only when this task was cancelled (shutdown): nobody is left to handle them, and
            # nothing of theirs was committed.
            for waiting in [*batch, *self._waiting]:
                _settle(waiting, exception=TransientFault("the bot is stopping"))
            self._waiting.clear()

    def _take_batch(self) -> list[_Waiting]:
        """The oldest waiting update of each chat (a chat's later update waits for the next
        batch, so its updates are read in order); callers that gave up are dropped."""
        batch: list[_Waiting] = []
        rest: list[_Waiting] = []
        chats: set[tuple[str, str]] = set()
        for waiting in self._waiting:
            if waiting.reply.done():
                continue
            if waiting.chat in chats or len(batch) >= self.max_batch:
                rest.append(waiting)
            else:
                chats.add(waiting.chat)
                batch.append(waiting)
        self._waiting = rest
        return batch

    async def _handle_batch(self, batch: list[_Waiting]) -> None:
        if len(batch) > 1:
            try:
                replies = await self._handle_together([w.incoming for w in batch])
            except TransientFault as fault:
                for waiting in batch:
                    _settle(waiting, exception=TransientFault(*fault.args))
                return
            except _BatchFailed:
                pass  # handled again one by one below, each on its own
            else:
                for waiting, reply in zip(batch, replies, strict=True):
                    _settle(waiting, reply)
                return
        for waiting in batch:
            incoming = waiting.incoming
            update_token = logs.update_id.set(f"{incoming.channel}:{incoming.update_id}")
            person_token = logs.person_id.set(None)
            try:
                _settle(waiting, await self._handle(incoming))
            except Exception as exc:
                _settle(waiting, exception=exc)
            finally:
                logs.update_id.reset(update_token)
                logs.person_id.reset(person_token)

    async def _handle_together(self, batch: list[Incoming]) -> list[Reply]:
        """Updates of distinct chats in one unit of work; their replies in the same order."""
        now = self.clock.now()
        contexts: dict[int, Context] = {}
        try:
            async with self.db.unit_of_work() as session:
                keys = [(incoming.channel, incoming.update_id) for incoming in batch]
                fresh = await updates.first_times(session, keys, now)
                todo = [i for i in batch if (i.channel, i.update_id) in fresh]
                await serialize_chats(session, [f"{i.channel}:{i.external_id}" for i in todo])
                found = await self._find_many(session, todo)
                for incoming in todo:
                    update_token = logs.update_id.set(f"{incoming.channel}:{incoming.update_id}")
                    person_token = logs.person_id.set(None)
                    try:
                        identity, row = found[(incoming.channel, incoming.external_id)]
                        ctx = self._context_of(session, incoming, identity, row)
                        await self._dispatch(ctx)
                    finally:
                        logs.update_id.reset(update_token)
                        logs.person_id.reset(person_token)
                    contexts[id(incoming)] = ctx
                await self._queue_replies(session, list(contexts.values()), now)
        except Exception as exc:
            if db_errors.is_transient(exc):
                log.warning(
                    "updates not handled: the database is busy or unreachable",
                    extra={"updates": len(batch)},
                )
                raise TransientFault(db_errors.explain(exc)) from exc
            raise _BatchFailed() from exc
        replies = []
        for incoming in batch:
            ctx_done = contexts.get(id(incoming))
            if ctx_done is None:
                token = logs.update_id.set(f"{incoming.channel}:{incoming.update_id}")
                log.info("duplicate update ignored")
                logs.update_id.reset(token)
                replies.append(Reply())
            else:
                replies.append(ctx_done.reply)
        log.debug("updates handled together", extra={"updates": len(batch)})
        return replies

    async def _find_many(
        self, session: AsyncSession, batch: list[Incoming]
    ) -> dict[tuple[str, str], people.Found]:
        """Identity, person and state of every chat of a batch, one query per channel."""
        by_channel: dict[str, list[str]] = {}
        for incoming in batch:
            by_channel.setdefault(incoming.channel, []).append(incoming.external_id)
        found: dict[tuple[str, str], people.Found] = {}
        for channel, external_ids in by_channel.items():
            rows = await people.find_with_state(session, channel, external_ids)
            found.update(((channel, external_id), row) for external_id, row in rows.items())
        return found

    async def _handle(self, incoming: Incoming) -> Reply:
        language = self.catalogs.language(incoming.language_hint)
        try:
            async with self.db.unit_of_work() as session:
                if not await updates.first_time(
                    session, incoming.channel, incoming.update_id, self.clock.now()
                ):
                    log.info("duplicate update ignored")
                    return Reply()
                await serialize_chat(session, f"{incoming.channel}:{incoming.external_id}")
                ctx = await self._context(session, incoming)
                language = ctx.language
                await self._dispatch(ctx)
                await self._queue_replies(session, [ctx], self.clock.now())
            log.debug("update handled", extra={"replies": len(ctx.reply.messages)})
            return ctx.reply
        except Exception as exc:
            if db_errors.is_transient(exc):
                # Nothing was committed: the channel leaves the update unconfirmed and tries it
                # again, and its redelivery is not a duplicate.
                log.warning("update not handled: the database is busy or unreachable")
                raise TransientFault(db_errors.explain(exc)) from exc
            log.exception("update failed")
            message = Outgoing(self.catalogs.text(language, "error-generic"))
            delivery = Delivery(incoming.channel, incoming.chat_id, message)
            return Reply([message], [delivery], failed=True)

    async def _queue_replies(
        self, session: AsyncSession, contexts: list[Context], now: datetime
    ) -> None:
        """Each reply's messages as outbox rows in the updates' own transaction (one insert
        for all), created already claimed so the channel sends them at once; a crash or a
        failed send leaves them to the outbox. Nothing is queued for someone not joined
        (nothing about them is kept), nor a message marked ephemeral (an invite code): those
        are sent without a row. Sets each reply's deliveries."""
        lease_until = now + store.LEASE
        new: list[store.NewMessage] = []
        for ctx in contexts:
            incoming = ctx.incoming
            if incoming.channel == Channel.WHATSAPP:
                ctx.reply.messages = whatsapp.merged(ctx.reply.messages)
            ctx.reply.deliveries = [
                Delivery(
                    incoming.channel,
                    incoming.chat_id,
                    message,
                    edit_of=incoming.message_ref if message.replace else None,
                    lease_until=lease_until,
                )
                for message in ctx.reply.messages
            ]
            if ctx.person is None:
                continue
            person_id = ctx.person.id
            key = f"reply:{incoming.channel}:{incoming.update_id}"
            new.extend(
                store.NewMessage(
                    person_id, d.channel, d.address, d.message, f"{key}:{i}", d.edit_of
                )
                for i, d in enumerate(ctx.reply.deliveries)
                if not d.message.ephemeral
            )
        rows = await store.enqueue_keyed(session, new, now=now, sending=self.sends_replies)
        for ctx in contexts:
            if ctx.person is None:
                continue
            if not self.sends_replies:
                ctx.reply.pushed = True  # the leader sends them
                ctx.reply.deliveries = [d for d in ctx.reply.deliveries if d.message.ephemeral]
                continue
            key = f"reply:{ctx.incoming.channel}:{ctx.incoming.update_id}"
            ctx.reply.deliveries = [
                d if d.message.ephemeral else replace(d, row_id=rows.get(f"{key}:{i}"))
                for i, d in enumerate(ctx.reply.deliveries)
            ]

    async def run_job(self, name: str, now: datetime) -> int:
        """One run of a feature's periodic job in its own unit of work; how many messages it
        queued."""
        _every, handler = self.router.jobs[name]
        async with self.db.unit_of_work() as session:
            job = JobContext(
                session, self.catalogs, now, self.policy, self.curricula, self.channels
            )
            await handler(job)
        return job.pushed

    async def mark_unreachable(self, channel: str, external_id: str) -> None:
        async with self.db.unit_of_work() as session:
            await people.mark_unreachable(session, channel, external_id, self.clock.now())
        log.info("person unreachable", extra={"channel": channel})

    async def _context(self, session: AsyncSession, incoming: Incoming) -> Context:
        found = await people.find_with_state(session, incoming.channel, [incoming.external_id])
        identity, row = found[incoming.external_id]
        return self._context_of(session, incoming, identity, row)

    def _context_of(
        self,
        session: AsyncSession,
        incoming: Incoming,
        identity: ChannelIdentity | None,
        row: ConversationState | None,
    ) -> Context:
        person = identity.person if identity else None
        if identity is not None:
            people.seen(identity, self.clock.now())
            logs.person_id.set(identity.person_id)
        state, data = (State.parse(row.state), dict(row.data)) if row else (None, {})
        if person is not None:
            language = person.language
        else:
            language = self.catalogs.language(data.get("language") or incoming.language_hint)
        return Context(
            incoming,
            session,
            self.catalogs,
            person,
            language,
            self.links,
            state,
            data,
            policy=self.policy,
            router=self.router,
            limits=self.limits,
            clock=self.clock,
            channels=self.channels,
            curricula=self.curricula,
        )

    async def _dispatch(self, ctx: Context) -> None:
        incoming = ctx.incoming
        if incoming.payload is not None:
            ctx.pressed = payloads.parse(incoming.payload)
            route = self.router.find_callback(ctx.pressed) if ctx.pressed else None
            if route is None:
                return ctx.expired()
            # Roles first: a button of another role is refused as such, wherever it is pressed.
            if self._allowed(ctx, route, type(ctx.pressed).__name__):
                if not route.fits(ctx.state):
                    return ctx.expired()
                await route.handler(ctx)
            return None
        command = incoming.command
        if command is not None:
            route = self.router.find_command(command[0])
            if ctx.state and not ctx.state.joining:
                # A command leaves an open question (e.g. a settings field) unanswered; only
                # joining is resumed later, since the person cannot use the bot without it.
                await ctx.clear_state()
            if route is None:
                return ctx.say("unknown-command")
            if self._allowed(ctx, route, command[0]):
                await route.handler(ctx)
            return None
        if (
            incoming.reply_to is not None
            and self.router.reply_hook is not None
            and ctx.person is not None
            and ctx.person.onboarded_at is not None
            and ctx.person.deactivated_at is None  # paused access: no answers by reply either
            and await self.router.reply_hook(ctx)
        ):
            return None
        route = self.router.find_text(ctx.state)
        if route is not None and self._allowed(ctx, route, str(ctx.state)):
            await route.handler(ctx)
        elif route is None:
            if ctx.person is None:
                ctx.audit("stranger.refused")
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
            ctx.audit("stranger.refused")
            ctx.say("not-joined")
            return False
        if ctx.person.onboarded_at is None:
            ctx.say("onboarding-unfinished")
            return False
        if ctx.person.deactivated_at is not None:
            ctx.say("access-paused")
            return False
        if Role(ctx.person.role) not in route.roles:
            ctx.audit("access.denied", route=what[:40])
            ctx.say("not-allowed")
            ctx.notice("not-allowed")
            return False
        return True

    async def reshow(
        self,
        channel: Channel,
        external_id: str,
        chat_id: str,
        language_hint: str | None = None,
        name_hint: str | None = None,
    ) -> Reply:
        """The open question of a chat that can no longer see it (a console started anew on the
        same database, or switched back to this person), in one unit of work; nothing for a chat
        without one. A free text is then never taken as the answer to a question not shown."""
        incoming = Incoming(
            channel=channel,
            external_id=external_id,
            chat_id=chat_id,
            update_id="",  # not an update: nothing to de-duplicate
            language_hint=language_hint,
            name_hint=name_hint,
        )
        language = self.catalogs.language(language_hint)
        person_token = logs.person_id.set(None)
        try:
            async with self.db.unit_of_work() as session:
                await serialize_chat(session, f"{channel}:{external_id}")
                # Also marks the person as seen: the console asks this when they sit down at it.
                ctx = await self._context(session, incoming)
                language = ctx.language
                person = ctx.person
                joining = ctx.state.joining if ctx.state else False
                unfinished = person is not None and person.onboarded_at is None
                if (joining or unfinished) and self.router.resume_hook is not None:
                    await self.router.resume_hook(ctx)
                elif ctx.state is not None:
                    # Closed rather than asked again (a settings field, a confirmation): the
                    # person left it and reopens it with one command, and someone coming back
                    # expects a fresh start, not that what they type next becomes their office.
                    # Joining is resumed instead, since nothing else works until it is done.
                    await ctx.clear_state()
                    ctx.say("question-closed")
            return ctx.reply
        except Exception:
            log.exception("reshow failed")
            return Reply([Outgoing(self.catalogs.text(language, "error-generic"))], failed=True)
        finally:
            logs.person_id.reset(person_token)

    async def takes_as_text(self, channel: Channel, external_id: str, line: str) -> bool:
        """Whether a line is a valid answer to the question the chat has open (a capacity of
        "6"), so a channel that numbers its buttons sends it as text instead of pressing one."""
        async with self.db.sessions() as session:
            row = await session.get(ConversationState, (channel, external_id))
        route = self.router.find_text(State.parse(row.state) if row else None)
        return route is not None and route.accepts is not None and route.accepts(line)


def _settle(
    waiting: _Waiting, reply: Reply | None = None, *, exception: BaseException | None = None
) -> None:
    """Hand the outcome to the caller, unless it stopped waiting (shutdown)."""
    if waiting.reply.done():
        return
    if exception is not None:
        waiting.reply.set_exception(exception)
    else:
        waiting.reply.set_result(reply if reply is not None else Reply())
