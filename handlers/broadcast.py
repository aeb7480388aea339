"""/broadcast: an admin composes a message (a text, a lesson or a checklist), picks an audience,
sees it exactly as recipients will, and sends it now or at a local date and time; the job
below queues each copy when its recipient's time has come and keeps the admin's progress
message up to date, with Cancel, until the final report."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select

from bot import payloads, provinces
from bot.context import Context, JobContext
from bot.curriculum import schedule
from bot.curriculum.model import Curriculum
from bot.db.models import Broadcast, Cohort, Person
from bot.i18n import Catalogs, Texts
from bot.markup import escape, to_plain
from bot.messages import Button, Outgoing
from bot.outbox import store
from bot.roles import ADMINS
from bot.router import Router
from bot.services import broadcasts, lessons, pushes
from bot.services.checklists import OpenChecklist
from bot.states import State

from .lessons import lesson_messages

router = Router()
log = logging.getLogger(__name__)

FLOW = "broadcast"
TEXT_ID = State(FLOW, "text-id")
TEXT_EN = State(FLOW, "text-en")
PICK = State(FLOW, "pick")  # a kind, a lesson, a checklist or an audience button
VALUE = State(FLOW, "value")  # a typed cohort or province
WHEN = State(FLOW, "when")  # a typed local date and time
CONFIRM = State(FLOW, "confirm")
MAX_TEXT = 3500
# Often enough that a large audience is queued faster than any platform sends (a batch per
# run), cheap when idle (one indexed query).
EVERY = timedelta(seconds=2)
_TIME = re.compile(
    r"(?:(\d{4}-\d{2}-\d{2})|(besok|tomorrow|hari ini|today))?\s*(\d{1,2})[:.](\d{2})"
)


@payloads.kind("bc:k")
@dataclass(frozen=True, slots=True)
class ComposeKind(payloads.Payload):
    kind: str  # text, lesson, checklist


@payloads.kind("bc:m")
@dataclass(frozen=True, slots=True)
class PickModule(payloads.Payload):
    module: int


@payloads.kind("bc:l")
@dataclass(frozen=True, slots=True)
class PickLesson(payloads.Payload):
    lesson: str


@payloads.kind("bc:c")
@dataclass(frozen=True, slots=True)
class PickChecklist(payloads.Payload):
    checklist: str


@payloads.kind("bc:a")
@dataclass(frozen=True, slots=True)
class PickAudience(payloads.Payload):
    kind: str
    value: str


@payloads.kind("bc:w")
@dataclass(frozen=True, slots=True)
class PickWhen(payloads.Payload):
    now: bool


@payloads.kind("bc:skip")
@dataclass(frozen=True, slots=True)
class SkipEnglish(payloads.Payload):
    pass


@payloads.kind("bc:go")
@dataclass(frozen=True, slots=True)
class SendBroadcast(payloads.Payload):
    pass


@payloads.kind("bc:x")
@dataclass(frozen=True, slots=True)
class StopComposing(payloads.Payload):
    pass


@payloads.kind("bc:cancel")
@dataclass(frozen=True, slots=True)
class CancelBroadcast(payloads.Payload):
    broadcast: int


def _stop_row(ctx: Context) -> list[Button]:
    return [ctx.button("btn-cancel", StopComposing())]


# --- composing ------------------------------------------------------------------------------


@router.command("broadcast", roles=ADMINS)
async def start(ctx: Context) -> None:
    await ctx.set_state(PICK, {})
    ctx.say(
        "bc-ask-kind",
        [
            [ctx.button("btn-bc-text", ComposeKind("text"))],
            [ctx.button("btn-bc-lesson", ComposeKind("lesson"))],
            [ctx.button("btn-bc-checklist", ComposeKind("checklist"))],
            _stop_row(ctx),
        ],
    )


@router.callback(StopComposing, roles=ADMINS, states=(State(FLOW),))
async def stop(ctx: Context) -> None:
    await ctx.clear_state()
    ctx.say("bc-stopped")


@router.callback(ComposeKind, roles=ADMINS, states=(PICK,))
async def kind_chosen(ctx: Context) -> None:
    pressed = ctx.choice(ComposeKind)
    kind = pressed.kind if pressed else ""
    if kind == "text":
        await ctx.set_state(TEXT_ID, {})
        ctx.say("bc-ask-text-id", [_stop_row(ctx)])
    elif kind == "lesson":
        rows = [
            [ctx.button("btn-bc-module", PickModule(m.number), number=m.number, title=m.short)]
            for m in ctx.curriculum.modules
        ]
        ctx.say("bc-ask-module", [*rows, _stop_row(ctx)])
    elif kind == "checklist":
        rows = [
            [Button(c.short, payload=PickChecklist(c.id).encode())]
            for c in ctx.curriculum.checklists
        ]
        ctx.say("bc-ask-checklist", [*rows, _stop_row(ctx)])
    else:
        ctx.expired()


@router.text(TEXT_ID, roles=ADMINS)
async def text_id_typed(ctx: Context) -> None:
    text = ctx.typed.strip()
    if not text or len(text) > MAX_TEXT:
        ctx.say("bc-text-invalid", [_stop_row(ctx)], most=MAX_TEXT)
        return
    await ctx.set_state(TEXT_EN, {"text_id": text})
    ctx.say("bc-ask-text-en", [[ctx.button("btn-bc-skip", SkipEnglish())], _stop_row(ctx)])


@router.text(TEXT_EN, roles=ADMINS)
async def text_en_typed(ctx: Context) -> None:
    text = ctx.typed.strip()
    if not text or len(text) > MAX_TEXT:
        ctx.say("bc-text-invalid", [_stop_row(ctx)], most=MAX_TEXT)
        return
    await _ask_audience(ctx, {**ctx.data, "text_en": text})


@router.callback(SkipEnglish, roles=ADMINS, states=(TEXT_EN,))
async def english_skipped(ctx: Context) -> None:
    await _ask_audience(ctx, dict(ctx.data))


@router.callback(PickModule, roles=ADMINS, states=(PICK,))
async def module_chosen(ctx: Context) -> None:
    pressed = ctx.choice(PickModule)
    found = [x for x in ctx.curriculum.lessons if pressed and x.module == pressed.module]
    if not found:
        return ctx.expired()
    rows = [
        [Button(f"{x.module}.{x.order} {x.title}", payload=PickLesson(x.id).encode())]
        for x in found
    ]
    ctx.say("bc-ask-lesson", [*rows, _stop_row(ctx)])
    return None


@router.callback(PickLesson, roles=ADMINS, states=(PICK,))
async def lesson_chosen(ctx: Context) -> None:
    pressed = ctx.choice(PickLesson)
    if pressed is None or not any(x.id == pressed.lesson for x in ctx.curriculum.lessons):
        return ctx.expired()
    await _ask_audience(ctx, {"lesson": pressed.lesson})
    return None


@router.callback(PickChecklist, roles=ADMINS, states=(PICK,))
async def checklist_chosen(ctx: Context) -> None:
    pressed = ctx.choice(PickChecklist)
    if pressed is None or not any(c.id == pressed.checklist for c in ctx.curriculum.checklists):
        return ctx.expired()
    await _ask_audience(ctx, {"checklist": pressed.checklist})
    return None


async def _ask_audience(ctx: Context, data: dict[str, object]) -> None:
    await ctx.set_state(PICK, data)

    def choice(key: str, kind: str, value: str = "-") -> Button:
        return ctx.button(key, PickAudience(kind, value))

    ctx.say(
        "bc-ask-audience",
        [
            [choice("btn-bc-everyone", "everyone"), choice("btn-bc-mentees", "mentees")],
            [choice("btn-bc-mentors", "mentors"), choice("btn-bc-cohort", "cohort")],
            [choice("btn-bc-province", "province"), choice("btn-bc-zone", "zone")],
            [choice("btn-bc-module-left", "module")],
            _stop_row(ctx),
        ],
    )


@router.callback(PickAudience, roles=ADMINS, states=(PICK,))
async def audience_chosen(ctx: Context) -> None:
    pressed = ctx.choice(PickAudience)
    if pressed is None:
        return ctx.expired()
    kind, value = pressed.kind, pressed.value
    if kind in broadcasts.ROLE_AUDIENCES:
        return await _ask_when(ctx, {**ctx.data, "aud": kind, "val": None})
    if kind == "zone" and value in ("WIB", "WITA", "WIT"):
        return await _ask_when(ctx, {**ctx.data, "aud": kind, "val": value})
    if kind == "zone":
        zones = [
            ctx.button("btn-bc-zone-value", PickAudience("zone", z), zone=z)
            for z in ("WIB", "WITA", "WIT")
        ]
        ctx.say("bc-ask-zone", [zones, _stop_row(ctx)])
        return None
    if kind == "module" and value.isdigit():
        return await _ask_when(ctx, {**ctx.data, "aud": kind, "val": value})
    if kind == "module":
        rows = [
            ctx.button(
                "btn-bc-module-number", PickAudience("module", str(m.number)), number=m.number
            )
            for m in ctx.curriculum.modules
        ]
        ctx.say("bc-ask-module-left", [rows[:3], rows[3:], _stop_row(ctx)])
        return None
    if kind in ("cohort", "province"):
        await ctx.set_state(VALUE, {**ctx.data, "aud": kind})
        ctx.say(f"bc-ask-{kind}", [_stop_row(ctx)])
        return None
    return ctx.expired()


@router.text(VALUE, roles=ADMINS)
async def value_typed(ctx: Context) -> None:
    typed = " ".join(ctx.typed.split())
    if ctx.data.get("aud") == "cohort":
        cohort = await ctx.session.scalar(select(Cohort.id).where(Cohort.name == typed))
        if cohort is None:
            ctx.say("bc-cohort-unknown", [_stop_row(ctx)], name=typed[:60])
            return
        await _ask_when(ctx, {**ctx.data, "val": typed})
        return
    province = provinces.best_match(typed)
    if province is None:
        ctx.say("bc-province-unknown", [_stop_row(ctx)], name=typed[:60])
        return
    await _ask_when(ctx, {**ctx.data, "val": province.code})


async def _ask_when(ctx: Context, data: dict[str, object]) -> None:
    await ctx.set_state(WHEN, data)
    ctx.say(
        "bc-ask-when",
        [
            [ctx.button("btn-bc-now", PickWhen(True))],
            _stop_row(ctx),
        ],
    )


@router.callback(PickWhen, roles=ADMINS, states=(WHEN,))
async def now_chosen(ctx: Context) -> None:
    await _preview(ctx, {**ctx.data, "at": None})


@router.text(WHEN, roles=ADMINS)
async def when_typed(ctx: Context) -> None:
    at = parse_when(ctx.typed, _admin_today(ctx), _admin_now(ctx))
    if at is None:
        ctx.say("bc-when-invalid", [[ctx.button("btn-bc-now", PickWhen(True))], _stop_row(ctx)])
        return
    await _preview(ctx, {**ctx.data, "at": at.strftime(broadcasts.LOCAL_FORMAT)})


def _admin_zone(ctx: Context) -> str:
    person = ctx.person
    return (person.timezone if person else None) or schedule.ZONES[0]


def _admin_now(ctx: Context) -> datetime:
    return schedule.local(ctx.now(), _admin_zone(ctx)).replace(tzinfo=None)


def _admin_today(ctx: Context) -> date:
    return _admin_now(ctx).date()


def parse_when(text: str, today: date, now: datetime) -> datetime | None:
    """ "2026-12-08 07:30", "besok 07.30", "tomorrow 7:30" or "07:30" (today, or tomorrow
    when that has passed), as a local date and time; None for anything else or the past."""
    match = _TIME.fullmatch(" ".join(text.lower().split()))
    if match is None:
        return None
    day_text, word, hour, minute = match.groups()
    if int(hour) > 23 or int(minute) > 59:
        return None
    if day_text:
        try:
            day = date.fromisoformat(day_text)
        except ValueError:
            return None
    elif word in ("besok", "tomorrow"):
        day = today + timedelta(days=1)
    else:
        day = today
    moment = datetime(day.year, day.month, day.day, int(hour), int(minute))
    if moment <= now:
        if day_text or word:
            return None
        moment += timedelta(days=1)  # a bare time already past today means tomorrow's
    return moment


# --- preview and sending --------------------------------------------------------------------


def _audience(data: dict[str, object], demo: bool) -> broadcasts.Audience:
    value = data.get("val")
    kind, value = str(data.get("aud")), None if value is None else str(value)
    return broadcasts.Audience(kind, value, demo)


async def _preview(ctx: Context, data: dict[str, object]) -> None:
    await ctx.set_state(CONFIRM, data)
    me = ctx.person
    audience = _audience(data, demo=bool(me and me.is_demo))
    everyone = await broadcasts.people_of(
        ctx.session, audience, module_lessons=_module_lessons(ctx.curricula, audience)
    )
    reachable = await pushes.addresses_of(ctx.session, [p.id for p in everyone], ctx.channels)
    languages = sorted({p.language for p in everyone} or {ctx.language}, key=lambda x: x != "id")
    draft = _draft(data)
    for language in languages:
        ctx.say("bc-preview-in", language=ctx.t(f"language-{language}"))
        for message in compose(draft, language, ctx.catalogs, ctx.curricula):
            ctx.send(message.text, [list(row) for row in message.buttons])
    at = data.get("at")
    ctx.say(
        "bc-confirm",
        [[ctx.button("btn-bc-send", SendBroadcast())], _stop_row(ctx)],
        audience=_audience_label(ctx, audience),
        count=len(everyone),
        unreachable=len(everyone) - len(reachable),
        when=ctx.t("bc-when-now")
        if at is None
        else ctx.t("bc-when-at", at=str(at).replace("T", " ")),
    )


@router.callback(SendBroadcast, roles=ADMINS, states=(CONFIRM,))
async def send_pressed(ctx: Context) -> None:
    data = dict(ctx.data)
    await ctx.clear_state()
    me = ctx.person
    if me is None:
        return
    draft = _draft(data)
    broadcast = await broadcasts.create(
        ctx.session,
        audience=_audience(data, demo=me.is_demo),
        now=ctx.now(),
        created_by=me.id,
        text_id=draft.text_id,
        text_en=draft.text_en,
        lesson_id=draft.lesson_id,
        checklist_id=draft.checklist_id,
        local_at=str(data["at"]) if data.get("at") else None,
    )
    ctx.audit("broadcast.created", broadcast=broadcast.id)
    if ctx.incoming.message_ref is not None:
        broadcast.progress_channel = ctx.incoming.channel.value
        broadcast.progress_address = ctx.incoming.chat_id
        broadcast.progress_message_id = ctx.incoming.message_ref
    text = _progress_text(ctx.catalogs, ctx.language, broadcast, None)
    ctx.send(text, [[ctx.button("btn-bc-cancel", CancelBroadcast(broadcast.id))]], replace=True)
    ctx.reply.pushed = True  # the job looks at once


@router.callback(CancelBroadcast, roles=ADMINS)
async def cancel_pressed(ctx: Context) -> None:
    pressed = ctx.choice(CancelBroadcast)
    broadcast = await ctx.session.get(Broadcast, pressed.broadcast) if pressed else None
    if broadcast is None:
        return ctx.expired()
    if broadcast.status not in (broadcasts.SCHEDULED, broadcasts.SENDING):
        ctx.say("bc-already-finished", number=broadcast.id)
        return None
    withdrawn = await broadcasts.cancel(ctx.session, broadcast, ctx.now())
    ctx.audit("broadcast.cancelled", broadcast=broadcast.id)
    progress = await broadcasts.progress(ctx.session, broadcast)
    ctx.say("bc-cancelled", number=broadcast.id, sent=progress.sent, stopped=withdrawn)
    return None


# --- what recipients get ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Draft:
    text_id: str | None = None
    text_en: str | None = None
    lesson_id: str | None = None
    checklist_id: str | None = None


def _draft(data: dict[str, object]) -> Draft:
    def text(name: str) -> str | None:
        value = data.get(name)
        return str(value) if value else None

    return Draft(text("text_id"), text("text_en"), text("lesson"), text("checklist"))


def draft_of(broadcast: Broadcast) -> Draft:
    return Draft(broadcast.text_id, broadcast.text_en, broadcast.lesson_id, broadcast.checklist_id)


def compose(
    draft: Draft, language: str, catalogs: Catalogs, curricula: dict[str, Curriculum]
) -> list[Outgoing]:
    """The messages one recipient gets, in their language: a text as typed (the English one
    for English speakers when there is one), a lesson and its check, or a checklist offer."""
    if draft.lesson_id is not None:
        curriculum = curricula[language]
        lesson = next(x for x in curriculum.lessons if x.id == draft.lesson_id)
        return lesson_messages(Texts(catalogs, language), lesson)
    if draft.checklist_id is not None:
        checklist = next(c for c in curricula[language].checklists if c.id == draft.checklist_id)
        label = to_plain(catalogs.text(language, "btn-checklist-open"))
        button = Button(label, payload=OpenChecklist(checklist.id).encode())
        text = catalogs.text(language, "checklist-offer", title=checklist.title)
        return [Outgoing(text, ((button,),))]
    typed = draft.text_en if language == "en" and draft.text_en else draft.text_id
    return [Outgoing(escape(typed or ""))]


def _module_lessons(curricula: dict[str, Curriculum], audience: broadcasts.Audience) -> int | None:
    """How many lessons the audience's module has (the same in every language)."""
    if audience.kind != "module" or not curricula:
        return None
    curriculum = next(iter(curricula.values()))
    return sum(1 for lesson in curriculum.lessons if str(lesson.module) == audience.value)


