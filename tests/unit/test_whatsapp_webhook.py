"""WhatsApp webhook bodies in the documented shapes, read into events; signatures; words."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot.channels import whatsapp_words as words
from bot.channels.whatsapp_api import payload
from bot.channels.whatsapp_webhook import (
    InboundMessage,
    StatusUpdate,
    parse,
    sign,
    signature_ok,
)
from bot.render.whatsapp import ButtonsMessage, ListMessage, ListRow, ReplyButton, TextMessage

PHONE = "106540352242922"
BUDI = "6281234567890"


def body(
    messages: list[dict[str, Any]] | None = None,
    statuses: list[dict[str, Any]] | None = None,
    phone: str = PHONE,
) -> bytes:
    value: dict[str, Any] = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "15550783881", "phone_number_id": phone},
    }
    if messages:
        value["contacts"] = [{"profile": {"name": "Budi Santoso"}, "wa_id": BUDI}]
        value["messages"] = list(messages)
    if statuses:
        value["statuses"] = list(statuses)
    return json.dumps(
        {
            "object": "whatsapp_business_account",
            "entry": [
                {"id": "102290129340398", "changes": [{"field": "messages", "value": value}]}
            ],
        }
    ).encode()


def message(kind: str, content: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "from": BUDI,
        "id": "wamid.IN1",
        "timestamp": "1749416383",
        "type": kind,
        kind: content,
        **extra,
    }


CASES = [
    (
        "text",
        body([message("text", {"body": "halo"})]),
        [InboundMessage("wamid.IN1", BUDI, text="halo", name="Budi Santoso")],
    ),
    (
        "reply button",
        body(
            [
                message(
                    "interactive",
                    {
                        "type": "button_reply",
                        "button_reply": {"id": "lang:en", "title": "English"},
                    },
                )
            ]
        ),
        [InboundMessage("wamid.IN1", BUDI, payload="lang:en", name="Budi Santoso")],
    ),
    (
        "list row",
        body(
            [
                message(
                    "interactive",
                    {
                        "type": "list_reply",
                        "list_reply": {"id": "prov:p:2", "title": "Bali", "description": "x"},
                    },
                )
            ]
        ),
        [InboundMessage("wamid.IN1", BUDI, payload="prov:p:2", name="Budi Santoso")],
    ),
    (
        "reply context",
        body(
            [
                message(
                    "text", {"body": "Jawabannya ya"}, context={"from": PHONE, "id": "wamid.OUT7"}
                )
            ]
        ),
        [
            InboundMessage(
                "wamid.IN1", BUDI, text="Jawabannya ya", reply_to="wamid.OUT7", name="Budi Santoso"
            )
        ],
    ),
    (
        "template quick reply",
        body([message("button", {"payload": "x", "text": "Baca"})]),
        [InboundMessage("wamid.IN1", BUDI, text="Baca", name="Budi Santoso")],
    ),
    *[
        (
            kind,
            body([message(kind, {"id": "1"})]),
            [InboundMessage("wamid.IN1", BUDI, name="Budi Santoso", unreadable=True)],
        )
        for kind in ("image", "audio", "sticker", "location")
    ],
    ("reaction", body([message("reaction", {"message_id": "wamid.OUT1", "emoji": "👍"})]), []),
    (
        "statuses",
        body(
            statuses=[
                {"id": "wamid.OUT1", "status": "sent", "timestamp": "1", "recipient_id": BUDI},
                {
                    "id": "wamid.OUT1",
                    "status": "delivered",
                    "timestamp": "2",
                    "recipient_id": BUDI,
                },
                {"id": "wamid.OUT1", "status": "read", "timestamp": "3", "recipient_id": BUDI},
                {
                    "id": "wamid.OUT2",
                    "status": "failed",
                    "timestamp": "4",
                    "recipient_id": BUDI,
                    "errors": [{"code": 131047, "title": "Re-engagement message"}],
                },
            ]
        ),
        [
            StatusUpdate("wamid.OUT1", BUDI, "sent"),
            StatusUpdate("wamid.OUT1", BUDI, "delivered"),
            StatusUpdate("wamid.OUT1", BUDI, "read"),
            StatusUpdate("wamid.OUT2", BUDI, "failed", (131047,)),
        ],
    ),
    ("another number", body([message("text", {"body": "halo"})], phone="999"), []),
    ("malformed message", body([{"type": "text"}]), []),
]


@pytest.mark.parametrize(("raw", "events"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_webhook_bodies_become_events(raw: bytes, events: list[object]) -> None:
    assert parse(raw, PHONE) == events


def test_a_failed_status_with_131047_means_the_window_closed() -> None:
    assert StatusUpdate("w", BUDI, "failed", (131047,)).window_closed
    assert not StatusUpdate("w", BUDI, "failed", (131026,)).window_closed


@pytest.mark.parametrize("raw", [b"[]", b'{"object": "x"}', b"not json"])
def test_what_is_not_a_webhook_is_refused(raw: bytes) -> None:
    with pytest.raises(ValueError):
        parse(raw, PHONE)


@pytest.mark.parametrize(
    ("header", "ok"),
    [
        (sign(b'{"a": 1}', "s3cret"), True),
        (sign(b'{"a": 2}', "s3cret"), False),  # another body
        (sign(b'{"a": 1}', "other"), False),  # another secret
        ("sha1=" + sign(b'{"a": 1}', "s3cret")[7:], False),
        ("", False),
        (None, False),
        ("sha256=zz", False),
    ],
)
def test_only_the_signature_of_this_body_with_our_secret_passes(
    header: str | None, ok: bool
) -> None:
    assert signature_ok(b'{"a": 1}', header, "s3cret") is ok


@pytest.mark.parametrize(
    ("typed", "command"),
    [
        ("pelajaran", "/lesson"),
        ("Lesson", "/lesson"),
        ("/pelajaran", "/lesson"),
        ("  Tanya ", "/ask"),
        ("bantuan", "/help"),
        ("help", "/help"),
        ("Daftar  Periksa", "/checklists"),
        ("mulai AbC123", "/start AbC123"),
        ("antrean", "/queue"),
        ("tanya apa kabar", None),  # a sentence is not a command
        ("Kejari Surabaya", None),
    ],
)
def test_words_stand_for_commands(typed: str, command: str | None) -> None:
    assert words.as_command(typed) == command


def test_every_command_has_a_word_in_both_languages() -> None:
    from handlers import build_router

    commands = set(build_router().commands)
    assert commands <= set(words.WORDS)
    assert words.word_for("lesson", "id") == "pelajaran"
    assert words.word_for("lesson", "en") == "lesson"
    assert words.is_menu("MENU") and not words.is_menu("menus")


def test_rendered_messages_become_graph_json() -> None:
    assert payload(TextMessage("*Hi*")) == {
        "type": "text",
        "text": {"body": "*Hi*", "preview_url": False},
    }
    buttons = payload(ButtonsMessage("Pick", (ReplyButton("a:1", "One"),)))
    assert buttons["interactive"]["action"] == {
        "buttons": [{"type": "reply", "reply": {"id": "a:1", "title": "One"}}]
    }
    rows = payload(ListMessage("Pick", "Choose", (ListRow("a:1", "One", "The first one"),)))
    assert rows["interactive"]["action"] == {
        "button": "Choose",
        "sections": [{"rows": [{"id": "a:1", "title": "One", "description": "The first one"}]}],
    }
