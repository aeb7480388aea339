"""The console as someone trying the bot uses it: typed lines in, a transcript out, on a real
database. Each story runs the real ConsoleChannel; a second channel on the same database is a
console started again."""

from __future__ import annotations

import asyncio
import io
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from bot import bootstrap, scheduler
from bot.channels.console import ConsoleChannel
from bot.clock import FixedClock
from bot.context import Context
from bot.core import Core
from bot.db.models import ConversationState, MentorProfile, Person, ProcessedUpdate
from bot.messages import Button, Channel
from bot.payloads import Payload, kind
from bot.router import Router
from tests.chat import Chat

# Budi joins as a mentee in English: language button 2, consent button 1.
UNTIL_PROVINCE = ("2", "1", "Budi Santoso")
JOINED = (*UNTIL_PROVINCE, "jatim", "Kejari Surabaya", "07:00")


async def console(
    app: bootstrap.App,
    *lines: str,
    core: Core | None = None,
    jobs: scheduler.Jobs | None = None,
) -> str:
    """A console started on the app's database with these lines piped in; its transcript."""
    stdout = io.StringIO()
    stdin = io.StringIO("".join(f"{line}\n" for line in lines))
    await ConsoleChannel(
        core or app.core, app.db, app.catalogs, stdin=stdin, stdout=stdout, jobs=jobs
    ).run()
    return stdout.getvalue()


async def invite_from_the_demo_admin(app: bootstrap.App) -> str:
    transcript = await console(app, ":as admin", "/invite", "1")
    codes = re.findall(r"/start ([A-Za-z0-9_-]{16,})", transcript)
    assert len(codes) == 1, transcript
    return str(codes[0])


async def budi_joins(app: bootstrap.App, steps: tuple[str, ...] = JOINED) -> str:
    code = await invite_from_the_demo_admin(app)
    return await console(app, ":as budi", f"/start {code}", *steps)


async def person_named(app: bootstrap.App, name: str) -> Person:
    async with app.sessions() as session:
        person = await session.scalar(select(Person).where(Person.display_name == name))
    assert person is not None, name
    return person


async def test_as_finds_a_person_who_joined_by_their_name(app: bootstrap.App) -> None:
    await budi_joins(app)
    out = await console(app, ":as Budi Santoso", ":as mentee", ":as santoso", ":as budi s")
    assert out.count("You are now Budi Santoso [budi].") == 3
    assert "is a new person who has not joined yet" not in out
    assert "adalah orang baru yang belum bergabung" not in out


async def test_as_still_reaches_the_demo_people_and_starts_new_ones(app: bootstrap.App) -> None:
    out = await console(app, ":as mentor", "/settings", ":as Sari")
    assert "Sekarang Anda adalah Demo Mentor (demo) [mentor]." in out
    assert "Nama: Demo Mentor (demo)" in out
    assert "sari adalah orang baru yang belum bergabung" in out


async def test_as_with_a_name_several_people_share_asks_for_more(app: bootstrap.App) -> None:
    out = await console(app, ":as demo", ":who")
    assert 'Ada beberapa orang yang cocok dengan "demo"' in out
    assert "Anda: Demo Mentee (demo) [mentee]" in out  # still the person before


async def test_who_shows_name_role_language_and_status(app: bootstrap.App) -> None:
    await budi_joins(app)
    stdout = io.StringIO()
    channel = ConsoleChannel(
        app.core, app.db, app.catalogs, stdin=io.StringIO(":as budi\n/pause\n"), stdout=stdout
    )
    await channel.run()
    await app.core.mark_unreachable(Channel.CONSOLE, "budi")  # e.g. a failed delivery
    await channel.handle_line(":who")
    expected = "You: Budi Santoso [budi]\nRole: Mentee\nLanguage: English\nStatus: joined, paused"
    assert f"budi> :who\n{expected}, unreachable\n" in stdout.getvalue()
    out = await console(app, ":as tamu", ":who")
    assert "Anda: tamu\nPeran: -\nBahasa: Bahasa Indonesia\nStatus: belum bergabung" in out


async def test_as_alone_and_unknown_words_are_explained_not_sent(app: bootstrap.App) -> None:
    out = await console(app, ":as", ":foo")
    assert 'Ketik nama setelah :as, misalnya ":as mentor" atau ":as Budi".' in out
    assert '":foo" bukan kata konsol.' in out
    assert out.count("  :who — siapa Anda sekarang") == 3  # at the start, then after each
    assert "bot:" not in out
    async with app.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(ProcessedUpdate)) == 0


