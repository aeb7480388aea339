"""Tiny channel-neutral markup for user-facing texts, rendered per channel.

Syntax (one line at a time -- spans never cross a line break):

* ``*bold*`` and ``_italic_``.  An opener must be at line start or after a non-alphanumeric
  character and be followed by a non-space; a closer must follow a non-space and be followed
  by end of line or a non-alphanumeric character.  So ``snake_case``, ``2*3`` and
  ``2 * 3 * 4`` stay literal, while ``2 *3* 4`` bolds the ``3``.  Doubled markers
  (``**x**``, ``__init__``) are literal.  Markers inside a span are literal (no nesting), links
  inside a span are allowed.
* ``[label](url)`` for http/https/tg/mailto URLs; any other scheme renders as the bare label.
  Labels are literal text.  URLs may contain balanced parentheses but no whitespace or
  unescaped brackets.
* Lines starting (after optional spaces) with ``- `` or ``• `` are bullet items; numbered
  items (``1. ``) are ordinary text.
* ``\\*``, ``\\_``, ``\\[``, ``\\]``, ``\\(``, ``\\)``, ``\\\\`` and ``\\-`` produce the literal
  character; a backslash before anything else is itself literal.
* Paragraphs are separated by blank lines.
"""

from __future__ import annotations

import bisect
import functools
import html
import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

__all__ = ["escape", "plain_length", "split", "to_plain", "to_telegram_html", "to_whatsapp"]

TELEGRAM_LIMIT = 4096

_MARKUP_CHARS = frozenset("*_[]()")
# "-" is escapable so that escape() can neutralise a leading "- " bullet marker.
_ESCAPABLE = frozenset("*_[]()\\-")
_ESCAPED_BY_ESCAPE = frozenset("*_[]()\\")
_SAFE_SCHEMES = ("http://", "https://", "tg://", "mailto:")
_SOURCE_BULLETS = ("- ", "• ")
_BULLET = "• "

_Style = Literal["b", "i"]


@dataclass(frozen=True, slots=True)
class _Text:
    text: str


@dataclass(frozen=True, slots=True)
class _Link:
    label: str
    url: str


@dataclass(frozen=True, slots=True)
class _Emphasis:
    style: _Style
    children: tuple[_Text | _Link, ...]


_Inline = _Text | _Link | _Emphasis


@dataclass(frozen=True, slots=True)
class _Line:
    indent: str
    bullet: bool
    content: tuple[_Inline, ...]


# A lexed character: (char, is_markup).  Escaped characters are never markup.
_Token = tuple[str, bool]
# After link detection a line is a mix of tokens and atomic link results.
_Item = _Token | _Link | _Text
_BOLD: _Token = ("*", True)
_ITALIC: _Token = ("_", True)


# ---------------------------------------------------------------------------------------------
# Parsing


def _lex(source: str) -> list[_Token]:
    tokens: list[_Token] = []
    i = 0
    while i < len(source):
        char = source[i]
        if char == "\\" and i + 1 < len(source) and source[i + 1] in _ESCAPABLE:
            tokens.append((source[i + 1], False))
            i += 2
            continue
        tokens.append((char, char in _MARKUP_CHARS))
        i += 1
    return tokens


def _is_safe_url(url: str) -> bool:
    # Allow-list rather than deny-list: javascript:, data:, obfuscated variants all fail it.
    return url.lower().startswith(_SAFE_SCHEMES)


def _match_link(tokens: Sequence[_Token], start: int) -> tuple[_Link | _Text, int] | None:
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
    node: _Link | _Text = (
        _Link(label_text, url_text) if _is_safe_url(url_text) else _Text(label_text)
    )
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
    if isinstance(item, _Link):
        return "["
    return item.text[0]


def _last_char(item: _Item) -> str:
    if isinstance(item, tuple):
        return item[0]
    if isinstance(item, _Link):
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


def _coalesce(items: Iterable[_Item]) -> list[_Text | _Link]:
    """Merge runs of literal characters into _Text nodes."""
    nodes: list[_Text | _Link] = []
    buffer: list[str] = []
    for item in items:
        if isinstance(item, tuple):
            buffer.append(item[0])
        elif isinstance(item, _Text):
            buffer.append(item.text)
        else:
            if buffer:
                nodes.append(_Text("".join(buffer)))
                buffer = []
            nodes.append(item)
    if buffer:
        nodes.append(_Text("".join(buffer)))
    return nodes


def _parse_inline(source: str) -> tuple[_Inline, ...]:
    items = _find_links(_lex(source))
    # Closer candidates are precomputed so that lines full of unmatched openers stay linear.
    closers: dict[_Item, list[int]] = {_BOLD: [], _ITALIC: []}
    for j, item in enumerate(items):
        if item in closers and _is_closer(items, j):
            closers[item].append(j)
    nodes: list[_Inline] = []
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
                style: _Style = "b" if item == _BOLD else "i"
                nodes.append(_Emphasis(style, tuple(_coalesce(items[i + 1 : close]))))
                i = close + 1
                continue
        pending.append(item)
        i += 1
    nodes.extend(_coalesce(pending))
    return tuple(nodes)