def _audience_label(ctx: Context, audience: broadcasts.Audience) -> str:
    if audience.kind == "province":
        province = provinces.by_code(audience.value or "")
        return ctx.t("bc-audience-province", name=province.name if province else "-")
    if audience.kind in ("cohort", "zone", "module"):
        return ctx.t(f"bc-audience-{audience.kind}", value=audience.value or "-")
    return ctx.t(f"bc-audience-{audience.kind}")


def _progress_text(
    catalogs: Catalogs, language: str, broadcast: Broadcast, progress: broadcasts.Progress | None
) -> str:
    if progress is None:
        return catalogs.text(
            language,
            "bc-progress-scheduled" if broadcast.local_at else "bc-progress-starting",
            number=broadcast.id,
            at=(broadcast.local_at or "").replace("T", " "),
        )
    key = "bc-report" if broadcast.status == broadcasts.DONE else "bc-progress"
    return catalogs.text(
        language,
        key,
        number=broadcast.id,
        sent=progress.sent,
        pending=progress.pending,
        failed=progress.failed,
        blocked=progress.blocked,
        unreachable=progress.unreachable,
    )


# --- the job ------------------------------------------------------------------------------------


@router.job("broadcasts-due", every=EVERY)
async def broadcasts_due(job: JobContext) -> None:
    for broadcast in await broadcasts.active(job.session):
        try:
            # Each in a savepoint: one that cannot go on (its lesson removed from the content
            # since) is stopped without holding up the others.
            async with job.session.begin_nested():
                if broadcast.status == broadcasts.SCHEDULED:
                    await _queue_due(job, broadcast)
                if broadcast.status == broadcasts.SENDING:
                    await _follow(job, broadcast)
        except (LookupError, StopIteration, RuntimeError):
            log.exception("broadcast stopped: its content is gone")
            await broadcasts.cancel(job.session, broadcast, job.now)


