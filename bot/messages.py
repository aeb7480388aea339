"""Channel-neutral message types: what handlers read and write, whatever the channel."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

MAX_PAYLOAD_BYTES = 64  # Telegram's callback_data limit, the tightest of our channels


class Channel(StrEnum):
    TELEGRAM = "telegram"
    WHATSAPP = "whatsapp"
    CONSOLE = "console"


@dataclass(frozen=True, slots=True)
class Button:
    label: str
    payload: str | None = None
    url: str | None = None

    def __post_init__(self) -> None:
        if (self.payload is None) == (self.url is None):
            raise ValueError("a button has either a payload or a url")
        if self.payload is not None and not 0 < len(self.payload.encode()) <= MAX_PAYLOAD_BYTES:
            raise ValueError(f"button payload must be 1-{MAX_PAYLOAD_BYTES} bytes")


@dataclass(frozen=True, slots=True)
class Document:
    filename: str
    content: bytes
    mime_type: str = "text/csv"


@dataclass(frozen=True, slots=True)
class DocumentBuild:
    """A document made when its message is sent (a CSV export, a chart): a builder's name and
    plain arguments (a language, a period), so an outbox row keeps no report content."""

    name: str
    args: dict[str, str | int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Outgoing:
    """Text in the neutral markup of `bot.markup`, with optional rows of buttons."""

    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()
    protect: bool = False
    document: Document | None = None
    # Or the document to build at send time (see bot.documents); the text is its caption.
    build: DocumentBuild | None = None
    # Edit the message whose button was pressed instead of sending a new one.
    replace: bool = False
    # Never stored (an invite code): sent at once without an outbox row, best effort.
    ephemeral: bool = False
    # Withdraw these earlier messages of the chat (platform ids) instead of sending text: a
    # retracted question leaves the mentor's chat. Best effort where a platform cannot.
    delete: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Incoming:
    channel: Channel
    external_id: str
    chat_id: str
    update_id: str
    text: str | None = None
    payload: str | None = None
    message_ref: str | None = None
    reply_to: str | None = None
    language_hint: str | None = None
    name_hint: str | None = None

    @property
    def command(self) -> tuple[str, str] | None:
        """("start", "CODE") for "/start CODE"; None when the text is not a command."""
        if not self.text or not self.text.startswith("/"):
            return None
        head, _, args = self.text[1:].partition(" ")
        name = head.split("@", 1)[0].lower()
        return (name, args.strip()) if name else None


@dataclass(frozen=True, slots=True)
class MenuUpdate:
    """The command menu a chat should see after this update (role and language may change)."""

    chat_id: str
    role: str | None
    language: str


@dataclass(frozen=True, slots=True)
class Delivery:
    """One message to send: to a chat on a channel, with its outbox row. `row_id` is None for
    people who have not joined: nothing about them is stored, so it is sent without a row."""

    channel: str
    address: str
    message: Outgoing
    row_id: int | None = None
    edit_of: str | None = None  # the platform id of the message it replaces, best effort
    lease_until: datetime | None = None  # its row may be taken by another sender after this


@dataclass(slots=True)
class Reply:
    """What handling one update produced, for the channel to deliver after commit."""

    messages: list[Outgoing] = field(default_factory=list)
    # The same messages, addressed and (for joined people) queued in the outbox.
    deliveries: list[Delivery] = field(default_factory=list)
    pushed: bool = False  # messages to other people were queued: the outbox should look now
    menu: MenuUpdate | None = None
    notice: str | None = None  # short plain-text toast for a pressed button, where one exists
    failed: bool = False  # handling failed and nothing changed: the person may simply retry
