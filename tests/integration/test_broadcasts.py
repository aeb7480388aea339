"""Broadcasts, told through the core on a real database and the injected clock: composed and
previewed by an admin, queued once per recipient, each audience filter, a local time in
each recipient's zone, cancel, progress and the report; refused to everyone else."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from bot import bootstrap, provinces
from bot.clock import FixedClock
from bot.db.models import (
    AuditEntry,
    Broadcast,
    Cohort,
    LessonDelivery,
    OutboxMessage,
    Person,
)
from bot.messages import Channel
from bot.roles import Role
from bot.services import broadcasts, exports, people, profile
from handlers.broadcast import parse_when
from tests.chat import Chat

# Monday 7 December 2026, 10:00 in Jakarta.
START = datetime(2026, 12, 7, 3, 0, tzinfo=UTC)


@pytest.fixture
def clock(app: bootstrap.App) -> FixedClock:
    fixed = FixedClock(START)
    app.core.clock = fixed
    return fixed


async def join(
    app: bootstrap.App,
    handle: str,
    role: Role = Role.MENTEE,
    *,
    province: str = "JI",
    language: str = "id",
    cohort: str | None = None,
) -> Person:
    now = app.core.clock.now()
    async with app.db.unit_of_work() as session:
        cohort_id = None
        if cohort is not None:
            found = await session.scalar(select(Cohort).where(Cohort.name == cohort))
            if found is None:
                found = Cohort(name=cohort)
                session.add(found)
                await session.flush()
            cohort_id = found.id
        person = await people.join(
            session,
            people.Address(Channel.CONSOLE, handle, handle),
            role=role,
            language=language,
            cohort_id=cohort_id,
            now=now,
            display_name=handle.capitalize(),
        )
        place = provinces.by_code(province)
        assert place is not None
        profile.set_province(person, place)
        person.office, person.lesson_time, person.onboarded_at = "Kejari", "07:00", now
    return person


async def copies(app: bootstrap.App) -> dict[int, OutboxMessage]:
    """Each recipient's copy by person id."""
    async with app.sessions() as session:
        rows = (
            await session.scalars(
                select(OutboxMessage).where(OutboxMessage.dedup_key.like("bc:%"))
            )
        ).all()
    return {row.person_id: row for row in rows}


async def run_job(app: bootstrap.App, at: datetime) -> None:
    await app.core.run_job("broadcasts-due", at)


async def compose_text(admin: Chat, audience: str, *, english: str | None = None) -> None:
    await admin.send("/broadcast")
    await admin.press_label("A message")
    await admin.send("Rapat koordinasi Jumat pukul 09.00.")
    if english:
        await admin.send(english)
    else:
        await admin.press_label("Skip")
    await admin.press_label(audience)


async def test_a_text_reaches_each_mentee_once_in_their_language_and_the_report_follows(
    app: bootstrap.App, clock: FixedClock
) -> None:
    await join(app, "admin1", Role.ADMIN, language="en")
    budi = await join(app, "budi")
    anna = await join(app, "anna", language="en")
    mentor = await join(app, "rina", Role.MENTOR)
    admin = Chat(app.core, "admin1", language="en")
    await compose_text(admin, "Mentees", english="Coordination meeting Friday at 09:00.")
    await admin.press_label("Now")
    assert "Preview, as recipients reading Bahasa Indonesia" in admin.text
    assert "Rapat koordinasi" in admin.text and "Coordination meeting" in admin.text
    assert "all mentees: 2 people" in admin.text
    await admin.press_label("Send")
    assert "Broadcast #1" in admin.text

    await run_job(app, START)
    await run_job(app, START + timedelta(seconds=10))  # a second run queues nothing more
    sent = await copies(app)
    assert set(sent) == {budi.id, anna.id} and mentor.id not in sent
    assert sent[budi.id].body == {"text": "Rapat koordinasi Jumat pukul 09.00."}
    assert sent[anna.id].body == {"text": "Coordination meeting Friday at 09:00."}

    async with app.db.unit_of_work() as session:
        await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.dedup_key.like("bc:%"))
            .values(status="sent", body=None)
        )
    await run_job(app, START + timedelta(seconds=20))
    async with app.sessions() as session:
        broadcast = await session.scalar(select(Broadcast))
        report = await session.scalar(
            select(OutboxMessage).where(OutboxMessage.dedup_key == "bcr:1")
        )
    assert broadcast is not None and broadcast.status == "done"
    assert report is not None and report.body is not None
    assert "delivered: 2" in report.body["text"]
    async with app.sessions() as session:
        table = await exports.broadcasts(session, START)
    [row] = [dict(zip(table.columns, r, strict=True)) for r in table.rows]
    assert (row["what"], row["audience"], row["status"]) == ("text", "mentees", "done")
    assert (row["recipients"], row["sent"], row["waiting"]) == (2, 2, 0)
    assert "Rapat" not in str(row) and "Coordination" not in str(row)  # never the text


