"""The curriculum as shipped is complete in both languages, and a broken file is named with
its line, so a writer can fix it; the bot refuses to start on broken content."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot import __main__ as cli
from bot.curriculum import load as loader
from bot.curriculum.load import BODY_MAX, CONTENT_DIR, load


def test_the_shipped_curriculum_is_complete_in_both_languages() -> None:
    curricula, problems = load()
    assert problems == []
    for curriculum in curricula.values():
        assert [module.number for module in curriculum.modules] == [1, 2, 3, 4, 5, 6]
        assert len(curriculum.lessons) == 24
        assert [(lesson.module, lesson.order) for lesson in curriculum.lessons][:5] == [
            (1, 1), (1, 2), (1, 3), (1, 4), (2, 1)
        ]  # fmt: skip
        assert len(curriculum.checklists) == 6
        assert all(len(lesson.body) <= BODY_MAX for lesson in curriculum.lessons)
    indonesian, english = curricula["id"], curricula["en"]
    assert [lesson.id for lesson in indonesian.lessons] == [
        lesson.id for lesson in english.lessons
    ]
    assert indonesian.lesson("m1-l1") != english.lesson("m1-l1")  # written, not copied


@pytest.fixture
def content(tmp_path: Path) -> Path:
    copy = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, copy)
    return copy


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    return next(
        number
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if needle in line
    )


def test_a_wrong_answer_number_is_named_with_its_file_and_line(content: Path) -> None:
    lesson = content / "lessons/en/m1-l2.md"
    text = lesson.read_text(encoding="utf-8")
    answer = next(line for line in text.splitlines() if line.strip().startswith("answer:"))
    edit(lesson, answer, "  answer: 9")
    _curricula, problems = load(content)
    line = line_of(lesson, "answer: 9")
    assert f"lessons/en/m1-l2.md:{line}: check.answer: 1-" in "\n".join(problems)


def test_a_lesson_missing_in_one_language_is_reported(content: Path) -> None:
    (content / "lessons/id/m6-l4.md").unlink()
    _curricula, problems = load(content)
    assert "lessons/id/m6-l4.md: missing" in problems


def test_yaml_that_does_not_parse_is_named_with_its_line(content: Path) -> None:
    checklist = content / "checklists/en/restitution.yaml"
    edit(checklist, "when: after module 5", "when: [after module 5")
    _curricula, problems = load(content)
    assert any(p.startswith("checklists/en/restitution.yaml:") for p in problems)


def test_a_button_label_longer_than_whatsapp_allows_is_refused(content: Path) -> None:
    checklist = content / "checklists/id/restitution.yaml"
    edit(checklist, "short: Restitusi", "short: Restitusi bagi korban perdagangan")
    _curricula, problems = load(content)
    line = line_of(checklist, "short:")
    assert problems == [f"checklists/id/restitution.yaml:{line}: short: 33 characters; at most 20"]


def test_languages_must_agree_on_the_options_of_a_check(content: Path) -> None:
    lesson = content / "lessons/id/m1-l1.md"
    edit(lesson, "  options:\n", "  options:\n    - Pilihan tambahan\n")
    _curricula, problems = load(content)
    assert "m1-l1: id and en have different numbers of options" in problems


def test_unknown_fields_and_a_body_too_long_are_refused(content: Path) -> None:
    lesson = content / "lessons/en/m2-l1.md"
    edit(lesson, "reviewed: false", "reviewed: false\nreviewd: true")
    lesson.write_text(lesson.read_text(encoding="utf-8") + "\n\n" + "x" * BODY_MAX, "utf-8")
    _curricula, problems = load(content)
    text = "\n".join(problems)
    assert "lessons/en/m2-l1.md:" in text
    assert "reviewd: unknown field" in text
    assert f"characters; at most {BODY_MAX}" in text


def test_the_command_line_and_run_refuse_broken_content(
    content: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (content / "lessons/en/m3-l3.md").unlink()
    monkeypatch.setattr(loader, "CONTENT_DIR", content)
    assert cli.main(["content", "check"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "content error: 2 problem(s)",
        "  lessons/en: module 3 needs lessons numbered from 1 without gaps, found [1, 2, 4]",
        "  lessons/en/m3-l3.md: missing",
    ]
    assert cli.main(["run"]) == 1
    assert capsys.readouterr().err.splitlines()[-1] == "  lessons/en/m3-l3.md: missing"
