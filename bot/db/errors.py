"""One readable line for a database that cannot be used at start-up (never the password)."""

from __future__ import annotations

import socket

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

# PostgreSQL's SQLSTATE codes for the mistakes an operator makes in DATABASE_URL.
_SQLSTATE = {
    "3D000": "the database does not exist",
    "28000": "the user does not exist or may not connect",
    "28P01": "password authentication failed",
    "42501": "the user lacks a privilege the bot needs",
    "53300": "the server has too many connections",
    "57P03": "the server is starting up or shutting down",
}


def is_database_error(exc: BaseException) -> bool:
    return isinstance(exc, DBAPIError | OSError | TimeoutError)


def is_transient(exc: BaseException) -> bool:
    """A fault that passes: a locked SQLite file, a lost or refused connection, a timeout."""
    if isinstance(exc, OSError | TimeoutError):
        return True
    if isinstance(exc, DBAPIError):
        if exc.connection_invalidated or isinstance(exc, InterfaceError):
            return True
        if isinstance(exc, OperationalError):
            return True
    return False


def explain(exc: BaseException) -> str:
    """Why the database at DATABASE_URL cannot be used, from the driver's error."""
    cause = _root(exc)
    sqlstate = getattr(cause, "sqlstate", None)
    if isinstance(sqlstate, str) and sqlstate in _SQLSTATE:
        return _SQLSTATE[sqlstate]
    if isinstance(cause, socket.gaierror):
        return "the host name is not known"
    if isinstance(cause, ConnectionRefusedError):
        return "the connection was refused (is the server running?)"
    if isinstance(cause, TimeoutError):
        return "the server did not answer in time"
    if isinstance(cause, PermissionError):
        return "permission denied on the database file or its folder"
    name = type(cause).__name__
    if name == "OperationalError" and "unable to open database file" in str(cause):
        return "the database file cannot be opened"
    if "file is not a database" in str(cause):
        return "the file is not an SQLite database"
    return f"cannot connect ({name})"


def _root(exc: BaseException) -> BaseException:
    """The driver's own exception under SQLAlchemy's and the async adapter's wrappers."""
    current: BaseException = exc
    seen: set[int] = set()
    while id(current) not in seen:
        seen.add(id(current))
        orig = getattr(current, "orig", None)
        nxt = orig if isinstance(orig, BaseException) else current.__cause__
        if nxt is None:
            break
        current = nxt
    return current
