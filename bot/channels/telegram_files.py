"""How a document fits Telegram: a photo or a file, within the Bot API's upload limits."""

from __future__ import annotations

import io
import struct
import zipfile

from bot.messages import Document
from bot.outbox.errors import Rejected

# Bot API upload limits: sendDocument 50 MB; sendPhoto 10 MB, width + height at most 10,000
# and a side ratio of at most 20.
MAX_DOCUMENT_BYTES = 50 * 1024 * 1024
MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_PHOTO_SIDES = 10_000
MAX_PHOTO_RATIO = 20
CAPTION_LIMIT = 1024
_PNG = b"\x89PNG\r\n\x1a\n"


def as_photo(document: Document) -> bool:
    """A chart goes as a photo: shown in the chat at once, opened full screen with a tap,
    where a file would first need a download. A PNG outside the photo limits goes as a file."""
    if document.mime_type != "image/png" or len(document.content) > MAX_PHOTO_BYTES:
        return False
    size = png_size(document.content)
    if size is None:
        return False
    width, height = size
    return width + height <= MAX_PHOTO_SIDES and max(width, height) <= MAX_PHOTO_RATIO * max(
        1, min(width, height)
    )


def png_size(content: bytes) -> tuple[int, int] | None:
    """Width and height from a PNG's header (its first chunk, IHDR)."""
    if len(content) < 24 or not content.startswith(_PNG) or content[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", content[16:24])
    return int(width), int(height)


def within_limit(document: Document) -> Document:
    """The document as it may be uploaded: a file over the limit goes zipped (a CSV shrinks
    about tenfold); one still too large is refused, and the CLI export is the way out."""
    if len(document.content) <= MAX_DOCUMENT_BYTES:
        return document
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(document.filename, document.content)
    zipped = out.getvalue()
    if len(zipped) > MAX_DOCUMENT_BYTES:
        raise Rejected()
    return Document(f"{document.filename}.zip", zipped, "application/zip")
