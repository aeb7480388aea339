"""Checklists through the real core and database (SQLite, or PostgreSQL via TEST_DATABASE_URL):
/checklists, a run per case with an optional masked label, ticks edited in place and kept, only
the owner may change a run, and the push that offers a checklist after its module.

Every reply also passes tests/chat.py's WhatsApp check."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot import bootstrap
from bot.curriculum.model import Checklist, Curriculum
from bot.db.models import ChecklistRun, ConversationState, OutboxMessage, Person
from bot.markup import to_plain
from bot.messages import Outgoing
from bot.outbox import body
from bot.services import checklists
from tests.chat import Chat
from tests.conftest import shipped_curricula
from tests.integration.test_onboarding import agree, count
from tests.integration.test_privacy import rows_containing

INDICTMENT = "indictment"  # eight items, in both languages
CASE = "PDM-12/SBY/03/2026"
VICTIM = "Siti Aminah"
NIK = "3578014506900002"


def curriculum(language: str = "id") -> Curriculum:
    return shipped_curricula()[language]


def checklist(checklist_id: str = INDICTMENT, language: str = "id") -> Checklist:
    found = curriculum(language).checklist(checklist_id)
    assert found is not None
    return found


async def joined(app: bootstrap.App, external_id: str, name: str, language: str = "id") -> Chat:
    chat = Chat(app.core, external_id, name=name, language=language)
    await agree(app, chat, language=language)
    await chat.send(name)
    await chat.send("jatim")
    await chat.send("Kejari Surabaya")
    await chat.press("time:07:00")
    assert "/settings" in chat.text, chat.text
    return chat


async def person_of(app: bootstrap.App, name: str) -> Person:
    async with app.sessions() as session:
        person = await session.scalar(select(Person).where(Person.display_name == name))
    assert person is not None
    return person


async def runs(app: bootstrap.App) -> list[ChecklistRun]:
    async with app.sessions() as session:
        return list((await session.scalars(select(ChecklistRun).order_by(ChecklistRun.id))).all())


async def open_run(chat: Chat, label: str | None, checklist_id: str = INDICTMENT) -> Outgoing:
    """/checklists, choose one, then type the label or skip it: the run's message."""
    await chat.send("/checklists")
    await chat.press(f"cl:o:{checklist_id}")
    if label is None:
        await chat.press("cl:skip")
    else:
        await chat.send(label)
    message = chat.last.messages[-1]
    assert "1." in message.text and "cl:done" in payloads(message)[-1], chat.text
    return message


def payloads(message: Outgoing) -> list[str]:
    return [b.payload or "" for row in message.buttons for b in row]


def labels(message: Outgoing) -> list[str]:
    return [b.label for row in message.buttons for b in row]


async def test_checklists_offers_the_six_checklists_by_their_short_labels(
    app: bootstrap.App,
) -> None:
    chat = await joined(app, "6100000001", "Ratna")
    await chat.send("/checklists")
    [message] = chat.last.messages
    assert labels(message) == [c.short for c in curriculum("id").checklists]
    assert len(labels(message)) == 6
    assert "Daftar periksa berpusat pada korban" in chat.text


async def test_open_runs_are_listed_with_their_label_and_progress(app: bootstrap.App) -> None:
    chat = await joined(app, "6100000001", "Ratna")
    await open_run(chat, CASE)
    await chat.press_label("⬜ 2")
    await chat.send("/checklists")
    assert f"Surat dakwaan · {CASE} (1/8)" in chat.text
    [run] = await runs(app)
    assert f"cl:r:{run.id}" in payloads(chat.last.messages[0])


async def test_a_run_with_every_item_ticked_leaves_the_list(app: bootstrap.App) -> None:
    chat = await joined(app, "6100000001", "Ratna")
    await open_run(chat, CASE)
    for number in range(1, 9):
        await chat.press_label(f"⬜ {number}")
    await chat.send("/checklists")
    assert CASE not in chat.text
    assert not [p for p in payloads(chat.last.messages[0]) if p.startswith("cl:r:")]


