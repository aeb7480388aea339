"""Both languages carry every message the code can show, with the same placeholders."""

from __future__ import annotations

import re
from pathlib import Path

from bot import content
from bot.i18n import LANGUAGES, Catalogs
from handlers import build_router

ROOT = Path(__file__).resolve().parents[2]
# Literal keys passed to the catalog helpers anywhere in the code.
KEY_CALL = re.compile(r"""\b(?:say|t|button|notice|_both|_t)\(\s*(?:ctx,\s*)?"([a-z0-9-]+)\"""")
# Code outside a handler names the language first: catalogs.text(person.language, "key").
CATALOG_CALL = re.compile(r"""\bcatalogs\.text\(\s*[\w.]+,\s*"([a-z0-9-]+)\"""")


def keys_in_code() -> set[str]:
    keys: set[str] = set()
    for path in [*ROOT.glob("bot/**/*.py"), *ROOT.glob("handlers/*.py")]:
        source = path.read_text(encoding="utf-8")
        keys |= set(KEY_CALL.findall(source)) | set(CATALOG_CALL.findall(source))
    return keys


def test_the_code_uses_many_keys() -> None:
    assert len(keys_in_code()) > 50  # the scan itself works


def test_catalogs_are_complete() -> None:
    required = keys_in_code() | content.required_keys(build_router())
    assert content.check_catalogs(required=required) == []


def test_a_missing_key_or_placeholder_is_reported(tmp_path: Path) -> None:
    for lang in LANGUAGES:
        (tmp_path / lang).mkdir()
    (tmp_path / "id" / "a.ftl").write_text("hello = Halo { $name }\nonly-id = Saja\n")
    (tmp_path / "en" / "a.ftl").write_text("hello = Hello { $who }\n")
    problems = content.check_catalogs(tmp_path, required={"needed"})
    assert "en: missing only-id" in problems
    assert any(p.startswith("hello: placeholders differ") for p in problems)
    assert "id: missing needed (used by the code)" in problems


def test_arguments_are_escaped_and_languages_fall_back() -> None:
    catalogs = Catalogs(default="id")
    text = catalogs.text("en", "welcome-back", name="*Budi* [x](http://evil)")
    assert "\\*Budi\\*" in text and "\\[x\\]" in text
    assert catalogs.language("en-GB") == "en" and catalogs.language("fr") == "id"
    assert catalogs.text("en", "no-such-key") == "no-such-key"


def test_a_missing_catalog_folder_fails_loudly(tmp_path: Path) -> None:
    import pytest

    from bot.errors import ContentError

    with pytest.raises(ContentError, match="no catalogs"):
        Catalogs(tmp_path)


def test_keys_used_outside_handlers_are_found() -> None:
    """A push composed by a service (a checklist offer) names its keys this way too."""
    assert {"checklist-offer", "btn-checklist-open", "error-generic"} <= keys_in_code()
