"""Questions: a mentee asks, the right mentor answers, and no victim is ever identifiable.

Everything typed here is masked by the identifier service before it is stored, shown back or
relayed; the person sees the masked text and sends or edits it. Relayed questions and answers
are protected from forwarding. Every button names a question and is checked against who
pressed it: a forged id is refused and audited.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot import payloads
from bot.context import Context, JobContext
from bot.curriculum import schedule
from bot.db.models import Person, Question
from bot.messages import Button, Outgoing
from bot.outbox import store
from bot.render.titles import shorten
from bot.roles import EVERYONE, MENTORS, Role
from bot.router import Router
from bot.services import identifiers, matching, questions, search
from bot.states import State

from .search import show_hit

router = Router()

QUESTION_FLOW = "question"
ASKING = State(QUESTION_FLOW, "ask")
ANSWERING = State(QUESTION_FLOW, "answer")
FOLLOWING_UP = State(QUESTION_FLOW, "followup")
CONFIRMING = State(QUESTION_FLOW, "confirm")
FAQ_QUESTION = State(QUESTION_FLOW, "faq-q")
FAQ_ANSWER = State(QUESTION_FLOW, "faq-a")
# What a draft becomes when sent, and the step that types it again.
TYPING = {
    questions.QUESTION: ASKING,
    questions.ANSWER: ANSWERING,
    questions.FOLLOWUP: FOLLOWING_UP,
}
EXCERPT = 60
SHOWN = 10  # one list of rows on WhatsApp
SUGGESTIONS = 3
LABEL_MAX = 24  # a WhatsApp list row's title


@payloads.kind("q:send")
@dataclass(frozen=True, slots=True)
class SendDraft(payloads.Payload):
    pass


@payloads.kind("q:edit")
@dataclass(frozen=True, slots=True)
class EditDraft(payloads.Payload):
    pass


@payloads.kind("q:x")
@dataclass(frozen=True, slots=True)
class CancelQuestion(payloads.Payload):
    pass


@payloads.kind("q:ans")
@dataclass(frozen=True, slots=True)
class AnswerIt(payloads.Payload):
    question: int


@payloads.kind("q:pass")
@dataclass(frozen=True, slots=True)
class PassIt(payloads.Payload):
    question: int
    not_my_area: bool


@payloads.kind("q:ok")
@dataclass(frozen=True, slots=True)
class Solved(payloads.Payload):
    question: int


@payloads.kind("q:more")
@dataclass(frozen=True, slots=True)
class FollowUp(payloads.Payload):
    question: int


@payloads.kind("q:show")
@dataclass(frozen=True, slots=True)
class ShowQuestion(payloads.Payload):
    question: int


@payloads.kind("q:del")
@dataclass(frozen=True, slots=True)
class Retract(payloads.Payload):
    question: int
    sure: bool


@payloads.kind("q:faq")
@dataclass(frozen=True, slots=True)
class Publish(payloads.Payload):
    question: int


@payloads.kind("q:hit")
@dataclass(frozen=True, slots=True)
class OpenHit(payloads.Payload):
    kind: str  # a search hit's kind: lesson or faq
    ref: str


@payloads.kind("q:dfl")
@dataclass(frozen=True, slots=True)
class Deflected(payloads.Payload):
    pass


@payloads.kind("q:keep")
@dataclass(frozen=True, slots=True)
class KeepAsShown(payloads.Payload):
    pass


def _me(ctx: Context) -> Person:
    if ctx.person is None:  # every route here is for joined people only
        raise RuntimeError("question handler without a person")
    return ctx.person


def _target(ctx: Context | JobContext) -> timedelta:
    return timedelta(hours=ctx.policy.answer_target_hours)


def _cancel_row(ctx: Context) -> list[Button]:
    return [ctx.button("btn-cancel", CancelQuestion())]


# --- asking -------------------------------------------------------------------------------


@router.command("ask", roles=EVERYONE)
async def ask(ctx: Context) -> None:
    words = ctx.incoming.command[1] if ctx.incoming.command else ""
    if words:
        await _preview(ctx, questions.QUESTION, words, None)
        return
    await ctx.set_state(ASKING)
    ctx.say("ask-prompt", [_cancel_row(ctx)])


@router.text(ASKING, roles=EVERYONE)
async def question_typed(ctx: Context) -> None:
    await _preview(ctx, questions.QUESTION, ctx.typed, None)


@router.text(FOLLOWING_UP, roles=EVERYONE)
async def follow_up_typed(ctx: Context) -> None:
    await _preview(ctx, questions.FOLLOWUP, ctx.typed, ctx.data.get("q"))


@router.text(ANSWERING, roles=EVERYONE)
async def answer_typed(ctx: Context) -> None:
    await _preview(ctx, questions.ANSWER, ctx.typed, ctx.data.get("q"))


async def _preview(ctx: Context, kind: str, typed: str, question_id: int | None) -> None:
    """Mask what was typed and show it back: a question or follow-up always waits for Send
    (the mentee sees what the mentor will see); an answer goes at once unless something was
    masked."""
    text = typed.strip()
    if not text:
        await ctx.set_state(TYPING[kind], {"q": question_id})
        ctx.say("question-text-needed", [_cancel_row(ctx)])
        return
    if len(text) > questions.MAX_TEXT:
        await ctx.set_state(TYPING[kind], {"q": question_id})
        ctx.say("question-too-long", [_cancel_row(ctx)], most=questions.MAX_TEXT)
        return
    masked = identifiers.mask(text)
    if kind == questions.ANSWER and not masked.changed:
        await _send_draft(ctx, kind, masked.text, question_id)
        return
    await ctx.set_state(CONFIRMING, {"kind": kind, "draft": masked.text, "q": question_id})
    key = "question-masked" if masked.changed else "question-preview"
    send_key = "btn-question-send" if kind != questions.ANSWER else "btn-answer-send"
    rows = [
        [ctx.button(send_key, SendDraft())],
        [ctx.button("btn-question-edit", EditDraft()), *_cancel_row(ctx)],
    ]
    hits = await _suggestions(ctx, masked.text) if kind == questions.QUESTION else []
    if hits:
        # Deflection: what the lessons and published answers already say, before a mentor's
        # time is asked for.
        suggested = [
            [
                Button(
                    shorten(f"📖 {hit.title}", LABEL_MAX),
                    payload=OpenHit(hit.kind, hit.ref).encode(),
                )
            ]
            for hit in hits
        ]
        rows = [*suggested, [ctx.button("btn-answered-by-this", Deflected())], *rows]
    text = ctx.t(key, text=masked.text, count=len(masked.found))
    if hits:
        text += "\n\n" + ctx.t("question-suggestions")
    ctx.send(text, rows)


async def _suggestions(ctx: Context, text: str) -> list[search.Hit]:
    return await search.search(ctx.session, ctx.curricula, ctx.language, text, SUGGESTIONS)


@router.callback(OpenHit, roles=EVERYONE, states=(CONFIRMING,))
async def hit_opened(ctx: Context) -> None:
    pressed = ctx.choice(OpenHit)
    if pressed is None:
        return ctx.expired()
    await show_hit(ctx, pressed.kind, pressed.ref)
    ctx.say(
        "question-did-it-answer",
        [
            [ctx.button("btn-answered-by-this", Deflected())],
            [ctx.button("btn-question-send", SendDraft())],
        ],
    )
    return None


@router.callback(Deflected, roles=EVERYONE, states=(CONFIRMING,))
async def deflected(ctx: Context) -> None:
    """The question is answered without a mentor: nothing is stored but the count."""
    await ctx.clear_state()
    ctx.audit("question.deflected")
    ctx.say("question-deflected")


@router.callback(SendDraft, roles=EVERYONE, states=(CONFIRMING,))
async def send_pressed(ctx: Context) -> None:
    kind, draft = str(ctx.data.get("kind", "")), str(ctx.data.get("draft", ""))
    if kind not in TYPING or not draft:
        await ctx.clear_state()
        ctx.expired()
        return
    await _send_draft(ctx, kind, draft, ctx.data.get("q"))


@router.callback(EditDraft, roles=EVERYONE, states=(CONFIRMING,))
async def edit_pressed(ctx: Context) -> None:
    kind = str(ctx.data.get("kind", ""))
    if kind not in TYPING:
        await ctx.clear_state()
        ctx.expired()
        return
    await ctx.set_state(TYPING[kind], {"q": ctx.data.get("q")})
    ctx.say("question-edit-prompt", [_cancel_row(ctx)])


@router.callback(CancelQuestion, roles=EVERYONE, states=(State(QUESTION_FLOW),))
async def cancel_pressed(ctx: Context) -> None:
    await ctx.clear_state()
    ctx.say("question-cancelled")


async def _send_draft(ctx: Context, kind: str, text: str, question_id: int | None) -> None:
    await ctx.clear_state()
    me = _me(ctx)
    if kind == questions.QUESTION:
        await _ask(ctx, me, text)
        return
    question = await _question(ctx, question_id)
    if question is None:
        return
    if kind == questions.ANSWER:
        if not questions.may_answer(question, me) or question.status == questions.CLOSED:
            return _refuse(ctx)
        await _answer(ctx, question, text)
    elif kind == questions.FOLLOWUP:
        if not questions.may_ask_more(question, me):
            return _refuse(ctx)
        await _follow_up(ctx, question, text)


async def _ask(ctx: Context, mentee: Person, text: str) -> None:
    question, message = await questions.ask(ctx.session, mentee, text, ctx.now(), _target(ctx))
    owner = await _relay(ctx, question, message.id, "relay-question", text)
    ctx.audit("question.asked", question=question.id)
    hours = ctx.policy.answer_target_hours
    if owner is not None:
        ctx.say("question-sent", number=question.id, mentor=owner.display_name or "", hours=hours)
    else:
        ctx.say("question-sent-team", number=question.id, hours=hours)


async def _relay(
    ctx: Context | JobContext, question: Question, message_id: int, key: str, text: str
) -> Person | None:
    """Send one message of a thread to whoever owns the question (or every admin), protected
    from forwarding, with the buttons to answer or pass it; the owner, None for the admins."""
    mentee = await ctx.session.get(Person, question.mentee_id)
    if mentee is None:
        return None
    owner = await ctx.session.get(Person, question.owner_id) if question.owner_id else None
    recipients = [owner] if owner else await questions.admins(ctx.session, demo=mentee.is_demo)
    left = max(int((question.due_at - _now(ctx)).total_seconds() // 3600), 0)
    for person in recipients:
        body = ctx.catalogs.text(
            person.language,
            key,
            number=question.id,
            name=mentee.display_name or "",
            office=mentee.office or "-",
            hours=left,
            text=text,
        )
        await ctx.push(
            person,
            Outgoing(body, _owner_buttons(ctx, person, question.id), protect=True),
            key=questions.relay_key(question.id, message_id, person.id),
        )
    return owner


def _now(ctx: Context | JobContext) -> datetime:
    return ctx.now() if isinstance(ctx, Context) else ctx.now


def _owner_buttons(
    ctx: Context | JobContext, person: Person, question_id: int
) -> tuple[tuple[Button, ...], ...]:
    def label(key: str) -> str:
        return ctx.catalogs.text(person.language, key)

    return (
        (Button(label("btn-answer"), payload=AnswerIt(question_id).encode()),),
        (
            Button(label("btn-pass"), payload=PassIt(question_id, False).encode()),
            Button(label("btn-not-my-area"), payload=PassIt(question_id, True).encode()),
        ),
    )


# --- answering ------------------------------------------------------------------------------


@router.callback(AnswerIt, roles=EVERYONE)
async def answer_pressed(ctx: Context) -> None:
    pressed = ctx.choice(AnswerIt)
    question = await _question(ctx, pressed.question if pressed else None)
    if question is None:
        return
    if not questions.may_answer(question, _me(ctx)):
        return _refuse(ctx)
    if question.status == questions.CLOSED:
        ctx.say("question-already-closed", number=question.id)
        return
    await ctx.set_state(ANSWERING, {"q": question.id})
    ctx.say("answer-prompt", [_cancel_row(ctx)], number=question.id)


@router.on_reply
async def replied(ctx: Context) -> bool:
    """A reply to a relayed question answers it; a mentee's reply to an answer follows up."""
    me = _me(ctx)
    question_id = await questions.by_reply(ctx.session, me.id, ctx.incoming.reply_to or "")
    if question_id is None:
        return False
    question = await ctx.session.get(Question, question_id)
    if question is None:
        return False
    if questions.may_answer(question, me) and question.mentee_id != me.id:
        if question.status == questions.CLOSED:
            ctx.say("question-already-closed", number=question.id)
            return True
        await _preview(ctx, questions.ANSWER, ctx.typed, question.id)
        return True
    if questions.may_ask_more(question, me):
        await _preview(ctx, questions.FOLLOWUP, ctx.typed, question.id)
        return True
    return False


