"""Structured JSON logs carrying the update id and person id; never message text or tokens."""

from __future__ import annotations

import json
import logging
import sys
import traceback
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

update_id: ContextVar[str | None] = ContextVar("update_id", default=None)
person_id: ContextVar[int | None] = ContextVar("person_id", default=None)

# Attributes every LogRecord has; anything else was passed in `extra` and is logged as a field.
_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "taskName"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": record.getMessage(),
        }
        if (update := update_id.get()) is not None:
            entry["update_id"] = update
        if (person := person_id.get()) is not None:
            entry["person_id"] = person
        for key, value in record.__dict__.items():
            if key not in _STANDARD:
                entry[key] = value
        if record.exc_info and record.exc_info[1] is not None:
            entry["exc"] = redacted_traceback(record.exc_info[1])
        return json.dumps(entry, default=str, ensure_ascii=False)


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


def setup(level: str, stream: Any = None) -> None:
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # aiogram logs every update at INFO and request errors with payload details.
    logging.getLogger("aiogram.event").setLevel(logging.WARNING)
    logging.getLogger("aiosqlite").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
