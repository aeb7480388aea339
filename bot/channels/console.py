"""A terminal chat on the same handlers and database, for trying the bot without any token.

Buttons are numbered across all the messages of one reply and pressed by typing the number or
the label, unless the line is a valid answer to the open question (a capacity of "6"). Lines
starting with ":" are console words and never reach the bot: ":as NAME" switches to a demo
person, to someone who joined here (found by name) or to a new person; ":who" says who you are;
":clock" shows and moves the bot's clock, so that what is scheduled arrives without waiting.
The console's own notes follow the current person's language. Works with piped input.
"""

from __future__ import annotations

import asyncio
import re
import sys
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot import markup, provinces
from bot.core import Core
from bot.db.models import ChannelIdentity, ConversationState, Person
from bot.db.unit_of_work import Database
from bot.i18n import Catalogs
from bot.messages import Button, Channel, Document, Incoming, Outgoing, Reply
from bot.outbox.courier import Courier, Turn
from bot.scheduler import Jobs
from bot.services import demo
from bot.services.profile import parse_time
from bot.states import State

START_AS = "mentee"
# The console words, each with the catalog line that explains it, in the order they are listed.
WORDS = (
    ("as", "console-word-as"),
    ("who", "console-word-who"),
    ("clock", "console-word-clock"),
    ("quit", "console-word-quit"),
)
QUIT = ("quit", "q")
# Where documents the bot sends (exports, charts) are written; they may name people, so the
# folder and the files are the owner's only.
DOCUMENTS_DIR = Path("data/documents")

# The zone of people without a province (an admin, someone joining): most of Indonesia's.
DEFAULT_ZONE = ("Asia/Jakarta", "WIB")
# How far one ":clock" may move the clock; more is taken for a typo.
MAX_MOVE = timedelta(days=366)
_MOVE = re.compile(r"([+-])((?:[0-9]{1,6}[dhm])+)")
_MOVE_PART = re.compile(r"([0-9]+)([dhm])")
_UNITS = {"d": timedelta(days=1), "h": timedelta(hours=1), "m": timedelta(minutes=1)}
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def parse_move(text: str) -> timedelta | None:
    """A signed duration such as "+2h", "-30m", "+1d" or "+1d2h30m"; None for anything else."""
    match = _MOVE.fullmatch("".join(text.split()).lower())
    if match is None:
        return None
    sign, parts = match.groups()
    total = sum(
        (int(count) * _UNITS[unit] for count, unit in _MOVE_PART.findall(parts)), timedelta()
    )
    return -total if sign == "-" else total