async def _answer(ctx: Context, question: Question, text: str) -> None:
    me = _me(ctx)
    message = await questions.answer(ctx.session, question, me, text, ctx.now())
    mentee = await ctx.session.get(Person, question.mentee_id)
    if mentee is not None:
        body = ctx.catalogs.text(
            mentee.language,
            "answer-received",
            number=question.id,
            mentor=me.display_name or "",
            text=text,
        )
        buttons = (
            (
                Button(
                    ctx.catalogs.text(mentee.language, "btn-solved"),
                    payload=Solved(question.id).encode(),
                ),
                Button(
                    ctx.catalogs.text(mentee.language, "btn-follow-up"),
                    payload=FollowUp(question.id).encode(),
                ),
            ),
        )
        await ctx.push(
            mentee,
            Outgoing(body, buttons, protect=True),
            key=questions.relay_key(question.id, message.id, mentee.id),
        )
    ctx.audit("question.answered", question=question.id)
    ctx.say(
        "answer-sent",
        [[ctx.button("btn-publish-faq", Publish(question.id))]],
        number=question.id,
        name=(mentee.display_name or "") if mentee else "",
    )


@router.callback(PassIt, roles=MENTORS)
async def pass_pressed(ctx: Context) -> None:
    pressed = ctx.choice(PassIt)
    question = await _question(ctx, pressed.question if pressed else None)
    if question is None or pressed is None:
        return
    me = _me(ctx)
    if not questions.may_answer(question, me) or question.owner_id is None:
        return _refuse(ctx)
    if question.status != questions.OPEN:
        ctx.say("question-not-open", number=question.id)
        return
    await _move(ctx, question, me.id, "question-passed")
    ctx.audit("question.passed", question=question.id, not_my_area=int(pressed.not_my_area))
    ctx.say("pass-done", number=question.id)


