"""Programme rules that handlers and jobs apply, taken from the settings at start-up."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.curriculum.schedule import QuietHours

# MATCHING: an admin pairs each mentee (manual), or a mentee is paired on joining (auto).
MATCHING_MANUAL = "manual"
MATCHING_AUTO = "auto"


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
    # Local hours without lessons, checklists, reviews or reminders (QUIET_HOURS).
    quiet_hours: QuietHours = field(default_factory=lambda: QuietHours.parse("21:00-06:00"))
    # A mentor's target time to answer (ANSWER_TARGET_HOURS): reminders at half and at 90
    # percent of it, then the question goes to another mentor or the admins.
    answer_target_hours: int = 48
    # Closed questions are deleted this long after closing (QUESTION_RETENTION_DAYS).
    question_retention_days: int = 365
    # Days after a wrong answer when its check comes back (spaced review).
    review_days: tuple[int, ...] = (1, 3, 7)
    # How mentees get a mentor (MATCHING): "manual" (/assign, `match`) or "auto" on joining.
    matching: str = MATCHING_MANUAL
