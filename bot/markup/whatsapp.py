"""WhatsApp's text formatting: *bold*, _italic_, links written out, bullets as "• "."""

from __future__ import annotations

import functools

from .syntax import Style
from .walk import identity, link_plain, render

WHATSAPP_LIMIT = 4096


def _emphasis(style: Style, inner: str) -> str:
    marker = "*" if style == "b" else "_"
    return f"{marker}{inner}{marker}"


@functools.lru_cache(maxsize=512)
def to_whatsapp(text: str) -> str:
    """Render for WhatsApp: *bold*, _italic_, links as "label (url)" (or the bare url).

    WhatsApp has no escape mechanism, so literal ``*``/``_`` from user values are emitted as
    they are: a backslash would show up in the chat.  WhatsApp only formats a marker pair that
    hugs a word, so "2 * 3", "snake_case" or "a*b" stay as typed; a value shaped like "*word*"
    shows its word in bold, still readable, never hidden.
    """
    return render(text, literal=identity, emphasis=_emphasis, link=link_plain)
