"""A terminal chat on the same handlers and database, for trying the bot without any token.

Buttons are numbered and pressed by typing the number. ":as NAME" switches between local
people; the demo admin, mentor and mentee exist from the first run. Works with piped input.
"""

from __future__ import annotations

import asyncio
import sys
import threading
import uuid
from typing import TextIO

from bot import markup
from bot.core import Core
from bot.db.unit_of_work import Database
from bot.i18n import Catalogs
from bot.messages import Button, Channel, Incoming, Outgoing
from bot.services import demo

START_AS = "mentee"


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
            await demo.ensure(session, Channel.CONSOLE, self.language)
        self._print(self._t("console-welcome", people=", ".join(demo.DEMO_PEOPLE)))
        self._print(self._t("console-as", name=self.current))
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
        if line in (":quit", ":q"):
            return False
        if line == ":who":
            self._print(self._t("console-as", name=self.current))
            return True
        if line.startswith(":as "):
            await self._switch(line[4:].strip())
            return True
        button = self._button_for(line)
        if button is None:
            await self._send(text=line)
        elif button.payload is None:
            self._print(f"  {button.url}")
        else:
            await self._send(payload=button.payload)
        return True

    def _button_for(self, line: str) -> Button | None:
        """The button a line presses: one labelled exactly so ("5" for a capacity of 5), else
        the one with that number; any other line is a message."""
        for button in self.buttons:
            if button.label == line:
                return button
        if all(button.label.isdigit() for button in self.buttons):
            return None  # numbers as labels (a capacity): any other number is typed, not pressed
        if line.isdigit() and 1 <= int(line) <= len(self.buttons):
            return self.buttons[int(line) - 1]
        return None

    async def _switch(self, name: str) -> None:
        name = "".join(ch for ch in name.lower() if ch.isalnum() or ch in "-_")[:32]
        if not name:
            return
        self.current = name
        self.buttons = []
        self._print(self._t("console-as", name=name))
        if name in demo.DEMO_PEOPLE:
            async with self.db.unit_of_work() as session:  # erased demo people come back
                await demo.ensure(session, Channel.CONSOLE, self.language)
        else:
            self._print(self._t("console-new-person", name=name))

    async def _send(self, *, text: str | None = None, payload: str | None = None) -> None:
        incoming = Incoming(
            channel=Channel.CONSOLE,
            external_id=self.current,
            chat_id=self.current,
            update_id=uuid.uuid4().hex,
            text=text,
            payload=payload,
            language_hint=self.language,
            name_hint=self.current.capitalize(),
        )
        reply = await self.core.handle(incoming)
        if payload is not None and reply.messages:
            # A keyboard that led somewhere is used up, as on Telegram where the bot removes it.
            self.buttons = []
        if reply.notice and not reply.messages:
            self._print(f"  ({reply.notice})")
        for message in reply.messages:
            self._show(message)

    def _show(self, message: Outgoing) -> None:
        self._print("bot: " + markup.to_plain(message.text).replace("\n", "\n     "))
        if not message.buttons:
            return
        self.buttons = [button for row in message.buttons for button in row]
        number = 0
        for row in message.buttons:
            labels = []
            for button in row:
                number += 1
                target = button.url or ""
                labels.append(f"[{number}] {button.label}" + (f" ({target})" if target else ""))
            self._print("     " + "   ".join(labels))