async def _move(ctx: Context | JobContext, question: Question, by: int | None, tell: str) -> None:
    """Give a question to the next owner and relay its whole thread to them."""
    mentee = await ctx.session.get(Person, question.mentee_id)
    if mentee is None:
        return
    now = _now(ctx)
    await questions.pass_on(ctx.session, question, mentee, by, now, _target(ctx))
    thread = await questions.thread(ctx.session, question.id)
    text = "\n\n".join(m.text for m in thread if m.kind != questions.ANSWER)
    await _relay(ctx, question, thread[-1].id if thread else 0, "relay-passed", text)
    told = Outgoing(ctx.catalogs.text(mentee.language, tell, number=question.id))
    await ctx.push(mentee, told, key=f"q:{question.id}:moved:{now.timestamp():.0f}")


# --- the mentee's side ------------------------------------------------------------------------


@router.callback(Solved, roles=EVERYONE)
async def solved_pressed(ctx: Context) -> None:
    pressed = ctx.choice(Solved)
    question = await _question(ctx, pressed.question if pressed else None)
    if question is None:
        return
    if not questions.may_ask_more(question, _me(ctx)):
        return _refuse(ctx)
    questions.close(question, ctx.now())
    ctx.say("question-solved", number=question.id)


@router.callback(FollowUp, roles=EVERYONE)
async def follow_up_pressed(ctx: Context) -> None:
    pressed = ctx.choice(FollowUp)
    question = await _question(ctx, pressed.question if pressed else None)
    if question is None:
        return
    if not questions.may_ask_more(question, _me(ctx)):
        return _refuse(ctx)
    await ctx.set_state(FOLLOWING_UP, {"q": question.id})
    ctx.say("followup-prompt", [_cancel_row(ctx)], number=question.id)