def _parse_line(line: str) -> _Line:
    body = line.lstrip(" ")
    if body.startswith(_SOURCE_BULLETS):
        return _Line(line[: len(line) - len(body)], True, _parse_inline(body[2:]))
    return _Line("", False, _parse_inline(line))


def _parse(text: str) -> list[_Line]:
    return [_parse_line(line) for line in text.split("\n")]


# ---------------------------------------------------------------------------------------------
# Rendering


def _link_plain(link: _Link) -> str:
    # "[https://x](https://x)" should not print the URL twice.
    return link.url if link.label == link.url else f"{link.label} ({link.url})"


def _render(
    text: str,
    *,
    literal: Callable[[str], str],
    emphasis: Callable[[_Style, str], str],
    link: Callable[[_Link], str],
) -> str:
    def inline(node: _Inline) -> str:
        if isinstance(node, _Text):
            return literal(node.text)
        if isinstance(node, _Link):
            return link(node)
        return emphasis(node.style, "".join(inline(child) for child in node.children))

    lines: list[str] = []
    for line in _parse(text):
        prefix = line.indent + _BULLET if line.bullet else ""
        lines.append(prefix + "".join(inline(node) for node in line.content))
    return "\n".join(lines)


def _identity(value: str) -> str:
    return value


def _html_text(value: str) -> str:
    return html.escape(value, quote=False)


def _html_emphasis(style: _Style, inner: str) -> str:
    return f"<{style}>{inner}</{style}>"


def _html_link(link: _Link) -> str:
    return f'<a href="{html.escape(link.url, quote=True)}">{_html_text(link.label)}</a>'


def _whatsapp_emphasis(style: _Style, inner: str) -> str:
    marker = "*" if style == "b" else "_"
    return f"{marker}{inner}{marker}"


def escape(value: str) -> str:
    """Escape user-provided text so that it renders literally on every channel."""
    lines: list[str] = []
    for line in value.split("\n"):
        escaped = "".join("\\" + c if c in _ESCAPED_BY_ESCAPE else c for c in line)
        body = escaped.lstrip(" ")
        if body.startswith("- "):
            # Otherwise the line would turn into a bullet ("• ") and not round-trip.
            escaped = escaped[: len(escaped) - len(body)] + "\\" + body
        lines.append(escaped)
    return "\n".join(lines)


@functools.lru_cache(maxsize=512)  # the same catalog texts are rendered again and again
def to_plain(text: str) -> str:
    """Markers removed, links as "label (url)", escapes resolved, bullets as "• "."""
    return _render(text, literal=_identity, emphasis=lambda _style, inner: inner, link=_link_plain)


@functools.lru_cache(maxsize=512)
def to_telegram_html(text: str) -> str:
    """Render for Telegram's HTML parse mode (<b>, <i>, <a href>; everything else escaped)."""
    return _render(text, literal=_html_text, emphasis=_html_emphasis, link=_html_link)


def to_whatsapp(text: str) -> str:
    """Render for WhatsApp: *bold*, _italic_, links as "label (url)".

    WhatsApp has no escape mechanism, so literal ``*``/``_`` are emitted as-is.
    """
    return _render(text, literal=_identity, emphasis=_whatsapp_emphasis, link=_link_plain)


def plain_length(text: str) -> int:
    """Visible length of ``text``.

    Equals Telegram's count for everything except links, where Telegram only counts the label:
    that makes this a safe upper bound for splitting.
    """
    return len(to_plain(text))


# ---------------------------------------------------------------------------------------------
# Splitting


@dataclass(frozen=True, slots=True)
class _Atom:
    """One unit of a line's plain text: a character, or a whole (short enough) link."""

    plain: str
    style: _Style | None
    group: int  # atoms of the same original node share a group, so spans can be rebuilt
    link: _Link | None = None

    @property
    def is_space(self) -> bool:
        return self.link is None and self.plain.isspace()


def _line_atoms(line: str, limit: int) -> list[_Atom]:
    parsed = _parse_line(line)
    prefix = parsed.indent + _BULLET if parsed.bullet else ""
    # The bullet becomes literal "• ", which re-parses as a bullet with identical rendering.
    atoms = [_Atom(char, None, 0) for char in prefix]

    def add(node: _Text | _Link, style: _Style | None, group: int) -> None:
        if isinstance(node, _Link):
            plain = _link_plain(node)
            if len(plain) <= limit:
                atoms.append(_Atom(plain, style, group, node))
                return
            node = _Text(plain)  # a link longer than a whole message degrades to text
        atoms.extend(_Atom(char, style, group) for char in node.text)

    for group, node in enumerate(parsed.content, start=1):
        if isinstance(node, _Emphasis):
            for child in node.children:
                add(child, node.style, group)
        else:
            add(node, None, group)
    return atoms


