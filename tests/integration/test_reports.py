"""/stats and /export on a real database: the figures are what the tables hold, the CSV files
have their documented columns and nothing private, charts render headless, and only admins
get any of it."""

from __future__ import annotations

import csv
import io
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from bot import bootstrap
from bot.channels import telegram_files
from bot.channels.console import ConsoleChannel
from bot.clock import FixedClock
from bot.db.models import (
    AuditEntry,
    ChannelIdentity,
    LessonDelivery,
    OutboxMessage,
    Person,
    Question,
    QuestionMessage,
)
from bot.messages import Document, DocumentBuild, Outgoing
from bot.outbox import store
from bot.roles import Role
from bot.services import exports
from tests.chat import Chat
from tests.integration.test_questions import START, join

SECRET_QUESTION = "Where is the witness hiding"
TELEGRAM_ID = "987654321"


@pytest.fixture
def clock(app: bootstrap.App) -> FixedClock:
    fixed = FixedClock(START)
    app.core.clock = fixed
    app.courier.clock = fixed
    documents = app.courier.documents
    assert documents is not None
    documents.clock = fixed  # type: ignore[attr-defined]
    return fixed


async def programme(app: bootstrap.App, clock: FixedClock) -> dict[str, Person]:
    """An admin, a mentor and two mentees in three time zones, with lessons, checks, questions,
    one person unreachable, one not seen for ten days and one dead outbox row."""
    people = {
        "admin": await join(app, "admin", Role.ADMIN, province="JI"),
        "mentor": await join(app, "mentor", Role.MENTOR, province="JI"),
        "ayu": await join(app, "ayu", Role.MENTEE, province="BA"),
        "yosef": await join(app, "yosef", Role.MENTEE, province="PA"),
    }
    first, second = (lesson.id for lesson in app.core.curricula["en"].lessons[:2])
    now = clock.now()
    day = now.date()
    answered = now - timedelta(hours=1)
    async with app.db.unit_of_work() as session:
        ayu, yosef, mentor = people["ayu"].id, people["yosef"].id, people["mentor"].id
        session.add_all(
            [
                LessonDelivery(person_id=ayu, lesson_id=first, delivered_at=now - timedelta(1),
                               local_day=day, answered_at=answered, correct=True),
                LessonDelivery(person_id=ayu, lesson_id=second, delivered_at=now,
                               local_day=day, answered_at=answered, correct=False),
                LessonDelivery(person_id=yosef, lesson_id=first, delivered_at=now,
                               local_day=day, answered_at=answered, correct=True),
                LessonDelivery(person_id=yosef, lesson_id=second, delivered_at=now,
                               local_day=day),
            ]
        )  # fmt: skip
        for hours_ago, first_answer, due in ((10, 5, 38), (60, None, -12), (2, None, 46)):
            created = now - timedelta(hours=hours_ago)
            question = Question(
                mentee_id=ayu, owner_id=mentor, language="en",
                status="answered" if first_answer else "open", created_at=created,
                asked_at=created, due_at=now + timedelta(hours=due),
                first_answer_at=created + timedelta(hours=first_answer) if first_answer else None,
            )  # fmt: skip
            session.add(question)
            await session.flush()
            session.add(
                QuestionMessage(question_id=question.id, author_id=ayu, kind="question",
                                text=SECRET_QUESTION, created_at=created)
            )  # fmt: skip
        session.add(
            ChannelIdentity(
                person_id=ayu, channel="telegram", external_id=TELEGRAM_ID, chat_id=TELEGRAM_ID
            )
        )
        await session.execute(
            update(ChannelIdentity)
            .where(ChannelIdentity.person_id == yosef)
            .values(unreachable_at=now)
        )
        await session.execute(
            update(ChannelIdentity)
            .where(ChannelIdentity.person_id == mentor)
            .values(last_seen_at=now - timedelta(days=10))
        )
        [row] = await store.enqueue(
            session,
            [store.NewMessage(ayu, "console", "ayu", Outgoing("lost"), "test:dead")],
            now=now,
            sending=True,
        )
        await store.mark_failed(session, row, error="rejected", retry_at=None)
    return people


async def built(app: bootstrap.App, message: Outgoing) -> Document:
    assert message.build is not None and message.document is None
    documents = app.courier.documents
    assert documents is not None
    complete = await documents.complete(message)
    assert complete.document is not None and complete.build is None
    return complete.document


def read_csv(document: Document) -> list[dict[str, str]]:
    assert document.content.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(document.content.decode("utf-8-sig"))))


def header(document: Document) -> list[str]:
    return next(csv.reader(io.StringIO(document.content.decode("utf-8-sig"))))


async def test_stats_figures_are_what_the_database_holds(
    app: bootstrap.App, clock: FixedClock
) -> None:
    await programme(app, clock)
    admin = Chat(app.core, "admin", language="en")
    await admin.send("/stats")
    async with app.sessions() as session:
        deliveries = (await session.scalars(select(LessonDelivery))).all()
        asked = await session.scalar(select(func.count()).select_from(Question))
        dead = await session.scalar(
            select(func.count()).select_from(OutboxMessage).where(OutboxMessage.status == "dead")
        )
    assert len(deliveries) == 4 and asked == 3 and dead == 1
    text = admin.text
    assert "Mentees: 2" in text and "Mentors: 1" in text and "Admins: 1" in text
    assert "Active in the last 7 days: 3" in text  # the mentor was last seen 10 days ago
    assert "WIB 2, WITA 1, WIT 1, no province 0" in text
    assert "Most represented provinces: Jawa Timur 2, Bali 1, Papua 1" in text
    assert f"Delivered: {len(deliveries)}" in text
    assert "Knowledge checks answered: 3" in text
    assert "Answered correctly: 67 %" in text
    second = app.core.curricula["en"].lessons[1]
    assert f"{second.title}: 0 % correct of 1" in text  # the most confusing lesson first
    assert "Asked: 3" in text
    assert "Waiting for an answer: 2, of them overdue: 1" in text
    assert "Questions answered at least once: 1" in text
    assert "Median time to the first answer: 5 hours" in text
    assert "Unreachable (blocked the bot): 1" in text
    assert "Messages given up (see python -m bot outbox): 1" in text
    charts = [m for m in admin.last.messages if m.build is not None]
    assert [m.build.name for m in charts if m.build] == ["chart:completion", "chart:answer-times"]


