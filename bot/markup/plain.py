"""Plain text: for the console, button labels, toasts, and measuring visible length."""

from __future__ import annotations

import functools

from .walk import identity, link_plain, render


@functools.lru_cache(maxsize=512)  # the same catalog texts are rendered again and again
def to_plain(text: str) -> str:
    """Markers removed, links as "label (url)", escapes resolved, bullets as "• "."""
    return render(text, literal=identity, emphasis=lambda _style, inner: inner, link=link_plain)


def plain_length(text: str) -> int:
    """Visible length of ``text``.

    Equals Telegram's count for everything except links, where Telegram only counts the label:
    that makes this a safe upper bound for splitting.
    """
    return len(to_plain(text))