def next_time_of_day(now: datetime, hhmm: str, zone: ZoneInfo) -> datetime:
    """The next moment after `now` when the clocks of `zone` show `hhmm`: today if that is
    still ahead, else tomorrow."""
    hour, minute = (int(part) for part in hhmm.split(":"))
    local = now.astimezone(zone)
    when = local.replace(hour=hour, minute=minute, second=0, microsecond=0)
    if when <= local:
        when += timedelta(days=1)  # Indonesia's zones keep no summer time
    return when


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
    name = "console"
    per_chat_seconds = 0.0  # one person at a terminal: no platform limit to respect

    def __init__(
        self,
        core: Core,
        db: Database,
        catalogs: Catalogs,
        *,
        stdin: TextIO | None = None,
        stdout: TextIO | None = None,
        jobs: Jobs | None = None,
        courier: Courier | None = None,
        documents_dir: Path = DOCUMENTS_DIR,
    ) -> None:
        self.core = core
        self.documents_dir = documents_dir
        self.db = db
        self.catalogs = catalogs
        self.jobs = jobs  # run at once after the clock is moved
        # Replies and pushes go out through the outbox, as on every channel: pushes to the
        # other local people show up as they are sent, marked with whom they are for.
        self.courier = courier
        self._numbered: list[Button] | None = None  # buttons of the reply being shown
        self.stdin = stdin or sys.stdin
        self.stdout = stdout or sys.stdout
        self.current = START_AS
        self.buttons: list[Button] = []
        self.language = catalogs.default

    def _t(self, key: str, **args: str | int) -> str:
        return markup.to_plain(self.catalogs.text(self.language, key, **args))

    def _print(self, text: str = "") -> None:
        self.stdout.write(text + "\n")
        self.stdout.flush()

    async def run(self) -> None:
        async with self.db.unit_of_work() as session:
            await demo.ensure(session, Channel.CONSOLE, self.catalogs.default, self._now())
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
        elif word == "clock":
            await self._clock(rest)
        else:
            if word == "as":
                self._print(self._t("console-as-needs-name"))
            else:
                self._print(self._t("console-unknown-word", word=f":{word}"))
            self._print_words()
        return True

    def _now(self) -> datetime:
        return self.core.clock.now()

    async def _clock(self, typed: str) -> None:
        """Show the clock, or move it and run the jobs that the move made due."""
        clock = self.core.clock
        zone = await self._zone()
        if not typed:
            self._print(self._clock_line(clock.now(), zone))
            return
        if typed.lower() == "reset":
            clock.reset()
            self._print(self._t("console-clock-reset"))
        elif (move := parse_move(typed)) is not None:
            if abs(move) > MAX_MOVE:
                self._print(self._t("console-clock-too-far", days=str(MAX_MOVE.days)))
                return
            clock.advance(move)
        elif (hhmm := parse_time(typed)) is not None:
            clock.set(next_time_of_day(clock.now(), hhmm, zone[0]))
        else:
            self._print(self._t("console-clock-bad", input=typed))
            return
        self._print(self._clock_line(clock.now(), zone))
        if self.jobs is not None:
            await self.jobs.run_due_now()
            self._print(self._t("console-clock-jobs-ran"))
        if self.courier is not None:
            # What the jobs queued is shown now, before the next typed line is read.
            await self.courier.send_due(self.name)

    def _clock_line(self, now: datetime, zone: tuple[ZoneInfo, str]) -> str:
        local = now.astimezone(zone[0])
        date = self._t(
            "console-date",
            weekday=_WEEKDAYS[local.weekday()],
            day=str(local.day),
            month=_MONTHS[local.month - 1],
            year=str(local.year),
        )
        time = self._t("console-time", hour=f"{local.hour:02d}", minute=f"{local.minute:02d}")
        utc = now.astimezone(UTC).strftime("%Y-%m-%d %H:%M")
        return self._t("console-clock", date=date, time=time, zone=zone[1], utc=utc)

    async def _zone(self) -> tuple[ZoneInfo, str]:
        """The time zone of the current person, from their province."""
        async with self.db.sessions() as session:
            code = await session.scalar(
                select(Person.province_code)
                .join(ChannelIdentity, ChannelIdentity.person_id == Person.id)
                .where(
                    ChannelIdentity.channel == Channel.CONSOLE,
                    ChannelIdentity.external_id == self.current,
                )
            )
        province = provinces.by_code(code) if code else None
        name, label = (province.timezone, province.zone) if province else DEFAULT_ZONE
        return ZoneInfo(name), label

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
                await demo.ensure(session, Channel.CONSOLE, self.catalogs.default, self._now())
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
        if self.courier is None:
            self._show(reply)
        else:
            if reply.notice and not reply.messages:
                self._print(f"  ({reply.notice})")
            self._numbered = []
            try:
                await self.courier.deliver(reply.deliveries)
            finally:
                if self._numbered:
                    self.buttons = self._numbered
                self._numbered = None
            if reply.pushed:
                self.courier.wake(self.name)
        # The person may have chosen or changed their language, joined, or been erased.
        self.language = self.catalogs.language((await self._someone(self.current)).language)

    def _show(self, reply: Reply) -> None:
        """The messages of a reply; their buttons are numbered on from one message to the next,
        and together they replace the keyboard (a reply without buttons keeps the last one)."""
        if reply.notice and not reply.messages:
            self._print(f"  ({reply.notice})")
        buttons: list[Button] = []
        for message in reply.messages:
            self._print_message(message, buttons)
        if buttons:
            self.buttons = buttons

    def save(self, document: Document) -> Path:
        """Write a document into the documents folder under a name not taken yet."""
        self.documents_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        stem, dot, suffix = Path(document.filename).name.partition(".")
        path = self.documents_dir / f"{stem}{dot}{suffix}"
        for number in range(2, 10_000):
            if not path.exists():
                break
            path = self.documents_dir / f"{stem}-{number}{dot}{suffix}"
        path.touch(mode=0o600)
        path.write_bytes(document.content)
        return path

    async def send(
        self, address: str, message: Outgoing, *, edit_of: str | None, turn: Turn
    ) -> list[str]:
        """The outbox's way out: a message for the current person is shown as the bot's,
        with its buttons numbered on; one for anyone else is marked with whom it is for."""
        if message.delete:
            prefix = "" if address == self.current else f"({address}) "
            self._print(prefix + self._t("console-withdrawn", count=len(message.delete)))
            return []
        if address == self.current:
            numbered = self._numbered if self._numbered is not None else []
            self._print_message(message, numbered)
            if self._numbered is None and numbered:  # a push: its buttons can be pressed
                self.buttons = numbered
        else:
            someone = await self._someone(address)
            self._print(self._t("console-push-for", name=self._label(someone)))
            self._print_message(message, [], prefix="  ")
        return [uuid.uuid4().hex[:12]]

    def _print_message(self, message: Outgoing, numbered: list[Button], prefix: str = "") -> None:
        self._print(prefix + "bot: " + markup.to_plain(message.text).replace("\n", "\n     "))
        if message.document is not None:
            path = self.save(message.document)
            self._print(prefix + "     " + self._t("console-document", path=str(path)))
        for row in message.buttons:
            labels = []
            for button in row:
                numbered.append(button)
                target = f" ({button.url})" if button.url else ""
                labels.append(f"[{len(numbered)}] {button.label}{target}")
            self._print(prefix + "     " + "   ".join(labels))
