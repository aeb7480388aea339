"""Lessons: the daily one on schedule, /lesson now, its knowledge check, spaced reviews,
/lessons to browse and reread, /progress."""

from __future__ import annotations

from datetime import date, timedelta

from bot.context import Context, JobContext
from bot.curriculum import schedule
from bot.curriculum.model import Curriculum, Lesson
from bot.db.models import Person
from bot.i18n import Texts
from bot.messages import Button, Outgoing
from bot.roles import EVERYONE
from bot.router import Router
from bot.services import checklists, lessons

from .buttons import CheckAnswer, LessonOpen, ModuleOpen, ReviewAnswer

router = Router()

LETTERS = "ABCD"
DUE_EVERY = timedelta(seconds=60)
# Per zone and run: after a long outage tens of thousands may be due at once; a bounded
# transaction keeps the database free for updates, and the next run takes the rest.
DUE_PER_RUN = 2000
BAR = 8  # characters of a text progress bar


def lesson_messages(texts: Texts, lesson: Lesson, *, check: bool = True) -> list[Outgoing]:
    """A lesson (title, text, source, the footer while unreviewed) and its check."""
    parts = [
        texts("lesson-title", module=lesson.module, order=lesson.order, title=lesson.title),
        lesson.body,
        texts("lesson-source", source=lesson.source, minutes=lesson.minutes),
    ]
    if not lesson.reviewed:
        parts.append(texts("lesson-unreviewed"))
    messages = [Outgoing("\n\n".join(parts))]
    if check:
        buttons = [
            Button(LETTERS[i], payload=CheckAnswer(lesson.id, i + 1).encode())
            for i in range(len(lesson.check.options))
        ]
        messages.append(Outgoing(_question(texts, lesson, "check-title"), (tuple(buttons),)))
    return messages


def _question(texts: Texts, lesson: Lesson, title: str) -> str:
    options = "\n".join(
        f"{LETTERS[i]}. {texts.literal(option)}" for i, option in enumerate(lesson.check.options)
    )
    return "\n\n".join([texts(title), texts.literal(lesson.check.question), options])


# --- on schedule --------------------------------------------------------------------------


@router.job("lessons-due", every=DUE_EVERY)
async def lessons_due(job: JobContext) -> None:
    """Each mentee whose time has come gets their next lesson, once a day, in their zone."""
    total = len(next(iter(job.curricula.values())).lessons) if job.curricula else 0
    for zone in schedule.ZONES:
        due = await lessons.due_mentees(
            job.session, job.now, zone, quiet=job.policy.quiet_hours, lessons=total,
            limit=DUE_PER_RUN,
        )  # fmt: skip
        given = await lessons.given_to(job.session, [person.id for person in due])
        today = schedule.local(job.now, zone).date()
        for person in due:
            curriculum = job.curricula[person.language]
            lesson = lessons.next_lesson(curriculum, given[person.id])
            if lesson is None:
                continue
            await _give(job, person, lesson, today)


async def _give(job: JobContext, person: Person, lesson: Lesson, today: date) -> None:
    texts = Texts(job.catalogs, person.language)
    first, check = lesson_messages(texts, lesson)
    key = f"lesson:{lesson.id}:person:{person.id}"
    if not await job.push(person, first, key=key):
        return  # unreachable on every served channel: tried again at the next run
    await job.push(person, check, key=f"{key}:check")
    await lessons.record(job.session, person.id, lesson.id, now=job.now, local_day=today)


@router.job("reviews-due", every=DUE_EVERY)
async def reviews_due(job: JobContext) -> None:
    """A check answered wrongly comes back after 1, 3 and 7 days, outside quiet hours."""
    for review in await lessons.due_reviews(job.session, job.now):
        person = await job.session.get(Person, review.person_id)
        if person is None:
            continue
        zone = person.timezone or schedule.ZONES[0]
        if job.policy.quiet_hours.hold(schedule.local(job.now, zone).time()):
            continue
        lesson = job.curricula[person.language].lesson(review.lesson_id)
        if lesson is not None:
            texts = Texts(job.catalogs, person.language)
            buttons = tuple(
                Button(LETTERS[i], payload=ReviewAnswer(lesson.id, review.step, i + 1).encode())
                for i in range(len(lesson.check.options))
            )
            text = _question(texts, lesson, "review-title")
            key = f"review:{lesson.id}:{review.step}:person:{person.id}"
            await job.push(person, Outgoing(text, (buttons,)), key=key)
        review.sent_at = job.now


# --- asked for ----------------------------------------------------------------------------


@router.command("lesson", roles=EVERYONE)
async def lesson_now(ctx: Context) -> None:
    """The next lesson now; it counts as today's, so none comes later today."""
    person = _person(ctx)
    given = await lessons.deliveries(ctx.session, person.id)
    lesson = lessons.next_lesson(ctx.curriculum, given)
    if lesson is None:
        ctx.say("lessons-all-given")
        return
    today = schedule.local(ctx.now(), person.timezone or schedule.ZONES[0]).date()
    await lessons.record(ctx.session, person.id, lesson.id, now=ctx.now(), local_day=today)
    for message in lesson_messages(_texts(ctx), lesson):
        ctx.reply.messages.append(message)