async def _follow_up(ctx: Context, question: Question, text: str) -> None:
    message = await questions.follow_up(ctx.session, question, text, ctx.now(), _target(ctx))
    owner = await ctx.session.get(Person, question.owner_id) if question.owner_id else None
    if owner is None or await matching.is_away(ctx.session, owner.id, ctx.now()):
        # Someone new takes it: they get the whole thread, and the mentee is told.
        await _move(ctx, question, None, "question-passed")
    else:
        await _relay(ctx, question, message.id, "relay-followup", text)
    ctx.say("followup-sent", number=question.id)


@router.command("myquestions", roles=EVERYONE)
async def my_questions(ctx: Context) -> None:
    mine = await questions.of_mentee(ctx.session, _me(ctx).id, limit=SHOWN)
    if not mine:
        ctx.say("myquestions-none")
        return
    lines = []
    rows = []
    for question in mine:
        first = await questions.thread(ctx.session, question.id)
        lines.append(
            ctx.t(
                "myquestions-line",
                number=question.id,
                status=ctx.t(f"question-status-{question.status}"),
                text=_excerpt(first[0].text if first else ""),
            )
        )
        show = ShowQuestion(question.id)
        rows.append([ctx.button("btn-show-question", show, number=question.id)])
    ctx.send(ctx.t("myquestions-title") + "\n" + "\n".join(lines), rows)


