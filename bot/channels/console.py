"""A terminal chat on the same handlers and database, for trying the bot without any token.

Buttons are numbered and pressed by typing the number. ":as NAME" switches between local
people; the demo admin, mentor and mentee exist from the first run. Works with piped input.
"""

from __future__ import annotations

import asyncio
import sys
import uuid
from typing import TextIO

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import markup
from bot.core import Core
from bot.i18n import Catalogs
from bot.messages import Button, Channel, Incoming, Outgoing
from bot.services import demo

START_AS = "mentee"


class ConsoleChannel:
    def __init__(
        self,
        core: Core,
        sessions: async_sessionmaker[AsyncSession],
        catalogs: Catalogs,
        *,
        stdin: TextIO | None = None,
        stdout: TextIO | None = None,
    ) -> None:
        self.core = core
        self.sessions = sessions
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
        async with self.sessions.begin() as session:
            await demo.ensure(session, Channel.CONSOLE, self.language)
        self._print(self._t("console-welcome", people=", ".join(demo.DEMO_PEOPLE)))
        self._print(self._t("console-as", name=self.current))
        interactive = self.stdin.isatty()
        loop = asyncio.get_running_loop()
        while True:
            if interactive:
                self.stdout.write(f"{self.current}> ")
                self.stdout.flush()
            line = await loop.run_in_executor(None, self.stdin.readline)
            if not line:
                return
            if not await self.handle_line(line.strip()):
                return

    async def handle_line(self, line: str) -> bool:
        """One line of input; False when the person asked to quit."""
        if not line:
            return True
        if not interactive_echo(self.stdin):
            self._print(f"{self.current}> {line}")
        if line in (":quit", ":q"):
            return False
        if line == ":who":
            self._print(self._t("console-as", name=self.current))
            return True
        if line.startswith(":as "):
            self._switch(line[4:].strip())
            return True
        if line.isdigit() and self.buttons:
            index = int(line) - 1
            if not 0 <= index < len(self.buttons):
                self._print(self._t("console-no-buttons"))
                return True
            button = self.buttons[index]
            if button.payload is None:
                self._print(f"  {button.url}")
            else:
                await self._send(payload=button.payload)
            return True
        await self._send(text=line)
        return True

    def _switch(self, name: str) -> None:
        name = "".join(ch for ch in name.lower() if ch.isalnum() or ch in "-_")[:32]
        if not name:
            return
        self.current = name
        self.buttons = []
        self._print(self._t("console-as", name=name))
        if name not in demo.DEMO_PEOPLE:
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


def interactive_echo(stream: TextIO) -> bool:
    """A terminal already shows what was typed; piped input is echoed for a readable transcript."""
    return stream.isatty()
