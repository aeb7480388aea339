"""Mask what identifies a person in free text before it is stored or relayed.

The identity of trafficking victims and witnesses is confidential, so questions, answers
and case labels pass through `mask` first. Found: NIK/KK numbers, phone numbers, e-mail
addresses, passport numbers, and names introduced by a word such as "korban", "saksi",
"victim" or "bernama". Names of accused persons are not protected the same way and are
kept. Legal references, amounts, dates and case numbers must stay readable, so every
pattern errs on the side of precision.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from bot.services import identifier_patterns as p

PLACEHOLDERS = {
    "nik": "[NIK]",
    "phone": "[PHONE]",
    "email": "[EMAIL]",
    "passport": "[PASSPORT]",
    "name": "[NAME]",
}
# Of overlapping findings the earlier wins; at the same start the kind listed first (an
# e-mail address may hold a phone number), then the longer.
_PRIORITY = {kind: rank for rank, kind in enumerate(PLACEHOLDERS)}
_SEPARATORS = re.compile(r"[ .-]")


@dataclass(frozen=True, slots=True)
class Found:
    kind: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Masked:
    text: str
    found: tuple[Found, ...]  # offsets in the original text

    @property
    def changed(self) -> bool:
        return bool(self.found)


def mask(text: str) -> Masked:
    found = find(text)
    parts: list[str] = []
    cursor = 0
    for item in found:
        parts += [text[cursor : item.start], PLACEHOLDERS[item.kind]]
        cursor = item.end
    parts.append(text[cursor:])
    return Masked("".join(parts), tuple(found))


def find(text: str) -> list[Found]:
    """Non-overlapping findings in text order."""
    candidates = sorted(
        {*_numbers(text), *_names(text)},
        key=lambda f: (f.start, _PRIORITY[f.kind], -f.end),
    )
    chosen: list[Found] = []
    for candidate in candidates:
        if not chosen or candidate.start >= chosen[-1].end:
            chosen.append(candidate)
    return chosen


def _numbers(text: str) -> Iterator[Found]:
    for match in p.EMAIL.finditer(text):
        yield Found("email", *match.span())
    for match in p.NIK.finditer(text):
        if _grouped_like_an_id(match.group()):
            yield from _unless_amount(text, Found("nik", *match.span()))
    for match in p.PHONE.finditer(text):
        digits = sum(char.isdigit() for char in match.group())
        if digits in p.PHONE_DIGITS[match.group()[0]]:
            yield from _unless_amount(text, Found("phone", *match.span()))
    for match in p.PASSPORT.finditer(text):
        yield from _unless_amount(text, Found("passport", *match.span()))
    for match in p.PASSPORT_AFTER_KEYWORD.finditer(text):
        yield Found("passport", *match.span("value"))


def _grouped_like_an_id(number: str) -> bool:
    # One kind of separator and groups of 2-6 digits: "3273 0123 4567 0001", not a date
    # followed by a time range ("12.03.2024 10.30-11.45").
    groups = _SEPARATORS.split(number)
    separators = set(_SEPARATORS.findall(number))
    return len(groups) == 1 or (len(separators) == 1 and all(2 <= len(g) <= 6 for g in groups))


def _unless_amount(text: str, found: Found) -> Iterator[Found]:
    if not p.CURRENCY_BEFORE.search(text, max(0, found.start - 8), found.start):
        yield found


def _names(text: str) -> Iterator[Found]:
    for trigger in p.TRIGGER.finditer(text):
        if trigger.group("namer") and _after_accused(text, trigger.start()):
            continue
        position = _skip(text, trigger.end(), p.GAP)
        position = _skip(text, position, p.LINKER)
        yield from _name_list(text, position)


def _after_accused(text: str, start: int) -> bool:
    """Whether the nearest role word before a "bernama"-like word names an accused person."""
    for word in reversed(re.findall(r"[\w-]+", text[max(0, start - 40) : start])[-3:]):
        lowered = word.lower()
        if lowered in p.ACCUSED:
            return True
        if lowered in p.PROTECTED:
            return False
    return False


def _name_list(text: str, position: int) -> Iterator[Found]:
    """One name, or a list of them such as "Siti, Ani dan Rina"."""
    first = _name_at(text, position)
    if first is None:
        return
    yield first
    listed: list[Found] = []
    end = first.end
    while True:
        after_and = _name_at(text, _skip(text, end, p.LIST_AND, required=True))
        if after_and is not None:
            yield from (*listed, after_and)
            return
        after_comma = _name_at(text, _skip(text, end, p.LIST_COMMA, required=True))
        if after_comma is None:
            return
        listed.append(after_comma)
        end = after_comma.end


def _name_at(text: str, position: int) -> Found | None:
    if position < 0:
        return None
    position = _skip(text, position, p.TITLE)
    end = None
    cursor = position
    for _ in range(p.MAX_NAME_TOKENS):
        token = p.NAME_TOKEN.match(text, cursor)
        if token is None or _not_a_name(token):
            break
        end = token.end()
        joiner = p.AFTER_INITIAL if token.group("initial") else p.NAME_JOINER
        cursor = _skip(text, end, joiner)
    return Found("name", position, end) if end is not None else None


def _not_a_name(token: re.Match[str]) -> bool:
    word = token.group().lower()
    if token.group("caps"):
        return word in p.ACRONYMS or (len(word) > 2 and word in p.NOT_A_NAME)
    return bool(token.group("word")) and word in p.NOT_A_NAME


def _skip(text: str, position: int, pattern: re.Pattern[str], *, required: bool = False) -> int:
    """Position after pattern at position; -1 when a required pattern is absent."""
    if position < 0:
        return position
    match = pattern.match(text, position)
    if match is None or (required and not match.group()):
        return -1 if required else position
    return match.end()
