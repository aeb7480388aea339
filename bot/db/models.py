"""SQLAlchemy models: the programme's people, their channel identities and onboarding state."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

# Stable constraint names keep Alembic migrations identical on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on both databases (SQLite drops the offset)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON(),
    }


class Cohort(Base):
    __tablename__ = "cohorts"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # No lesson is sent before this local date.
    starts_on: Mapped[date | None] = mapped_column(Date)


class Person(Base):
    __tablename__ = "people"
    # Ids are never reused on SQLite either: an erased person's history cannot attach to a
    # newcomer through an old key, cache or log line.
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(primary_key=True)
    role: Mapped[str] = mapped_column(String(10))
    language: Mapped[str] = mapped_column(String(5))
    display_name: Mapped[str | None] = mapped_column(String(100))
    cohort_id: Mapped[int | None] = mapped_column(ForeignKey("cohorts.id", ondelete="SET NULL"))
    province_code: Mapped[str | None] = mapped_column(String(4))
    timezone: Mapped[str | None] = mapped_column(String(40))
    office: Mapped[str | None] = mapped_column(String(120))
    lesson_time: Mapped[str | None] = mapped_column(String(5))
    consent_at: Mapped[datetime | None]
    onboarded_at: Mapped[datetime | None]
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    # `/pause N`: scheduled messages resume by themselves at this time.
    paused_until: Mapped[datetime | None]
    # ISO weekdays that get a lesson ("12345" is Monday to Friday, the default when unset).
    lesson_days: Mapped[str | None] = mapped_column(String(7))
    # A mentee's areas of casework (the tags of a mentor's expertise), used for matching.
    case_areas: Mapped[list[str] | None] = mapped_column(JSON)
    # Set by an admin: no pushes, no access, data kept until reactivated or erased.
    deactivated_at: Mapped[datetime | None]
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    # The channel pushes go to when the person chose one; None: the one they used last.
    push_channel: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    identities: Mapped[list[ChannelIdentity]] = relationship(
        back_populates="person", cascade="all, delete-orphan", passive_deletes=True
    )
    mentor_profile: Mapped[MentorProfile | None] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )


class ChannelIdentity(Base):
    """One way to reach a person: a channel plus that channel's user id."""

    __tablename__ = "channel_identities"
    __table_args__ = (UniqueConstraint("channel", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(20))
    external_id: Mapped[str] = mapped_column(String(64))
    chat_id: Mapped[str] = mapped_column(String(64))
    unreachable_at: Mapped[datetime | None]
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    # When the person last wrote on a channel with a reply window (WhatsApp's 24 hours);
    # None once the platform said the window is closed.
    last_inbound_at: Mapped[datetime | None]

    person: Mapped[Person] = relationship(back_populates="identities")


class LinkCode(Base):
    """A one-time code that attaches another app's identity to a person (one per person)."""

    __tablename__ = "link_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Only a hash is kept, as for invites.
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), unique=True
    )
    expires_at: Mapped[datetime] = mapped_column(index=True)


