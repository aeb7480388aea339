"""Questions, told through the core on a real database: a mentee asks, the text is masked, the
mentor gets a protected copy and answers by reply or button, follow-ups stay in the thread; a
slow mentor is reminded and the question moves on; nobody else can answer, pass or withdraw."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot import bootstrap, provinces, scheduler
from bot.clock import FixedClock
from bot.db.models import (
    AuditEntry,
    FaqEntry,
    Mentorship,
    OutboxMessage,
    Person,
    Question,
    QuestionMessage,
)
from bot.messages import Channel
from bot.outbox import body
from bot.render import whatsapp
from bot.roles import Role
from bot.services import people, profile
from handlers.questions import AnswerIt, FollowUp, PassIt, Retract, ShowQuestion, Solved
from tests.chat import Chat

# Tuesday 8 December 2026, 10:00 in Jakarta.
START = datetime(2026, 12, 8, 3, 0, tzinfo=UTC)
NIK = "3171234567890123"


@pytest.fixture
def clock(app: bootstrap.App) -> FixedClock:
    fixed = FixedClock(START)
    app.core.clock = fixed
    return fixed


async def join(
    app: bootstrap.App, handle: str, role: Role, *, capacity: int = 5, province: str = "JI"
) -> Person:
    now = app.core.clock.now()
    async with app.db.unit_of_work() as session:
        person = await people.join(
            session,
            people.Address(Channel.CONSOLE, handle, handle),
            role=role,
            language="en",
            cohort_id=None,
            now=now,
            display_name=handle.capitalize(),
        )
        found = provinces.by_code(province)
        assert found is not None
        profile.set_province(person, found)
        person.office, person.lesson_time, person.onboarded_at = f"Kejari {handle}", "07:00", now
        if role == Role.MENTOR:
            (await profile.mentor_profile(session, person)).capacity = capacity
    return person


async def pair(app: bootstrap.App, mentor: Person, mentee: Person) -> None:
    async with app.db.unit_of_work() as session:
        session.add(Mentorship(mentor_id=mentor.id, mentee_id=mentee.id, started_at=START))


async def rows_for(app: bootstrap.App, person: Person) -> list[OutboxMessage]:
    async with app.sessions() as session:
        found = await session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.person_id == person.id)
            .order_by(OutboxMessage.id)
        )
        return list(found.all())


async def delivered(app: bootstrap.App, row: OutboxMessage, message_id: str) -> None:
    """As if the outbox had sent the row and the platform called it `message_id`."""
    async with app.db.unit_of_work() as session:
        sent = await session.get(OutboxMessage, row.id)
        assert sent is not None
        sent.status, sent.message_ids = "sent", [message_id]


async def press_in(chat: Chat, row: OutboxMessage, label: str) -> None:
    """Press a button of a pushed message (the chat only knows its replies' buttons)."""
    assert row.body is not None
    payloads = [b["payload"] for r in row.body["buttons"] for b in r if label in b["label"]]
    assert payloads, f"no button {label!r}"
    await chat.press(payloads[0])


async def ask(chat: Chat, text: str) -> None:
    await chat.send("/ask")
    assert "Type your question" in chat.text
    await chat.send(text)
    await chat.press_label("Send to my mentor")


@pytest.fixture
async def people_of_a_pair(
    app: bootstrap.App, clock: FixedClock
) -> tuple[Person, Person, Chat, Chat]:
    mentor = await join(app, "mentor1", Role.MENTOR)
    mentee = await join(app, "budi", Role.MENTEE)
    await pair(app, mentor, mentee)
    return (
        mentor,
        mentee,
        Chat(app.core, "mentor1", language="en"),
        Chat(app.core, "budi", language="en"),
    )


async def test_a_question_is_masked_relayed_answered_by_reply_followed_up_and_solved(
    app: bootstrap.App, people_of_a_pair: tuple[Person, Person, Chat, Chat]
) -> None:
    mentor, mentee, mentor_chat, mentee_chat = people_of_a_pair
    await mentee_chat.send("/ask")
    await mentee_chat.send(f"How do we prove exploitation? The victim's NIK is {NIK}.")
    assert "masked" in mentee_chat.text and NIK not in mentee_chat.text
    assert "The victim's NIK is [NIK]." in mentee_chat.text
    await mentee_chat.press_label("Send to my mentor")
    assert "Question #" in mentee_chat.text and "Mentor1" in mentee_chat.text

    async with app.sessions() as session:
        texts = (await session.scalars(select(QuestionMessage.text))).all()
        question = await session.scalar(select(Question))
    assert texts and all(NIK not in t for t in texts)
    assert question is not None and question.owner_id == mentor.id
    (relayed,) = await rows_for(app, mentor)
    assert relayed.body is not None and relayed.body.get("protect") is True
    assert NIK not in relayed.body["text"] and "Budi" in relayed.body["text"]
    labels = [b["label"] for row in relayed.body["buttons"] for b in row]
    assert any("Answer" in label for label in labels) and "Not my area" in labels

    await delivered(app, relayed, "700")
    await mentor_chat.reply("Show the three elements: process, means, purpose.", to="700")
    assert "was sent to Budi" in mentor_chat.text
    answer_row = (await rows_for(app, mentee))[-1]
    assert answer_row.body is not None and "three elements" in answer_row.body["text"]
    assert answer_row.body.get("protect") is True

    await delivered(app, answer_row, "701")
    await mentee_chat.reply("And if the victim was recruited online?", to="701")
    assert "This is what will be sent" in mentee_chat.text
    await mentee_chat.press_label("Send to my mentor")
    assert "follow-up" in mentee_chat.text
    followup = (await rows_for(app, mentor))[-1]
    assert followup.body is not None and "recruited online" in followup.body["text"]

    await mentor_chat.send("/queue")
    assert f"#{question.id}" in mentor_chat.text
    await mentor_chat.press_label(f"Question #{question.id}")
    await mentor_chat.press_label("Answer")
    await mentor_chat.send("Yes: the ITE law applies too.")
    assert "was sent to Budi" in mentor_chat.text

    await mentee_chat.press(Solved(question.id).encode())
    assert "is closed" in mentee_chat.text
    async with app.sessions() as session:
        closed = await session.get(Question, question.id)
        kinds = (await session.scalars(select(QuestionMessage.kind))).all()
    assert closed is not None and closed.status == "closed" and closed.first_answer_at
    assert list(kinds) == ["question", "answer", "followup", "answer"]
    for row in await rows_for(app, mentor) + await rows_for(app, mentee):
        assert row.body is not None
        assert whatsapp.check(body.load(row.body)[0]) == [], row.body  # pushes fit WhatsApp


async def test_nobody_else_can_answer_pass_close_or_withdraw_and_tries_are_audited(
    app: bootstrap.App, people_of_a_pair: tuple[Person, Person, Chat, Chat]
) -> None:
    _mentor, _mentee, _mentor_chat, mentee_chat = people_of_a_pair
    await ask(mentee_chat, "What counts as debt bondage?")
    other_mentor = await join(app, "mentor2", Role.MENTOR)
    await join(app, "sari", Role.MENTEE)
    stranger_mentor = Chat(app.core, "mentor2", language="en")
    other_mentee = Chat(app.core, "sari", language="en")
    async with app.sessions() as session:
        question = await session.scalar(select(Question))
    assert question is not None
    for chat, payload in [
        (stranger_mentor, AnswerIt(question.id).encode()),
        (stranger_mentor, PassIt(question.id, True).encode()),
        (other_mentee, Solved(question.id).encode()),
        (other_mentee, Retract(question.id, True).encode()),
        (other_mentee, AnswerIt(question.id).encode()),
        (other_mentee, AnswerIt(question.id + 100).encode()),
    ]:
        await chat.press(payload)
        assert "Not allowed" in chat.text
    async with app.sessions() as session:
        still = await session.get(Question, question.id)
        refused = (
            await session.scalars(
                select(AuditEntry).where(AuditEntry.action == "question.refused")
            )
        ).all()
    assert still is not None and still.status == "open" and still.owner_id != other_mentor.id
    assert len(refused) == 6


async def test_a_slow_mentor_is_reminded_then_the_question_moves_on(
    app: bootstrap.App,
    clock: FixedClock,
    people_of_a_pair: tuple[Person, Person, Chat, Chat],
) -> None:
    mentor, mentee, _mentor_chat, mentee_chat = people_of_a_pair
    second = await join(app, "mentor2", Role.MENTOR)
    await ask(mentee_chat, "How is restitution calculated?")

    async def run(hours: float) -> None:
        await app.core.run_job("questions-due", START + timedelta(hours=hours))

    def reminders(rows: list[OutboxMessage]) -> list[str]:
        return [r.dedup_key for r in rows if ":remind:" in r.dedup_key]

    await run(23)
    assert reminders(await rows_for(app, mentor)) == []
    await run(24)  # half of 48 hours: 10:00 in Jakarta, not quiet
    assert len(reminders(await rows_for(app, mentor))) == 1
    await run(30)
    assert len(reminders(await rows_for(app, mentor))) == 1  # once per step
    await run(44.5)  # past 90 percent (43.2 h), at 06:30 local: just after quiet hours
    assert len(reminders(await rows_for(app, mentor))) == 2
    await run(48)
    async with app.sessions() as session:
        question = await session.scalar(select(Question))
    assert question is not None and question.owner_id == second.id
    assert question.passed_by == [mentor.id]
    (passed,) = await rows_for(app, second)
    assert passed.body is not None and "passed to you" in passed.body["text"]
    told = (await rows_for(app, mentee))[-1]
    assert told.body is not None and "taking longer" in told.body["text"]


async def test_a_reminder_waits_for_the_end_of_the_mentors_quiet_hours(
    app: bootstrap.App,
    clock: FixedClock,
    people_of_a_pair: tuple[Person, Person, Chat, Chat],
) -> None:
    mentor, _mentee, _mentor_chat, mentee_chat = people_of_a_pair
    clock.set(START + timedelta(hours=12))  # 22:00 in Jakarta
    await ask(mentee_chat, "Can a victim testify by video?")
    at = START + timedelta(hours=36)  # half-time: 22:00 again, quiet
    await app.core.run_job("questions-due", at)
    assert not [r for r in await rows_for(app, mentor) if ":remind:" in r.dedup_key]
    await app.core.run_job("questions-due", at + timedelta(hours=8))  # 06:00
    assert [r for r in await rows_for(app, mentor) if ":remind:" in r.dedup_key]


async def test_a_question_without_a_mentor_goes_to_the_admins(
    app: bootstrap.App, clock: FixedClock
) -> None:
    admin = await join(app, "admin1", Role.ADMIN)
    await join(app, "budi", Role.MENTEE)
    chat = Chat(app.core, "budi", language="en")
    await ask(chat, "Who handles cross-border cases?")
    assert "programme team" in chat.text
    (relayed,) = await rows_for(app, admin)
    assert relayed.body is not None and "cross-border" in relayed.body["text"]
    admin_chat = Chat(app.core, "admin1", language="en")
    await admin_chat.send("/queue")
    assert "#1 · Budi" in admin_chat.text


async def test_withdrawing_deletes_the_relayed_copies_and_every_trace(
    app: bootstrap.App, people_of_a_pair: tuple[Person, Person, Chat, Chat]
) -> None:
    mentor, _mentee, _mentor_chat, mentee_chat = people_of_a_pair
    await ask(mentee_chat, "The victim lives at Jalan Mawar 5, what now?")
    (relayed,) = await rows_for(app, mentor)
    await delivered(app, relayed, "900")
    await mentee_chat.send("/myquestions")
    await mentee_chat.press_label("Question #")
    await mentee_chat.press_label("Withdraw")
    await mentee_chat.press_label("Yes, withdraw")
    assert "withdrawn" in mentee_chat.text
    rows = await rows_for(app, mentor)
    assert [r.body for r in rows] == [{"text": "", "delete": ["900"]}]
    async with app.sessions() as session:
        assert await session.scalar(select(Question)) is None
        assert (await session.scalars(select(QuestionMessage))).all() == []


async def test_withdrawing_is_refused_after_48_hours(
    app: bootstrap.App,
    clock: FixedClock,
    people_of_a_pair: tuple[Person, Person, Chat, Chat],
) -> None:
    _mentor, _mentee, _mentor_chat, mentee_chat = people_of_a_pair
    await ask(mentee_chat, "What is the role of LPSK?")
    clock.set(START + timedelta(hours=49))
    async with app.sessions() as session:
        question = await session.scalar(select(Question))
    assert question is not None
    await mentee_chat.press(Retract(question.id, True).encode())
    assert "within 48 hours" in mentee_chat.text


async def test_passing_moves_the_question_and_tells_the_mentee(
    app: bootstrap.App, people_of_a_pair: tuple[Person, Person, Chat, Chat]
) -> None:
    _mentor, mentee, mentor_chat, mentee_chat = people_of_a_pair
    second = await join(app, "mentor2", Role.MENTOR)
    await ask(mentee_chat, "Corporate liability: who is charged?")
    await press_in(mentor_chat, (await rows_for(app, _mentor))[0], "Not my area")
    assert "passed on" in mentor_chat.text
    (passed,) = await rows_for(app, second)
    assert passed.body is not None and "Corporate liability" in passed.body["text"]
    told = (await rows_for(app, mentee))[-1]
    assert told.body is not None and "another mentor" in told.body["text"]


async def test_a_mentor_publishes_an_answer_as_an_anonymised_faq_entry(
    app: bootstrap.App, people_of_a_pair: tuple[Person, Person, Chat, Chat]
) -> None:
    mentor, _mentee, mentor_chat, mentee_chat = people_of_a_pair
    await ask(mentee_chat, "Is consent of the victim a defence?")
    await press_in(mentor_chat, (await rows_for(app, mentor))[0], "Answer")
    await mentor_chat.send("No: consent is irrelevant once a means is used.")
    await mentor_chat.press_label("Publish as FAQ")
    await mentor_chat.send(f"Is a victim's consent a defence? (NIK {NIK})")
    await mentor_chat.press_label("Use as shown")
    assert "Published" in mentor_chat.text
    async with app.sessions() as session:
        entry = await session.scalar(select(FaqEntry))
    assert entry is not None and NIK not in entry.question
    assert entry.answer.startswith("No: consent is irrelevant")


async def test_erasing_a_mentee_removes_their_questions_and_the_copies_about_them(
    app: bootstrap.App, people_of_a_pair: tuple[Person, Person, Chat, Chat]
) -> None:
    mentor, _mentee, _mentor_chat, mentee_chat = people_of_a_pair
    await ask(mentee_chat, "A question that should not outlive me")
    await mentee_chat.send("/forget")
    await mentee_chat.press_label("Yes")
    async with app.sessions() as session:
        assert (await session.scalars(select(Question))).all() == []
        keys = (await session.scalars(select(OutboxMessage.dedup_key))).all()
    assert not [k for k in keys if k.startswith("q:")]
    assert all(r.body is None or "outlive" not in str(r.body) for r in await rows_for(app, mentor))


async def test_stats_count_questions_and_first_answer_times(
    app: bootstrap.App,
    clock: FixedClock,
    people_of_a_pair: tuple[Person, Person, Chat, Chat],
) -> None:
    mentor, _mentee, mentor_chat, mentee_chat = people_of_a_pair
    await join(app, "admin1", Role.ADMIN)
    await ask(mentee_chat, "First question")
    await ask(mentee_chat, "Second question")
    clock.set(START + timedelta(hours=5))
    await press_in(mentor_chat, (await rows_for(app, mentor))[0], "Answer")
    await mentor_chat.send("An answer after five hours.")
    clock.set(START + timedelta(hours=50))
    admin = Chat(app.core, "admin1", language="en")
    await admin.send("/stats")
    assert "Asked: 2" in admin.text
    assert "Waiting for an answer: 1, of them overdue: 1" in admin.text
    assert "Median time to the first answer: 5 hours" in admin.text
    assert "Answered within 48 hours: 100 %" in admin.text


async def test_answered_questions_close_and_closed_ones_are_pruned_after_retention(
    app: bootstrap.App,
    clock: FixedClock,
    people_of_a_pair: tuple[Person, Person, Chat, Chat],
) -> None:
    mentor, _mentee, mentor_chat, mentee_chat = people_of_a_pair
    await ask(mentee_chat, "Will this be kept forever?")
    await press_in(mentor_chat, (await rows_for(app, mentor))[0], "Answer")
    await mentor_chat.send("No.")
    await scheduler.prune(app.db, app.core.policy, START + timedelta(days=15))
    async with app.sessions() as session:
        question = await session.scalar(select(Question))
    assert question is not None and question.status == "closed"
    await scheduler.prune(app.db, app.core.policy, START + timedelta(days=364))
    async with app.sessions() as session:
        assert await session.scalar(select(Question)) is not None
    pruned = await scheduler.prune(app.db, app.core.policy, START + timedelta(days=366))
    assert pruned.questions == 1
    async with app.sessions() as session:
        assert await session.scalar(select(Question)) is None
        assert (await session.scalars(select(QuestionMessage))).all() == []


async def test_a_departing_mentors_open_questions_move_with_their_mentees(
    app: bootstrap.App, people_of_a_pair: tuple[Person, Person, Chat, Chat]
) -> None:
    _mentor, mentee, mentor_chat, mentee_chat = people_of_a_pair
    second = await join(app, "mentor2", Role.MENTOR)
    await ask(mentee_chat, "Who prosecutes the recruiter abroad?")
    await mentor_chat.send("/forget")
    await mentor_chat.press_label("Yes")
    async with app.sessions() as session:
        question = await session.scalar(select(Question))
        mentorship = await session.scalar(
            select(Mentorship).where(
                Mentorship.mentee_id == mentee.id, Mentorship.ended_at.is_(None)
            )
        )
    assert question is not None and question.owner_id == second.id
    assert mentorship is not None and mentorship.mentor_id == second.id
    relayed = [r for r in await rows_for(app, second) if r.dedup_key.startswith("q:")]
    assert relayed and relayed[0].body is not None
    assert "recruiter abroad" in relayed[0].body["text"]


async def test_lessons_that_may_answer_it_are_offered_first_and_deflections_counted(
    app: bootstrap.App, people_of_a_pair: tuple[Person, Person, Chat, Chat]
) -> None:
    mentor, _mentee, _mentor_chat, mentee_chat = people_of_a_pair
    await mentee_chat.send("/ask")
    await mentee_chat.send("How do I ask the court for restitution for the victim?")
    assert "may already answer it" in mentee_chat.text
    suggested = [b.label for b in mentee_chat.buttons if b.label.startswith("📖")]
    assert 1 <= len(suggested) <= 3
    await mentee_chat.press_label("📖")
    assert "Did this answer your question?" in mentee_chat.text
    await mentee_chat.press_label("It answers my question")
    assert "nothing was sent" in mentee_chat.text
    async with app.sessions() as session:
        assert await session.scalar(select(Question)) is None
        deflected = (
            await session.scalars(
                select(AuditEntry).where(AuditEntry.action == "question.deflected")
            )
        ).all()
    assert len(deflected) == 1
    assert await rows_for(app, mentor) == []


async def test_a_deactivated_mentor_cannot_answer_by_reply(
    app: bootstrap.App, people_of_a_pair: tuple[Person, Person, Chat, Chat]
) -> None:
    mentor, mentee, mentor_chat, mentee_chat = people_of_a_pair
    await ask(mentee_chat, "Who keeps the evidence?")
    (relayed,) = await rows_for(app, mentor)
    await delivered(app, relayed, "800")
    async with app.db.unit_of_work() as session:
        paused = await session.get(Person, mentor.id)
        assert paused is not None
        paused.deactivated_at = START
    await mentor_chat.reply("The police do.", to="800")
    assert "was sent to" not in mentor_chat.text
    assert [r for r in await rows_for(app, mentee) if "police" in str(r.body)] == []


async def test_the_consoles_demo_admin_never_sees_a_real_question(
    app: bootstrap.App, people_of_a_pair: tuple[Person, Person, Chat, Chat]
) -> None:
    _mentor, _mentee, _mentor_chat, mentee_chat = people_of_a_pair
    await ask(mentee_chat, "A real question")
    demo_admin = await join(app, "demoadmin", Role.ADMIN)
    async with app.db.unit_of_work() as session:
        demo = await session.get(Person, demo_admin.id)
        assert demo is not None
        demo.is_demo = True
        question = await session.scalar(select(Question))
        assert question is not None
    chat = Chat(app.core, "demoadmin", language="en")
    await chat.press(ShowQuestion(question.id).encode())
    assert "Not allowed" in chat.text and "A real question" not in chat.text


async def test_a_follow_up_does_not_put_off_the_answer_time(
    app: bootstrap.App,
    clock: FixedClock,
    people_of_a_pair: tuple[Person, Person, Chat, Chat],
) -> None:
    _mentor, _mentee, _mentor_chat, mentee_chat = people_of_a_pair
    await ask(mentee_chat, "First part")
    async with app.sessions() as session:
        question = await session.scalar(select(Question))
    assert question is not None
    clock.set(START + timedelta(hours=30))
    await mentee_chat.press(FollowUp(question.id).encode())
    await mentee_chat.send("And a second part")
    await mentee_chat.press_label("Send to my mentor")
    async with app.sessions() as session:
        still = await session.get(Question, question.id)
    assert still is not None and still.due_at == question.due_at
