"""Telegram's HTML parse mode: <b>, <i> and <a href>, everything else escaped."""

from __future__ import annotations

import functools
import html

from .syntax import Link, Style
from .walk import render

TELEGRAM_LIMIT = 4096


def _html_text(value: str) -> str:
    return html.escape(value, quote=False)


def _html_emphasis(style: Style, inner: str) -> str:
    return f"<{style}>{inner}</{style}>"


def _html_link(link: Link) -> str:
    return f'<a href="{html.escape(link.url, quote=True)}">{_html_text(link.label)}</a>'


@functools.lru_cache(maxsize=512)
def to_telegram_html(text: str) -> str:
    """Render for Telegram's HTML parse mode (<b>, <i>, <a href>; everything else escaped)."""
    return render(text, literal=_html_text, emphasis=_html_emphasis, link=_html_link)