@pytest.mark.parametrize(
    ("label", "typed", "expected"),
    [
        ("Mentors", None, {"rina"}),
        ("Everyone", None, {"admin1", "budi", "wayan", "yohana", "rina", "sari"}),
        ("A province", "jatim", {"budi", "rina"}),
        ("A cohort", "Angkatan 1", {"sari"}),
    ],
)
async def test_each_audience_filter_picks_its_people(
    app: bootstrap.App, clock: FixedClock, label: str, typed: str | None, expected: set[str]
) -> None:
    handles = {
        "admin1": await join(app, "admin1", Role.ADMIN, language="en"),
        "budi": await join(app, "budi", province="JI"),
        "wayan": await join(app, "wayan", province="SN"),
        "yohana": await join(app, "yohana", province="PA"),
        "rina": await join(app, "rina", Role.MENTOR, province="JI"),
        "sari": await join(app, "sari", province="JB", cohort="Angkatan 1"),
    }
    admin = Chat(app.core, "admin1", language="en")
    await compose_text(admin, label)
    if typed:
        await admin.send(typed)
    await admin.press_label("Now")
    await admin.press_label("Send")
    await run_job(app, START)
    ids = {person.id: handle for handle, person in handles.items()}
    assert {ids[person_id] for person_id in await copies(app)} == expected


async def test_a_zone_and_an_unfinished_module(app: bootstrap.App, clock: FixedClock) -> None:
    async with app.db.unit_of_work() as session:
        wib = await broadcasts.people_of(session, broadcasts.Audience("zone", "WIB"))
    assert wib == []
    budi = await join(app, "budi", province="JI")
    wayan = await join(app, "wayan", province="SN")
    async with app.db.unit_of_work() as session:
        for lesson in ("m1-l1", "m1-l2", "m1-l3", "m1-l4"):
            session.add(
                LessonDelivery(
                    person_id=budi.id,
                    lesson_id=lesson,
                    delivered_at=START,
                    local_day=START.date(),
                    answered_at=START,
                    correct=True,
                )
            )
    async with app.db.unit_of_work() as session:
        wita = await broadcasts.people_of(session, broadcasts.Audience("zone", "WITA"))
        left = await broadcasts.people_of(
            session, broadcasts.Audience("module", "1"), module_lessons=4
        )
    assert [p.id for p in wita] == [wayan.id]
    assert [p.id for p in left] == [wayan.id]


async def test_a_scheduled_broadcast_goes_at_each_recipients_own_local_time(
    app: bootstrap.App, clock: FixedClock
) -> None:
    await join(app, "admin1", Role.ADMIN, language="en")
    budi = await join(app, "budi", province="JI")  # WIB, UTC+7
    wayan = await join(app, "wayan", province="SN")  # WITA, UTC+8
    admin = Chat(app.core, "admin1", language="en")
    await compose_text(admin, "Mentees")
    await admin.send("tomorrow 07:30")
    assert "2026-12-08 07:30, each recipient's local time" in admin.text
    await admin.press_label("Send")
    assert "scheduled for 2026-12-08 07:30" in admin.text

    wita_0730 = datetime(2026, 12, 7, 23, 30, tzinfo=UTC)
    await run_job(app, wita_0730 - timedelta(minutes=1))
    assert await copies(app) == {}
    await run_job(app, wita_0730)
    assert set(await copies(app)) == {wayan.id}
    await run_job(app, wita_0730 + timedelta(minutes=59))
    assert set(await copies(app)) == {wayan.id}
    await run_job(app, wita_0730 + timedelta(hours=1))  # 07:30 in Jakarta
    assert set(await copies(app)) == {wayan.id, budi.id}
    async with app.sessions() as session:
        broadcast = await session.scalar(select(Broadcast))
    assert broadcast is not None and broadcast.status == "sending"


