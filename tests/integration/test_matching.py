"""Matching stories through the real core and database (SQLite, or PostgreSQL through
TEST_DATABASE_URL): a mentee's case areas, MATCHING=auto at joining, /assign, a mentor who
leaves, the plan of `match`, and the introductions both people get once."""

from __future__ import annotations

import dataclasses
from collections import Counter
from datetime import timedelta

from sqlalchemy import select

from bot import bootstrap
from bot.db.models import AuditEntry, MentorProfile, Mentorship, OutboxMessage, Person
from bot.markup import to_plain
from bot.outbox import body
from bot.roles import Role
from bot.services import matching, mentorships
from handlers.assign import AssignConfirm, AssignMentee, AssignMentor, AssignPage
from tests.chat import Chat
from tests.integration.test_onboarding import agree, person_named


async def mentee(
    app: bootstrap.App, key: str, name: str, province: str = "jatim", office: str = "Kejari"
) -> Chat:
    chat = Chat(app.core, key, name=name, language="en")
    await agree(app, chat)
    await chat.send(name)
    await chat.send(province)
    await chat.send(office)
    await chat.press("time:07:00")
    assert "All set" in chat.text, chat.text
    return chat


async def mentor(
    app: bootstrap.App,
    key: str,
    name: str,
    *,
    province: str = "jatim",
    office: str = "Kejati Jawa Timur",
    capacity: int = 2,
    expertise: tuple[int, ...] = (),
) -> Chat:
    chat = Chat(app.core, key, name=name, language="en")
    await agree(app, chat, Role.MENTOR)
    await chat.send(name)
    await chat.send(province)
    await chat.send(office)
    await chat.press("time:07:00")
    await chat.send(str(capacity))
    for index in expertise:
        await chat.press(f"exp:t:{index}")
    await chat.press("exp:done")
    assert "All set" in chat.text, chat.text
    return chat


async def admin(app: bootstrap.App, key: str = "admin", name: str = "Admin Program") -> Chat:
    chat = Chat(app.core, key, name=name, language="en")
    await agree(app, chat, Role.ADMIN)
    await chat.send(name)
    return chat


async def active_pairs(app: bootstrap.App) -> set[tuple[str, str]]:
    async with app.sessions() as session:
        rows = await session.execute(
            select(Mentorship.mentee_id, Mentorship.mentor_id).where(Mentorship.ended_at.is_(None))
        )
        names = dict((await session.execute(select(Person.id, Person.display_name))).all())
    return {(names[mentee_id], names[mentor_id]) for mentee_id, mentor_id in rows.all()}


async def introductions(app: bootstrap.App) -> list[tuple[str, str]]:
    """Queued introductions: the recipient's name and the text as they read it."""
    async with app.sessions() as session:
        rows = await session.execute(
            select(Person.display_name, OutboxMessage.body)
            .join(Person, Person.id == OutboxMessage.person_id)
            .where(OutboxMessage.dedup_key.like("intro:%"))
        )
        return [(name, to_plain(body.load(stored)[0].text)) for name, stored in rows.all()]


def auto(app: bootstrap.App) -> None:
    app.core.policy = dataclasses.replace(app.core.policy, matching="auto")


async def test_a_mentee_chooses_case_areas_from_the_welcome(app: bootstrap.App) -> None:
    chat = await mentee(app, "budi", "Budi Santoso")
    welcome = next(m for m in chat.last.messages if "All set" in m.text)
    assert [b.label for row in welcome.buttons for b in row] == ["Choose my case areas"]
    await chat.press_label("Choose my case areas")
    assert "Which kinds of cases" in chat.text
    await chat.press("area:t:2")  # child victims
    assert chat.last.messages[0].replace and chat.buttons[2].label.startswith("✅")
    await chat.press("area:t:7")
    await chat.press("area:t:99")  # no such area: refused, nothing stored
    assert "expired" in chat.text
    await chat.press("area:done")
    assert "Case areas: Child victims, Cross-border cases" in chat.text
    person = await person_named(app, "Budi Santoso")
    assert person.case_areas == ["child-victims", "cross-border"]

    await chat.send("/settings")
    await chat.press_label("Case areas")
    await chat.press("area:t:2")
    await chat.press("area:done")
    assert "Case areas: Cross-border cases" in chat.text


async def test_case_areas_are_not_a_mentors_field(app: bootstrap.App) -> None:
    chat = await mentor(app, "sari", "Sari Dewi")
    assert "Choose my case areas" not in [b.label for b in chat.buttons]
    await chat.press("set:areas")
    assert "expired" in chat.text


