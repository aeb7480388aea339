"""A question's whole life through the real aiogram client and the fake Bot API server: the
mentee asks (masked), the mentor gets a protected copy and answers by replying to it, the
mentee follows up, the mentor answers with the button, the mentee marks it solved; the bot is
restarted between question and answer and loses nothing."""

from __future__ import annotations

from sqlalchemy import select

from bot.clock import Clock
from bot.db import migrate
from bot.db.engine import create_engine, session_factory
from bot.db.models import Mentorship, Question
from bot.roles import Role
from bot.services import people, profile
from tests.conftest import make_settings
from tests.e2e.conftest import TOKEN, TelegramPerson, start_bot, stop_bot
from tests.fakes.telegram_server import FakeTelegramServer

MENTOR, MENTEE = 8101, 8102
NIK = "3171234567890123"


async def prepare(database_url: str, server: FakeTelegramServer) -> None:
    engine = create_engine(database_url)
    await migrate.upgrade(engine)
    now = Clock().now()
    try:
        async with session_factory(engine).begin() as session:
            joined = {}
            for user, role, name in [(MENTOR, Role.MENTOR, "Rina"), (MENTEE, Role.MENTEE, "Budi")]:
                server.user(user, language_code="en")
                person = await people.join(
                    session,
                    people.Address("telegram", str(user), str(user)),
                    role=role,
                    language="en",
                    cohort_id=None,
                    now=now,
                    display_name=name,
                )
                person.onboarded_at, person.office = now, f"Kejari {name}"
                if role == Role.MENTOR:
                    await profile.mentor_profile(session, person)
                joined[user] = person
            await session.flush()
            session.add(
                Mentorship(
                    mentor_id=joined[MENTOR].id, mentee_id=joined[MENTEE].id, started_at=now
                )
            )
    finally:
        await engine.dispose()


async def question_status(database_url: str) -> str | None:
    engine = create_engine(database_url)
    try:
        async with session_factory(engine)() as session:
            return await session.scalar(select(Question.status))
    finally:
        await engine.dispose()


async def test_ask_relay_answer_by_reply_follow_up_answer_by_button_and_solve(
    telegram: FakeTelegramServer, database_url: str
) -> None:
    await prepare(database_url, telegram)
    settings = make_settings(database_url, bot_token=TOKEN, api_base=telegram.base_url)
    running = await start_bot(settings, telegram)
    try:
        mentee = TelegramPerson(running, telegram.user(MENTEE))
        await mentee.say("/ask")
        await mentee.say(f"Victim NIK {NIK}: how do we prove the means element?")
        assert "masked" in mentee.text and NIK not in mentee.text
        await mentee.press("Send to my mentor")
        assert "sent to your mentor Rina" in mentee.text
        (relayed,) = await telegram.wait_for_messages(MENTOR)
        assert relayed.protect_content and NIK not in relayed.plain_text
        assert "Budi (Kejari Budi)" in relayed.plain_text
    finally:
        await stop_bot(running)

    # A restart between question and answer: the mentor's reply still finds the question.
    running = await start_bot(settings, telegram)
    try:
        mentor = TelegramPerson(running, telegram.user(MENTOR))
        mentee = TelegramPerson(running, telegram.user(MENTEE))
        count = len(mentee.messages)
        await mentor.say("Deception or abuse of a position of vulnerability.", reply_to=relayed)
        assert "was sent to Budi" in mentor.text
        answer = (await telegram.wait_for_messages(MENTEE, count + 1))[-1]
        assert "Deception or abuse" in answer.plain_text and answer.protect_content

        await mentee.press("Follow-up", answer)
        await mentee.say("And debt bondage?")
        await mentee.press("Send to my mentor")
        followup = (await telegram.wait_for_messages(MENTOR, 3))[-1]
        assert "And debt bondage?" in followup.plain_text

        await mentor.press("Answer", followup)
        count = len(mentee.messages)
        await mentor.say("Yes, debt bondage is a means too.")
        assert "was sent to Budi" in mentor.text
        second = (await telegram.wait_for_messages(MENTEE, count + 1))[-1]
        assert "debt bondage is a means" in second.plain_text

        await mentee.press("Solved", second)
        assert "is closed" in mentee.text
    finally:
        await stop_bot(running)
    assert await question_status(database_url) == "closed"
