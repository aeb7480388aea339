"""Button payloads: one frozen dataclass per kind of button, encoded and parsed here only.

A payload reads "key:field:field" (e.g. "prov:s:JT") and fits Telegram's 64 bytes, the tightest
of the channels. Parsing is strict (ASCII digits for numbers, a small alphabet for words), so a
forged or odd payload is one refusal ("this button has expired"), never an internal error.
"""

from __future__ import annotations

import dataclasses
import re
import typing
from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

from bot.messages import MAX_PAYLOAD_BYTES

_WORD = re.compile(r"[A-Za-z0-9_.-]{1,40}")
# Only the last field may hold a colon (a time of day such as "07:00").
_LAST_WORD = re.compile(r"[A-Za-z0-9_.:-]{1,40}")
_NUMBER = re.compile(r"[0-9]{1,6}")
_BOOLEAN = {"yes": True, "no": False}


class Payload:
    """Base of every button kind; subclasses are frozen dataclasses registered with `kind`."""

    key: ClassVar[str]
    _types: ClassVar[tuple[type, ...]]

    def encode(self) -> str:
        values = [getattr(self, f.name) for f in dataclasses.fields(self)]  # type: ignore[arg-type]
        text = ":".join([self.key, *(_encode(value) for value in values)])
        if len(text.encode()) > MAX_PAYLOAD_BYTES:
            raise ValueError(f"payload {text!r} is longer than {MAX_PAYLOAD_BYTES} bytes")
        if parse(text) != self:
            raise ValueError(f"payload {text!r} would not read back as {self!r}")
        return text


P = TypeVar("P", bound=Payload)
_KINDS: dict[str, type[Payload]] = {}


def kind(key: str) -> Callable[[type[P]], type[P]]:
    """Register a frozen dataclass as the button kind whose payloads start with `key`."""

    def register(cls: type[P]) -> type[P]:
        if key in _KINDS and _KINDS[key] is not cls:
            raise ValueError(f"button kind {key!r} registered twice")
        if not dataclasses.is_dataclass(cls):
            raise TypeError(f"{cls.__name__} must be a frozen dataclass")
        hints = typing.get_type_hints(cls)
        cls.key = key
        cls._types = tuple(hints[f.name] for f in dataclasses.fields(cls))
        if any(t not in (int, str, bool) for t in cls._types):
            raise TypeError(f"{cls.__name__}: fields must be int, str or bool")
        _KINDS[key] = cls
        return cls

    return register


def parse(text: str) -> Payload | None:
    """The button a payload stands for, or None for anything unknown, malformed or forged."""
    # The most specific key first: "set:cancel" before "set".
    for key in sorted(_keys_of(text), key=len, reverse=True):
        cls = _KINDS[key]
        rest = text[len(key) + 1 :] if len(text) > len(key) else None
        values = _fields(cls._types, rest)
        if values is not None:
            return typing.cast(Any, cls)(*values)  # type: ignore[no-any-return]
    return None


def _keys_of(text: str) -> list[str]:
    return [key for key in _KINDS if text == key or text.startswith(key + ":")]


def _fields(types: tuple[type, ...], rest: str | None) -> list[Any] | None:
    if not types:
        return [] if rest is None else None
    if rest is None:
        return None
    parts = rest.split(":", len(types) - 1)
    if len(parts) != len(types):
        return None
    values: list[Any] = []
    for index, (part, kind_of) in enumerate(zip(parts, types, strict=True)):
        last = index == len(types) - 1
        value = _decode(part, kind_of, last=last)
        if value is None:
            return None
        values.append(value)
    return values


def _decode(part: str, kind_of: type, *, last: bool) -> Any:
    if kind_of is bool:
        return _BOOLEAN.get(part)
    if kind_of is int:
        return int(part) if _NUMBER.fullmatch(part) else None
    pattern = _LAST_WORD if last else _WORD
    return part if pattern.fullmatch(part) else None


def _encode(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)
