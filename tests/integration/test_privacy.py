"""Privacy through the real core and database: strangers leave nothing, /forget erases,
ids are never reused, audit rows expire (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import bootstrap, scheduler
from bot.db import migrate
from bot.db.engine import create_engine
from bot.db.models import (
    AuditEntry,
    Base,
    ChannelIdentity,
    ChecklistRun,
    ConversationState,
    Invite,
    InviteRedemption,
    Person,
    ProcessedUpdate,
    utcnow,
)
from bot.limits import STRANGER_AUDITS_PER_HOUR, WRONG_INVITES_PER_HOUR
from bot.messages import Channel
from bot.policy import Policy
from bot.roles import Role
from tests.chat import Chat
from tests.integration.test_onboarding import agree, count, join_as_mentee, new_invite

# Telegram-like ids, long enough never to turn up by chance inside a timestamp or a counter.
STRANGER = "7770014263"
OTHER_STRANGER = "7770029518"
RATNA = "6120457793"
NAME = "Ratna Kusumawati"
OFFICE = "Kejari Palangka Raya Unik"
CASE_LABEL = "PDM-77/PLK/Eku.2/2026"
ANONYMOUS_REFUSALS = {"stranger.refused", "invite.refused", "button.expired"}
ERROR_REPLY = "went wrong"
MARK = "QXMARK"  # in everything a stranger chooses to type or press


async def rows_containing(
    sessions: async_sessionmaker[AsyncSession], *needles: str
) -> list[tuple[str, str]]:
    """(table, column) of every value in every table of the models that contains one of the
    needles, compared without case: as text, and JSON values also as dumped JSON."""
    wanted = [needle.casefold() for needle in needles]
    hits: set[tuple[str, str]] = set()
    async with sessions() as session:
        for table in Base.metadata.sorted_tables:
            for row in (await session.execute(select(table))).mappings():
                for column, value in row.items():
                    if value is None:
                        continue
                    texts = [str(value)]
                    if isinstance(value, dict | list):
                        texts.append(json.dumps(value, ensure_ascii=False, default=str))
                    found = " ".join(texts).casefold()
                    if any(needle in found for needle in wanted):
                        hits.add((table.name, column))
    return sorted(hits)


async def audit_rows(app: bootstrap.App) -> list[tuple[str, int | None, dict[str, Any]]]:
    async with app.sessions() as session:
        entries = (await session.scalars(select(AuditEntry).order_by(AuditEntry.id))).all()
    return [(entry.action, entry.actor_id, dict(entry.detail)) for entry in entries]


def telegram_chat(app: bootstrap.App, external_id: str, language: str = "en") -> Chat:
    return Chat(app.core, external_id, channel=Channel.TELEGRAM, language=language)


async def join_fully(app: bootstrap.App, chat: Chat, name: str, office: str) -> Person:
    await agree(app, chat)
    await chat.send(name)
    await chat.send("Kalimantan Tengah")
    await chat.send(office)
    await chat.send("07:00")
    assert "All set" in chat.text, chat.text
    async with app.sessions() as session:
        person = await session.scalar(select(Person).where(Person.display_name == name))
    assert person is not None
    return person


async def test_the_table_scan_finds_what_is_stored(app: bootstrap.App) -> None:
    """The scan the tests below rely on sees plain columns and values inside JSON."""
    chat = telegram_chat(app, RATNA)
    await join_fully(app, chat, NAME, OFFICE)
    async with app.sessions.begin() as session:
        session.add(
            ConversationState(
                channel="telegram", external_id="x", state="s", data={"k": ["Ünïque-Marker"]}
            )
        )
    found = await rows_containing(app.sessions, RATNA, NAME.upper(), OFFICE, "ünïque-marker")
    assert {
        ("channel_identities", "external_id"),
        ("channel_identities", "chat_id"),
        ("people", "display_name"),
        ("people", "office"),
        ("conversation_states", "data"),
    } <= set(found)


async def test_a_stranger_leaves_no_row_with_their_id_or_what_they_sent(
    app: bootstrap.App,
) -> None:
    stranger = telegram_chat(app, STRANGER)
    typed = [
        "/settings",
        "/stats",
        f"/broadcast {MARK}-broadcast",
        "/pause",
        "/forget",
        "/help",
        "/start",
        f"/nosuchcommand {MARK}-command",
        f"halo, nama saya {MARK}-text",
        f"/start WRONGCODE-{MARK}",
    ]
    pressed = [
        f"inv:{MARK}",
        "inv:admin",
        "forget:yes",
        "consent:yes",
        "lang:en",
        "set:office",
        "prov:p:²",
        f"{MARK}-bare",
        f"exp:t:{MARK}",
    ]
    for line in typed:
        await stranger.send(line)
        assert stranger.last.messages and ERROR_REPLY not in stranger.text, line
    for payload in pressed:
        await stranger.press(payload)
        assert stranger.last.messages and ERROR_REPLY not in stranger.text, payload

    assert await rows_containing(app.sessions, STRANGER, MARK) == []
    assert await count(app, Person) == 0
    assert await count(app, ConversationState) == 0
    rows = await audit_rows(app)
    assert {action for action, _, _ in rows} == ANONYMOUS_REFUSALS
    assert all(actor is None and detail == {} for _, actor, detail in rows), rows


async def test_a_flood_from_one_stranger_adds_few_audit_rows(app: bootstrap.App) -> None:
    stranger = telegram_chat(app, STRANGER)
    for n in range(100):
        await stranger.send(f"pesan {n}")
    assert "not joined" in stranger.text
    for n in range(10):
        await stranger.press(f"forged:{n}")
    assert "expired" in stranger.text
    flooded = await count(app, AuditEntry)
    assert 1 <= flooded <= STRANGER_AUDITS_PER_HOUR

    other = telegram_chat(app, OTHER_STRANGER)  # another chat is still audited
    await other.send("halo")
    assert await count(app, AuditEntry) == flooded + 1


async def test_wrong_invite_codes_are_limited_per_chat(app: bootstrap.App) -> None:
    code = await new_invite(app, uses=5)
    guesser = telegram_chat(app, STRANGER)
    for n in range(WRONG_INVITES_PER_HOUR):
        await guesser.send(f"/start WRONG-GUESS-{n:03d}")
        assert "Sorry" in guesser.text and "Mohon maaf" in guesser.text

    await guesser.send(f"/start {code}")  # even the right code has to wait now
    assert "Too many invite codes" in guesser.text
    assert "Terlalu banyak kode undangan" in guesser.text
    assert "English" not in {b.label for b in guesser.buttons}  # no language question
    await guesser.press("lang:en")
    assert "expired" in guesser.text
    assert await count(app, ConversationState) == 0
    assert await count(app, Person) == 0
    async with app.sessions() as session:
        assert await session.scalar(select(Invite.uses)) == 0

    other = telegram_chat(app, OTHER_STRANGER)
    await other.send(f"/start {code}")
    assert "Please choose your language" in other.text


async def test_the_wrong_code_count_lives_in_memory_only(app: bootstrap.App) -> None:
    code = await new_invite(app)
    guesser = telegram_chat(app, STRANGER)
    for n in range(WRONG_INVITES_PER_HOUR):
        await guesser.send(f"/start WRONG-GUESS-{n:03d}")
    await guesser.send(f"/start {code}")
    assert "Too many invite codes" in guesser.text

    restarted = bootstrap.build(app.settings)  # a new process on the same database
    try:
        guesser.core = restarted.core
        await guesser.send(f"/start {code}")
        assert "Please choose your language" in guesser.text
    finally:
        await restarted.engine.dispose()


async def test_forget_leaves_only_one_anonymous_erased_row(app: bootstrap.App) -> None:
    bystander = telegram_chat(app, OTHER_STRANGER)
    await join_as_mentee(app, bystander)
    their_rows = await audit_rows(app)

    ratna = telegram_chat(app, RATNA)
    person = await join_fully(app, ratna, NAME, OFFICE)
    await ratna.send("/settings")
    await ratna.press_label("Province")
    await ratna.send("kalbar")
    assert "Saved" in ratna.text
    await ratna.press_label("Language")
    await ratna.press_label("Bahasa Indonesia")
    assert "Tersimpan" in ratna.text
    await ratna.send("/broadcast halo semua")  # refused, and audited with her id
    await ratna.press("inv:admin")  # a forged admin button, refused likewise
    await ratna.send("/pause")
    await ratna.send("/resume")
    await ratna.send("/pause")
    await ratna.send("/checklists")  # a checklist run with a case label
    await ratna.press_label("Surat dakwaan")
    await ratna.send(CASE_LABEL)
    await ratna.press_label("⬜ 1")
    assert "1 dari 8" in ratna.text
    assert any(actor == person.id for _, actor, _ in await audit_rows(app))

    await ratna.send("/forget")
    await ratna.press_label("Ya, hapus")
    assert "Data Anda telah dihapus" in ratna.text

    assert await rows_containing(app.sessions, RATNA, NAME, OFFICE, CASE_LABEL) == []
    assert await audit_rows(app) == [*their_rows, ("person.erased", None, {"role": "mentee"})]
    assert await count(app, ChecklistRun) == 0
    async with app.sessions() as session:
        keys = (await session.scalars(select(ProcessedUpdate.update_id))).all()
        left = (await session.scalars(select(ConversationState.external_id))).all()
    assert keys and not [key for key in keys if RATNA in key]
    assert RATNA not in left
    assert await count(app, InviteRedemption) == 1  # the bystander's
    assert await count(app, ChannelIdentity) == 1


async def test_forgetting_halfway_through_joining_erases_too(app: bootstrap.App) -> None:
    ratna = telegram_chat(app, RATNA)
    await agree(app, ratna)
    await ratna.send(NAME)
    await ratna.send("/forget")
    await ratna.press_label("Yes, erase")
    assert "erased" in ratna.text
    assert await rows_containing(app.sessions, RATNA, NAME) == []
    assert await audit_rows(app) == [("person.erased", None, {"role": "mentee"})]


async def test_declining_consent_leaves_no_row_with_the_id(app: bootstrap.App) -> None:
    ragu = telegram_chat(app, RATNA)
    await ragu.send(f"/start {await new_invite(app)}")
    await ragu.press_label("English")
    await ragu.press_label("No, thanks")
    assert "Nothing has been stored" in ragu.text
    assert await rows_containing(app.sessions, RATNA) == []
    assert await audit_rows(app) == []


async def test_an_erased_admin_is_not_named_by_the_invites_they_made(app: bootstrap.App) -> None:
    admin = telegram_chat(app, RATNA)
    await agree(app, admin, Role.ADMIN)
    await admin.send(NAME)
    async with app.sessions() as session:
        admin_id = await session.scalar(select(Person.id).where(Person.display_name == NAME))
    await admin.send("/invite")
    await admin.press_label("Mentee")
    async with app.sessions() as session:
        made_by = (await session.scalars(select(Invite.created_by_id))).all()
    assert admin_id in made_by  # the invite they made names them while they are here

    await admin.send("/forget")
    await admin.press_label("Yes, erase")
    async with app.sessions() as session:
        made_by = (await session.scalars(select(Invite.created_by_id))).all()
    assert made_by and all(creator is None for creator in made_by)
    assert await rows_containing(app.sessions, RATNA, NAME) == []
    assert await audit_rows(app) == [("person.erased", None, {"role": "admin"})]


async def test_person_ids_are_never_reused(app: bootstrap.App) -> None:
    first, second, third = (telegram_chat(app, f"50000000{n}1") for n in range(3))
    await join_as_mentee(app, first, name="Andi Pertama")
    await join_as_mentee(app, second, name="Bayu Kedua")
    async with app.sessions() as session:
        erased_id = await session.scalar(select(func.max(Person.id)))
    await second.send("/forget")
    await second.press_label("Yes, erase")
    assert await count(app, Person) == 1

    await join_as_mentee(app, third, name="Citra Ketiga")
    async with app.sessions() as session:
        newcomer = await session.scalar(
            select(Person).where(Person.display_name == "Citra Ketiga")
        )
    assert newcomer is not None and erased_id is not None
    assert newcomer.id > erased_id


async def test_migration_0002_keeps_a_populated_sqlite_database(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'old.db'}")
    now = utcnow().isoformat(" ")
    try:
        await migrate.upgrade(engine, "0001")
        async with engine.begin() as conn:
            for person_id, name in ((5, "Ratna Lama"), (7, "Sari Lama")):
                await conn.execute(
                    text(
                        "INSERT INTO people (id, role, language, display_name, office, paused,"
                        " is_demo, created_at) VALUES (:id, 'mentee', 'id', :name, 'Kejari X',"
                        " 0, 0, :now)"
                    ),
                    {"id": person_id, "name": name, "now": now},
                )
            await conn.execute(
                text(
                    "INSERT INTO channel_identities (person_id, channel, external_id, chat_id,"
                    " last_seen_at) VALUES (5, 'telegram', '6120457793', '6120457793', :now)"
                ),
                {"now": now},
            )
            await conn.execute(
                text(
                    "INSERT INTO mentorships (mentor_id, mentee_id, started_at)"
                    " VALUES (7, 5, :now)"
                ),
                {"now": now},
            )

        await migrate.upgrade(engine)

        async with engine.begin() as conn:
            people = (await conn.execute(text("SELECT id, display_name FROM people"))).all()
            assert sorted(tuple(row) for row in people) == [(5, "Ratna Lama"), (7, "Sari Lama")]
            [identity] = (
                await conn.execute(text("SELECT person_id, external_id FROM channel_identities"))
            ).all()
            assert tuple(identity) == (5, "6120457793")
            [pair] = (
                await conn.execute(text("SELECT mentor_id, mentee_id FROM mentorships"))
            ).all()
            assert tuple(pair) == (7, 5)
            schema = (
                await conn.execute(text("SELECT sql FROM sqlite_master WHERE name = 'people'"))
            ).scalar_one()
            assert "AUTOINCREMENT" in schema.upper()
            assert (await conn.execute(text("PRAGMA foreign_key_check"))).all() == []

        async with engine.connect() as conn:  # a new connection enforces foreign keys again
            assert (await conn.execute(text("PRAGMA foreign_keys"))).scalar() == 1

        async with engine.begin() as conn:
            await conn.execute(text("DELETE FROM people WHERE id = 5"))
            identities = await conn.execute(text("SELECT count(*) FROM channel_identities"))
            assert identities.scalar() == 0  # cascaded
            assert (await conn.execute(text("SELECT count(*) FROM mentorships"))).scalar() == 0
            await conn.execute(text("DELETE FROM people WHERE id = 7"))
            await conn.execute(
                text(
                    "INSERT INTO people (role, language, paused, is_demo, created_at)"
                    " VALUES ('mentee', 'id', 0, 0, :now)"
                ),
                {"now": now},
            )
            newest = (await conn.execute(text("SELECT max(id) FROM people"))).scalar()
            assert newest == 8  # above every id the old database ever gave, none reused
    finally:
        await engine.dispose()


async def test_audit_rows_past_their_retention_are_pruned(app: bootstrap.App) -> None:
    now = app.core.clock.now()
    async with app.sessions.begin() as session:
        for days, action in ((31, "old.enough"), (400, "much.older"), (29, "still.kept")):
            session.add(AuditEntry(action=action, at=now - timedelta(days=days), detail={}))
        session.add(AuditEntry(action="today", at=now, detail={}))

    policy = Policy(audit_retention_days=30)
    assert (await scheduler.prune(app.db, policy, now)).audit == 2
    assert sorted(action for action, _, _ in await audit_rows(app)) == ["still.kept", "today"]
    assert (await scheduler.prune(app.db, policy, now)).audit == 0
