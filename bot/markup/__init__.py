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

Modules: ``syntax`` (nodes, escaping), ``parse``, ``walk`` (the walk every formatter shares),
one formatter per channel (``plain``, ``telegram``, ``whatsapp``) and ``split``.
"""

from .plain import plain_length, to_plain
from .split import paragraphs, split
from .syntax import escape
from .telegram import TELEGRAM_LIMIT, to_telegram_html
from .whatsapp import WHATSAPP_LIMIT, to_whatsapp

__all__ = [
    "TELEGRAM_LIMIT",
    "WHATSAPP_LIMIT",
    "escape",
    "paragraphs",
    "plain_length",
    "split",
    "to_plain",
    "to_telegram_html",
    "to_whatsapp",
]