async def test_cancel_stops_what_has_not_gone_out(app: bootstrap.App, clock: FixedClock) -> None:
    await join(app, "admin1", Role.ADMIN, language="en")
    mentees = [await join(app, f"m{i}") for i in range(5)]
    admin = Chat(app.core, "admin1", language="en")
    await compose_text(admin, "Mentees")
    await admin.press_label("Now")
    await admin.press_label("Send")
    await run_job(app, START)
    async with app.db.unit_of_work() as session:
        await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.person_id.in_([m.id for m in mentees[:2]]))
            .values(status="sent", body=None)
        )
    await admin.press_label("Cancel broadcast")
    assert "2 copies had gone out, 3 were stopped" in admin.text
    sent = await copies(app)
    assert set(sent) == {m.id for m in mentees[:2]}
    await run_job(app, START + timedelta(minutes=1))
    assert set(await copies(app)) == {m.id for m in mentees[:2]}


async def test_a_lesson_broadcast_counts_as_delivered_and_carries_its_check(
    app: bootstrap.App, clock: FixedClock
) -> None:
    await join(app, "admin1", Role.ADMIN, language="en")
    budi = await join(app, "budi")
    admin = Chat(app.core, "admin1", language="en")
    await admin.send("/broadcast")
    await admin.press_label("A lesson")
    await admin.press_label("2.")
    await admin.press_label("2.1")
    await admin.press_label("Mentees")
    await admin.press_label("Now")
    assert "Preview" in admin.text
    await admin.press_label("Send")
    await run_job(app, START)
    async with app.sessions() as session:
        delivered = (await session.scalars(select(LessonDelivery.lesson_id))).all()
        keys = (await session.scalars(select(OutboxMessage.dedup_key))).all()
    assert delivered == ["m2-l1"]
    assert f"bc:1:{budi.id}" in keys and f"bcx:1:{budi.id}:1" in keys


async def test_progress_is_edited_in_place_on_the_admins_message(
    app: bootstrap.App, clock: FixedClock
) -> None:
    admin_person = await join(app, "admin1", Role.ADMIN, language="en")
    await join(app, "budi")
    admin = Chat(app.core, "admin1", language="en")
    await compose_text(admin, "Mentees")
    await admin.press_label("Now")
    await admin.press_label("Send")
    async with app.db.unit_of_work() as session:
        broadcast = await session.scalar(select(Broadcast))
        assert broadcast is not None
        broadcast.progress_channel, broadcast.progress_address = "console", "admin1"
        broadcast.progress_message_id = "55"
    await run_job(app, START)
    await run_job(app, START + timedelta(seconds=10))
    async with app.sessions() as session:
        edits = (
            await session.scalars(
                select(OutboxMessage).where(
                    OutboxMessage.person_id == admin_person.id,
                    OutboxMessage.dedup_key.like("bcp:%"),
                )
            )
        ).all()
    assert len(edits) == 1  # the figures did not change between the runs
    assert edits[0].body is not None and edits[0].body["edit_of"] == "55"
    assert "waiting: 1" in edits[0].body["text"]


async def test_a_mentee_cannot_broadcast_and_is_audited(
    app: bootstrap.App, clock: FixedClock
) -> None:
    await join(app, "budi", language="en")
    chat = Chat(app.core, "budi", language="en")
    await chat.send("/broadcast")
    assert "not available for your role" in chat.text
    async with app.sessions() as session:
        denied = (
            await session.scalars(select(AuditEntry).where(AuditEntry.action == "access.denied"))
        ).all()
    assert len(denied) == 1


