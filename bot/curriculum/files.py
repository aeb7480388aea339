"""Reading content files: YAML with the line of every key, and lesson front matter.

Problems name the file and the line, as `lessons/en/m1-l2.md:14: check.answer: ...`, so a
writer finds them at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

Key = tuple[str | int, ...]


@dataclass(slots=True)
class Document:
    """Parsed YAML data, and the line (1-based, in the file) of each key and list item."""

    path: str
    data: Any
    lines: dict[Key, int] = field(default_factory=dict)
    first_line: int = 1

    def line(self, key: Key) -> int:
        while key and key not in self.lines:
            key = key[:-1]
        return self.lines.get(key, self.first_line)

    def problem(self, key: Key, message: str) -> str:
        where = ".".join(str(part) for part in key)
        return f"{self.path}:{self.line(key)}: {where + ': ' if where else ''}{message}"


def read_yaml(path: Path, shown: str, *, text: str | None = None, offset: int = 0) -> Document:
    """A YAML file (or the given text, starting `offset` lines into the file)."""
    source = path.read_text(encoding="utf-8") if text is None else text
    try:
        node = yaml.compose(source, Loader=yaml.SafeLoader)
        data = yaml.safe_load(source)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = (mark.line + 1 if mark is not None else 1) + offset
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise ContentFileError(f"{shown}:{line}: {problem}") from None
    document = Document(shown, data, first_line=offset + 1)
    if node is not None:
        _index(node, (), document.lines, offset)
    return document


def _index(node: yaml.Node, key: Key, lines: dict[Key, int], offset: int) -> None:
    lines[key] = node.start_mark.line + 1 + offset
    if isinstance(node, yaml.MappingNode):
        for name, value in node.value:
            child = (*key, str(name.value))
            _index(value, child, lines, offset)
            lines[child] = name.start_mark.line + 1 + offset
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _index(item, (*key, index), lines, offset)


def split_front_matter(path: Path, shown: str) -> tuple[Document, str, int]:
    """A lesson file: its front matter, its body, and the line where the body starts."""
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise ContentFileError(f"{shown}:1: a lesson starts with a '---' line, then its fields")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        raise ContentFileError(f"{shown}:1: the fields are not closed by a '---' line") from None
    front = read_yaml(path, shown, text="\n".join(lines[1:end]), offset=1)
    return front, "\n".join(lines[end + 1 :]).strip(), end + 2


class ContentFileError(Exception):
    """A file that cannot be read at all; the message names the file and line."""