async def test_notes_follow_the_language_chosen_while_joining(app: bootstrap.App) -> None:
    code = await invite_from_the_demo_admin(app)
    out = await console(app, ":as budi", ":foo", f"/start {code}", "2", ":foo")
    before, _, after = out.partition("budi> 2")
    assert '":foo" bukan kata konsol.' in before
    assert '":foo" is not a console word.' in after


async def test_a_restart_while_joining_asks_the_open_question_again(app: bootstrap.App) -> None:
    first = await budi_joins(app, UNTIL_PROVINCE)
    assert "In which province do you work?" in first
    out = await console(app, ":as budi", "jatim")
    switched = out.index("You are now Budi Santoso [budi].")
    asked = out.index("In which province do you work?")
    assert switched < asked < out.index("budi> jatim")
    assert "Jawa Timur (WIB)" in out
    assert (await person_named(app, "Budi Santoso")).province_code == "JI"


async def test_a_restart_before_consent_asks_for_the_language_again(app: bootstrap.App) -> None:
    code = await invite_from_the_demo_admin(app)
    await console(app, ":as budi", f"/start {code}")
    out = await console(app, ":as budi")
    assert "You are now" not in out  # nothing chosen yet: the notes stay in Bahasa Indonesia
    assert "Sekarang Anda adalah budi." in out
    assert "Please choose your language" in out
    assert "[1] Bahasa Indonesia   [2] English" in out


async def test_an_open_settings_question_is_closed_after_a_restart(app: bootstrap.App) -> None:
    first = await console(app, "/settings", "4")  # the demo mentee opens the office question
    assert "kantor" in first.lower()
    out = await console(app, "Kejari Baru")
    closed = out.index("Pertanyaan yang belum Anda jawab sudah ditutup")
    assert closed < out.index("mentee> Kejari Baru")
    async with app.sessions() as session:
        office = await session.scalar(
            select(Person.office).where(Person.is_demo, Person.role == "mentee")
        )
    assert office == "Kejari Surabaya (demo)"


async def test_a_valid_capacity_is_typed_not_pressed(app: bootstrap.App) -> None:
    out = await console(app, ":as mentor", "/settings", "6", "6")  # the capacity button, then 6
    assert "Kapasitas mentee: 6" in out
    async with app.sessions() as session:
        assert await session.scalar(select(MentorProfile.capacity)) == 6


@kind("test-pick")
@dataclass(frozen=True, slots=True)
class Pick(Payload):
    letter: str


async def test_a_number_presses_the_right_button_across_messages(app: bootstrap.App) -> None:
    router = Router()

    @router.command("two")
    async def two_keyboards(ctx: Context) -> None:
        ctx.send("first", [[Button(x, payload=Pick(x).encode()) for x in "abc"]])
        ctx.send("second", [[Button(x, payload=Pick(x).encode()) for x in "def"]])

    @router.callback(Pick)
    async def picked(ctx: Context) -> None:
        pick = ctx.choice(Pick)
        ctx.send(f"picked {pick.letter if pick else '?'}")

    out = await console(app, "/two", "5", core=Core(app.db, app.catalogs, router))
    assert "[1] a   [2] b   [3] c" in out and "[4] d   [5] e   [6] f" in out
    assert "bot: picked e" in out


async def test_province_pages_say_where_they_are(app: bootstrap.App) -> None:
    out = await budi_joins(app, (*UNTIL_PROVINCE, "11"))  # Next on the first page
    assert "Page 1/4" in out and "Page 2/4" in out
    assert "[11] Next ▶" in out  # first page: ten provinces, then Next
    assert "[11] ◀ Previous   [12] Next ▶" in out  # second page: no page button between
    assert re.search(r"\[\d+\] \d+/\d+", out) is None


async def test_an_old_page_label_answers_that_the_button_expired(app: bootstrap.App) -> None:
    await budi_joins(app, UNTIL_PROVINCE)
    chat = Chat(app.core, "budi")
    await chat.press("prov:n")  # the page label of older messages
    assert chat.text == "This button has expired. Please use the latest message."
    assert (await person_named(app, "Budi Santoso")).province_code is None


# Monday 6 January 2025, 07:00 WIB.
CLOCK_START = datetime(2025, 1, 6, 0, 0, tzinfo=UTC)


def core_at(app: bootstrap.App, clock: FixedClock) -> Core:
    return Core(app.db, app.catalogs, app.router, app.core.policy, clock)


