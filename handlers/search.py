"""/search: lessons and published answers (FAQ) found by a few words, in the person's language.

`/search restitusi anak` answers at once; a bare `/search` asks for the words and takes the
next text. Up to three results, each a button that shows the lesson (without its check and
without counting it as received) or the answer. What was typed is never echoed back, so it
is not stored in the outbox either.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot import payloads
from bot.context import Context
from bot.i18n import Texts
from bot.messages import Button
from bot.render.titles import shorten
from bot.roles import EVERYONE
from bot.router import Router
from bot.services import search
from bot.states import SEARCH, State

from .lessons import lesson_messages


@payloads.kind("srch:l")
@dataclass(frozen=True, slots=True)
class SearchLesson(payloads.Payload):
    lesson: str


@payloads.kind("srch:f")
@dataclass(frozen=True, slots=True)
class SearchAnswer(payloads.Payload):
    entry: int


router = Router()

WORDS_STATE = State(SEARCH, "words")
RESULTS = 3
LABEL_MAX = 40  # a button label; WhatsApp shortens it further, the text has the whole title
LINE_MAX = 120  # an FAQ question in the list of results


@router.command("search", roles=EVERYONE)
async def search_command(ctx: Context) -> None:
    words = (ctx.incoming.command or ("", ""))[1]
    if not words:
        await ctx.set_state(WORDS_STATE)
        ctx.say("search-ask")
        return
    await _results(ctx, words)


@router.text(WORDS_STATE, roles=EVERYONE)
async def words_typed(ctx: Context) -> None:
    if not ctx.typed.strip():
        ctx.say("search-ask")  # a photo or a sticker: still waiting for words
        return
    await ctx.clear_state()
    await _results(ctx, ctx.typed)


async def _results(ctx: Context, words: str) -> None:
    hits = await search.search(ctx.session, ctx.curricula, ctx.language, words, RESULTS)
    if not hits:
        ctx.say("search-nothing")
        return
    lines, rows = [ctx.t("search-results")], []
    for number, hit in enumerate(hits, start=1):
        lines.append(_line(ctx, number, hit))
        payload = (
            SearchLesson(hit.ref) if hit.kind == search.LESSON else SearchAnswer(int(hit.ref))
        )
        label = shorten(f"{number}. {hit.title}", LABEL_MAX)
        rows.append([Button(label, payload=payload.encode())])
    lines.append(ctx.t("search-open"))
    ctx.send("\n\n".join(lines), rows)


def _line(ctx: Context, number: int, hit: search.Hit) -> str:
    if hit.kind == search.LESSON:
        lesson = ctx.curriculum.lesson(hit.ref)
        if lesson is not None:
            return ctx.t(
                "search-hit-lesson",
                number=number,
                module=lesson.module,
                order=lesson.order,
                title=lesson.title,
            )
    return ctx.t("search-hit-answer", number=number, question=shorten(hit.title, LINE_MAX))


@router.callback(SearchLesson, SearchAnswer, roles=EVERYONE)
async def hit_opened(ctx: Context) -> None:
    if (lesson := ctx.choice(SearchLesson)) is not None:
        await show_hit(ctx, search.LESSON, lesson.lesson)
    elif (answer := ctx.choice(SearchAnswer)) is not None:
        await show_hit(ctx, search.FAQ, str(answer.entry))


async def show_hit(ctx: Context, hit_kind: str, ref: str) -> None:
    """A lesson as /lessons shows it (no check, not recorded as received) or a published
    answer; a lesson or answer that no longer exists is an expired button."""
    if hit_kind == search.LESSON:
        lesson = ctx.curriculum.lesson(ref)
        if lesson is None:
            return ctx.expired()
        texts = Texts(ctx.catalogs, ctx.language)
        ctx.reply.messages.extend(lesson_messages(texts, lesson, check=False))
        return None
    entry = await search.faq_answer(ctx.session, int(ref)) if ref.isdigit() else None
    if hit_kind != search.FAQ or entry is None:
        return ctx.expired()
    ctx.say("search-answer", question=entry.question, answer=entry.answer)
    return None
