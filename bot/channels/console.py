"""A terminal chat on the same handlers and database, for trying the bot without any token.

Buttons are numbered across all the messages of one reply and pressed by typing the number or
the label, unless the line is a valid answer to the open question (a capacity of "6"). Lines
starting with ":" are console words and never reach the bot: ":as NAME" switches to a demo
person, to someone who joined here (found by name) or to a new person; ":who" says who you are.
The console's own notes follow the current person's language. Works with piped input.
"""

from __future__ import annotations

import asyncio
import sys
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TextIO

from sqlalchemy import select

from bot import markup
from bot.core import Core
from bot.db.models import ChannelIdentity, ConversationState, Person
from bot.db.unit_of_work import Database
from bot.i18n import Catalogs
from bot.messages import Button, Channel, Incoming, Reply
from bot.services import demo
from bot.states import State

START_AS = "mentee"
# The console words, each with the catalog line that explains it, in the order they are listed.
WORDS = (
    ("as", "console-word-as"),
    ("who", "console-word-who"),
    ("quit", "console-word-quit"),
)
QUIT = ("quit", "q")


@dataclass(frozen=True, slots=True)
class Someone:
    """A console chat as the console describes it; `handle` is its external id."""

    handle: str
    name: str | None = None
    role: str | None = None
    language: str | None = None  # a joined person's, or the one chosen while joining
    joined: bool = False
    joining: bool = False
    paused: bool = False
    unreachable: bool = False


def handle_of(name: str) -> str:
    """The external id a typed name gives a new console person."""
    return "".join(ch for ch in name.lower() if ch.isalnum() or ch in "-_")[:32]


def find(typed: str, people: list[Someone]) -> list[Someone]:
    """Who a typed name means: a handle, else the full name, a unique prefix of it or a unique
    word of it (case-insensitive). One person is a match; several ask for more of the name."""
    handle = handle_of(typed)
    by_handle = [someone for someone in people if someone.handle == handle]
    if by_handle:  # handles are unique on a channel
        return by_handle
    query = " ".join(typed.casefold().split())
    names = [(someone, someone.name.casefold()) for someone in people if someone.name]
    tests: tuple[Callable[[str], bool], ...] = (
        lambda name: name == query,
        lambda name: name.startswith(query),
        lambda name: query in name.split(),
    )
    found: list[Someone] = []
    for test in tests:
        matches = [someone for someone, name in names if test(name)]
        if len(matches) == 1:
            return matches
        found = found or matches
    return found