def _escape_char(char: str) -> str:
    return "\\" + char if char in _ESCAPED_BY_ESCAPE else char


def _atoms_source(atoms: Iterable[_Atom]) -> str:
    parts: list[str] = []
    for atom in atoms:
        if atom.link is None:
            parts.append(_escape_char(atom.plain))
        else:
            label = "".join(_escape_char(c) for c in atom.link.label)
            url = "".join(_escape_char(c) for c in atom.link.url)
            parts.append(f"[{label}]({url})")
    return "".join(parts)


def _serialize(atoms: Sequence[_Atom]) -> str:
    """Turn a slice of a line back into markup, re-opening/closing spans cut by the slice."""
    parts: list[str] = []
    for (style, _group), run in itertools.groupby(atoms, key=lambda a: (a.style, a.group)):
        inner = _atoms_source(run)
        if style is None:
            parts.append(inner)
        else:
            marker = "*" if style == "b" else "_"
            parts.append(marker + inner + marker)
    source = "".join(parts)
    body = source.lstrip(" ")
    if body.startswith("- "):
        source = source[: len(source) - len(body)] + "\\" + body
    expected = "".join(atom.plain for atom in atoms)
    if to_plain(source) != expected:
        # Exotic cases (e.g. an oversized link glued to emphasis) may not re-parse the same:
        # losing formatting beats losing or duplicating content.
        return escape(expected)
    return source


def _best_cut(atoms: Sequence[_Atom], start: int, end: int) -> int:
    """Where to end a piece that starts at ``start`` and may extend up to ``end``."""
    preferences: tuple[Callable[[_Atom], bool], ...] = (
        lambda a: a.is_space and a.style is None,  # word boundary outside any span
        lambda a: a.is_space,  # word boundary inside a span (span gets re-wrapped)
    )
    for acceptable in preferences:
        for cut in range(min(end, len(atoms) - 1), start, -1):
            if acceptable(atoms[cut]):
                return cut
    return end  # hard cut


def _split_line(line: str, limit: int) -> list[str]:
    atoms = _line_atoms(line, limit)
    pieces: list[str] = []
    start = 0
    while start < len(atoms):
        if start > 0:
            while start < len(atoms) and atoms[start].is_space:
                start += 1
            if start == len(atoms):
                break
        end, size = start, 0
        while end < len(atoms) and size + len(atoms[end].plain) <= limit:
            size += len(atoms[end].plain)
            end += 1
        cut = end if end == len(atoms) else _best_cut(atoms, start, end)
        piece = atoms[start:cut]
        while piece and piece[-1].is_space:
            piece.pop()
        if piece:
            pieces.append(_serialize(piece))
        start = cut
    return pieces


def _pack(
    units: Iterable[str], separator: str, limit: int, split_unit: Callable[[str], list[str]]
) -> list[str]:
    """Greedily join units with ``separator``; oversized units are split with ``split_unit``."""
    chunks: list[str] = []
    current: str | None = None
    current_length = 0
    for unit in units:
        size = plain_length(unit)
        if size > limit:
            parts = split_unit(unit)
            if not parts:
                continue
            if current is not None:
                chunks.append(current)
            chunks.extend(parts[:-1])
            current, current_length = parts[-1], plain_length(parts[-1])
        elif current is not None and current_length + len(separator) + size <= limit:
            # Lengths add up because rendering is strictly per line.
            current += separator + unit
            current_length += len(separator) + size
        else:
            if current is not None:
                chunks.append(current)
            current, current_length = unit, size
    if current is not None:
        chunks.append(current)
    return chunks


def _paragraphs(text: str) -> list[str]:
    paragraphs: list[str] = []
    lines: list[str] = []
    for line in text.split("\n"):
        if line.strip():
            lines.append(line)
        elif lines:
            paragraphs.append("\n".join(lines))
            lines = []
    if lines:
        paragraphs.append("\n".join(lines))
    return paragraphs


def split(text: str, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Split markup into chunks whose plain_length is at most ``limit``.

    Prefers paragraph, then line, then word boundaries, then a hard cut.  Whole paragraphs and
    lines are kept verbatim; a line that has to be cut is re-serialized so that a span cut in
    two is closed and re-opened in each piece.  Text that fits is returned unchanged as
    ``[text]``; blank text yields ``[]`` (there is nothing to send).
    """
    if limit < 1:
        raise ValueError("limit must be positive")
    if not text.strip():
        return []
    # Markup never renders longer than its source, so short text needs no parsing.
    if len(text) <= limit or plain_length(text) <= limit:
        return [text]

    def split_paragraph(paragraph: str) -> list[str]:
        return _pack(paragraph.split("\n"), "\n", limit, lambda line: _split_line(line, limit))

    return _pack(_paragraphs(text), "\n\n", limit, split_paragraph)
