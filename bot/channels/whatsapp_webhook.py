"""What a WhatsApp Cloud API webhook POST says, as plain values (no network, no database).

A POST is trusted only with ``X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>``
keyed with the app secret. One body may carry several messages and statuses, of several phone
numbers of the business account: only those of our number are taken.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from typing import Any

SIGNATURE_HEADER = "X-Hub-Signature-256"
# Kinds WhatsApp sends that carry no text we can read: answered with "text only, please".
UNREADABLE = frozenset(
    {"image", "audio", "video", "document", "sticker", "location", "contacts", "unsupported"}
)
# Re-engagement: more than 24 hours since the person last wrote.
WINDOW_CLOSED = 131047


@dataclass(frozen=True, slots=True)
class InboundMessage:
    """A message from a person. ``payload`` is the id of a pressed reply button or list row
    (ours, as sent); ``unreadable`` marks a kind without text (an image, a voice note)."""

    message_id: str
    sender: str
    text: str | None = None
    payload: str | None = None
    reply_to: str | None = None
    name: str | None = None
    unreadable: bool = False


@dataclass(frozen=True, slots=True)
class StatusUpdate:
    """What became of a message we sent: sent, delivered, read or failed (with error codes)."""

    message_id: str
    recipient: str
    status: str
    errors: tuple[int, ...] = ()

    @property
    def window_closed(self) -> bool:
        return WINDOW_CLOSED in self.errors


Event = InboundMessage | StatusUpdate


def signature_ok(body: bytes, header: str | None, app_secret: str) -> bool:
    """The header is the HMAC of exactly these bytes (compared in constant time)."""
    if not header or not app_secret:
        return False
    scheme, _, given = header.partition("=")
    if scheme != "sha256":
        return False
    expected = hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(given.strip().lower().encode(), expected.encode())


def sign(body: bytes, app_secret: str) -> str:
    """The header value Meta would send (tests and the fake Graph server use it)."""
    return "sha256=" + hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()


def parse(body: bytes, phone_number_id: str) -> list[Event]:
    """Every message and status for our number, in the order the body lists them.

    Raises ValueError for a body that is not a WhatsApp webhook at all."""
    data = json.loads(body)
    if not isinstance(data, dict) or not isinstance(data.get("entry"), list):
        raise ValueError("not a WhatsApp webhook")
    events: list[Event] = []
    for entry in data["entry"]:
        for change in _list(_dict(entry).get("changes")):
            change = _dict(change)
            value = _dict(change.get("value"))
            if change.get("field") != "messages":
                continue
            if str(_dict(value.get("metadata")).get("phone_number_id", "")) != phone_number_id:
                continue  # another number of the same business account
            names = _names(value)
            events += [
                message
                for raw in _list(value.get("messages"))
                if (message := _message(_dict(raw), names)) is not None
            ]
            events += [
                status
                for raw in _list(value.get("statuses"))
                if (status := _status(_dict(raw))) is not None
            ]
    return events


def _message(raw: dict[str, Any], names: dict[str, str]) -> InboundMessage | None:
    message_id, sender, kind = raw.get("id"), raw.get("from"), raw.get("type")
    if not isinstance(message_id, str) or not isinstance(sender, str) or not message_id:
        return None
    context = _dict(raw.get("context")).get("id")
    base = InboundMessage(
        message_id,
        sender,
        reply_to=context if isinstance(context, str) else None,
        name=names.get(sender),
    )
    if kind == "text":
        return _with(base, text=_str(_dict(raw.get("text")).get("body")))
    if kind == "interactive":
        interactive = _dict(raw.get("interactive"))
        reply = _dict(interactive.get(str(interactive.get("type"))))
        if interactive.get("type") in ("button_reply", "list_reply") and _str(reply.get("id")):
            return _with(base, payload=_str(reply.get("id")))
        return _with(base, unreadable=True)
    if kind == "button":  # a quick-reply button of a template: its text, as if typed
        return _with(base, text=_str(_dict(raw.get("button")).get("text")))
    if kind in UNREADABLE:
        return _with(base, unreadable=True)
    return None  # reactions, system notices, ephemeral messages: nothing to answer


def _with(
    base: InboundMessage,
    *,
    text: str | None = None,
    payload: str | None = None,
    unreadable: bool = False,
) -> InboundMessage | None:
    if not (text or payload or unreadable):
        return None
    return InboundMessage(
        base.message_id,
        base.sender,
        text=text,
        payload=payload,
        reply_to=base.reply_to,
        name=base.name,
        unreadable=unreadable,
    )


def _status(raw: dict[str, Any]) -> StatusUpdate | None:
    message_id, recipient, status = raw.get("id"), raw.get("recipient_id"), raw.get("status")
    if not all(isinstance(v, str) and v for v in (message_id, recipient, status)):
        return None
    codes = tuple(
        code
        for error in _list(raw.get("errors"))
        if isinstance(code := _dict(error).get("code"), int)
    )
    return StatusUpdate(str(message_id), str(recipient), str(status), codes)


def _names(value: dict[str, Any]) -> dict[str, str]:
    names = {}
    for contact in _list(value.get("contacts")):
        contact = _dict(contact)
        name = _dict(contact.get("profile")).get("name")
        if isinstance(contact.get("wa_id"), str) and isinstance(name, str):
            names[contact["wa_id"]] = name
    return names


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _str(value: object) -> str | None:
    return value if isinstance(value, str) and value else None
