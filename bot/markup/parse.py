"""Parsing the neutral markup into lines of text, link and emphasis nodes.

Rules (spans never cross a line break) are described in the package docstring.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence

from .syntax import (
    ESCAPABLE,
    MARKUP_CHARS,
    SOURCE_BULLETS,
    Emphasis,
    Inline,
    Line,
    Link,
    Style,
    Text,
    is_safe_url,
)

# A lexed character: (char, is_markup).  Escaped characters are never markup.
_Token = tuple[str, bool]
# After link detection a line is a mix of tokens and atomic link results.
_Item = _Token | Link | Text
_BOLD: _Token = ("*", True)
_ITALIC: _Token = ("_", True)


def _lex(source: str) -> list[_Token]:
    tokens: list[_Token] = []
    i = 0
    while i < len(source):
        char = source[i]
        if char == "\\" and i + 1 < len(source) and source[i + 1] in ESCAPABLE:
            tokens.append((source[i + 1], False))
            i += 2
            continue
        tokens.append((char, char in MARKUP_CHARS))
        i += 1
    return tokens


def _match_link(tokens: Sequence[_Token], start: int) -> tuple[Link | Text, int] | None:
    """Match ``[label](url)`` at ``tokens[start]``; return the node and the index after it."""
    label: list[str] = []
    j = start + 1
    while j < len(tokens):
        char, markup = tokens[j]
        if markup and char == "[":
            return None  # the inner "[" gets its own chance later
        if markup and char == "]":
            break
        label.append(char)
        j += 1
    else:
        return None
    j += 1
    if j >= len(tokens) or tokens[j] != ("(", True):
        return None
    url: list[str] = []
    depth = 0
    j += 1
    while j < len(tokens):
        char, markup = tokens[j]
        if char.isspace() or (markup and char in "[]"):
            return None  # also keeps "[a](b[a](b..." from being scanned quadratically
        if markup and char == "(":
            depth += 1
        elif markup and char == ")":
            if depth == 0:
                break
            depth -= 1
        url.append(char)
        j += 1
    else:
        return None
    url_text = "".join(url)
    if not url_text:
        return None
    label_text = "".join(label) or url_text
    node: Link | Text = Link(label_text, url_text) if is_safe_url(url_text) else Text(label_text)
    return node, j + 1


def _find_links(tokens: Sequence[_Token]) -> list[_Item]:
    # Links are resolved first so that emphasis markers inside URLs can never close a span.
    items: list[_Item] = []
    i = 0
    while i < len(tokens):
        if tokens[i] == ("[", True):
            found = _match_link(tokens, i)
            if found is not None:
                node, i = found
                items.append(node)
                continue
        items.append(tokens[i])
        i += 1
    return items


def _first_char(item: _Item) -> str:
    if isinstance(item, tuple):
        return item[0]
    if isinstance(item, Link):
        return "["
    return item.text[0]


def _last_char(item: _Item) -> str:
    if isinstance(item, tuple):
        return item[0]
    if isinstance(item, Link):
        return ")"
    return item.text[-1]


def _is_closer(items: Sequence[_Item], j: int) -> bool:
    marker = items[j]
    return (
        j > 0
        and items[j - 1] != marker
        and not _last_char(items[j - 1]).isspace()
        and (
            j + 1 == len(items)
            or (items[j + 1] != marker and not _first_char(items[j + 1]).isalnum())
        )
    )


def _is_opener(items: Sequence[_Item], i: int) -> bool:
    marker = items[i]
    if i > 0 and (items[i - 1] == marker or _last_char(items[i - 1]).isalnum()):
        return False  # intra-word ("snake_case") or doubled ("**", "__init__")
    # "5 * 3": a marker followed by a space (or nothing) is just a character.
    return (
        i + 1 < len(items) and items[i + 1] != marker and not _first_char(items[i + 1]).isspace()
    )


def _coalesce(items: Iterable[_Item]) -> list[Text | Link]:
    """Merge runs of literal characters into Text nodes."""
    nodes: list[Text | Link] = []
    buffer: list[str] = []
    for item in items:
        if isinstance(item, tuple):
            buffer.append(item[0])
        elif isinstance(item, Text):
            buffer.append(item.text)
        else:
            if buffer:
                nodes.append(Text("".join(buffer)))
                buffer = []
            nodes.append(item)
    if buffer:
        nodes.append(Text("".join(buffer)))
    return nodes


def _parse_inline(source: str) -> tuple[Inline, ...]:
    items = _find_links(_lex(source))
    # Closer candidates are precomputed so that lines full of unmatched openers stay linear.
    closers: dict[_Item, list[int]] = {_BOLD: [], _ITALIC: []}
    for j, item in enumerate(items):
        if item in closers and _is_closer(items, j):
            closers[item].append(j)
    nodes: list[Inline] = []
    pending: list[_Item] = []
    i = 0
    while i < len(items):
        item = items[i]
        if item in closers and _is_opener(items, i):
            candidates = closers[item]
            k = bisect.bisect_left(candidates, i + 2)  # spans are never empty
            if k < len(candidates):
                close = candidates[k]
                nodes.extend(_coalesce(pending))
                pending = []
                style: Style = "b" if item == _BOLD else "i"
                nodes.append(Emphasis(style, tuple(_coalesce(items[i + 1 : close]))))
                i = close + 1
                continue
        pending.append(item)
        i += 1
    nodes.extend(_coalesce(pending))
    return tuple(nodes)


def parse_line(line: str) -> Line:
    body = line.lstrip(" ")
    if body.startswith(SOURCE_BULLETS):
        return Line(line[: len(line) - len(body)], True, _parse_inline(body[2:]))
    return Line("", False, _parse_inline(line))


def parse(text: str) -> list[Line]:
    return [parse_line(line) for line in text.split("\n")]
