"""QR codes of invite links, for workshops where people scan a screen or a printout."""

from __future__ import annotations

import io

import segno

from bot.messages import Document

# Large enough to scan from a projector across a room, small enough for a chat photo.
SCALE = 10
BORDER = 4


def invite_qr(link: str) -> Document:
    """A PNG of the link; it grants joining like the code, so it is sent and never stored."""
    code = segno.make(link, error="m")
    buffer = io.BytesIO()
    code.save(buffer, kind="png", scale=SCALE, border=BORDER)
    return Document("invite-qr.png", buffer.getvalue(), "image/png")