async def test_charts_render_headless_as_sensible_pngs(
    app: bootstrap.App, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("MPLBACKEND", raising=False)
    await programme(app, clock)
    for language in ("en", "id"):
        for name in ("chart:completion", "chart:answer-times"):
            message = Outgoing("chart", build=DocumentBuild(name, {"lang": language}))
            png = await built(app, message)
            assert png.mime_type == "image/png" and png.filename.endswith(".png")
            assert telegram_files.png_size(png.content) == (1200, 675)
            assert 5_000 < len(png.content) < 500_000
            assert telegram_files.as_photo(png)
    assert "matplotlib.pyplot" not in sys.modules  # no display backend was ever chosen


async def test_export_sends_the_documented_csv_files_without_private_text(
    app: bootstrap.App, clock: FixedClock
) -> None:
    people = await programme(app, clock)
    admin = Chat(app.core, "admin", language="en")
    await admin.send("/export")
    files = [m for m in admin.last.messages if m.build is not None]
    assert [m.build.name for m in files if m.build] == [
        "export:people", "export:progress", "export:questions", "export:broadcasts",
    ]  # fmt: skip
    async with app.sessions() as session:
        bodies = (
            await session.scalars(
                select(OutboxMessage.body).where(OutboxMessage.dedup_key.like("reply:%"))
            )
        ).all()
    # The rows name what to build, never the content.
    assert {"name": "export:people", "args": {}} in [b.get("build") for b in bodies if b]
    documents = [await built(app, message) for message in files]
    people_csv, progress_csv, questions_csv, broadcasts_csv = documents
    assert header(people_csv) == list(exports.PEOPLE_COLUMNS)
    assert header(progress_csv) == list(exports.PROGRESS_COLUMNS)
    assert header(questions_csv) == list(exports.QUESTION_COLUMNS)
    assert header(broadcasts_csv) == list(exports.BROADCAST_COLUMNS)
    assert people_csv.filename == f"people-{clock.now():%Y-%m-%d}.csv"

    by_id = {row["person_id"]: row for row in read_csv(people_csv)}
    ayu = by_id[str(people["ayu"].id)]
    assert ayu["province"] == "Bali" and ayu["time_zone"] == "WITA"
    assert (ayu["lessons_delivered"], ayu["lessons_completed"], ayu["lessons_correct"]) == (
        "2", "2", "1",
    )  # fmt: skip
    assert by_id[str(people["yosef"].id)]["unreachable"] == "1"
    assert ayu["channels"] == "console;telegram"  # the channels, not the ids on them
    assert len(read_csv(progress_csv)) == 4
    questions = read_csv(questions_csv)
    assert sorted(q["status"] for q in questions) == ["answered", "open", "open"]
    assert sorted(q["overdue"] for q in questions) == ["0", "0", "1"]
    assert [q["first_response_hours"] for q in questions if q["first_answer_at"]] == ["5.0"]
    everything = b"".join(d.content for d in documents).decode("utf-8-sig")
    assert SECRET_QUESTION not in everything and "lost" not in everything
    assert TELEGRAM_ID not in everything


async def test_a_mentee_gets_no_reports_and_is_audited(
    app: bootstrap.App, clock: FixedClock
) -> None:
    await programme(app, clock)
    ayu = Chat(app.core, "ayu", language="en")
    for command in ("/stats", "/export"):
        await ayu.send(command)
        assert "not available for your role" in ayu.text
        assert all(m.build is None and m.document is None for m in ayu.last.messages)
    async with app.sessions() as session:
        denied = (
            await session.scalars(
                select(AuditEntry.detail).where(AuditEntry.action == "access.denied")
            )
        ).all()
    assert [d["route"] for d in denied] == ["stats", "export"]


async def test_the_console_saves_a_sent_document_and_says_where(
    app: bootstrap.App, clock: FixedClock, tmp_path: Path
) -> None:
    await programme(app, clock)
    folder = tmp_path / "documents"
    stdout = io.StringIO()
    console = ConsoleChannel(
        app.core, app.db, app.catalogs, stdout=stdout, courier=app.courier, documents_dir=folder
    )
    app.courier.register(console)
    console.current = "admin"
    await console.handle_line("/export")
    saved = sorted(p.name for p in folder.iterdir())
    day = f"{clock.now():%Y-%m-%d}"
    assert saved == sorted(
        f"{name}-{day}.csv" for name in ("people", "progress", "questions", "broadcasts")
    )
    assert str(folder / f"people-{day}.csv") in stdout.getvalue()
    assert (folder / f"people-{day}.csv").stat().st_mode & 0o077 == 0
    await app.courier.flush()
    async with app.sessions() as session:
        statuses = (
            await session.scalars(
                select(OutboxMessage.status).where(OutboxMessage.dedup_key.like("reply:%"))
            )
        ).all()
    assert statuses == ["sent"] * 5  # four files and the note, sent and recorded
