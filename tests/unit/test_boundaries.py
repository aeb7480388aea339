"""The neutral core never imports a channel library (the design's import direction)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NEUTRAL = ["bot/services", "bot/db", "bot/messages.py", "bot/router.py", "bot/core.py",
           "bot/context.py", "bot/markup", "bot/render", "bot/i18n.py", "handlers"]  # fmt: skip
CHANNEL_LIBRARIES = {"aiogram", "pywa", "pywa_async", "httpx", "aiohttp"}


def modules() -> list[Path]:
    found: list[Path] = []
    for entry in NEUTRAL:
        path = ROOT / entry
        found += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    return found


def imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_neutral_module_imports_no_channel_library(path: Path) -> None:
    assert not imported(path) & CHANNEL_LIBRARIES


def test_the_check_sees_a_violation(tmp_path: Path) -> None:
    leaky = tmp_path / "leaky.py"
    leaky.write_text("from aiogram.types import Message\nimport httpx\n")
    assert imported(leaky) & CHANNEL_LIBRARIES == {"aiogram", "httpx"}
