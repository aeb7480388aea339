"""The markup's vocabulary: parsed nodes, special characters, and escaping of user values."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

MARKUP_CHARS = frozenset("*_[]()")
# "-" is escapable so that escape() can neutralise a leading "- " bullet marker.
ESCAPABLE = frozenset("*_[]()\\-")
ESCAPED_BY_ESCAPE = frozenset("*_[]()\\")
SAFE_SCHEMES = ("http://", "https://", "tg://", "mailto:")
SOURCE_BULLETS = ("- ", "• ")
# Every channel shows a bullet the same way, so a "- " source line reads alike everywhere.
BULLET = "• "

Style = Literal["b", "i"]


@dataclass(frozen=True, slots=True)
class Text:
    text: str


@dataclass(frozen=True, slots=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True, slots=True)
class Emphasis:
    style: Style
    children: tuple[Text | Link, ...]


Inline = Text | Link | Emphasis


@dataclass(frozen=True, slots=True)
class Line:
    indent: str
    bullet: bool
    content: tuple[Inline, ...]


def is_safe_url(url: str) -> bool:
    # Allow-list rather than deny-list: javascript:, data:, obfuscated variants all fail it.
    return url.lower().startswith(SAFE_SCHEMES)


def escape_char(char: str) -> str:
    return "\\" + char if char in ESCAPED_BY_ESCAPE else char


def unbullet(source: str) -> str:
    """Escape a leading "- " so that a line does not turn into a bullet ("• ")."""
    body = source.lstrip(" ")
    if body.startswith("- "):
        return source[: len(source) - len(body)] + "\\" + body
    return source


def escape(value: str) -> str:
    """Escape user-provided text so that it renders literally on every channel."""
    return "\n".join(unbullet("".join(escape_char(c) for c in line)) for line in value.split("\n"))