async def test_choosing_a_checklist_asks_for_a_label_and_warns_against_victims_names(
    app: bootstrap.App,
) -> None:
    chat = await joined(app, "6100000001", "Ratna")
    await chat.send("/checklists")
    await chat.press_label("Surat dakwaan")
    assert "Menyusun surat dakwaan" in chat.text
    assert "Jangan pernah mengetik nama korban" in chat.text
    assert payloads(chat.last.messages[0]) == ["cl:skip"]
    async with app.sessions() as session:
        state = await session.scalar(select(ConversationState.state))
    assert state == "checklist:label"


async def test_a_run_opened_with_a_label_shows_it_and_every_item_unticked(
    app: bootstrap.App,
) -> None:
    chat = await joined(app, "6100000001", "Ratna")
    message = await open_run(chat, CASE)
    items = checklist().items
    text = to_plain(message.text)
    assert f"Perkara: {CASE}" in text and "0 dari 8 butir" in text
    for number, item in enumerate(items, start=1):
        assert f"⬜ {number}. {item.text}" in text
    assert items[0].why not in text  # compact until the reasons are asked for
    assert labels(message) == [*(f"⬜ {n}" for n in range(1, 9)), "Alasan", "Selesai"]
    [run] = await runs(app)
    assert (run.checklist_id, run.label, run.checked) == (INDICTMENT, CASE, [])
    assert run.person_id == (await person_of(app, "Ratna")).id
    assert await count(app, ConversationState) == 0


async def test_a_run_opened_without_a_label_stores_none(app: bootstrap.App) -> None:
    chat = await joined(app, "6100000001", "Ratna")
    message = await open_run(chat, None)
    assert "Perkara:" not in to_plain(message.text)
    [run] = await runs(app)
    assert (run.checklist_id, run.label) == (INDICTMENT, None)


async def test_a_label_with_a_nik_and_a_victims_name_is_masked_before_it_is_stored(
    app: bootstrap.App,
) -> None:
    chat = await joined(app, "6100000001", "Ratna")
    await open_run(chat, f"{CASE} korban {VICTIM} NIK {NIK}")
    masked = f"{CASE} korban [NAME] [NIK]"
    assert "kami samarkan" in chat.text and masked in chat.text
    [run] = await runs(app)
    assert run.label == masked
    # Nowhere in the database: not the run, not the queued replies, not the state.
    assert await rows_containing(app.sessions, VICTIM, NIK) == []


async def test_a_label_longer_than_80_characters_is_asked_again(app: bootstrap.App) -> None:
    chat = await joined(app, "6100000001", "Ratna")
    await chat.send("/checklists")
    await chat.press(f"cl:o:{INDICTMENT}")
    await chat.send("x" * 81)
    assert "paling banyak 80 karakter" in chat.text
    assert await runs(app) == []
    await chat.send("x" * 80)
    [run] = await runs(app)
    assert run.label == "x" * 80


async def test_a_toggle_edits_the_message_in_place_and_is_stored(app: bootstrap.App) -> None:
    chat = await joined(app, "6100000001", "Ratna")
    await open_run(chat, CASE)
    await chat.press_label("⬜ 2")
    [message] = chat.last.messages
    assert message.replace
    assert f"✅ 2. {checklist().items[1].text}" in to_plain(message.text)
    assert "1 dari 8 butir" in to_plain(message.text)
    assert labels(message)[:3] == ["⬜ 1", "✅ 2", "⬜ 3"]
    [run] = await runs(app)
    assert run.checked == [1]

    await chat.press_label("✅ 2")  # pressed again: unticked
    assert chat.last.messages[0].replace
    [run] = await runs(app)
    assert run.checked == []


async def test_ticks_are_kept_across_a_restart(app: bootstrap.App) -> None:
    chat = await joined(app, "6100000001", "Ratna")
    await open_run(chat, CASE)
    await chat.press_label("⬜ 1")
    await chat.press_label("⬜ 3")

    restarted = bootstrap.build(app.settings)  # a new process on the same database
    try:
        bootstrap.check_content(restarted)
        again = Chat(restarted.core, "6100000001", name="Ratna", language="id")
        await again.send("/checklists")
        await again.press_label("↻ Surat dakwaan")
        text = to_plain(again.last.messages[0].text)
        assert "✅ 1." in text and "⬜ 2." in text and "✅ 3." in text
        await again.press_label("⬜ 2")
        assert "3 dari 8 butir" in again.text
    finally:
        await restarted.engine.dispose()
    [run] = await runs(app)
    assert run.checked == [0, 1, 2]


