"""The way out for documents: an outbox body names what to build, never the content, and a
file fits Telegram's upload limits."""

from __future__ import annotations

import random
import struct
import zipfile
from io import BytesIO

import pytest

from bot.channels import telegram_files
from bot.documents import BUILDERS
from bot.messages import Document, DocumentBuild, Outgoing
from bot.outbox import body
from bot.outbox.errors import Rejected


def test_a_queued_message_keeps_the_name_of_its_document_not_the_file() -> None:
    message = Outgoing("Lessons per week", build=DocumentBuild("chart:completion", {"lang": "en"}))
    stored = body.dump(message)
    assert stored == {
        "text": "Lessons per week",
        "build": {"name": "chart:completion", "args": {"lang": "en"}},
    }
    loaded, _edit_of = body.load(stored)
    assert loaded.build == message.build and loaded.document is None
    with pytest.raises(ValueError, match="cannot be queued"):
        body.dump(Outgoing("file", document=Document("a.csv", b"x")))


def test_every_export_and_chart_has_a_builder() -> None:
    assert BUILDERS.names == [
        "chart:answer-times", "chart:completion",
        "export:broadcasts", "export:people", "export:progress", "export:questions",
    ]  # fmt: skip


def png(width: int, height: int) -> bytes:
    header = struct.pack(">I", 13) + b"IHDR" + struct.pack(">II", width, height)
    return b"\x89PNG\r\n\x1a\n" + header


def test_images_go_as_photos_only_within_telegrams_photo_limits() -> None:
    assert telegram_files.as_photo(Document("c.png", png(1200, 675), "image/png"))
    assert not telegram_files.as_photo(Document("c.png", png(9000, 2000), "image/png"))
    assert not telegram_files.as_photo(Document("c.png", png(2100, 100), "image/png"))
    assert not telegram_files.as_photo(Document("c.csv", png(10, 10), "text/csv"))
    assert not telegram_files.as_photo(Document("c.png", b"not a png", "image/png"))


def test_a_file_over_the_upload_limit_goes_zipped_or_not_at_all(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(telegram_files, "MAX_DOCUMENT_BYTES", 1000)
    small = Document("people.csv", b"a,b\r\n")
    assert telegram_files.within_limit(small) is small
    zipped = telegram_files.within_limit(Document("people.csv", b"a,b\r\n" * 1000))
    assert zipped.filename == "people.csv.zip" and zipped.mime_type == "application/zip"
    with zipfile.ZipFile(BytesIO(zipped.content)) as archive:
        assert archive.read("people.csv") == b"a,b\r\n" * 1000
    noise = random.Random(1).randbytes(5000)  # does not compress
    with pytest.raises(Rejected):
        telegram_files.within_limit(Document("noise.bin", noise))