async def test_auto_matching_pairs_a_new_mentee_with_the_best_mentor(app: bootstrap.App) -> None:
    auto(app)
    await mentor(app, "far", "Yohanes", province="papua", office="Kejati Papua")
    await mentor(app, "near", "Sari Dewi", office="Kejati Jawa Timur")
    await mentee(app, "budi", "Budi Santoso", office="Kejari Surabaya")
    assert await active_pairs(app) == {("Budi Santoso", "Sari Dewi")}
    told = dict(await introductions(app))
    assert len(told) == 2
    assert told["Budi Santoso"].startswith("Your mentor is Sari Dewi (Kejati Jawa Timur)")
    assert "/ask" in told["Budi Santoso"]
    assert "new mentee: Budi Santoso (Kejari Surabaya)" in told["Sari Dewi"]
    assert "replying to the message" in told["Sari Dewi"]
    for text in told.values():  # never a phone number or a chat handle
        assert "@" not in text and "budi" not in text and "near" not in text


async def test_manual_matching_leaves_a_new_mentee_for_an_admin(app: bootstrap.App) -> None:
    await mentor(app, "sari", "Sari Dewi")
    await mentee(app, "budi", "Budi Santoso")
    assert await active_pairs(app) == set()


async def test_auto_matching_without_room_leaves_the_mentee_unmatched(
    app: bootstrap.App,
) -> None:
    auto(app)
    await mentor(app, "sari", "Sari Dewi", capacity=1)
    await mentee(app, "budi", "Budi Santoso")
    await mentee(app, "ani", "Ani Lestari")
    assert await active_pairs(app) == {("Budi Santoso", "Sari Dewi")}


async def test_an_admin_assigns_a_mentee_step_by_step(app: bootstrap.App) -> None:
    await mentor(app, "sari", "Sari Dewi", capacity=1, expertise=(2,))
    await mentor(app, "yo", "Yohanes", province="papua", office="Kejati Papua", capacity=3)
    budi = await mentee(app, "budi", "Budi Santoso", office="Kejari Surabaya")
    await budi.press_label("Choose my case areas")
    await budi.press("area:t:2")
    await budi.press("area:done")
    for index in range(8):
        await mentee(app, f"m{index}", f"Mentee Nomor {index}")
    boss = await admin(app)

    await boss.send("/assign")
    assert "Mentees without a mentor (9)" in boss.text and "Page 1/2" in boss.text
    await boss.press(AssignPage(1).encode())
    assert boss.last.messages[0].replace and "Page 2/2" in boss.text
    assert [b.label for b in boss.buttons][:2] == ["Mentee Nomor 6 · Kejari"] * 1 + [
        "Mentee Nomor 7 · Kejari"
    ]
    await boss.press_label("Previous")
    await boss.press_label("Budi Santoso")
    assert "Best mentors with room for Budi Santoso (Kejari Surabaya)" in boss.text
    # Same province, area and language, idle: 3 + 2 + 1 = 6; Papua: the language only.
    assert "1. Sari Dewi (Kejati Jawa Timur) 6 · 0/1" in boss.text
    assert "2. Yohanes (Kejati Papua) 1 · 0/3" in boss.text
    await boss.press_label("Sari Dewi")
    assert "Pair Budi Santoso with Sari Dewi?" in boss.text
    await boss.press_label("Pair them")
    assert "Budi Santoso and Sari Dewi are now paired" in boss.text
    assert boss.last.pushed
    assert await active_pairs(app) == {("Budi Santoso", "Sari Dewi")}
    assert sorted(name for name, _text in await introductions(app)) == [
        "Budi Santoso",
        "Sari Dewi",
    ]

    await boss.press_label("Pair them")  # again: nothing more happens
    assert "already has Sari Dewi" in boss.text
    assert len(await introductions(app)) == 2

    # Sari is full now: a confirmation made before is refused when pressed.
    ani = await person_named(app, "Mentee Nomor 0")
    sari = await person_named(app, "Sari Dewi")
    await boss.press(AssignConfirm(ani.id, sari.id).encode())
    assert "Sari Dewi has no room any more" in boss.text
    assert "Sari Dewi" not in [b.label.split(" (")[0][3:] for b in boss.buttons]
    assert ("Mentee Nomor 0", "Sari Dewi") not in await active_pairs(app)


async def test_forged_assign_payloads_and_other_roles_are_refused(app: bootstrap.App) -> None:
    budi = await mentee(app, "budi", "Budi Santoso")
    sari_chat = await mentor(app, "sari", "Sari Dewi")
    boss = await admin(app)
    budi_id = (await person_named(app, "Budi Santoso")).id
    sari_id = (await person_named(app, "Sari Dewi")).id
    boss_id = (await person_named(app, "Admin Program")).id

    forged = [
        AssignMentee(999_999),  # nobody
        AssignMentee(sari_id),  # a mentor, not a mentee
        AssignMentor(budi_id, budi_id),  # a mentee as mentor
        AssignConfirm(budi_id, boss_id),  # an admin as mentor
        AssignConfirm(sari_id, budi_id),  # the other way round
    ]
    for payload in forged:
        await boss.press(payload.encode())
        assert "expired" in boss.text, payload
    await boss.press("asg:y:1x:2")  # not even a payload
    assert "expired" in boss.text

    for chat in (budi, sari_chat):
        await chat.send("/assign")
        await chat.press(AssignConfirm(budi_id, sari_id).encode())
        assert "not available for your role" in chat.text
    assert await active_pairs(app) == set()
    async with app.sessions() as session:
        actions = (await session.scalars(select(AuditEntry.action))).all()
    assert actions.count("button.expired") == len(forged) + 1
    assert actions.count("access.denied") == 4


