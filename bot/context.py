"""What a handler gets for one update: the message, the person, their language and a reply."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.curriculum.model import Curriculum
from bot.db.models import Person
from bot.i18n import Arg, Catalogs
from bot.limits import Limits
from bot.markup import to_plain
from bot.messages import (
    Button,
    Document,
    DocumentBuild,
    Incoming,
    MenuUpdate,
    Outgoing,
    Reply,
)
from bot.payloads import P, Payload
from bot.policy import Policy
from bot.roles import Role
from bot.router import Router
from bot.services import audit, conversation, pushes
from bot.states import State


@dataclass(slots=True)
class Links:
    """Addresses of the bot on each channel, learnt at start-up (e.g. from getMe)."""

    telegram_username: str | None = None

    def telegram_start(self, payload: str) -> str | None:
        if not self.telegram_username:
            return None
        return f"https://t.me/{self.telegram_username}?start={payload}"


@dataclass(slots=True)
class Context:
    incoming: Incoming
    session: AsyncSession
    catalogs: Catalogs
    person: Person | None
    language: str
    links: Links = field(default_factory=Links)
    state: State | None = None
    data: dict[str, Any] = field(default_factory=dict)
    reply: Reply = field(default_factory=Reply)
    policy: Policy = field(default_factory=Policy)
    router: Router | None = None
    limits: Limits = field(default_factory=Limits)
    # The button that was pressed, parsed (None for typed text).
    pressed: Payload | None = None
    clock: Clock = field(default_factory=Clock)
    # Channels that the running bot serves: pushes go to a person's identity on one of them.
    channels: frozenset[str] = frozenset()
    curricula: dict[str, Curriculum] = field(default_factory=dict)

    @property
    def curriculum(self) -> Curriculum:
        """Lessons and checklists in the person's language."""
        return self.curricula[self.language]

    def now(self) -> datetime:
        return self.clock.now()

    @property
    def role(self) -> Role | None:
        return Role(self.person.role) if self.person else None

    @property
    def person_id(self) -> int | None:
        return self.person.id if self.person else None

    def t(self, key: str, **args: Arg) -> str:
        return self.catalogs.text(self.language, key, **args)

    def button(self, key: str, payload: Payload, **args: Arg) -> Button:
        # Labels are plain text on every channel: resolve the markup escapes of the arguments.
        return Button(to_plain(self.t(key, **args)), payload=payload.encode())

    def choice(self, kind: type[P]) -> P | None:
        """The pressed button when it is of this kind."""
        return self.pressed if isinstance(self.pressed, kind) else None

    @property
    def typed(self) -> str:
        """What the person typed (empty for a button press, a photo or a sticker)."""
        return (self.incoming.text or "") if self.incoming.payload is None else ""

    @property
    def chat_key(self) -> str:
        """The chat, for limits kept in memory only."""
        return f"{self.incoming.channel}:{self.incoming.chat_id}"

    def expired(self) -> None:
        """A stale or forged button: say so, audit it (not the payload, which the presser
        chose), change nothing."""
        self.audit("button.expired")
        self.say("button-expired")
        self.notice("button-expired")

    def send(
        self,
        text: str,
        buttons: list[list[Button]] | None = None,
        *,
        replace: bool = False,
        protect: bool = False,
        ephemeral: bool = False,
        build: DocumentBuild | None = None,
        document: Document | None = None,
    ) -> None:
        """`build` names a document made when the message is sent (an export, a chart), the
        text its caption; `document` is one made here, for an ephemeral message (kept in no
        row)."""
        rows = tuple(tuple(row) for row in buttons or () if row)
        message = Outgoing(
            text,
            rows,
            protect=protect,
            replace=replace,
            ephemeral=ephemeral,
            build=build,
            document=document,
        )
        self.reply.messages.append(message)

    def say(self, key: str, buttons: list[list[Button]] | None = None, **args: Arg) -> None:
        self.send(self.t(key, **args), buttons)

    async def tell(
        self,
        person: Person,
        key: str,
        buttons: list[list[Button]] | None = None,
        *,
        cause: str,
        protect: bool = False,
        **args: Arg,
    ) -> bool:
        """Push a message to another person (a mentor, a mentee), in their own language, queued
        with this update's effects; `cause` is its de-duplication key; `protect` keeps case
        material from being forwarded. False when they cannot be reached on a served channel."""
        rows = tuple(tuple(row) for row in buttons or () if row)
        message = Outgoing(self.catalogs.text(person.language, key, **args), rows, protect=protect)
        return await self.push(person, message, key=cause)

    async def push(self, person: Person, message: Outgoing, *, key: str) -> bool:
        """Push a message composed for another person (see `tell`), as JobContext.push does."""
        queued = await pushes.push(
            self.session, person.id, message, key=key, now=self.now(), channels=self.channels
        )
        self.reply.pushed = self.reply.pushed or queued
        return queued

    def notice(self, key: str) -> None:
        self.reply.notice = to_plain(self.t(key))

    async def set_state(self, state: State, data: dict[str, Any] | None = None) -> None:
        self.state = state
        self.data = dict(self.data if data is None else data)
        await conversation.save(
            self.session,
            self.incoming.channel,
            self.incoming.external_id,
            str(state),
            self.data,
            self.now(),
        )

    async def clear_state(self) -> None:
        self.state, self.data = None, {}
        await conversation.clear(self.session, self.incoming.channel, self.incoming.external_id)

    def audit(self, action: str, **detail: str | int | None) -> None:
        if self.person is None:
            # A stranger leaves no id and nothing they typed or pressed, and a flood from one
            # chat adds only a few rows.
            if not self.limits.stranger_audits.allow(self.chat_key):
                return
            detail = {}
        audit.record(
            self.session,
            action,
            now=self.now(),
            actor_id=self.person_id,
            channel=self.incoming.channel.value,
            **detail,
        )

    def refresh_menu(self) -> None:
        """Ask the channel to show the command menu that fits the person now."""
        self.reply.menu = MenuUpdate(
            chat_id=self.incoming.chat_id,
            role=self.person.role if self.person else None,
            language=self.language,
        )


@dataclass(slots=True)
class JobContext:
    """What a periodic job of a feature receives: one unit of work and the clock's time."""

    session: AsyncSession
    catalogs: Catalogs
    now: datetime
    policy: Policy
    curricula: dict[str, Curriculum]
    channels: frozenset[str]
    pushed: int = 0  # messages queued: the outbox looks at once when any were

    async def push(self, person: Person, message: Outgoing, *, key: str) -> bool:
        """Queue a message for a person on the channel they used last; False when they cannot
        be reached or `key` was queued before."""
        queued = await pushes.push(
            self.session, person.id, message, key=key, now=self.now, channels=self.channels
        )
        self.pushed += queued
        return queued
