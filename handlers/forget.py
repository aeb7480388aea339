"""/forget: erase a person after an explicit confirmation."""

from __future__ import annotations

from bot.context import Context
from bot.roles import Role
from bot.router import Router
from bot.services import mentorships, people
from bot.states import FORGET, State

from . import questions
from .buttons import ForgetChoice

router = Router()

# The confirmation buttons only work right after /forget: an old or forged "yes" erases nobody.
CONFIRM_STATE = State(FORGET, "confirm")


@router.command("forget")
async def forget(ctx: Context) -> None:
    if ctx.person is None:
        await ctx.clear_state()  # an abandoned onboarding is all there can be
        ctx.say("forget-nothing")
        return
    await ctx.set_state(CONFIRM_STATE)
    ctx.say(
        "forget-confirm",
        [
            [
                ctx.button("btn-forget-yes", ForgetChoice(erase=True)),
                ctx.button("btn-forget-no", ForgetChoice(erase=False)),
            ]
        ],
    )


@router.callback(ForgetChoice, states=(CONFIRM_STATE,))
async def confirmed(ctx: Context) -> None:
    await ctx.clear_state()
    choice = ctx.choice(ForgetChoice)
    if ctx.person is None:
        ctx.say("forget-nothing")
        return
    if choice is None or not choice.erase:
        ctx.say("forget-kept")
        return
    if ctx.role == Role.MENTOR:
        # Their mentees are not left waiting for someone who is gone.
        await mentorships.rematch_mentees_of(
            ctx.session, ctx.person.id, ctx.now(), ctx.channels, catalogs=ctx.catalogs
        )
    await questions.before_erasure(ctx, ctx.person)
    await mentorships.withdraw_introductions(ctx.session, ctx.person.id)
    await people.erase(ctx.session, ctx.person, ctx.now())
    ctx.person = None
    ctx.say("forgotten")
    ctx.refresh_menu()