class Invite(Base):
    __tablename__ = "invites"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Only a hash is kept: a database leak must not hand out working codes.
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(10))
    cohort_id: Mapped[int | None] = mapped_column(ForeignKey("cohorts.id", ondelete="SET NULL"))
    max_uses: Mapped[int] = mapped_column(Integer, default=1)
    uses: Mapped[int] = mapped_column(Integer, default=0)
    expires_at: Mapped[datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class InviteRedemption(Base):
    __tablename__ = "invite_redemptions"

    invite_id: Mapped[int] = mapped_column(
        ForeignKey("invites.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    redeemed_at: Mapped[datetime] = mapped_column(default=utcnow)


class MentorProfile(Base):
    __tablename__ = "mentor_profiles"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    capacity: Mapped[int] = mapped_column(Integer, default=5)
    expertise: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Away (leave, a trial): keeps their mentees, but new questions go elsewhere meanwhile.
    away_until: Mapped[datetime | None]


class Mentorship(Base):
    __tablename__ = "mentorships"
    __table_args__ = (Index("ix_mentorships_mentee_active", "mentee_id", "ended_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mentor_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    mentee_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None]


class ConversationState(Base):
    """Where a chat is in a multi-step flow; keyed by chat so it exists before consent."""

    __tablename__ = "conversation_states"

    channel: Mapped[str] = mapped_column(String(20), primary_key=True)
    external_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    state: Mapped[str] = mapped_column(String(40))
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class ProcessedUpdate(Base):
    """Update ids already handled, so a redelivered update is ignored."""

    __tablename__ = "processed_updates"

    channel: Mapped[str] = mapped_column(String(20), primary_key=True)
    update_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    processed_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class AuditEntry(Base):
    """Who did what; never message text."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    channel: Mapped[str | None] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(60))
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)


class OutboxMessage(Base):
    """One message the bot sends: a reply or a push, written with its cause, sent by the outbox.

    The body is the neutral message until it is sent, then emptied; the key, status and the
    platform's message ids stay until the row is pruned."""

    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_due", "channel", "status", "next_attempt_at"),
        # A chat's older unsent rows go first (see outbox.store.claim).
        Index("ix_outbox_chat", "channel", "address", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(20))
    address: Mapped[str] = mapped_column(String(64))
    # Chosen by the cause ("lesson:7:person:42", "reply:<update>:0"): a second enqueue is a no-op.
    dedup_key: Mapped[str] = mapped_column(String(160), unique=True)
    body: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(10))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime]
    lease_until: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    message_ids: Mapped[list[str] | None] = mapped_column(JSON)


class LessonDelivery(Base):
    """A lesson a person was given (scheduled or asked for), and how they answered its check."""

    __tablename__ = "lesson_deliveries"
    __table_args__ = (
        UniqueConstraint("person_id", "lesson_id"),
        Index("ix_lesson_deliveries_person_day", "person_id", "local_day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    lesson_id: Mapped[str] = mapped_column(String(20))
    delivered_at: Mapped[datetime]
    # The person's own date it counted for: at most one scheduled lesson per local day.
    local_day: Mapped[date] = mapped_column(Date)
    answered_at: Mapped[datetime | None]
    correct: Mapped[bool | None] = mapped_column(Boolean)


class Review(Base):
    """A knowledge check answered wrongly, asked again after 1, 3 and 7 days."""

    __tablename__ = "reviews"
    __table_args__ = (UniqueConstraint("person_id", "lesson_id", "step"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    lesson_id: Mapped[str] = mapped_column(String(20))
    step: Mapped[int] = mapped_column(Integer)
    due_at: Mapped[datetime] = mapped_column(index=True)
    sent_at: Mapped[datetime | None]
    done_at: Mapped[datetime | None]


class ChecklistRun(Base):
    """One use of a checklist for one case: which items are ticked. The case label is masked
    by the identifier service before it is stored."""

    __tablename__ = "checklist_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    checklist_id: Mapped[str] = mapped_column(String(40))
    label: Mapped[str | None] = mapped_column(String(80))
    checked: Mapped[list[int]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class Question(Base):
    """A mentee's question and its thread. Only masked text is ever stored; the owner is the
    mentor who answers it now (None: the admins), which changes when it is passed or overdue."""

    __tablename__ = "questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    mentee_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[str] = mapped_column(String(10))  # open, answered, closed
    language: Mapped[str] = mapped_column(String(5))
    created_at: Mapped[datetime]
    # The current wait: from the question or its latest follow-up to the answer target.
    asked_at: Mapped[datetime]
    due_at: Mapped[datetime] = mapped_column(index=True)
    reminders: Mapped[int] = mapped_column(Integer, default=0)
    first_answer_at: Mapped[datetime | None]
    answered_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    # Mentors who passed it on or were overdue: it does not come back to them.
    passed_by: Mapped[list[int]] = mapped_column(JSON, default=list)


class QuestionMessage(Base):
    """One message of a question's thread (the question, an answer, a follow-up), masked."""

    __tablename__ = "question_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("questions.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(10))  # question, answer, followup
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]


class FaqEntry(Base):
    """An answered question a mentor published, edited and anonymised, for everyone's search."""

    __tablename__ = "faq_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    language: Mapped[str] = mapped_column(String(5), index=True)
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]


class Broadcast(Base):
    """A message from the programme to an audience: a text (Indonesian, optionally English), a
    lesson or a checklist, sent now or at a local date and time in each recipient's zone. Each
    recipient's copy is an outbox row keyed "bc:{id}:{person}", so it goes once."""

    __tablename__ = "broadcasts"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The same announcement from the command line on the same day is one broadcast.
    ident: Mapped[str | None] = mapped_column(String(40), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]
    audience: Mapped[dict[str, Any]] = mapped_column(JSON)
    text_id: Mapped[str | None] = mapped_column(Text)
    text_en: Mapped[str | None] = mapped_column(Text)
    lesson_id: Mapped[str | None] = mapped_column(String(20))
    checklist_id: Mapped[str | None] = mapped_column(String(40))
    # "YYYY-MM-DDTHH:MM" in each recipient's own zone; None: now.
    local_at: Mapped[str | None] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(
        String(10), index=True
    )  # scheduled, sending, done, cancelled
    recipients: Mapped[int] = mapped_column(Integer, default=0)
    unreachable: Mapped[int] = mapped_column(Integer, default=0)
    # The admin's message that shows progress, edited in place where the channel can.
    progress_channel: Mapped[str | None] = mapped_column(String(20))
    progress_address: Mapped[str | None] = mapped_column(String(64))
    progress_message_id: Mapped[str | None] = mapped_column(String(64))
    finished_at: Mapped[datetime | None]
