"""One walk over parsed markup, shared by every channel's formatter.

A channel only says how it writes literal text, an emphasised span and a link; lines, bullets
and indentation are laid out the same way everywhere.
"""

from __future__ import annotations

from collections.abc import Callable

from .parse import parse
from .syntax import BULLET, Inline, Link, Style, Text


def render(
    text: str,
    *,
    literal: Callable[[str], str],
    emphasis: Callable[[Style, str], str],
    link: Callable[[Link], str],
) -> str:
    def inline(node: Inline) -> str:
        if isinstance(node, Text):
            return literal(node.text)
        if isinstance(node, Link):
            return link(node)
        return emphasis(node.style, "".join(inline(child) for child in node.children))

    lines: list[str] = []
    for line in parse(text):
        prefix = line.indent + BULLET if line.bullet else ""
        lines.append(prefix + "".join(inline(node) for node in line.content))
    return "\n".join(lines)


def link_plain(link: Link) -> str:
    # "[https://x](https://x)" should not print the URL twice.
    return link.url if link.label == link.url else f"{link.label} ({link.url})"


def identity(value: str) -> str:
    return value
