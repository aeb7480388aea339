"""Structured JSON logs carrying the update id and person id; never message text or secrets.

Every record reaches the one root handler, whichever library wrote it (aiogram, aiohttp,
asyncio, SQLAlchemy, APScheduler), and its formatter cleans each field: configured secrets and
anything shaped like a bot token or a URL password become ``***``, HTML bodies are collapsed,
and every field is bounded, so neither a URL in a library's error nor an error page can carry
a secret or flood the log.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import sys
import traceback
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, TextIO
from urllib.parse import quote, quote_plus, unquote, urlsplit

from pydantic import BaseModel, SecretStr
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

update_id: ContextVar[str | None] = ContextVar("update_id", default=None)
person_id: ContextVar[int | None] = ContextVar("person_id", default=None)

REDACTED = "***"
MAX_FIELD_CHARS = 300
MAX_TRACEBACK_CHARS = 3000
# A hard cap: a line over it keeps only the fields that identify the event.
MAX_LINE_CHARS = 8000
# Shorter values would blank out ordinary letters in every line; URL passwords of any length
# are still caught by their place in the URL.
MIN_SECRET_CHARS = 4
_NESTING = 3

# Attributes every LogRecord has; anything else was passed in `extra` and is logged as a field.
_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "taskName"}
# A Bot API URL names the token in its path (/bot<id>:<secret>/method); even when a message was
# cut short in the middle of it, what is left of the secret goes.
_BOT_PATH = re.compile(r"(/bot)\d+(?::|%3[Aa])[^/\s'\"?#&]*")
# A token outside a URL, or of a bot not configured here.
_BOT_TOKEN = re.compile(r"\d{6,}(?::|%3[Aa])[A-Za-z0-9_-]{30,}")
_URL_PASSWORD = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*://[^/\s:@]*:)[^\s@/]*(@)")
_HTML = re.compile(r"<(?:!doctype|html|head|body)\b.*?(?:</html\s*>|\Z)", re.I | re.S)


class Redactor:
    """Removes secrets from text: the configured values and the shapes that give one away."""

    def __init__(self) -> None:
        self._values: set[str] = set()
        self._known: re.Pattern[str] | None = None

    def reset(self, values: Iterable[str] = ()) -> None:
        self._values.clear()
        self.add(values)

    def add(self, values: Iterable[str]) -> None:
        for value in values:
            if len(value) >= MIN_SECRET_CHARS:
                # As it may appear: plain, percent-encoded in a URL, escaped in a repr().
                self._values.update(
                    {value, quote(value, safe=""), quote_plus(value), repr(value)[1:-1]}
                )
        # Longest first, so a whole token goes before the part of it that is also listed.
        ordered = sorted(self._values, key=len, reverse=True)
        self._known = re.compile("|".join(map(re.escape, ordered))) if ordered else None

    def redact(self, text: str) -> str:
        if self._known is not None:
            text = self._known.sub(REDACTED, text)
        text = _BOT_PATH.sub(rf"\g<1>{REDACTED}", text)
        text = _BOT_TOKEN.sub(REDACTED, text)
        return _URL_PASSWORD.sub(rf"\g<1>{REDACTED}\g<2>", text)

    def clean_text(self, text: str, limit: int = MAX_FIELD_CHARS) -> str:
        """Collapsed, redacted, then bounded: cutting first could leave half a secret."""
        return _bound(self.redact(_collapse_html(text)), limit)

    def clean(self, value: Any, depth: int = 0) -> Any:
        """A field of any type, ready for JSON: numbers stay numbers, containers are walked."""
        if value is None or isinstance(value, bool | int | float):
            return value
        if depth < _NESTING and isinstance(value, dict):
            return {self.clean_text(str(k)): self.clean(v, depth + 1) for k, v in value.items()}
        if depth < _NESTING and isinstance(value, list | tuple | set | frozenset):
            return [self.clean(item, depth + 1) for item in value]
        return self.clean_text(str(value))


def _collapse_html(text: str) -> str:
    # An error page from a proxy says nothing useful and may echo the request, token included.
    return _HTML.sub(lambda page: f"<html body, {len(page.group().encode())} bytes>", text)


def _bound(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    marker = f"… ({len(text)} chars)"
    return text[: limit - len(marker)] + marker


def _bound_middle(text: str, limit: int) -> str:
    """For tracebacks: the outermost call and the innermost frames say the most."""
    if len(text) <= limit:
        return text
    marker = f"\n… ({len(text) - limit} chars left out) …\n"
    keep = limit - len(marker)
    head = keep // 3
    return text[:head] + marker + text[len(text) - (keep - head) :]


_redactor = Redactor()


class JsonFormatter(logging.Formatter):
    def __init__(self, redactor: Redactor | None = None) -> None:
        super().__init__()
        self.redactor = redactor or _redactor

    def format(self, record: logging.LogRecord) -> str:
        clean = self.redactor.clean
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": clean(record.name),
            "event": clean(record.getMessage()),
        }
        if (update := update_id.get()) is not None:
            entry["update_id"] = clean(update)
        if (person := person_id.get()) is not None:
            entry["person_id"] = person
        for key, value in record.__dict__.items():
            if key not in _STANDARD:
                entry[key] = clean(value)
        if record.exc_info and record.exc_info[1] is not None:
            entry["exc"] = self._long(redacted_traceback(record.exc_info[1]))
        if record.stack_info:
            entry["stack"] = self._long(record.stack_info)
        return _fit(entry)

    def _long(self, text: str) -> str:
        return _bound_middle(self.redactor.redact(text), MAX_TRACEBACK_CHARS)


def _fit(entry: dict[str, Any]) -> str:
    line = json.dumps(entry, default=str, ensure_ascii=False)
    if len(line) <= MAX_LINE_CHARS:
        return line
    # Many long fields at once: keep what identifies the event and say how much went.
    core: dict[str, Any] = {k: entry[k] for k in ("ts", "level", "logger", "event") if k in entry}
    core["fields_dropped"] = len(entry) - len(core)
    return json.dumps(core, default=str, ensure_ascii=False)


def redacted_traceback(error: BaseException) -> str:
    """Frames and exception types only: a message may quote what a person wrote (a database
    reports the duplicate value, a parser the bad input), so messages never reach the logs."""
    parts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        kind = type(current)
        parts.append(
            "".join(traceback.format_tb(current.__traceback__))
            + f"{kind.__module__}.{kind.__qualname__} (message withheld)"
        )
        current = current.__cause__ or current.__context__
    return "\n-- caused by --\n".join(parts)


def secrets_of(settings: BaseModel) -> list[str]:
    """Every secret a settings model holds, sub-models included: each SecretStr, the secret
    half of a bot token, and the password of any URL (DATABASE_URL's among them)."""
    found: list[str] = []
    for value in _field_values(settings):
        if isinstance(value, SecretStr):
            secret = value.get_secret_value()
            found.append(secret)
            bot_id, colon, rest = secret.partition(":")
            if colon and bot_id.isdigit():
                found.append(rest)
        elif value is not None and "://" in (text := str(value)):
            found.extend(_url_passwords(text))
    return [secret for secret in found if secret]


def _field_values(model: BaseModel) -> Iterator[Any]:
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(value, BaseModel):
            yield from _field_values(value)
        else:
            yield value


def _url_passwords(url: str) -> list[str]:
    passwords: list[str] = []
    with contextlib.suppress(ValueError):
        if raw := urlsplit(url).password:
            passwords += [raw, unquote(raw)]
    # SQLAlchemy reads a URL its own way (the first "@" ends the password); take its view too.
    with contextlib.suppress(ArgumentError, ValueError):
        if parsed := make_url(url).password:
            passwords.append(str(parsed))
    return passwords


def add_secrets(values: Iterable[str | SecretStr | None]) -> None:
    """Redact more values from now on (e.g. a secret learnt after start-up)."""
    _redactor.add(_plain(values))


def redact(text: str, limit: int = MAX_FIELD_CHARS) -> str:
    """The cleaning every log field gets, for text written elsewhere (stderr, an HTTP reply)."""
    return _redactor.clean_text(text, limit)


def _plain(values: Iterable[str | SecretStr | None]) -> list[str]:
    return [v.get_secret_value() if isinstance(v, SecretStr) else v for v in values if v]


def setup(
    level: str,
    stream: TextIO | None = None,
    *,
    secrets: Iterable[str | SecretStr | None] = (),
) -> None:
    """JSON lines on ``stream`` (stderr) for every logger, with ``secrets`` redacted; pass
    ``secrets_of(settings)``. The secrets replace those of an earlier call."""
    _redactor.reset(_plain(secrets))
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter(_redactor))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # aiogram logs every update at INFO and request errors with payload details.
    logging.getLogger("aiogram.event").setLevel(logging.WARNING)
    logging.getLogger("aiosqlite").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    # Python would print an uncaught exception's message, which may hold a URL or an error
    # page, straight to stderr; it goes through the log instead.
    sys.excepthook = _log_uncaught


def _log_uncaught(
    kind: type[BaseException], error: BaseException, tb: TracebackType | None
) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, error, tb)
        return
    logging.getLogger("bot").critical("stopped by an unexpected error", exc_info=(kind, error, tb))