@router.callback(ShowQuestion, roles=EVERYONE)
async def show_pressed(ctx: Context) -> None:
    pressed = ctx.choice(ShowQuestion)
    question = await _question(ctx, pressed.question if pressed else None)
    if question is None:
        return
    me = _me(ctx)
    mine = questions.may_ask_more(question, me)
    if not mine and not questions.may_answer(question, me):
        return _refuse(ctx)
    thread = await questions.thread(ctx.session, question.id)
    parts = [
        ctx.t(
            "thread-title",
            number=question.id,
            status=ctx.t(f"question-status-{question.status}"),
        )
    ]
    for message in thread:
        parts.append(ctx.t(f"thread-{message.kind}", text=message.text))
    rows: list[list[Button]] = []
    if mine:
        if question.status == questions.ANSWERED:
            rows.append(
                [
                    ctx.button("btn-solved", Solved(question.id)),
                    ctx.button("btn-follow-up", FollowUp(question.id)),
                ]
            )
        if questions.may_retract(question, me, ctx.now()):
            rows.append([ctx.button("btn-retract", Retract(question.id, False))])
    else:
        if question.status != questions.CLOSED:
            rows.append([ctx.button("btn-answer", AnswerIt(question.id))])
        if me.role == Role.ADMIN.value:
            rows.append([ctx.button("btn-retract", Retract(question.id, False))])
    ctx.send("\n\n".join(parts), rows, protect=True)