async def test_clock_shows_the_time_and_moves_it_by_hours(app: bootstrap.App) -> None:
    clock = FixedClock(CLOCK_START)
    out = await console(app, ":clock", ":clock +2h", core=core_at(app, clock))
    shown = "Jam bot: Senin, 6 Januari 2025, pukul 07.00 WIB (2025-01-06 00:00 UTC)."
    assert f"mentee> :clock\n{shown}\n" in out  # the demo mentee works in Jawa Timur
    assert (
        "mentee> :clock +2h\n"
        "Jam bot: Senin, 6 Januari 2025, pukul 09.00 WIB (2025-01-06 02:00 UTC).\n"
    ) in out
    assert clock.now() == CLOCK_START + timedelta(hours=2)


async def test_clock_at_a_time_of_day_is_the_next_one_in_the_persons_zone(
    app: bootstrap.App,
) -> None:
    clock = FixedClock(CLOCK_START)  # 08:00 in Sulawesi Selatan (WITA)
    core = core_at(app, clock)
    await console(app, ":as mentor", "/settings", "3", "sulsel", core=core)  # the province
    out = await console(app, ":as mentor", ":clock 07:00", ":clock 09:00", core=core)
    assert (
        "mentor> :clock 07:00\n"
        "Jam bot: Selasa, 7 Januari 2025, pukul 07.00 WITA (2025-01-06 23:00 UTC).\n"
    ) in out  # 07:00 had passed in Makassar: tomorrow's
    assert (
        "mentor> :clock 09:00\n"
        "Jam bot: Selasa, 7 Januari 2025, pukul 09.00 WITA (2025-01-07 01:00 UTC).\n"
    ) in out  # still ahead: the same day


async def test_clock_with_bad_input_explains_and_leaves_the_clock(app: bootstrap.App) -> None:
    clock = FixedClock(CLOCK_START)
    out = await console(
        app, ":clock besok", ":clock +2", ":clock 25:00", ":clock +400d", core=core_at(app, clock)
    )
    assert '"besok" tidak dapat dipahami. Contoh: ":clock +2h" (maju 2 jam)' in out
    assert '"+2" tidak dapat dipahami.' in out
    assert '"25:00" tidak dapat dipahami.' in out
    assert "Jam bot dapat digeser paling jauh 366 hari sekaligus." in out
    assert "Jam bot:" not in out
    assert clock.now() == CLOCK_START


async def test_clock_reset_returns_to_real_time(app: bootstrap.App) -> None:
    clock = app.core.clock
    await console(app, ":clock +3d")
    assert abs(clock.now() - datetime.now(UTC) - timedelta(days=3)) < timedelta(minutes=1)
    out = await console(app, ":clock reset")
    assert "mentee> :clock reset\nJam bot kembali ke waktu sebenarnya.\nJam bot: " in out
    assert abs(clock.now() - datetime.now(UTC)) < timedelta(minutes=1)


async def test_moving_the_clock_runs_due_jobs_and_prunes_abandoned_joining(
    app: bootstrap.App,
) -> None:
    code = await invite_from_the_demo_admin(app)
    await console(app, ":as budi", f"/start {code}")  # then Budi goes away

    async def budi_joining() -> bool:
        async with app.sessions() as session:
            return await session.get(ConversationState, ("console", "budi")) is not None

    jobs = scheduler.Jobs(app.db, clock=app.core.clock)
    out = await console(app, ":clock +1h", jobs=jobs)
    assert "Tugas terjadwal yang sudah tiba waktunya telah dijalankan." in out
    assert await budi_joining()  # the jobs ran, but an hour is not abandoned yet
    await console(app, ":clock +3d", jobs=jobs)
    assert not await budi_joining()


async def test_pushes_appear_as_they_are_sent_marked_with_whom_they_are_for(
    app: bootstrap.App,
) -> None:
    from bot.messages import Outgoing
    from bot.services import pushes

    stdout = io.StringIO()
    channel = ConsoleChannel(
        app.core, app.db, app.catalogs, stdin=io.StringIO(""), stdout=stdout, courier=app.courier
    )
    app.courier.register(channel)
    await channel.run()  # creates the demo people; the input is empty
    async with app.db.unit_of_work() as session:
        mentor = await person_named(app, "Demo Mentor (demo)")
        await pushes.push(
            session,
            mentor.id,
            Outgoing("A question from your mentee is waiting."),
            key="test:console-push",
            now=app.core.clock.now(),
            channels={"console"},
        )
    stop = asyncio.Event()
    sending = asyncio.create_task(app.courier.run(stop))
    try:
        async with asyncio.timeout(10):
            while "A question from your mentee" not in stdout.getvalue():
                await app.courier.flush()
                await asyncio.sleep(0.02)
    finally:
        stop.set()
        await sending
    transcript = stdout.getvalue()
    assert "→ untuk Demo Mentor (demo)" in transcript  # the console speaks the mentee's language
    assert "  bot: A question from your mentee is waiting." in transcript
