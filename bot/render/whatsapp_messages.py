"""What the WhatsApp Cloud API is sent, as frozen dataclasses, with its documented limits.

Texts are already in WhatsApp's formatting; payloads are the neutral button payloads, which
come back as the id of a button or list reply (or through a numbered menu, as a typed number).
"""

from __future__ import annotations

from dataclasses import dataclass

TEXT_LIMIT = 4096
BODY_LIMIT = 1024  # body of a reply-button or list message
MAX_BUTTONS = 3
BUTTON_TITLE_LIMIT = 20
BUTTON_ID_LIMIT = 256
MAX_ROWS = 10
ROW_TITLE_LIMIT = 24
ROW_DESCRIPTION_LIMIT = 72
ROW_ID_LIMIT = 200
LIST_BUTTON_LIMIT = 20


@dataclass(frozen=True, slots=True)
class TextMessage:
    body: str


@dataclass(frozen=True, slots=True)
class ReplyButton:
    payload: str
    title: str


@dataclass(frozen=True, slots=True)
class ButtonsMessage:
    """An interactive message with up to three reply buttons under its body."""

    body: str
    buttons: tuple[ReplyButton, ...]


@dataclass(frozen=True, slots=True)
class ListRow:
    payload: str
    title: str
    # The whole label when the title had to be shortened: the list shows both.
    description: str | None = None


@dataclass(frozen=True, slots=True)
class ListMessage:
    """An interactive list: the body, and a button that opens up to ten rows."""

    body: str
    button: str
    rows: tuple[ListRow, ...]


@dataclass(frozen=True, slots=True)
class Choice:
    number: int
    label: str
    payload: str


@dataclass(frozen=True, slots=True)
class NumberedMenu:
    """A text ending in numbered lines; the person answers with a number."""

    body: str
    choices: tuple[Choice, ...]

    def payload_for(self, typed: str) -> str | None:
        """The payload a typed answer ("3", " 3. ") picks, or None if it is not a number here."""
        number = typed.strip().removesuffix(".").strip()
        if not (number.isascii() and number.isdigit()):
            return None
        return next((c.payload for c in self.choices if c.number == int(number)), None)


@dataclass(frozen=True, slots=True)
class DocumentMessage:
    filename: str
    content: bytes
    mime_type: str


WhatsAppMessage = TextMessage | ButtonsMessage | ListMessage | NumberedMenu | DocumentMessage


def problems(message: WhatsAppMessage) -> list[str]:
    """Every limit ``message`` breaks, checked against the documented limits, not the renderer."""
    if isinstance(message, TextMessage):
        return _length("text", message.body, TEXT_LIMIT)
    if isinstance(message, ButtonsMessage):
        found = _length("body", message.body, BODY_LIMIT)
        found += _count("buttons", message.buttons, MAX_BUTTONS)
        for button in message.buttons:
            found += _length("button title", button.title, BUTTON_TITLE_LIMIT)
            found += _length("button id", button.payload, BUTTON_ID_LIMIT)
        return found + _distinct("button titles", [b.title for b in message.buttons])
    if isinstance(message, ListMessage):
        found = _length("body", message.body, BODY_LIMIT)
        found += _length("list button", message.button, LIST_BUTTON_LIMIT)
        found += _count("rows", message.rows, MAX_ROWS)
        for row in message.rows:
            found += _length("row title", row.title, ROW_TITLE_LIMIT)
            found += _length("row id", row.payload, ROW_ID_LIMIT)
            if row.description is not None:
                found += _length("row description", row.description, ROW_DESCRIPTION_LIMIT)
        found += _distinct("row ids", [row.payload for row in message.rows])
        return found + _distinct("row titles", [row.title for row in message.rows])
    if isinstance(message, NumberedMenu):
        found = _length("text", message.body, TEXT_LIMIT)
        numbers = [choice.number for choice in message.choices]
        if numbers != list(range(1, len(numbers) + 1)):
            found.append(f"menu numbers {numbers} are not 1 to {len(numbers)}")
        return found
    return [] if message.filename else ["a document without a file name"]


def _length(what: str, value: str, limit: int) -> list[str]:
    if not value.strip():
        return [f"{what} is empty"]
    if len(value) > limit:
        shown = value if len(value) <= 60 else value[:60] + "…"
        return [f"{what} {shown!r} has {len(value)} characters (at most {limit})"]
    return []


def _count(what: str, items: tuple[object, ...], limit: int) -> list[str]:
    return [] if 1 <= len(items) <= limit else [f"{len(items)} {what} (1 to {limit})"]


def _distinct(what: str, values: list[str]) -> list[str]:
    folded = [value.casefold() for value in values]
    return [] if len(set(folded)) == len(folded) else [f"{what} repeat: {values}"]
