"""Splitting long markup into messages that fit a channel's length limit.

Prefers paragraph, then line, then word boundaries, then a hard cut.  A line that has to be cut
is re-serialized so that a span cut in two is closed and re-opened in each piece.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from .parse import parse_line
from .plain import plain_length, to_plain
from .syntax import BULLET, Link, Style, Text, escape, escape_char, unbullet
from .telegram import TELEGRAM_LIMIT
from .walk import link_plain


@dataclass(frozen=True, slots=True)
class _Atom:
    """One unit of a line's plain text: a character, or a whole (short enough) link."""

    plain: str
    style: Style | None
    group: int  # atoms of the same original node share a group, so spans can be rebuilt
    link: Link | None = None

    @property
    def is_space(self) -> bool:
        return self.link is None and self.plain.isspace()


def _line_atoms(line: str, limit: int) -> list[_Atom]:
    parsed = parse_line(line)
    prefix = parsed.indent + BULLET if parsed.bullet else ""
    # The bullet becomes literal "• ", which re-parses as a bullet with identical rendering.
    atoms = [_Atom(char, None, 0) for char in prefix]

    def add(node: Text | Link, style: Style | None, group: int) -> None:
        if isinstance(node, Link):
            plain = link_plain(node)
            if len(plain) <= limit:
                atoms.append(_Atom(plain, style, group, node))
                return
            node = Text(plain)  # a link longer than a whole message degrades to text
        atoms.extend(_Atom(char, style, group) for char in node.text)

    for group, node in enumerate(parsed.content, start=1):
        if isinstance(node, Text | Link):
            add(node, None, group)
        else:
            for child in node.children:
                add(child, node.style, group)
    return atoms


def _atoms_source(atoms: Iterable[_Atom]) -> str:
    parts: list[str] = []
    for atom in atoms:
        if atom.link is None:
            parts.append(escape_char(atom.plain))
        else:
            label = "".join(escape_char(c) for c in atom.link.label)
            url = "".join(escape_char(c) for c in atom.link.url)
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
    source = unbullet("".join(parts))
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


def paragraphs(text: str) -> list[str]:
    """The paragraphs of ``text`` (separated by blank lines), without the blank lines."""
    found: list[str] = []
    lines: list[str] = []
    for line in text.split("\n"):
        if line.strip():
            lines.append(line)
        elif lines:
            found.append("\n".join(lines))
            lines = []
    if lines:
        found.append("\n".join(lines))
    return found


def split(text: str, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Split markup into chunks whose plain_length is at most ``limit``.

    Whole paragraphs and lines are kept verbatim.  Text that fits is returned unchanged as
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

    return _pack(paragraphs(text), "\n\n", limit, split_paragraph)
