"""A scripted person talking to the channel-neutral core, for stories without a channel."""

from __future__ import annotations

import itertools

from bot.core import Core
from bot.markup import to_plain
from bot.messages import Button, Channel, Incoming, Outgoing, Reply
from bot.render import whatsapp

_update_ids = itertools.count(1)


class Chat:
    def __init__(
        self,
        core: Core,
        external_id: str,
        *,
        channel: Channel = Channel.CONSOLE,
        name: str = "Budi",
        language: str = "id",
    ) -> None:
        self.core = core
        self.external_id = external_id
        self.channel = channel
        self.name = name
        self.language = language
        self.last: Reply = Reply()
        self.buttons: list[Button] = []

    async def _handle(self, **fields: str | None) -> list[Outgoing]:
        incoming = Incoming(
            channel=self.channel,
            external_id=self.external_id,
            chat_id=self.external_id,
            update_id=str(next(_update_ids)),
            language_hint=self.language,
            name_hint=self.name,
            **fields,  # type: ignore[arg-type]
        )
        self.last = await self.core.handle(incoming)
        for message in self.last.messages:
            _assert_fits_whatsapp(message)
            if message.buttons:
                self.buttons = [b for row in message.buttons for b in row]
        return self.last.messages

    async def send(self, text: str) -> list[Outgoing]:
        return await self._handle(text=text)

    async def reply(self, text: str, to: str) -> list[Outgoing]:
        """Text sent as a reply to the bot's message with this platform id."""
        return await self._handle(text=text, reply_to=to)

    async def press(self, payload: str) -> list[Outgoing]:
        return await self._handle(payload=payload)

    async def press_label(self, label: str) -> list[Outgoing]:
        for button in self.buttons:
            if label in button.label and button.payload:
                return await self.press(button.payload)
        raise AssertionError(f"no button {label!r} in {[b.label for b in self.buttons]}")

    @property
    def text(self) -> str:
        """Everything the last update produced, as plain text."""
        return "\n".join(to_plain(m.text) for m in self.last.messages)


def _assert_fits_whatsapp(message: Outgoing) -> None:
    """Every handler's output must also fit WhatsApp, whatever channel the story runs on."""
    problems = whatsapp.check(message)
    if problems:
        raise AssertionError(f"does not fit WhatsApp: {problems}\nin {message!r}")