@router.callback(Retract, roles=EVERYONE)
async def retract_pressed(ctx: Context) -> None:
    pressed = ctx.choice(Retract)
    question = await _question(ctx, pressed.question if pressed else None)
    if question is None or pressed is None:
        return
    me = _me(ctx)
    if not questions.may_retract(question, me, ctx.now()):
        if questions.may_ask_more(question, me):
            window = int(questions.RETRACT_WINDOW.total_seconds() // 3600)
            ctx.say("retract-too-late", hours=window)
            return
        return _refuse(ctx)
    if not pressed.sure:
        ctx.say(
            "retract-confirm",
            [
                [
                    ctx.button("btn-retract-yes", Retract(question.id, True)),
                    ctx.button("btn-retract-no", ShowQuestion(question.id)),
                ]
            ],
            number=question.id,
        )
        return
    number = question.id
    copies = await questions.retract(ctx.session, question)
    await _withdraw(ctx, number, copies, ctx.now())
    ctx.audit("question.retracted", question=number)
    ctx.say("retract-done", number=number)


async def _withdraw(
    ctx: Context, number: int, copies: list[questions.Copy], now: datetime
) -> None:
    """Queue the deletion of delivered copies, on the chat each was sent to."""
    new = [
        store.NewMessage(
            copy.person_id,
            copy.channel,
            copy.address,
            Outgoing("", delete=copy.message_ids),
            f"qdel:{number}:{uuid.uuid4().hex}:{index}",
        )
        for index, copy in enumerate(copies)
    ]
    if new:
        await store.enqueue(ctx.session, new, now=now)
        ctx.reply.pushed = True


# --- mentors' queue and FAQ ----------------------------------------------------------------


@router.command("queue", roles=MENTORS, menu={Role.MENTOR})
async def show_queue(ctx: Context) -> None:
    me = _me(ctx)
    owner = None if me.role == Role.ADMIN.value else me.id
    waiting = await questions.queue(ctx.session, owner, demo=me.is_demo, limit=SHOWN + 1)
    if not waiting:
        ctx.say("queue-empty")
        return
    now = ctx.now()
    lines, rows = [], []
    for question in waiting[:SHOWN]:
        mentee = await ctx.session.get(Person, question.mentee_id)
        waited = int((now - question.asked_at).total_seconds() // 3600)
        left = int((question.due_at - now).total_seconds() // 3600)
        lines.append(
            ctx.t(
                "queue-line",
                number=question.id,
                name=(mentee.display_name or "") if mentee else "",
                waited=waited,
                left=max(left, 0),
                overdue="yes" if left < 0 else "no",
            )
        )
        show = ShowQuestion(question.id)
        rows.append([ctx.button("btn-show-question", show, number=question.id)])
    more = len(waiting) - SHOWN
    text = ctx.t("queue-title", count=min(len(waiting), SHOWN)) + "\n" + "\n".join(lines)
    if more > 0:
        text += "\n" + ctx.t("queue-more")
    ctx.send(text, rows)


@router.callback(Publish, roles=MENTORS)
async def publish_pressed(ctx: Context) -> None:
    pressed = ctx.choice(Publish)
    question = await _question(ctx, pressed.question if pressed else None)
    if question is None:
        return
    if not questions.may_answer(question, _me(ctx)) or question.first_answer_at is None:
        return _refuse(ctx)
    thread = await questions.thread(ctx.session, question.id)
    if _me(ctx).is_demo:
        ctx.say("faq-not-in-demo")  # everyone's search would find a demo answer
        return
    await ctx.set_state(FAQ_QUESTION, {"q": question.id})
    # The question is always retyped: masking finds identifiers, not every name or detail of a
    # case, and an FAQ entry is read by everyone.
    ctx.say("faq-question-prompt", [_cancel_row(ctx)], text=thread[0].text if thread else "")


@router.text(FAQ_QUESTION, roles=MENTORS)
async def faq_question_typed(ctx: Context) -> None:
    await _faq_question(ctx, identifiers.mask(ctx.typed.strip()).text)


@router.text(FAQ_ANSWER, roles=MENTORS)
async def faq_answer_typed(ctx: Context) -> None:
    await _faq_answer(ctx, identifiers.mask(ctx.typed.strip()).text)


@router.callback(KeepAsShown, roles=MENTORS, states=(FAQ_ANSWER,))
async def keep_pressed(ctx: Context) -> None:
    question = await _question(ctx, ctx.data.get("q"))
    if question is None:
        await ctx.clear_state()
        return
    thread = await questions.thread(ctx.session, question.id)
    answers = [m.text for m in thread if m.kind == questions.ANSWER]
    await _faq_answer(ctx, answers[-1] if answers else "")


async def _faq_question(ctx: Context, text: str) -> None:
    if not text or len(text) > questions.MAX_TEXT:
        ctx.say("question-text-needed", [_cancel_row(ctx)])
        return
    question = await _question(ctx, ctx.data.get("q"))
    if question is None:
        await ctx.clear_state()
        return
    answers = [
        m.text for m in await questions.thread(ctx.session, question.id) if m.kind == "answer"
    ]
    await ctx.set_state(FAQ_ANSWER, {"q": question.id, "faq_q": text})
    ctx.say(
        "faq-answer-prompt",
        [[ctx.button("btn-keep-as-shown", KeepAsShown())], _cancel_row(ctx)],
        text=answers[-1] if answers else "",
    )


async def _faq_answer(ctx: Context, text: str) -> None:
    if not text or len(text) > questions.MAX_TEXT:
        ctx.say("question-text-needed", [_cancel_row(ctx)])
        return
    question = await _question(ctx, ctx.data.get("q"))
    asked = str(ctx.data.get("faq_q", ""))
    await ctx.clear_state()
    if question is None or not asked:
        return
    if not questions.may_answer(question, _me(ctx)):
        return _refuse(ctx)  # passed on or moved meanwhile
    await questions.publish(ctx.session, question.language, asked, text, _me(ctx).id, ctx.now())
    ctx.audit("faq.published", question=question.id)
    ctx.say("faq-published")


# --- reminders and escalation -----------------------------------------------------------------


@router.job("questions-due", every=timedelta(minutes=1))
async def questions_due(job: JobContext) -> None:
    """Remind a slow owner at half and at 90 percent of the answer target (outside their quiet
    hours); past it, the question goes to another mentor or the admins and the mentee is told."""
    target = _target(job)
    for due in await questions.due(job.session, job.now, target):
        question = due.question
        owner = await job.session.get(Person, question.owner_id) if question.owner_id else None
        if due.step >= questions.ESCALATED_TO_ADMINS:
            if owner is None:
                question.reminders = questions.ESCALATED_TO_ADMINS  # the admins have it
                continue
            await _move(job, question, owner.id, "question-escalated")
            continue
        if owner is None:
            question.reminders = due.step  # the admins see their queue; nobody is chased
            continue
        if _quiet_for(job, owner):
            continue  # reminded after their quiet hours
        question.reminders = due.step
        left = max(int((question.due_at - job.now).total_seconds() // 3600), 0)
        text = job.catalogs.text(
            owner.language, "question-reminder", number=question.id, hours=left
        )
        key = f"q:{question.id}:remind:{question.asked_at.timestamp():.0f}:{due.step}"
        await job.push(owner, Outgoing(text, _owner_buttons(job, owner, question.id)), key=key)


def _quiet_for(job: JobContext, person: Person) -> bool:
    zone = person.timezone or schedule.ZONES[0]
    return job.policy.quiet_hours.hold(schedule.local(job.now, zone).time())


# --- checks ---------------------------------------------------------------------------------


async def _question(ctx: Context, question_id: object) -> Question | None:
    """The question a button or a state names; a missing one is refused like a forged one,
    so nobody learns which ids exist."""
    question = (
        await ctx.session.get(Question, question_id, with_for_update=True)
        if isinstance(question_id, int)
        else None
    )
    if question is not None and ctx.person is not None:
        # The console's demo people and real people never see each other's questions.
        mentee = await ctx.session.get(Person, question.mentee_id)
        if mentee is None or mentee.is_demo != ctx.person.is_demo:
            question = None
    if question is None:
        _refuse(ctx)
    return question


def _refuse(ctx: Context) -> None:
    ctx.audit("question.refused")
    ctx.say("question-not-yours")
    ctx.notice("question-not-yours")


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= EXCERPT else flat[: EXCERPT - 1] + "…"


async def before_erasure(ctx: Context, person: Person) -> None:
    """A person is about to be erased: their questions and every copy of them go (delivered
    copies are withdrawn from the mentors' chats); the open questions a mentor owned move on."""
    now = ctx.now()
    copies = await questions.forget_mentee_copies(ctx.session, person.id)
    await _withdraw(ctx, 0, copies, now)
    for question in await questions.open_of_owner(ctx.session, person.id):
        await _move(ctx, question, person.id, "question-passed")
