"""Bahasa Indonesia and English catalogs in Fluent (.ftl) files under content/locales/."""

from __future__ import annotations

import logging
from pathlib import Path

from fluent.runtime import FluentBundle, FluentResource

from bot.errors import ContentError
from bot.markup import escape

LANGUAGES = ("id", "en")
LOCALES_DIR = Path(__file__).resolve().parents[1] / "content" / "locales"
log = logging.getLogger(__name__)

Arg = str | int | float


class Catalogs:
    def __init__(self, directory: Path = LOCALES_DIR, default: str = "id") -> None:
        self.default = default
        self._bundles = {lang: _load(directory / lang, lang) for lang in LANGUAGES}
        self._plain: dict[tuple[str, str], str] = {}

    def language(self, requested: str | None) -> str:
        """A supported language for a person or a client's language hint."""
        if requested:
            short = requested.split("-", 1)[0].lower()
            if short in self._bundles:
                return short
        return self.default

    def has(self, lang: str, key: str) -> bool:
        return self._bundles[lang].has_message(key)

    def text(self, lang: str, key: str, **args: Arg) -> str:
        """The message in neutral markup; string arguments are escaped so they render literally."""
        if not args:
            # Most texts take no arguments: formatted once (every reply uses several).
            cached = self._plain.get((lang, key))
            if cached is None:
                cached = self._plain[(lang, key)] = self._format(lang, key, {})
            return cached
        return self._format(lang, key, args)

    def _format(self, lang: str, key: str, args: dict[str, Arg]) -> str:
        bundle = self._bundles.get(lang) or self._bundles[self.default]
        if not bundle.has_message(key):
            log.error("missing catalog key", extra={"key": key, "lang": lang})
            bundle = self._bundles[self.default]
            if not bundle.has_message(key):
                return key
        message = bundle.get_message(key)
        if message.value is None:
            return key
        safe = {name: escape(v) if isinstance(v, str) else v for name, v in args.items()}
        text, errors = bundle.format_pattern(message.value, safe)
        if errors:
            log.error("catalog format error", extra={"key": key, "lang": lang})
        return str(text)


def _load(directory: Path, lang: str) -> FluentBundle:
    # Isolation marks would show up as stray characters on some phones.
    bundle = FluentBundle([lang], use_isolating=False)
    paths = sorted(directory.glob("*.ftl"))
    if not paths:  # e.g. installed without the content folder: every text would be a raw key
        raise ContentError([f"no catalogs for {lang!r} in {directory}"])
    for path in paths:
        bundle.add_resource(FluentResource(path.read_text(encoding="utf-8")))
    return bundle


class Texts:
    """The catalogs in one language, for code that composes messages outside a handler (a
    scheduled job) the same way a handler does."""

    def __init__(self, catalogs: Catalogs, language: str) -> None:
        self.catalogs = catalogs
        self.language = language

    def __call__(self, key: str, **args: Arg) -> str:
        return self.catalogs.text(self.language, key, **args)

    @staticmethod
    def literal(text: str) -> str:
        """Content text shown as written (no markup read into it)."""
        return escape(text)