async def _queue_due(job: JobContext, broadcast: Broadcast) -> None:
    """Queue the copies whose recipients' local time has come (a batch per run); once every
    zone's time has come and every reachable recipient has a copy, the broadcast is sending."""
    zones = broadcasts.zones_due(broadcast, job.now)
    if not zones:
        return  # nobody's local time has come yet: nothing to load
    audience = broadcasts.Audience.from_json(broadcast.audience)
    everyone = await broadcasts.recipients_of(
        job.session, audience, zones, module_lessons=_module_lessons(job.curricula, audience)
    )
    already = await broadcasts.queued_people(job.session, broadcast.id)
    due = [p for p in everyone if p.id not in already]
    # Addresses first, so that people who cannot be reached never fill a batch.
    addresses = await pushes.addresses_of(job.session, [p.id for p in due], job.channels)
    reachable = [p for p in due if p.id in addresses]
    batch = reachable[: broadcasts.BATCH]
    draft = draft_of(broadcast)
    new: list[store.NewMessage] = []
    given = await lessons.given_to(job.session, [p.id for p in batch]) if draft.lesson_id else {}
    composed: dict[str, list[Outgoing]] = {}  # the same copy for everyone of a language
    for person in batch:
        address = addresses[person.id]
        messages = composed.get(person.language)
        if messages is None:
            messages = composed[person.language] = compose(
                draft, person.language, job.catalogs, job.curricula
            )
        for index, message in enumerate(messages):
            key = broadcasts.key(broadcast.id, person.id)
            new.append(
                store.NewMessage(
                    person.id, address.channel, address.chat_id, message,
                    key if index == 0 else f"bcx:{broadcast.id}:{person.id}:{index}",
                )
            )  # fmt: skip
        if draft.lesson_id and draft.lesson_id not in given.get(person.id, set()):
            # A lesson broadcast to someone counts as that lesson delivered to them.
            today = schedule.local(job.now, person.timezone or schedule.ZONES[0]).date()
            await lessons.record(
                job.session, person.id, draft.lesson_id, now=job.now, local_day=today
            )
    queued = await store.enqueue(job.session, new, now=job.now)
    job.pushed += len(queued)
    if len(zones) == len(schedule.ZONES) and len(reachable) <= broadcasts.BATCH:
        reached = already | {n.person_id for n in new}
        broadcast.recipients = len(reached)
        broadcast.unreachable = len(everyone) - len(reached)
        broadcast.status = broadcasts.SENDING


