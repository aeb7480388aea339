"""A neutral message as the JSON an outbox row keeps until it is sent."""

from __future__ import annotations

from typing import Any

from bot.messages import Button, DocumentBuild, Outgoing


def dump(message: Outgoing, *, edit_of: str | None = None) -> dict[str, Any]:
    if message.document is not None:
        # Documents and charts are built when sent, from what the cause names, never stored.
        raise ValueError("a document cannot be queued; queue what builds it")
    body: dict[str, Any] = {"text": message.text}
    if message.build is not None:
        body["build"] = {"name": message.build.name, "args": dict(message.build.args)}
    if message.buttons:
        body["buttons"] = [[_button(b) for b in row] for row in message.buttons]
    if message.protect:
        body["protect"] = True
    if message.delete:
        body["delete"] = list(message.delete)
    if message.replace and edit_of is not None:
        body["edit_of"] = edit_of  # best effort: a failed edit becomes a new message
    return body


def load(body: dict[str, Any]) -> tuple[Outgoing, str | None]:
    """The message and the platform id of the message it replaces, if any."""
    rows = tuple(
        tuple(Button(b["label"], payload=b.get("payload"), url=b.get("url")) for b in row)
        for row in body.get("buttons", ())
    )
    edit_of = body.get("edit_of")
    build = body.get("build")
    message = Outgoing(
        str(body["text"]),
        rows,
        protect=bool(body.get("protect")),
        replace=edit_of is not None,
        delete=tuple(str(i) for i in body.get("delete", ())),
        build=DocumentBuild(str(build["name"]), dict(build.get("args", {}))) if build else None,
    )
    return message, edit_of


def _button(button: Button) -> dict[str, str]:
    if button.url is not None:
        return {"label": button.label, "url": button.url}
    return {"label": button.label, "payload": button.payload or ""}
