"""/search through the real core and database (SQLite, or PostgreSQL via TEST_DATABASE_URL):
words after the command or in the next message, results as buttons that open a lesson or a
published answer, a localised "nothing found", and FAQ entries found as soon as they are
published, without a restart.

Every reply also passes tests/chat.py's WhatsApp check."""

from __future__ import annotations

from sqlalchemy import select

from bot import bootstrap
from bot.db.models import FaqEntry, LessonDelivery
from bot.services import questions, search
from tests.chat import Chat
from tests.conftest import shipped_curricula
from tests.integration.test_checklists import joined
from tests.integration.test_onboarding import count

RESTITUTION_LESSON = "m5-l3"


async def publish(app: bootstrap.App, language: str, question: str, answer: str) -> int:
    """As a mentor publishes an answered question (the service drops the cached index)."""
    async with app.db.unit_of_work() as session:
        entry = await questions.publish(
            session, language, question, answer, None, app.core.clock.now()
        )
        return entry.id


async def found(app: bootstrap.App, language: str, text: str) -> list[search.Hit]:
    async with app.sessions() as session:
        return await search.search(session, shipped_curricula(), language, text)


def payloads(chat: Chat) -> list[str]:
    return [button.payload or "" for button in chat.buttons]


async def test_search_words_open_a_lesson_without_counting_it(app: bootstrap.App) -> None:
    chat = await joined(app, "budi", "Budi Santoso")

    await chat.send("/search alur restitusi")
    assert "Ditemukan" in chat.text
    assert "Alur restitusi dari laporan polisi sampai putusan" in chat.text
    assert f"srch:l:{RESTITUTION_LESSON}" in payloads(chat)
    assert len(chat.buttons) <= 3

    await chat.press(f"srch:l:{RESTITUTION_LESSON}")
    assert "Materi 5.3: Alur restitusi" in chat.text
    assert "Restitusi harus dikawal dari laporan polisi" in chat.text
    assert len(chat.last.messages) == 1  # the lesson, without its check
    assert await count(app, LessonDelivery) == 0


async def test_a_bare_search_asks_for_the_words(app: bootstrap.App) -> None:
    chat = await joined(app, "budi", "Budi Santoso")

    await chat.send("/search")
    assert "Apa yang Anda cari?" in chat.text
    await chat.send("juru bhasa")  # a typo
    assert "Ruang, pemeriksa, dan juru bahasa" in chat.text
    assert "srch:l:m4-l3" in payloads(chat)

    await chat.send("juru bahasa")  # the question was answered: not taken as a search again
    assert "Ruang, pemeriksa" not in chat.text


async def test_nonsense_finds_nothing_and_points_to_the_mentor(app: bootstrap.App) -> None:
    chat = await joined(app, "alice", "Alice Walker", language="en")

    await chat.send("/search banana smoothie recipe")
    assert chat.text == "Nothing found. Try other words, or /ask your mentor."
    assert chat.last.messages[0].buttons == ()


async def test_a_published_answer_is_found_at_once_and_opened(app: bootstrap.App) -> None:
    chat = await joined(app, "budi", "Budi Santoso")
    assert await found(app, "id", "video conference sidang") == []

    entry = await publish(
        app,
        "id",
        "Bolehkah korban memberi keterangan lewat video conference di sidang?",
        "Boleh. Pasal 30 UU 21/2007 memungkinkan keterangan jarak jauh melalui audio-visual.",
    )
    await publish(app, "en", "Can a victim testify by video conference?", "Yes, Art. 30.")

    await chat.send("/search video conference sidang")
    assert "Bolehkah korban memberi keterangan" in chat.text
    assert payloads(chat)[0] == f"srch:f:{entry}"
    await chat.press(f"srch:f:{entry}")
    assert "Boleh. Pasal 30 UU 21/2007" in chat.text
    assert "diterbitkan oleh mentor" in chat.text

    # A second entry is found by the next search, without a restart.
    second = await publish(
        app, "id", "Apa itu restitusi berbentuk penitipan?", "Uang dititipkan di pengadilan."
    )
    hits = await found(app, "id", "restitusi berbentuk penitipan")
    assert (hits[0].kind, hits[0].ref) == (search.FAQ, str(second))
    # The English entry stays with English searches.
    assert [hit.kind for hit in await found(app, "en", "video conference")] == [search.FAQ]


async def test_a_removed_or_forged_answer_has_expired(app: bootstrap.App) -> None:
    chat = await joined(app, "budi", "Budi Santoso")
    entry = await publish(app, "id", "Pertanyaan tentang restitusi", "Jawaban.")
    async with app.db.unit_of_work() as session:
        row = await session.scalar(select(FaqEntry).where(FaqEntry.id == entry))
        await session.delete(row)

    await chat.press(f"srch:f:{entry}")
    assert "Tombol ini sudah tidak berlaku" in chat.text
    await chat.press("srch:l:m9-l9")
    assert chat.last.notice is not None


async def test_strangers_cannot_search(app: bootstrap.App) -> None:
    chat = Chat(app.core, "stranger", language="en")
    await chat.send("/search restitution")
    assert "Restitution" not in chat.text
    assert await count(app, FaqEntry) == 0
