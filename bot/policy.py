"""Programme rules that handlers and jobs apply, taken from the settings at start-up."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Policy:
    # Invites made in chat and on the command line expire alike (INVITE_EXPIRES_DAYS).
    invite_expires_days: int = 14
    # Audit rows older than this are pruned (AUDIT_RETENTION_DAYS).
    audit_retention_days: int = 365
    # Sent and dead outbox rows (key, status, message ids) are kept this long
    # (OUTBOX_RETENTION_DAYS); a mentor answers a relayed question by replying to it.
    outbox_retention_days: int = 30
    # Attempts before an outbox row is given up as dead (OUTBOX_MAX_ATTEMPTS).
    outbox_max_attempts: int = 8