async def _follow(job: JobContext, broadcast: Broadcast) -> None:
    """Edit the admin's progress message when the figures changed; the report at the end."""
    progress = await broadcasts.progress(job.session, broadcast)
    if progress.finished:
        broadcast.status = broadcasts.DONE
        broadcast.finished_at = job.now
    admin = (
        await job.session.get(Person, broadcast.created_by_id) if broadcast.created_by_id else None
    )
    if admin is None:
        return
    text = _progress_text(job.catalogs, admin.language, broadcast, progress)
    figures = f"{progress.sent}:{progress.pending}:{progress.failed}:{progress.blocked}"
    if broadcast.progress_message_id and broadcast.progress_address and broadcast.progress_channel:
        buttons: tuple[tuple[Button, ...], ...] = ()
        if not progress.finished:
            label = to_plain(job.catalogs.text(admin.language, "btn-bc-cancel"))
            buttons = ((Button(label, payload=CancelBroadcast(broadcast.id).encode()),),)
        await store.enqueue(
            job.session,
            [
                store.NewMessage(
                    admin.id,
                    broadcast.progress_channel,
                    broadcast.progress_address,
                    Outgoing(text, buttons, replace=True),
                    f"bcp:{broadcast.id}:{figures}",
                    edit_of=broadcast.progress_message_id,
                )
            ],
            now=job.now,
        )
        job.pushed += 1
    if progress.finished:
        await job.push(admin, Outgoing(text), key=f"bcr:{broadcast.id}")