@pytest.mark.parametrize("forged", ["cl:t:{run}:0:no", "cl:r:{run}", "cl:why:{run}:yes"])
async def test_a_press_on_someone_elses_run_is_refused_and_changes_nothing(
    app: bootstrap.App, forged: str
) -> None:
    ratna = await joined(app, "6100000001", "Ratna")
    await open_run(ratna, CASE)
    await ratna.press_label("⬜ 4")
    [before] = await runs(app)

    budi = await joined(app, "6100000002", "Budi", language="en")
    await budi.press(forged.format(run=before.id))
    assert "Not allowed" in budi.text
    assert CASE not in budi.text  # nothing of her run is shown
    assert not any(m.replace for m in budi.last.messages)
    [after] = await runs(app)
    assert (after.checked, after.updated_at, after.label) == (
        before.checked,
        before.updated_at,
        before.label,
    )


async def test_done_on_someone_elses_run_is_refused(app: bootstrap.App) -> None:
    ratna = await joined(app, "6100000001", "Ratna")
    await open_run(ratna, CASE)
    [run] = await runs(app)
    budi = await joined(app, "6100000002", "Budi", language="en")
    await budi.press(f"cl:done:{run.id}")
    assert "Not allowed" in budi.text and CASE not in budi.text


async def test_a_press_on_a_run_that_does_not_exist_has_expired(app: bootstrap.App) -> None:
    chat = await joined(app, "6100000001", "Ratna")
    await chat.press("cl:t:999999:0:no")
    assert "sudah tidak berlaku" in chat.text


async def test_an_item_beyond_the_checklist_has_expired_and_changes_nothing(
    app: bootstrap.App,
) -> None:
    chat = await joined(app, "6100000001", "Ratna")
    await open_run(chat, CASE)
    [run] = await runs(app)
    await chat.press(f"cl:t:{run.id}:8:no")  # items are counted from 0: the ninth of eight
    assert "sudah tidak berlaku" in chat.text
    [after] = await runs(app)
    assert after.checked == []


async def test_two_runs_of_the_same_checklist_are_independent(app: bootstrap.App) -> None:
    chat = await joined(app, "6100000001", "Ratna")
    await open_run(chat, "Perkara A")
    await chat.press_label("⬜ 1")
    await open_run(chat, "Perkara B")
    await chat.press_label("⬜ 3")
    first, second = await runs(app)
    assert (first.label, first.checked) == ("Perkara A", [0])
    assert (second.label, second.checked) == ("Perkara B", [2])


async def test_the_reasons_are_shown_in_place_on_request(app: bootstrap.App) -> None:
    chat = await joined(app, "6100000001", "Ratna")
    await open_run(chat, CASE)
    await chat.press_label("Alasan")
    [message] = chat.last.messages
    text = to_plain(message.text)
    assert message.replace
    assert all(item.why in text for item in checklist().items)
    await chat.press_label("⬜ 1")  # a toggle keeps the view with reasons
    assert checklist().items[0].why in chat.text
    await chat.press_label("Ringkas")
    assert checklist().items[0].why not in chat.text


@pytest.mark.parametrize("language", ["id", "en"])
async def test_every_checklist_with_its_reasons_and_the_longest_label_fits_one_message(
    app: bootstrap.App, language: str
) -> None:
    chat = await joined(app, "6100000001", "Ratna", language=language)
    why = "Alasan" if language == "id" else "Why?"
    for item in curriculum(language).checklists:
        await open_run(chat, "L" * checklists.LABEL_MAX, item.id)
        await chat.press_label(why)
        [message] = chat.last.messages
        assert len(to_plain(message.text)) < 3500, item.id
        assert item.items[-1].why in to_plain(message.text)


async def test_done_closes_the_message_in_place_without_buttons(app: bootstrap.App) -> None:
    chat = await joined(app, "6100000001", "Ratna")
    await open_run(chat, CASE)
    await chat.press_label("⬜ 1")
    await chat.press_label("Selesai")
    [message] = chat.last.messages
    assert message.replace and message.buttons == ()
    assert "Tersimpan" in chat.text and "1 dari 8 butir" in chat.text
    [run] = await runs(app)
    assert run.checked == [0]


