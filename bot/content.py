"""Checks the content the bot ships: locale catalogs now, lessons and checklists later."""

from __future__ import annotations

from pathlib import Path

from fluent.syntax import FluentParser, ast
from fluent.syntax.visitor import Visitor

from bot.i18n import LANGUAGES, LOCALES_DIR
from bot.roles import Role
from bot.router import Router


def catalog_variables(directory: Path) -> tuple[dict[str, set[str]], list[str]]:
    """Message id -> placeable names of every .ftl file in a directory, plus syntax errors."""
    messages: dict[str, set[str]] = {}
    errors: list[str] = []
    for path in sorted(directory.glob("*.ftl")):
        resource = FluentParser().parse(path.read_text(encoding="utf-8"))
        for entry in resource.body:
            if isinstance(entry, ast.Junk):
                errors.append(f"{path.name}: cannot parse: {(entry.content or '').strip()[:60]!r}")
            elif isinstance(entry, ast.Message):
                messages[entry.id.name] = _variables(entry)
    return messages, errors


def _variables(message: ast.Message) -> set[str]:
    names: set[str] = set()

    class Collect(Visitor):
        def visit_VariableReference(self, node: ast.VariableReference) -> None:
            names.add(node.id.name)

    Collect().visit(message)
    return names


def check_catalogs(root: Path = LOCALES_DIR, required: set[str] | None = None) -> list[str]:
    """Problems that would show a person a raw key or a broken sentence; empty when all is well."""
    problems: list[str] = []
    loaded = {}
    for lang in LANGUAGES:
        messages, errors = catalog_variables(root / lang)
        problems += [f"{lang}/{error}" for error in errors]
        loaded[lang] = messages
    reference = set().union(*(set(m) for m in loaded.values()))
    for lang, messages in loaded.items():
        for key in sorted(reference - set(messages)):
            problems.append(f"{lang}: missing {key}")
        for key in sorted((required or set()) - set(messages)):
            if key not in reference:
                problems.append(f"{lang}: missing {key} (used by the code)")
    first, *others = LANGUAGES
    for other in others:
        for key in sorted(set(loaded[first]) & set(loaded[other])):
            if loaded[first][key] != loaded[other][key]:
                problems.append(
                    f"{key}: placeholders differ: {first} {sorted(loaded[first][key])}"
                    f" vs {other} {sorted(loaded[other][key])}"
                )
    return problems


def required_keys(router: Router) -> set[str]:
    """Keys built at run time from names (menus, roles, languages, fields)."""
    from bot.services.profile import ALL_FIELDS, EXPERTISE

    keys = {f"cmd-{name}" for name, route in router.commands.items() if route.menu_roles}
    keys |= {f"help-{role.value}" for role in Role} | {f"role-{role.value}" for role in Role}
    keys |= {f"language-{lang}" for lang in LANGUAGES}
    keys |= {f"expertise-{tag}" for tag in EXPERTISE}
    keys |= {f"btn-set-{name}" for name in ALL_FIELDS}
    keys |= {f"weekday-{day}" for day in range(1, 8)}
    return keys
