"""Programme rules that handlers and jobs apply, taken from the settings at start-up."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Policy:
    # Invites made in chat and on the command line expire alike (INVITE_EXPIRES_DAYS).
    invite_expires_days: int = 14
    # Audit rows older than this are pruned (AUDIT_RETENTION_DAYS).
    audit_retention_days: int = 365
