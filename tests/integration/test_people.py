"""Programme staff on their phones, through the core on a real database: workshop invites
with a QR code, open invites and revoking, the people tools (find, role, cohort, mentor,
deactivate) and a mentor's time away. Every press is checked again: a non-admin is refused
and audited, a forged id is refused, and each action changes only what it says."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from bot import bootstrap, provinces
from bot.clock import FixedClock
from bot.db.models import (
    AuditEntry,
    Cohort,
    Invite,
    MentorProfile,
    Mentorship,
    OutboxMessage,
    Person,
    Question,
)
from bot.markup import to_plain
from bot.messages import Channel
from bot.roles import Role
from bot.services import invites, lessons, people, profile, pushes
from handlers.away import AwayChoice
from handlers.buttons import SettingsField
from handlers.invite_list import InviteRevoke, InviteRevokeConfirm, InviteShow, InvitesPage
from handlers.people import (
    AwayMentors,
    PeopleStart,
    PersonAccess,
    PersonAccessConfirm,
    PersonCohorts,
    PersonCohortSet,
    PersonMentors,
    PersonMentorSet,
    PersonRoles,
    PersonRoleSet,
    PersonShow,
)
from tests.chat import Chat

# Tuesday 8 December 2026, 10:00 in Jakarta.
START = datetime(2026, 12, 8, 3, 0, tzinfo=UTC)


@pytest.fixture
def clock(app: bootstrap.App) -> FixedClock:
    fixed = FixedClock(START)
    app.core.clock = fixed
    return fixed


async def staff(
    app: bootstrap.App,
    handle: str,
    role: Role,
    *,
    province: str | None = "JI",
    office: str | None = None,
    demo: bool = False,
) -> Person:
    """A joined person (an admin has no province unless given one)."""
    now = app.core.clock.now()
    async with app.db.unit_of_work() as session:
        person = await people.join(
            session,
            people.Address(Channel.CONSOLE, handle, handle),
            role=role,
            language="en",
            cohort_id=None,
            now=now,
            is_demo=demo,
            display_name=handle.capitalize(),
        )
        if province is not None:
            found = provinces.by_code(province)
            assert found is not None
            profile.set_province(person, found)
        person.office = office or f"Kejari {handle.capitalize()}"
        person.lesson_time, person.onboarded_at = "07:00", now
        if role == Role.MENTOR:
            (await profile.mentor_profile(session, person)).capacity = 3
    return person


async def pair(app: bootstrap.App, mentor: Person, mentee: Person) -> None:
    async with app.db.unit_of_work() as session:
        session.add(Mentorship(mentor_id=mentor.id, mentee_id=mentee.id, started_at=START))


async def fresh(app: bootstrap.App, person: Person) -> Person:
    async with app.sessions() as session:
        found = await session.get(Person, person.id)
    assert found is not None
    return found


async def audited(app: bootstrap.App, action: str) -> int:
    async with app.sessions() as session:
        return int(
            await session.scalar(
                select(func.count()).select_from(AuditEntry).where(AuditEntry.action == action)
            )
            or 0
        )


async def active_mentor(app: bootstrap.App, mentee: Person) -> int | None:
    async with app.sessions() as session:
        return await session.scalar(
            select(Mentorship.mentor_id).where(
                Mentorship.mentee_id == mentee.id, Mentorship.ended_at.is_(None)
            )
        )


def chat(app: bootstrap.App, person: Person) -> Chat:
    return Chat(
        app.core, person.display_name.lower() if person.display_name else "", language="en"
    )


# --- invites ----------------------------------------------------------------------------------


async def test_a_workshop_invite_gives_the_code_the_link_and_a_qr_code_kept_nowhere(
    app: bootstrap.App, clock: FixedClock
) -> None:
    app.core.links.telegram_username = "mentoring_bot"
    admin = chat(app, await staff(app, "admin", Role.ADMIN))
    await admin.send("/invite mentee 30 Angkatan 2")
    code_message, link_message, qr_message = admin.last.messages
    assert all(m.ephemeral for m in admin.last.messages)
    assert "30 times" in code_message.text and "Angkatan 2" in code_message.text
    code = to_plain(code_message.text.split("*")[1])  # "_" in a code is escaped in markup
    assert f"https://t.me/mentoring_bot?start={code}" in to_plain(link_message.text)
    assert qr_message.document is not None
    assert qr_message.document.mime_type == "image/png"
    assert qr_message.document.content.startswith(b"\x89PNG")
    async with app.sessions() as session:
        (invite,) = (await session.scalars(select(Invite))).all()
        cohort = await session.get(Cohort, invite.cohort_id)
        bodies = [str(b) for b in (await session.scalars(select(OutboxMessage.body))).all()]
    assert (invite.max_uses, invite.uses, invite.role) == (30, 0, "mentee")
    assert cohort is not None and cohort.name == "Angkatan 2"
    assert not any(code in body for body in bodies)
    # Two participants join through it; the admin sees who.
    for name in ("Budi", "Sari"):
        newcomer = Chat(app.core, name.lower(), name=name, language="en")
        await newcomer.send(f"/start {code}")
        await newcomer.press("lang:en")
        await newcomer.press("consent:yes")
        await newcomer.send(name)
    await admin.press(InviteShow(invite.id).encode())
    assert "Joined through it (2): Budi, Sari" in admin.text
    assert "used 2/30" in admin.text


async def test_odd_invite_arguments_get_the_usage_and_create_nothing(
    app: bootstrap.App, clock: FixedClock
) -> None:
    admin = chat(app, await staff(app, "admin", Role.ADMIN))
    for line in ("/invite boss", "/invite mentee 0", "/invite mentee 501", "/invite 30 mentee"):
        await admin.send(line)
        assert "/invite ROLE [USES] [COHORT]" in admin.text, line
    async with app.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Invite)) == 0


async def test_an_admin_lists_open_invites_in_their_zone_and_revokes_one(
    app: bootstrap.App, clock: FixedClock
) -> None:
    admin_person = await staff(app, "admin", Role.ADMIN, province=None)
    admin = chat(app, admin_person)
    async with app.db.unit_of_work() as session:
        kept = await invites.create(session, Role.MENTOR, now=START, expires_days=2)
        revoked = await invites.create(session, Role.MENTEE, now=START, uses=5, expires_days=2)
        await invites.create(session, Role.MENTEE, now=START - timedelta(days=9), expires_days=1)
    await admin.send("/invite")
    await admin.press_label("Open invites")
    assert "Open invites (2)" in admin.text
    # Created at 10:00 WIB, valid two days: the admin has no province, so WIB.
    assert "until 2026-12-10 10:00 WIB" in admin.text
    ids = [int(b.label.split()[0][1:]) for b in admin.buttons if b.label.startswith("#")]
    await admin.press(InviteRevoke(ids[0]).encode())
    assert "Revoke invite" in admin.text
    await admin.press(InviteRevokeConfirm(ids[0]).encode())
    assert "is revoked" in admin.text
    assert await audited(app, "invite.revoked") == 1
    newcomer = Chat(app.core, "late", language="en")
    await newcomer.send(f"/start {revoked.code}")
    assert "valid invite code" in newcomer.text
    # The other invite is untouched, and a second press of the confirmation changes nothing.
    await admin.press(InviteRevokeConfirm(ids[0]).encode())
    assert "This button has expired" in admin.text
    async with app.sessions() as session:
        assert await invites.find_usable(session, kept.code, START) is not None
    # With a province, the admin reads times in its zone.
    await admin.send("/settings")
    await admin.press(SettingsField("province").encode())
    await admin.send("Papua")
    await admin.press(InvitesPage(0).encode())
    assert "until 2026-12-10 12:00 WIT" in admin.text


async def test_forged_invite_ids_are_refused_and_audited(
    app: bootstrap.App, clock: FixedClock
) -> None:
    admin = chat(app, await staff(app, "admin", Role.ADMIN))
    for payload in (InviteShow(999), InviteRevoke(999), InviteRevokeConfirm(999)):
        await admin.press(payload.encode())
        assert "This button has expired" in admin.text
    assert await audited(app, "button.expired") == 3


# --- who may use the tools ------------------------------------------------------------------


async def test_a_non_admin_is_refused_every_tool_and_audited(
    app: bootstrap.App, clock: FixedClock
) -> None:
    mentor = await staff(app, "mentor", Role.MENTOR)
    mentee = await staff(app, "budi", Role.MENTEE)
    async with app.db.unit_of_work() as session:
        invite = await invites.create(session, Role.ADMIN, now=START, expires_days=2)
    mentor_chat = chat(app, mentor)
    presses = [
        InvitesPage(0),
        InviteRevokeConfirm(1),
        PeopleStart(),
        PersonShow(mentee.id),
        PersonRoleSet(mentee.id, "admin"),
        PersonRoleSet(mentor.id, "admin"),
        PersonAccessConfirm(mentee.id, False),
        PersonCohortSet(mentee.id, 0),
        PersonMentorSet(mentee.id, mentor.id),
        AwayMentors(),
    ]
    for payload in presses:
        await mentor_chat.press(payload.encode())
        assert "not available for your role" in mentor_chat.text, payload
    await mentor_chat.send("/invite mentee 30")
    assert "not available for your role" in mentor_chat.text
    assert await audited(app, "access.denied") == len(presses) + 1
    assert (await fresh(app, mentor)).role == "mentor"
    assert (await fresh(app, mentee)).deactivated_at is None
    assert await active_mentor(app, mentee) is None
    async with app.sessions() as session:
        assert await invites.find_usable(session, invite.code, START) is not None
        assert await session.scalar(select(func.count()).select_from(Invite)) == 1


# --- people -----------------------------------------------------------------------------------


async def test_an_admin_finds_people_by_name_office_or_province(
    app: bootstrap.App, clock: FixedClock
) -> None:
    admin = chat(app, await staff(app, "admin", Role.ADMIN))
    await staff(app, "budi", Role.MENTEE, province="JI", office="Kejari Surabaya")
    await staff(app, "sari", Role.MENTOR, province="PA", office="Kejati Papua")
    await staff(app, "demo", Role.MENTEE, province="JI", office="Kejari Surabaya", demo=True)
    await admin.send("/invite")
    await admin.press_label("People")

    async def found(text: str) -> list[str]:
        await admin.send(text)
        return [b.label.split(" · ")[0] for b in admin.buttons if " · " in b.label]

    assert await found("bud") == ["Budi"]
    assert await found("kejati papua") == ["Sari"]
    assert await found("jatim") == ["Admin", "Budi"]  # never the demo mentee
    await admin.send("nobody here")
    assert "Nobody found" in admin.text


async def test_changing_a_role_changes_the_role_and_what_follows_from_it(
    app: bootstrap.App, clock: FixedClock
) -> None:
    admin = chat(app, await staff(app, "admin", Role.ADMIN))
    mentor = await staff(app, "mentor", Role.MENTOR)
    other = await staff(app, "other", Role.MENTOR)
    mentee = await staff(app, "budi", Role.MENTEE)
    bystander = await staff(app, "sari", Role.MENTEE)
    await pair(app, mentor, mentee)
    await admin.press(PersonRoles(mentor.id).encode())
    await admin.press(PersonRoleSet(mentor.id, "mentee").encode())
    assert "is now Mentee" in admin.text
    assert (await fresh(app, mentor)).role == "mentee"
    # The mentor's mentee moved to the other mentor; nobody else changed.
    assert await active_mentor(app, mentee) == other.id
    assert await active_mentor(app, bystander) is None
    assert (await fresh(app, other)).role == "mentor"
    async with app.sessions() as session:
        told = await session.scalar(
            select(OutboxMessage.body).where(
                OutboxMessage.person_id == mentor.id,
                OutboxMessage.dedup_key.like("people:role:%"),
            )
        )
    assert told is not None and "you are now Mentee" in told["text"]
    # A mentee made mentor: the pairing ends, a mentor profile starts.
    await admin.press(PersonRoleSet(bystander.id, "mentor").encode())
    async with app.sessions() as session:
        assert await session.get(MentorProfile, bystander.id) is not None
    assert (await fresh(app, bystander)).role == "mentor"
    assert await audited(app, "person.role_changed") == 2


async def test_a_cohort_is_chosen_typed_or_cleared(app: bootstrap.App, clock: FixedClock) -> None:
    admin = chat(app, await staff(app, "admin", Role.ADMIN))
    mentee = await staff(app, "budi", Role.MENTEE)
    await admin.press(PersonCohorts(mentee.id).encode())
    await admin.send("Angkatan 3")
    assert "now in cohort Angkatan 3" in admin.text
    async with app.sessions() as session:
        cohort = await session.scalar(select(Cohort).where(Cohort.name == "Angkatan 3"))
    assert cohort is not None
    assert (await fresh(app, mentee)).cohort_id == cohort.id
    await admin.press(PersonCohortSet(mentee.id, 0).encode())
    assert (await fresh(app, mentee)).cohort_id is None
    await admin.press(PersonCohortSet(mentee.id, 9999).encode())  # no such cohort
    assert "This button has expired" in admin.text
    await admin.press(PersonCohortSet(mentee.id, cohort.id).encode())
    assert (await fresh(app, mentee)).cohort_id == cohort.id


async def test_a_mentees_mentor_is_changed_with_introductions(
    app: bootstrap.App, clock: FixedClock
) -> None:
    admin = chat(app, await staff(app, "admin", Role.ADMIN))
    first = await staff(app, "mentor", Role.MENTOR)
    second = await staff(app, "other", Role.MENTOR)
    mentee = await staff(app, "budi", Role.MENTEE)
    await pair(app, first, mentee)
    await admin.press(PersonMentors(mentee.id).encode())
    assert [b.label.split(" (")[0] for b in admin.buttons[:-1]] == ["Other"]
    await admin.press(PersonMentorSet(mentee.id, second.id).encode())
    assert "now paired" in admin.text
    assert await active_mentor(app, mentee) == second.id
    async with app.sessions() as session:
        intros = (
            await session.scalars(
                select(OutboxMessage.person_id).where(OutboxMessage.dedup_key.like("intro:%"))
            )
        ).all()
    assert sorted(intros) == sorted([mentee.id, second.id])


async def test_forged_people_payloads_are_refused_and_change_nothing(
    app: bootstrap.App, clock: FixedClock
) -> None:
    admin_person = await staff(app, "admin", Role.ADMIN)
    admin = chat(app, admin_person)
    mentor = await staff(app, "mentor", Role.MENTOR)
    mentee = await staff(app, "budi", Role.MENTEE)
    demo_mentee = await staff(app, "demo", Role.MENTEE, demo=True)
    forged = [
        PersonShow(99999),
        PersonShow(demo_mentee.id),  # another world
        PersonRoleSet(admin_person.id, "mentee"),  # their own role
        PersonAccessConfirm(admin_person.id, False),  # their own access
        PersonRoleSet(mentee.id, "boss"),
        PersonMentorSet(mentee.id, mentee.id),  # not a mentor
        PersonMentorSet(mentor.id, mentor.id),  # not a mentee
        PersonAccessConfirm(mentee.id, True),  # reactivating someone active
        PersonAccess(mentee.id, True),
    ]
    for payload in forged:
        await admin.press(payload.encode())
        assert "This button has expired" in admin.text, payload
    assert await audited(app, "button.expired") == len(forged)
    assert (await fresh(app, admin_person)).role == "admin"
    assert (await fresh(app, admin_person)).deactivated_at is None
    assert (await fresh(app, mentee)).role == "mentee"
    assert await active_mentor(app, mentee) is None


async def test_a_deactivated_person_gets_no_pushes_and_no_access_until_reactivated(
    app: bootstrap.App, clock: FixedClock
) -> None:
    admin = chat(app, await staff(app, "admin", Role.ADMIN))
    mentee = await staff(app, "budi", Role.MENTEE)
    other = await staff(app, "sari", Role.MENTEE)
    mentee_chat = chat(app, mentee)
    await admin.press(PersonShow(mentee.id).encode())
    assert "Role: Mentee" in admin.text
    await admin.press(PersonAccess(mentee.id, False).encode())
    await admin.press(PersonAccessConfirm(mentee.id, False).encode())
    assert "is deactivated" in admin.text
    assert (await fresh(app, mentee)).deactivated_at == START
    assert (await fresh(app, other)).deactivated_at is None
    await mentee_chat.send("/lesson")
    assert "Your access is paused" in mentee_chat.text
    await mentee_chat.send("/help")  # no role needed: still answered
    assert "paused" not in mentee_chat.text
    async with app.sessions() as session:
        assert await pushes.address_of(session, mentee.id, {"console"}) is None
        assert await pushes.address_of(session, other.id, {"console"}) is not None
        at_seven = START + timedelta(hours=-2, days=1)  # Wednesday 07:00 WIB
        due = await lessons.due_mentees(
            session, at_seven, "Asia/Jakarta", quiet=app.core.policy.quiet_hours, lessons=24
        )
    assert [p.id for p in due] == [other.id]
    await admin.press(PersonAccessConfirm(mentee.id, True).encode())
    assert "is active again" in admin.text
    await mentee_chat.send("/lesson")
    assert "Your access is paused" not in mentee_chat.text
    assert await audited(app, "person.deactivated") == 1
    assert await audited(app, "person.reactivated") == 1


# --- a mentor's time away --------------------------------------------------------------------


async def open_question(app: bootstrap.App, mentee: Person, owner: Person) -> int:
    async with app.db.unit_of_work() as session:
        question = Question(
            mentee_id=mentee.id,
            owner_id=owner.id,
            status="open",
            language="en",
            created_at=START,
            asked_at=START,
            due_at=START + timedelta(hours=48),
            passed_by=[],
        )
        session.add(question)
        await session.flush()
        return question.id


async def test_an_away_mentor_gets_no_new_questions_and_the_open_ones_move(
    app: bootstrap.App, clock: FixedClock
) -> None:
    admin = chat(app, await staff(app, "admin", Role.ADMIN))
    mentor = await staff(app, "mentor", Role.MENTOR, province="PA")  # WIT
    other = await staff(app, "other", Role.MENTOR)
    mentee = await staff(app, "budi", Role.MENTEE)
    await pair(app, mentor, mentee)
    question_id = await open_question(app, mentee, mentor)
    mentor_chat = chat(app, mentor)
    await mentor_chat.send("/settings")
    assert "Away: no" in mentor_chat.text
    await mentor_chat.press(SettingsField("away").encode())
    await mentor_chat.press(AwayChoice(7).encode())
    assert "away through 2026-12-14" in mentor_chat.text
    assert "1 open questions moved" in mentor_chat.text
    async with app.sessions() as session:
        details = await session.get(MentorProfile, mentor.id)
        question = await session.get(Question, question_id)
    # Back at the start of the day after the last one, in the mentor's own zone (WIT).
    assert details is not None and details.away_until == datetime(2026, 12, 14, 15, 0, tzinfo=UTC)
    assert question is not None and question.owner_id == other.id
    assert await active_mentor(app, mentee) == mentor.id  # still their mentee
    assert "Away through: 2026-12-14" in mentor_chat.text
    await admin.press(AwayMentors().encode())
    assert "Mentor: through 2026-12-14" in admin.text
    # A typed date, then back now.
    await mentor_chat.press(SettingsField("away").encode())
    await mentor_chat.send("2026-12-31")
    assert "away through 2026-12-31" in mentor_chat.text
    await mentor_chat.press(SettingsField("away").encode())
    await mentor_chat.send("2020-01-01")
    assert "from today up to" in mentor_chat.text
    await mentor_chat.press(AwayChoice(0).encode())
    assert "Welcome back" in mentor_chat.text
    async with app.sessions() as session:
        details = await session.get(MentorProfile, mentor.id)
    assert details is not None and details.away_until is None
    await admin.press(AwayMentors().encode())
    assert "No mentor is away" in admin.text


async def test_only_a_mentor_has_the_away_field(app: bootstrap.App, clock: FixedClock) -> None:
    mentee = await staff(app, "budi", Role.MENTEE)
    mentee_chat = chat(app, mentee)
    await mentee_chat.send("/settings")
    assert "Away" not in " ".join(b.label for b in mentee_chat.buttons)
    await mentee_chat.press(SettingsField("away").encode())
    assert "This button has expired" in mentee_chat.text
    await mentee_chat.press(AwayChoice(7).encode())
    assert "This button has expired" in mentee_chat.text
