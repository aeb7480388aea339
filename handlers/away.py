"""A mentor's time away, a /settings field: no new questions meanwhile, and the open ones go
to another mentor as a passed question does. Mentees stay paired."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.context import Context
from bot.db.models import Person
from bot.payloads import Payload, kind
from bot.roles import Role
from bot.services import profile, questions

from . import profile as steps
from .questions import _move


@kind("away")
@dataclass(frozen=True, slots=True)
class AwayChoice(Payload):
    """Away for this many days (today counted), or back now (0)."""

    days: int


@steps.asks("away")
async def ask_away(ctx: Context) -> None:
    mentor = await profile.mentor_profile(ctx.session, _me(ctx))
    choices = [ctx.button(f"btn-away-{days}", AwayChoice(days)) for days in profile.AWAY_DAYS]
    back = [ctx.button("btn-away-back", AwayChoice(0))] if _away(ctx, mentor.away_until) else []
    ctx.say("ask-away", [choices, back, steps.cancel_row(ctx)])


def _away(ctx: Context, until: datetime | None) -> bool:
    return until is not None and until > ctx.now()


@steps.answers("away", AwayChoice, accepts=lambda text: profile.parse_date(text) is not None)
async def away_answered(ctx: Context) -> None:
    me = _me(ctx)
    if Role(me.role) != Role.MENTOR:  # the field is a mentor's; a forged press is stale
        ctx.expired()
        return
    mentor = await profile.mentor_profile(ctx.session, me)
    pressed = ctx.choice(AwayChoice)
    now = ctx.now()
    if pressed is not None and pressed.days == 0:
        mentor.away_until = None
        ctx.audit("mentor.back")
        ctx.say("away-back")
        await steps.step_done(ctx, "away")
        return
    if pressed is not None:
        if pressed.days not in profile.AWAY_DAYS:
            ctx.expired()
            return
        last_day = profile.today_of(me, now) + timedelta(days=pressed.days - 1)
        until = profile.away_until(me, last_day, now)
    else:
        day = profile.parse_date(ctx.typed)
        until = profile.away_until(me, day, now) if day else None
    if until is None:
        ctx.say("invalid-away", max=profile.AWAY_MAX_DAYS)
        return
    mentor.away_until = until
    ctx.audit("mentor.away")
    moved = await reroute_open_questions(ctx, me)
    last = profile.last_away_day(me, until).isoformat()
    ctx.say("away-saved", day=last, moved=moved)
    await steps.step_done(ctx, "away")


async def reroute_open_questions(ctx: Context, mentor: Person) -> int:
    """Their open questions go to another mentor with room, or to the admins; being away is
    not passing a question on, so they may get it again later."""
    moved = 0
    for question in await questions.open_of_owner(ctx.session, mentor.id):
        await _move(ctx, question, None, "question-passed")
        moved += 1
    return moved


def _me(ctx: Context) -> Person:
    if ctx.person is None:  # settings routes are for joined people
        raise RuntimeError("away without a person")
    return ctx.person