class ConsoleChannel:
    def __init__(
        self,
        core: Core,
        db: Database,
        catalogs: Catalogs,
        *,
        stdin: TextIO | None = None,
        stdout: TextIO | None = None,
    ) -> None:
        self.core = core
        self.db = db
        self.catalogs = catalogs
        self.stdin = stdin or sys.stdin
        self.stdout = stdout or sys.stdout
        self.current = START_AS
        self.buttons: list[Button] = []
        self.language = catalogs.default

    def _t(self, key: str, **args: str) -> str:
        return markup.to_plain(self.catalogs.text(self.language, key, **args))

    def _print(self, text: str = "") -> None:
        self.stdout.write(text + "\n")
        self.stdout.flush()

    async def run(self) -> None:
        async with self.db.unit_of_work() as session:
            await demo.ensure(session, Channel.CONSOLE, self.catalogs.default)
        someone = await self._someone(self.current)
        self.language = self.catalogs.language(someone.language)
        self._print(self._t("console-welcome", people=", ".join(demo.DEMO_PEOPLE)))
        self._print_words()
        self._print(self._t("console-as", name=self._label(someone)))
        await self._reshow()
        interactive = self.stdin.isatty()
        lines = self._read_lines()
        while True:
            if interactive:
                self.stdout.write(f"{self.current}> ")
                self.stdout.flush()
            line = await lines.get()
            if line is None or not await self.handle_line(line.strip()):
                return

    def _read_lines(self) -> asyncio.Queue[str | None]:
        """Lines from a daemon thread, so Ctrl-C ends the console at once, mid-prompt too."""
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue[str | None] = asyncio.Queue()

        def read() -> None:
            for line in iter(self.stdin.readline, ""):
                loop.call_soon_threadsafe(queue.put_nowait, line)
            loop.call_soon_threadsafe(queue.put_nowait, None)

        threading.Thread(target=read, name="console-input", daemon=True).start()
        return queue

    async def handle_line(self, line: str) -> bool:
        """One line of input; False when the person asked to quit."""
        if not line:
            return True
        if not self.stdin.isatty():  # a terminal shows what was typed; a transcript needs it
            self._print(f"{self.current}> {line}")
        if line.startswith(":"):
            return await self._console_word(line[1:])
        button = await self._button_for(line)
        if button is None:
            await self._send(text=line)
        elif button.payload is None:
            self._print(f"  {button.url}")
        else:
            await self._send(payload=button.payload)
        return True

    async def _console_word(self, line: str) -> bool:
        """A console word: handled here, never sent to the bot as a message."""
        word, _, rest = line.partition(" ")
        word, rest = word.lower(), rest.strip()
        if word in QUIT:
            return False
        if word == "who":
            self._who(await self._someone(self.current))
        elif word == "as" and rest:
            await self._switch(rest)
        else:
            if word == "as":
                self._print(self._t("console-as-needs-name"))
            else:
                self._print(self._t("console-unknown-word", word=f":{word}"))
            self._print_words()
        return True

    def _print_words(self) -> None:
        self._print(self._t("console-words"))
        for _word, key in WORDS:
            self._print("  " + self._t(key))

    async def _button_for(self, line: str) -> Button | None:
        """The button a line presses: none when the line answers the open question (a capacity
        of "6" is six, not button 6), else the one labelled so, else the one with that number;
        any other line is a message."""
        if not self.buttons:
            return None
        if await self.core.takes_as_text(Channel.CONSOLE, self.current, line):
            return None
        for button in self.buttons:
            if button.label == line:
                return button
        if line.isascii() and line.isdigit() and 1 <= int(line) <= len(self.buttons):
            return self.buttons[int(line) - 1]
        return None

    async def _switch(self, typed: str) -> None:
        handle = handle_of(typed)
        new = False
        if handle in demo.DEMO_PEOPLE:
            async with self.db.unit_of_work() as session:  # erased demo people come back
                await demo.ensure(session, Channel.CONSOLE, self.catalogs.default)
        else:
            found = find(typed, await self._people())
            if len(found) > 1:
                names = ", ".join(self._label(someone) for someone in found)
                self._print(self._t("console-several", name=typed, people=names))
                return
            if found:
                handle = found[0].handle
            elif not handle:
                self._print(self._t("console-as-needs-name"))
                return
            else:
                new = True
        self.current = handle
        self.buttons = []
        someone = await self._someone(handle)
        self.language = self.catalogs.language(someone.language)
        self._print(self._t("console-as", name=self._label(someone)))
        if new:
            self._print(self._t("console-new-person", name=handle))
        await self._reshow()

    def _who(self, someone: Someone) -> None:
        statuses = ["joined" if someone.joined else "joining" if someone.joining else "not-joined"]
        if someone.paused:
            statuses.append("paused")
        if someone.unreachable:
            statuses.append("unreachable")
        self._print(
            self._t(
                "console-who",
                person=self._label(someone),
                role=self._t(f"role-{someone.role}") if someone.role else "-",
                language=self._t(f"language-{self.catalogs.language(someone.language)}"),
                status=", ".join(self._t(f"console-status-{name}") for name in statuses),
            )
        )

    def _label(self, someone: Someone) -> str:
        if someone.name and someone.name.casefold() != someone.handle:
            return self._t("console-person", name=someone.name, handle=someone.handle)
        return someone.handle

    async def _people(self, handle: str | None = None) -> list[Someone]:
        """Console chats: people with a console identity, and chats still before consent."""
        identities = select(ChannelIdentity, Person).join(
            Person, Person.id == ChannelIdentity.person_id
        )
        states = select(ConversationState)
        identities = identities.where(ChannelIdentity.channel == Channel.CONSOLE)
        states = states.where(ConversationState.channel == Channel.CONSOLE)
        if handle is not None:
            identities = identities.where(ChannelIdentity.external_id == handle)
            states = states.where(ConversationState.external_id == handle)
        async with self.db.sessions() as session:
            joined = (await session.execute(identities)).all()
            open_states = {row.external_id: row for row in await session.scalars(states)}
        people = [
            Someone(
                handle=identity.external_id,
                name=person.display_name,
                role=person.role,
                language=person.language,
                joined=person.onboarded_at is not None,
                joining=person.onboarded_at is None,
                paused=person.paused,
                unreachable=identity.unreachable_at is not None,
            )
            for identity, person in joined
        ]
        known = {someone.handle for someone in people}
        people += [
            Someone(handle=key, language=row.data.get("language"), joining=True)
            for key, row in open_states.items()
            if key not in known and (state := State.parse(row.state)) and state.joining
        ]
        return people

    async def _someone(self, handle: str) -> Someone:
        found = await self._people(handle)
        return found[0] if found else Someone(handle)

    async def _reshow(self) -> None:
        """Whatever the current person was asked and cannot see any more (a new console)."""
        reply = await self.core.reshow(
            Channel.CONSOLE, self.current, self.current, self.language, self._name_hint()
        )
        self._show(reply)

    def _name_hint(self) -> str:
        return self.current.capitalize()

    async def _send(self, *, text: str | None = None, payload: str | None = None) -> None:
        incoming = Incoming(
            channel=Channel.CONSOLE,
            external_id=self.current,
            chat_id=self.current,
            update_id=uuid.uuid4().hex,
            text=text,
            payload=payload,
            language_hint=self.language,
            name_hint=self._name_hint(),
        )
        reply = await self.core.handle(incoming)
        if payload is not None and reply.messages:
            # A keyboard that led somewhere is used up, as on Telegram where the bot removes it.
            self.buttons = []
        self._show(reply)
        # The person may have chosen or changed their language, joined, or been erased.
        self.language = self.catalogs.language((await self._someone(self.current)).language)

    def _show(self, reply: Reply) -> None:
        """The messages of a reply; their buttons are numbered on from one message to the next,
        and together they replace the keyboard (a reply without buttons keeps the last one)."""
        if reply.notice and not reply.messages:
            self._print(f"  ({reply.notice})")
        buttons: list[Button] = []
        for message in reply.messages:
            self._print("bot: " + markup.to_plain(message.text).replace("\n", "\n     "))
            for row in message.buttons:
                labels = []
                for button in row:
                    buttons.append(button)
                    target = f" ({button.url})" if button.url else ""
                    labels.append(f"[{len(buttons)}] {button.label}{target}")
                self._print("     " + "   ".join(labels))
        if buttons:
            self.buttons = buttons
