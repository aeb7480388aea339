"""Ranking of /search over the shipped lessons and FAQ entries: the right lesson for the words a
prosecutor types in either language, typos forgiven, nonsense finding nothing, a published
answer found by its question before its answer; and the lesson fields search reads."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.curriculum.load import CONTENT_DIR, load
from bot.services.search import FAQ, LESSON, FaqRow, Hit, SearchIndex, merge, normalise
from tests.conftest import shipped_curricula


def index(language: str, faq: tuple[FaqRow, ...] = ()) -> SearchIndex:
    return SearchIndex.build(shipped_curricula()[language], faq)


def first(language: str, text: str) -> str | None:
    hits = index(language).query(text)
    return hits[0].ref if hits else None


@pytest.mark.parametrize(
    ("text", "lesson"),
    [
        ("restitusi dari laporan polisi", "m5-l3"),
        ("kesenjangan restitusi", "m5-l4"),
        ("hak saksi korban LPSK", "m5-l2"),
        ("bukti elektronik percakapan WhatsApp", "m3-l2"),
        ("pekerja migran PMI", "m6-l2"),
        ("Pasal 18", "m2-l4"),
        ("juru bahasa", "m4-l3"),
        ("kerahasiaan identitas korban", "m5-l1"),
        ("anak korban di persidangan", "m4-l4"),
        ("unsur TPPO", "m1-l1"),
        ("Protokol Palermo", "m2-l1"),
        ("indikator kerja paksa ILO", "m3-l3"),
        ("Gugus Tugas", "m6-l4"),
        ("Apakah persetujuan korban menghapus pidana?", "m2-l2"),
    ],
)
def test_indonesian_words_find_their_lesson_first(text: str, lesson: str) -> None:
    assert first("id", text) == lesson


@pytest.mark.parametrize(
    ("text", "lesson"),
    [
        ("restitution gap", "m5-l4"),
        ("electronic evidence", "m3-l2"),
        ("non-punishment of victims", "m2-l4"),
        ("interpreter", "m4-l3"),
        ("Is consent a defence?", "m2-l2"),
        ("child witness in court", "m4-l4"),
        ("corporate liability", "m1-l4"),
        ("PEACE interview model", "m4-l2"),
    ],
)
def test_english_words_find_their_lesson_first(text: str, lesson: str) -> None:
    assert first("en", text) == lesson


@pytest.mark.parametrize(
    ("language", "text", "lesson"),
    [
        ("id", "restitsui", "m5-l3"),
        ("id", "bukti elektronk", "m3-l2"),
        ("id", "juru bhasa", "m4-l3"),
        ("id", "kerahasian identitas", "m5-l1"),
        ("en", "interpeter", "m4-l3"),
        ("en", "Palermo protocl", "m2-l1"),
        ("en", "electronic evidance", "m3-l2"),
    ],
)
def test_typos_are_forgiven(language: str, text: str, lesson: str) -> None:
    assert lesson in [hit.ref for hit in index(language).query(text)]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("id", "asdfgh qwerty"),
        ("id", "kucing terbang ke bulan"),
        ("id", "korban xyzzy plugh"),  # one common word among nonsense
        ("id", "yang dan di"),  # stop words only
        ("id", ""),
        ("en", "banana smoothie recipe"),
        ("en", "lorem ipsum dolor sit amet"),
        ("en", "zzzzzzzz"),
    ],
)
def test_nonsense_finds_nothing(language: str, text: str) -> None:
    assert index(language).query(text) == []


def test_a_rarely_used_word_outweighs_a_common_one() -> None:
    # "korban" is in most lessons; "restitusi" in three.
    refs = [hit.ref for hit in index("id").query("korban restitusi")]
    assert set(refs[:2]) == {"m5-l3", "m5-l4"}


def test_at_most_the_limit_best_first() -> None:
    hits = index("id").query("korban", limit=2)
    assert len(hits) == 2
    assert hits[0].score >= hits[1].score and all(hit.kind == LESSON for hit in hits)
    assert hits[0].title == shipped_curricula()["id"].lesson(hits[0].ref).title  # type: ignore[union-attr]


FAQ_ROWS = (
    FaqRow(
        1,
        "Bagaimana menghitung restitusi untuk korban anak?",
        "Gunakan penilaian LPSK dan lampirkan kuitansi biaya perawatan.",
    ),
    FaqRow(
        2,
        "Apakah keterangan korban melalui video conference sah?",
        "Ya, Pasal 30 memungkinkan keterangan jarak jauh; restitusi tidak terpengaruh.",
    ),
)


def test_an_faq_entry_is_found_by_its_question() -> None:
    hits = index("id", FAQ_ROWS).query("menghitung restitusi korban anak")
    assert hits[0] == Hit(FAQ, "1", FAQ_ROWS[0].question, hits[0].score)
    assert hits[0].score >= 90


def test_the_question_weighs_more_than_the_answer() -> None:
    faq_only = SearchIndex.build(None, FAQ_ROWS, language="id")
    # "restitusi" is in the first question and only in the second answer.
    assert [hit.ref for hit in faq_only.query("restitusi")] == ["1", "2"]
    assert [hit.ref for hit in faq_only.query("video conference")] == ["2"]


def test_merged_hits_keep_the_best_and_prefer_a_lesson_on_a_tie() -> None:
    lesson, answer = Hit(LESSON, "m1-l1", "a", 80.0), Hit(FAQ, "3", "b", 80.0)
    better = Hit(FAQ, "4", "c", 95.0)
    assert merge([[answer, better], [lesson]], limit=2) == [better, lesson]


def test_normalising_drops_case_accents_and_punctuation() -> None:
    assert normalise("  Pasal 1 angka (1) — ÉKSPLOITASI, anak-anak!") == (
        "pasal 1 angka 1 eksploitasi anak anak"
    )


# --- the lesson fields search reads ---------------------------------------------------------


def test_every_shipped_lesson_has_a_summary_and_keywords() -> None:
    for curriculum in shipped_curricula().values():
        for lesson in curriculum.lessons:
            assert lesson.summary and len(lesson.keywords) >= 5, lesson.id


@pytest.fixture
def content(tmp_path: Path) -> Path:
    copy = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, copy)
    return copy


def replace_line(path: Path, start: str, new: str) -> int:
    """Replace the line starting with `start`; its line number."""
    lines = path.read_text(encoding="utf-8").split("\n")
    number = next(i for i, line in enumerate(lines) if line.startswith(start))
    lines[number] = new
    path.write_text("\n".join(lines), encoding="utf-8")
    return number + 1


def test_keywords_and_summary_are_optional(content: Path) -> None:
    lesson = content / "lessons/en/m1-l2.md"
    replace_line(lesson, "summary:", "")
    replace_line(lesson, "keywords:", "")
    curricula, problems = load(content)
    assert problems == []
    loaded = curricula["en"].lesson("m1-l2")
    assert loaded is not None and (loaded.summary, loaded.keywords) == ("", ())


def test_bad_keywords_are_named_with_their_file_and_line(content: Path) -> None:
    lesson = content / "lessons/id/m1-l2.md"
    line = replace_line(lesson, "keywords:", f"keywords: [denda, Denda, {'x' * 41}, 7]")
    _curricula, problems = load(content)
    named = [problem for problem in problems if problem.startswith("lessons/id/m1-l2.md")]
    assert named == [
        f"lessons/id/m1-l2.md:{line}: keywords.1: repeated",
        f"lessons/id/m1-l2.md:{line}: keywords.2: 41 characters; at most 40",
        f"lessons/id/m1-l2.md:{line}: keywords.3: expected text",
    ]


def test_a_summary_must_be_one_short_line(content: Path) -> None:
    lesson = content / "lessons/id/m1-l2.md"
    line = replace_line(lesson, "summary:", f"summary: {'kata ' * 50}")
    _curricula, problems = load(content)
    assert f"lessons/id/m1-l2.md:{line}: summary: 249 characters; at most 200" in problems
