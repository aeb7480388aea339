"""How a channel says a send failed, in the outbox's terms (no channel library here)."""

from __future__ import annotations


class SendError(Exception):
    """A send failed; `kind` is what the outbox records (never the platform's text)."""

    kind = "error"


class Blocked(SendError):
    """The person blocked the bot or deleted their account: stop writing to them."""

    kind = "blocked"


class RetryLater(SendError):
    """A 429, a 5xx, a timeout or a dropped connection: the same send may work later."""

    def __init__(self, kind: str, retry_after: float | None = None) -> None:
        super().__init__(kind)
        self.kind = kind
        self.retry_after = retry_after


class Rejected(SendError):
    """The platform will never take this message as it is (a 400): retrying cannot help."""

    kind = "rejected"


class WindowClosed(SendError):
    """WhatsApp's 24-hour window is closed: the message waits until the person writes again
    (a template has told them there is something to read). Not a fault of the platform."""

    kind = "window"