def test_local_times_are_read_in_both_languages() -> None:
    today = datetime(2026, 12, 7, 10, 0)
    assert parse_when("besok 07.30", today.date(), today) == datetime(2026, 12, 8, 7, 30)
    assert parse_when("tomorrow 7:30", today.date(), today) == datetime(2026, 12, 8, 7, 30)
    assert parse_when("2026-12-09 16:00", today.date(), today) == datetime(2026, 12, 9, 16, 0)
    assert parse_when("09:00", today.date(), today) == datetime(2026, 12, 8, 9, 0)
    assert parse_when("11:00", today.date(), today) == datetime(2026, 12, 7, 11, 0)
    assert parse_when("2026-12-01 07:00", today.date(), today) is None
    assert parse_when("25:00", today.date(), today) is None
    assert parse_when("soon", today.date(), today) is None


async def test_people_who_cannot_be_reached_never_hold_the_others_back(
    app: bootstrap.App, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(broadcasts, "BATCH", 2)
    mentees = [await join(app, f"m{i}") for i in range(6)]
    async with app.db.unit_of_work() as session:  # the first three blocked the bot
        for person in mentees[:3]:
            handle = person.display_name.lower() if person.display_name else ""
            await people.mark_unreachable(session, Channel.CONSOLE, handle, START)
    async with app.db.unit_of_work() as session:
        await broadcasts.create(
            session, audience=broadcasts.Audience("mentees"), now=START, created_by=None,
            text_id="Pengumuman",
        )  # fmt: skip
    for second in range(0, 20, 2):
        await run_job(app, START + timedelta(seconds=second))
    assert set(await copies(app)) == {m.id for m in mentees[3:]}
    async with app.sessions() as session:
        broadcast = await session.scalar(select(Broadcast))
    assert broadcast is not None and broadcast.status == "sending"
    assert (broadcast.recipients, broadcast.unreachable) == (3, 3)


async def test_a_broadcast_whose_lesson_is_gone_stops_without_holding_up_others(
    app: bootstrap.App, clock: FixedClock
) -> None:
    budi = await join(app, "budi")
    async with app.db.unit_of_work() as session:
        gone = await broadcasts.create(
            session, audience=broadcasts.Audience("mentees"), now=START, created_by=None,
            lesson_id="m9-l9",
        )  # fmt: skip
        await broadcasts.create(
            session, audience=broadcasts.Audience("mentees"), now=START, created_by=None,
            text_id="Tetap terkirim",
        )  # fmt: skip
        gone_id = gone.id
    await run_job(app, START)
    sent = await copies(app)
    assert set(sent) == {budi.id} and sent[budi.id].body == {"text": "Tetap terkirim"}
    async with app.sessions() as session:
        stopped = await session.get(Broadcast, gone_id)
    assert stopped is not None and stopped.status == "cancelled"


async def test_a_cancelled_lesson_broadcast_counts_only_what_went_out(
    app: bootstrap.App, clock: FixedClock
) -> None:
    first, second = await join(app, "budi"), await join(app, "sari")
    async with app.db.unit_of_work() as session:
        created = await broadcasts.create(
            session, audience=broadcasts.Audience("mentees"), now=START, created_by=None,
            lesson_id="m2-l1",
        )  # fmt: skip
        broadcast_id = created.id
    await run_job(app, START)
    async with app.db.unit_of_work() as session:
        await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.person_id == first.id)
            .values(status="sent", body=None)
        )
        broadcast = await session.get(Broadcast, broadcast_id)
        assert broadcast is not None
        assert await broadcasts.cancel(session, broadcast, START) == 1
    async with app.sessions() as session:
        delivered = (await session.scalars(select(LessonDelivery.person_id))).all()
        left = (await session.scalars(select(OutboxMessage.person_id))).all()
    assert delivered == [first.id] and second.id not in left


async def test_people_without_a_province_belong_to_the_wib_audience(
    app: bootstrap.App, clock: FixedClock
) -> None:
    budi = await join(app, "budi")
    async with app.db.unit_of_work() as session:
        person = await session.get(Person, budi.id)
        assert person is not None
        person.province_code, person.timezone = None, None
    async with app.db.unit_of_work() as session:
        wib = await broadcasts.people_of(session, broadcasts.Audience("zone", "WIB"))
        wita = await broadcasts.people_of(session, broadcasts.Audience("zone", "WITA"))
    assert [p.id for p in wib] == [budi.id] and wita == []