async def test_a_mentor_who_leaves_hands_the_mentees_on(app: bootstrap.App) -> None:
    auto(app)
    leaving = await mentor(app, "sari", "Sari Dewi", capacity=3)
    await mentee(app, "budi", "Budi Santoso")
    await mentee(app, "ani", "Ani Lestari")
    await mentor(app, "yo", "Yohanes", province="papua", office="Kejati Papua", capacity=1)
    assert {mentor for _mentee, mentor in await active_pairs(app)} == {"Sari Dewi"}

    await leaving.send("/forget")
    await leaving.press("forget:yes")
    assert "Your data has been erased" in leaving.text

    pairs = await active_pairs(app)
    assert len(pairs) == 1 and next(iter(pairs))[1] == "Yohanes"
    matched_again = next(iter(pairs))[0]
    left_over = ({"Budi Santoso", "Ani Lestari"} - {matched_again}).pop()
    async with app.sessions() as session:
        rows = (await session.execute(select(OutboxMessage.dedup_key, OutboxMessage.body))).all()
    texts = {key: to_plain(body.load(stored)[0].text) for key, stored in rows if stored}
    assert any(
        "has left the programme. Your new mentor is Yohanes" in text for text in texts.values()
    )
    left_over_id = (await person_named(app, left_over)).id
    notice = [t for k, t in texts.items() if k.startswith(f"mentor-left:{left_over_id}:")]
    assert notice and "An admin will pair you" in notice[0]
    assert not any("Sari" in text for text in texts.values())


async def test_rematch_returns_how_many_found_a_mentor(app: bootstrap.App) -> None:
    await mentor(app, "sari", "Sari Dewi", capacity=3)
    await mentor(app, "yo", "Yohanes", capacity=1)
    await mentee(app, "budi", "Budi Santoso")
    await mentee(app, "ani", "Ani Lestari")
    now = app.core.clock.now()
    async with app.db.unit_of_work() as session:
        sari = await session.scalar(select(Person).where(Person.display_name == "Sari Dewi"))
        assert sari is not None
        for mentee_person in await matching.unmatched_mentees(session):
            made = await mentorships.pair(session, mentee_person, sari, now, {"console"})
            assert made is not None
    async with app.db.unit_of_work() as session:
        count = await mentorships.rematch_mentees_of(
            session, sari.id, now + timedelta(days=1), {"console"}
        )
    assert count == 1
    pairs = await active_pairs(app)
    assert len(pairs) == 1 and next(iter(pairs))[1] == "Yohanes"
    async with app.sessions() as session:
        ended = (
            await session.scalars(select(Mentorship).where(Mentorship.mentor_id == sari.id))
        ).all()
    assert len(ended) == 2 and all(m.ended_at is not None for m in ended)


async def test_the_plan_uses_free_places_and_applies_once(app: bootstrap.App) -> None:
    await mentor(app, "sari", "Sari Dewi", capacity=2)
    await mentor(app, "yo", "Yohanes", province="papua", office="Kejati Papua", capacity=1)
    await mentor(app, "away", "Away Mentor", capacity=5)
    for index in range(5):
        await mentee(app, f"m{index}", f"Mentee Nomor {index}")
    now = app.core.clock.now()
    async with app.db.unit_of_work() as session:
        away = await session.get(MentorProfile, (await person_named(app, "Away Mentor")).id)
        assert away is not None
        away.away_until = now + timedelta(days=30)

    async with app.db.unit_of_work() as session:
        pairs = await matching.plan(session, now)
    assert len(pairs) == 5 and sum(p.mentor_id is None for p in pairs) == 2
    async with app.db.unit_of_work() as session:
        made = await mentorships.apply_plan(session, pairs, now, {"console"})
    assert made == 3
    async with app.db.unit_of_work() as session:
        again = await mentorships.apply_plan(session, pairs, now, {"console"})
        assert await matching.plan(session, now) == [
            matching.Pair(p.mentee_id, None, None) for p in pairs if p.mentor_id is None
        ]
    assert again == 0  # everyone with a planned mentor has one; the mentors are full
    mentors_given = [m for _e, m in await active_pairs(app)]
    assert sorted(mentors_given) == ["Sari Dewi", "Sari Dewi", "Yohanes"]
    told = Counter(name for name, _text in await introductions(app))
    assert told.pop("Sari Dewi") == 2 and told.pop("Yohanes") == 1
    assert len(told) == 3 and set(told.values()) == {1}  # each mentee matched, once


async def test_a_plan_for_an_unknown_cohort_is_refused(app: bootstrap.App) -> None:
    async with app.sessions() as session:
        try:
            await matching.plan(session, app.core.clock.now(), "Nowhere 2030")
        except matching.UnknownCohort:
            return
    raise AssertionError("an unknown cohort was planned for")