@router.callback(CheckAnswer, roles=EVERYONE)
async def check_answered(ctx: Context) -> None:
    choice = ctx.choice(CheckAnswer)
    lesson = ctx.curriculum.lesson(choice.lesson) if choice else None
    if choice is None or lesson is None or not 1 <= choice.option <= len(lesson.check.options):
        ctx.expired()
        return
    person = _person(ctx)
    result = await lessons.answer(
        ctx.session,
        person.id,
        ctx.curriculum,
        lesson,
        choice.option,
        now=ctx.now(),
        review_days=ctx.policy.review_days,
    )
    if result is None:
        ctx.expired()
        return
    if not result.first:
        ctx.say("check-already")
        return
    _feedback(ctx, lesson, result.correct)
    if result.module_done:
        ctx.say("module-done", module=lesson.module)
        await _offer_checklists(ctx, person, lesson.module)
    if result.course_done:
        ctx.say("course-done")


def _feedback(ctx: Context, lesson: Lesson, correct: bool) -> None:
    explanation = Texts.literal(lesson.check.explanation)
    if correct:
        ctx.send(ctx.t("check-right") + "\n\n" + explanation)
    else:
        letter = LETTERS[lesson.check.answer - 1]
        ctx.send(ctx.t("check-wrong", letter=letter) + "\n\n" + explanation)


async def _offer_checklists(ctx: Context, person: Person, module: int) -> None:
    """Checklists whose rule is "after module N" follow the module's last answer."""
    for checklist in checklists.due_after_module(ctx.curriculum, module):
        offered = await checklists.offer(
            ctx.session,
            person,
            checklist,
            now=ctx.now(),
            channels=ctx.channels,
            catalogs=ctx.catalogs,
        )
        ctx.reply.pushed = ctx.reply.pushed or offered


@router.callback(ReviewAnswer, roles=EVERYONE)
async def review_answered(ctx: Context) -> None:
    choice = ctx.choice(ReviewAnswer)
    lesson = ctx.curriculum.lesson(choice.lesson) if choice else None
    if choice is None or lesson is None:
        ctx.expired()
        return
    done = await lessons.answer_review(
        ctx.session, _person(ctx).id, lesson.id, choice.step, now=ctx.now()
    )
    if not done:
        ctx.say("check-already")
        return
    _feedback(ctx, lesson, choice.option == lesson.check.answer)


# --- browsing and progress ----------------------------------------------------------------


@router.command("lessons", roles=EVERYONE)
async def lessons_list(ctx: Context) -> None:
    given = await lessons.deliveries(ctx.session, _person(ctx).id)
    rows = []
    for module in ctx.curriculum.modules:
        ids = [lesson.id for lesson in ctx.curriculum.lessons if lesson.module == module.number]
        done = sum(1 for i in ids if i in given)
        label = f"{module.short} {done}/{len(ids)}"
        rows.append([Button(label, payload=ModuleOpen(module.number).encode())])
    ctx.send(ctx.t("lessons-title"), rows)


@router.callback(ModuleOpen, roles=EVERYONE)
async def module_opened(ctx: Context) -> None:
    choice = ctx.choice(ModuleOpen)
    curriculum: Curriculum = ctx.curriculum
    module = next((m for m in curriculum.modules if choice and m.number == choice.module), None)
    if module is None:
        ctx.expired()
        return
    given = await lessons.deliveries(ctx.session, _person(ctx).id)
    lines, rows = [], []
    for lesson in (item for item in curriculum.lessons if item.module == module.number):
        row = given.get(lesson.id)
        mark = "⬜" if row is None else "📖" if row.answered_at is None else "✅"
        title = Texts.literal(lesson.title)
        lines.append(f"{mark} {lesson.module}.{lesson.order} {title}")
        if row is not None:
            label = f"{lesson.module}.{lesson.order}"
            rows.append(Button(label, payload=LessonOpen(lesson.id).encode()))
    header = ctx.t("module-title", module=module.number, title=module.title)
    ctx.send("\n\n".join([header, "\n".join(lines), ctx.t("module-reread")]), [rows])


@router.callback(LessonOpen, roles=EVERYONE)
async def lesson_reread(ctx: Context) -> None:
    choice = ctx.choice(LessonOpen)
    lesson = ctx.curriculum.lesson(choice.lesson) if choice else None
    given = await lessons.deliveries(ctx.session, _person(ctx).id)
    if lesson is None or lesson.id not in given:
        ctx.expired()  # only lessons already given can be read again
        return
    row = given[lesson.id]
    for message in lesson_messages(_texts(ctx), lesson, check=row.answered_at is None):
        ctx.reply.messages.append(message)


@router.command("progress", roles=EVERYONE)
async def progress(ctx: Context) -> None:
    person = _person(ctx)
    given = await lessons.deliveries(ctx.session, person.id)
    today = schedule.local(ctx.now(), person.timezone or schedule.ZONES[0]).date()
    figures = lessons.progress(ctx.curriculum, given, today=today, days=person.lesson_days)
    lines = []
    for module, item in zip(ctx.curriculum.modules, figures.modules, strict=True):
        filled = round(BAR * item.answered / item.total) if item.total else 0
        bar = "▓" * filled + "░" * (BAR - filled)
        lines.append(
            ctx.t("progress-module", bar=bar, module=module.number, short=module.short,
                  answered=item.answered, total=item.total,
                  right=round(100 * item.correct / item.answered) if item.answered else 0)
        )  # fmt: skip
    summary = ctx.t("progress-summary", accuracy=figures.accuracy, streak=figures.streak,
                    answered=figures.answered)  # fmt: skip
    ctx.send("\n\n".join([ctx.t("progress-title"), "\n".join(lines), summary]))


def _texts(ctx: Context) -> Texts:
    return Texts(ctx.catalogs, ctx.language)


def _person(ctx: Context) -> Person:
    if ctx.person is None:  # the routes' roles admit joined people only
        raise RuntimeError("lesson route without a person")
    return ctx.person