async def test_every_message_that_shows_a_checklist_is_protected(app: bootstrap.App) -> None:
    chat = await joined(app, "6100000001", "Ratna")
    steps = [
        chat.send("/checklists"),
        chat.press(f"cl:o:{INDICTMENT}"),
        chat.send(f"{CASE} korban {VICTIM}"),  # the masking notice too
        chat.press_label("⬜ 1"),
        chat.press_label("Alasan"),
        chat.press_label("Selesai"),
        chat.send("/checklists"),
    ]
    for step in steps:
        messages = await step
        assert messages and all(m.protect for m in messages), messages


async def test_offer_queues_one_protected_push_per_person_and_checklist(
    app: bootstrap.App,
) -> None:
    await joined(app, "6100000001", "Ratna")
    await joined(app, "6100000002", "Budi", language="en")
    people = [await person_of(app, "Ratna"), await person_of(app, "Budi")]
    due = checklists.due_after_module(curriculum("id"), 4)
    assert {c.id for c in due} == {"before-interview", "informed-consent"}

    async def offer_all() -> list[bool]:
        queued = []
        async with app.sessions.begin() as session:
            for person in people:
                for item in checklists.due_after_module(curriculum(person.language), 4):
                    queued.append(
                        await checklists.offer(
                            session,
                            person,
                            item,
                            now=app.core.clock.now(),
                            channels=app.core.channels,
                            catalogs=app.catalogs,
                        )
                    )
        return queued

    assert await offer_all() == [True] * 4
    assert await offer_all() == [False] * 4  # a second offer is a no-op
    async with app.sessions() as session:
        rows = (
            await session.scalars(
                select(OutboxMessage)
                .where(OutboxMessage.dedup_key.like("checklist:%"))
                .order_by(OutboxMessage.id)
            )
        ).all()
    assert sorted(row.dedup_key for row in rows) == sorted(
        f"checklist:{c}:person:{p.id}"
        for p in people
        for c in ("before-interview", "informed-consent")
    )
    assert rows[0].body is not None
    message, _edit = body.load(rows[0].body)
    assert message.protect
    assert "Sebelum memeriksa saksi korban" in message.text
    assert payloads(message) == ["cl:o:before-interview"]


async def test_the_open_button_of_an_offer_starts_a_run(app: bootstrap.App) -> None:
    chat = await joined(app, "6100000001", "Ratna")
    person = await person_of(app, "Ratna")
    async with app.sessions.begin() as session:
        await checklists.offer(
            session,
            person,
            checklist("restitution"),
            now=app.core.clock.now(),
            channels=app.core.channels,
            catalogs=app.catalogs,
        )
        row = await session.scalar(
            select(OutboxMessage)
            .where(OutboxMessage.person_id == person.id)
            .order_by(OutboxMessage.id.desc())
        )
    assert row is not None and row.body is not None
    message, _edit = body.load(row.body)
    assert labels(message) == ["Buka daftar periksa"]
    await chat.press(payloads(message)[0])
    assert "Ketik label singkat" in chat.text
    await chat.press("cl:skip")
    [run] = await runs(app)
    assert run.checklist_id == "restitution"


async def test_modules_without_an_after_module_rule_offer_no_checklist() -> None:
    for module in (1, 6):
        assert checklists.due_after_module(curriculum("id"), module) == []


async def test_runs_untouched_for_a_year_are_forgotten(app: bootstrap.App) -> None:
    await joined(app, "6100000001", "Ratna")
    person = await person_of(app, "Ratna")
    now = app.core.clock.now()
    async with app.sessions.begin() as session:
        for days, label in ((400, "lama"), (366, "setahun"), (300, "baru")):
            started = await checklists.start(
                session, person.id, checklist(), label, now=now - timedelta(days=days)
            )
            assert started.run.label == label
    async with app.sessions.begin() as session:
        removed = await checklists.forget_older_than(session, now - checklists.RETENTION)
    assert removed == 2
    assert [run.label for run in await runs(app)] == ["baru"]
