"""Loading and validating the curriculum of every language (content/README.md is the format).

Every problem is collected (not only the first), each naming its file and line; the bot refuses
to start while there is any.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from bot.curriculum.files import ContentFileError, Document, Key, read_yaml, split_front_matter
from bot.curriculum.model import Check, Checklist, ChecklistItem, Curriculum, Lesson, Module

CONTENT_DIR = Path(__file__).resolve().parents[2] / "content"

BODY_MAX = 3500
TITLE_MAX = 60
LABEL_MAX = 20  # a button label must fit WhatsApp's reply buttons
SOURCE_MAX = 120
QUESTION_MAX = 300
OPTION_MAX = 120
EXPLANATION_MAX = 400
ITEM_TEXT_MAX = 120
ITEM_WHY_MAX = 200
SUMMARY_MAX = 200
KEYWORD_MAX = 40
KEYWORDS = (1, 15)
OPTIONS = (2, 4)
ITEMS = (4, 8)
MINUTES = (1, 5)

_LESSON_ID = re.compile(r"m([0-9]+)-l([0-9]+)")
_CHECKLIST_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_WHEN = re.compile(r"after module ([0-9]+)|on request")
_LESSON_KEYS = {"id", "module", "order", "title", "minutes", "source", "reviewed", "check",
                "summary", "keywords"}  # fmt: skip
_CHECK_KEYS = {"question", "options", "answer", "explanation"}
_CHECKLIST_KEYS = {"id", "title", "short", "when", "source", "reviewed", "items"}

T = TypeVar("T")


class Fields:
    """Typed values of one mapping of a document, each problem recorded with its line."""

    def __init__(self, document: Document, key: Key, problems: list[str], keys: set[str]):
        self.document = document
        self.key = key
        self.problems = problems
        value = _at(document.data, key)
        self.data: dict[str, Any] = value if isinstance(value, dict) else {}
        if not isinstance(value, dict):
            self.fail((), "expected fields (a mapping)")
        for extra in sorted(set(self.data) - keys):
            self.fail((str(extra),), "unknown field")

    def fail(self, key: Key, message: str) -> None:
        self.problems.append(self.document.problem((*self.key, *key), message))

    def get(self, name: str, kind: type[T], check: Callable[[T], str | None]) -> T | None:
        if name not in self.data:
            self.fail((name,), "missing")
            return None
        value = self.data[name]
        if (kind is int and isinstance(value, bool)) or not isinstance(value, kind):
            self.fail((name,), f"expected {kind.__name__}, found {type(value).__name__}")
            return None
        problem = check(value)
        if problem:
            self.fail((name,), problem)
            return None
        return value

    def text(self, name: str, most: int) -> str:
        return self.get(name, str, lambda v: _length(v, most)) or ""

    def number(self, name: str, low: int, high: int) -> int:
        found = self.get(name, int, lambda v: None if low <= v <= high else f"{low}-{high}")
        return found if found is not None else low

    def flag(self, name: str) -> bool:
        return bool(self.get(name, bool, lambda _v: None))


def _at(data: Any, key: Key) -> Any:
    for part in key:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _length(value: str, most: int) -> str | None:
    if not value.strip():
        return "empty"
    if len(value) > most:
        return f"{len(value)} characters; at most {most}"
    return None


def load(
    root: Path | None = None, languages: tuple[str, ...] = ("id", "en")
) -> tuple[dict[str, Curriculum], list[str]]:
    """The curriculum of each language (from `content/` unless `root` is given), and every
    problem found (empty when all is well)."""
    root = root or CONTENT_DIR
    problems: list[str] = []
    curricula = {lang: _language(root, lang, problems) for lang in languages}
    files = {lang: _files(root, lang) for lang in languages}
    problems += _compare(curricula, files)
    return curricula, problems


def _files(root: Path, lang: str) -> set[str]:
    """The ids that have a file in this language, valid or not."""
    lessons = {f"lessons/{path.name}" for path in (root / "lessons" / lang).glob("*.md")}
    checklists = (root / "checklists" / lang).glob("*.yaml")
    return lessons | {f"checklists/{path.name}" for path in checklists}


def _language(root: Path, lang: str, problems: list[str]) -> Curriculum:
    modules = _modules(root, lang, problems)
    lessons = [
        lesson
        for path in sorted((root / "lessons" / lang).glob("*.md"))
        if (lesson := _lesson(root, path, problems)) is not None
    ]
    lessons.sort(key=lambda lesson: (lesson.module, lesson.order))
    numbers = {module.number for module in modules}
    for lesson in lessons:
        if lesson.module not in numbers:
            problems.append(f"lessons/{lang}/{lesson.id}.md: module {lesson.module} is not in "
                            "modules.yaml")  # fmt: skip
    for module in modules:
        orders = [lesson.order for lesson in lessons if lesson.module == module.number]
        if sorted(orders) != list(range(1, len(orders) + 1)) or not orders:
            problems.append(
                f"lessons/{lang}: module {module.number} needs lessons numbered from 1 without "
                f"gaps, found {sorted(orders)}"
            )
    checklists = [
        checklist
        for path in sorted((root / "checklists" / lang).glob("*.yaml"))
        if (checklist := _checklist(root, path, numbers, problems)) is not None
    ]
    if not lessons:
        problems.append(f"lessons/{lang}: no lessons")
    return Curriculum(lang, tuple(modules), tuple(lessons), tuple(checklists))


def _shown(root: Path, path: Path) -> str:
    return str(path.relative_to(root))


def _modules(root: Path, lang: str, problems: list[str]) -> list[Module]:
    path = root / "lessons" / lang / "modules.yaml"
    if not path.exists():
        problems.append(f"lessons/{lang}/modules.yaml: missing")
        return []
    try:
        document = read_yaml(path, _shown(root, path))
    except ContentFileError as exc:
        problems.append(str(exc))
        return []
    if not isinstance(document.data, list) or not document.data:
        problems.append(document.problem((), "expected a list of modules"))
        return []
    modules = []
    for index in range(len(document.data)):
        fields = Fields(document, (index,), problems, {"module", "title", "short"})
        modules.append(
            Module(
                fields.number("module", 1, 99),
                fields.text("title", TITLE_MAX),
                fields.text("short", LABEL_MAX),
            )
        )
    numbers = [module.number for module in modules]
    if numbers != list(range(1, len(numbers) + 1)):
        problems.append(document.problem((), f"modules must be numbered 1, 2, ...: {numbers}"))
    return modules


def _lesson(root: Path, path: Path, problems: list[str]) -> Lesson | None:
    shown = _shown(root, path)
    try:
        front, body, body_line = split_front_matter(path, shown)
    except ContentFileError as exc:
        problems.append(str(exc))
        return None
    before = len(problems)
    fields = Fields(front, (), problems, _LESSON_KEYS)
    lesson_id = fields.text("id", 20)
    module, order = fields.number("module", 1, 99), fields.number("order", 1, 99)
    match = _LESSON_ID.fullmatch(lesson_id)
    if lesson_id and lesson_id != path.stem:
        fields.fail(("id",), f"must be the file's name, {path.stem!r}")
    elif match and (int(match.group(1)), int(match.group(2))) != (module, order):
        fields.fail(("id",), f"says module {match.group(1)}, lesson {match.group(2)}")
    elif lesson_id and not match:
        fields.fail(("id",), "must look like m1-l2 (module 1, lesson 2)")
    check = _check(front, problems)
    if not body:
        problems.append(f"{shown}:{body_line}: the lesson has no text")
    elif len(body) > BODY_MAX:
        problems.append(
            f"{shown}:{body_line}: the text has {len(body)} characters; at most {BODY_MAX}"
        )
    lesson = Lesson(
        lesson_id,
        module,
        order,
        fields.text("title", TITLE_MAX),
        fields.number("minutes", *MINUTES),
        fields.text("source", SOURCE_MAX),
        fields.flag("reviewed"),
        check,
        body,
        fields.text("summary", SUMMARY_MAX) if "summary" in fields.data else "",
        _keywords(fields),
    )
    return lesson if len(problems) == before else None


def _keywords(fields: Fields) -> tuple[str, ...]:
    """The optional search words of a lesson: short, distinct phrases."""
    if "keywords" not in fields.data:
        return ()
    low, high = KEYWORDS
    raw = fields.get(
        "keywords", list, lambda v: None if low <= len(v) <= high else f"{low}-{high} keywords"
    )
    words: list[str] = []
    for index, word in enumerate(raw or []):
        problem = _length(word, KEYWORD_MAX) if isinstance(word, str) else "expected text"
        if problem is None and word.casefold() in {w.casefold() for w in words}:
            problem = "repeated"
        if problem:
            fields.fail(("keywords", index), problem)
        else:
            words.append(word.strip())
    return tuple(words)


def _check(front: Document, problems: list[str]) -> Check:
    fields = Fields(front, ("check",), problems, _CHECK_KEYS)
    options = fields.get(
        "options", list, lambda v: None if OPTIONS[0] <= len(v) <= OPTIONS[1] else "2-4 options"
    )
    texts: list[str] = []
    for index, option in enumerate(options or []):
        problem = _length(option, OPTION_MAX) if isinstance(option, str) else "expected text"
        if problem:
            fields.fail(("options", index), problem)
        texts.append(str(option))
    return Check(
        fields.text("question", QUESTION_MAX),
        tuple(texts),
        fields.number("answer", 1, max(1, len(texts))),
        fields.text("explanation", EXPLANATION_MAX),
    )


def _checklist(root: Path, path: Path, modules: set[int], problems: list[str]) -> Checklist | None:
    shown = _shown(root, path)
    try:
        document = read_yaml(path, shown)
    except ContentFileError as exc:
        problems.append(str(exc))
        return None
    before = len(problems)
    fields = Fields(document, (), problems, _CHECKLIST_KEYS)
    checklist_id = fields.text("id", 40)
    if checklist_id and checklist_id != path.stem:
        fields.fail(("id",), f"must be the file's name, {path.stem!r}")
    elif checklist_id and not _CHECKLIST_ID.fullmatch(checklist_id):
        fields.fail(("id",), "lower-case words joined by '-'")
    when = fields.text("when", 40)
    after = _after_module(when)
    if when and not _WHEN.fullmatch(when):
        fields.fail(("when",), "'after module N' or 'on request'")
    elif after is not None and after not in modules:
        fields.fail(("when",), f"there is no module {after}")
    raw_items = fields.get(
        "items", list, lambda v: None if ITEMS[0] <= len(v) <= ITEMS[1] else "4-8 items"
    )
    items = []
    for index in range(len(raw_items or [])):
        item = Fields(document, ("items", index), problems, {"text", "why"})
        items.append(
            ChecklistItem(item.text("text", ITEM_TEXT_MAX), item.text("why", ITEM_WHY_MAX))
        )
    checklist = Checklist(
        checklist_id,
        fields.text("title", TITLE_MAX),
        fields.text("short", LABEL_MAX),
        after,
        fields.text("source", SOURCE_MAX),
        fields.flag("reviewed"),
        tuple(items),
    )
    return checklist if len(problems) == before else None


def _after_module(when: str) -> int | None:
    match = _WHEN.fullmatch(when)
    return int(match.group(1)) if match and match.group(1) else None


def _compare(curricula: dict[str, Curriculum], files: dict[str, set[str]]) -> list[str]:
    """Every language has the same lessons, checks and checklists, so a person who changes
    language mid-course finds their place. (A file that exists but is invalid has its own
    problem already.)"""
    problems: list[str] = []
    first, *others = curricula.values()
    for other in others:
        mine, theirs = files[first.language], files[other.language]
        problems += [f"{name.replace('/', f'/{other.language}/', 1)}: missing"
                     for name in sorted(mine - theirs)]  # fmt: skip
        problems += [f"{name.replace('/', f'/{first.language}/', 1)}: missing"
                     for name in sorted(theirs - mine)]  # fmt: skip
        pair = f"{first.language} and {other.language}"
        if [m.number for m in first.modules] != [m.number for m in other.modules]:
            problems.append(f"modules differ between {pair}")
        lessons = {lesson.id: lesson for lesson in other.lessons}
        for lesson in first.lessons:
            twin = lessons.get(lesson.id)
            if twin is None:
                continue
            if len(twin.check.options) != len(lesson.check.options):
                problems.append(f"{lesson.id}: {pair} have different numbers of options")
            elif twin.check.answer != lesson.check.answer:
                problems.append(f"{lesson.id}: {pair} have different correct answers")
        checklists = {c.id: c for c in other.checklists}
        for checklist in first.checklists:
            twin_list = checklists.get(checklist.id)
            if twin_list is None:
                continue
            if len(twin_list.items) != len(checklist.items):
                problems.append(f"{checklist.id}: {pair} have different numbers of items")
            elif twin_list.after_module != checklist.after_module:
                problems.append(f"{checklist.id}: {pair} have different 'when' rules")
    return problems
