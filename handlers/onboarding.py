"""Joining with an invite: /start CODE, language, consent, then the profile steps."""

from __future__ import annotations

from bot.context import Context
from bot.db.models import Invite
from bot.i18n import LANGUAGES
from bot.roles import Role
from bot.router import Router
from bot.services import invites, links, people
from bot.services.profile import onboarding_steps
from bot.states import ONBOARD, SETTINGS, State

from . import linking, profile
from .buttons import ConsentChoice, LanguageChoice

router = Router()

LANGUAGE_STATE = State(ONBOARD, "language")
CONSENT_STATE = State(ONBOARD, "consent")


@router.command("start")
async def start(ctx: Context) -> None:
    code = (ctx.incoming.command or ("", ""))[1]
    if links.looks_like(code):  # a code from /settings on another app
        await linking.redeem(ctx, code)
        return
    person = ctx.person
    if person is not None:
        # Redeeming again, or any code, never changes an existing person's role.
        if person.onboarded_at is not None:
            ctx.say("welcome-back", name=person.display_name or "")
            ctx.refresh_menu()
        else:
            await resume(ctx)
        return
    if code and ctx.limits.wrong_invites.blocked(ctx.chat_key):
        # Codes cannot be tried quickly; the wait is counted in memory, not in the database.
        ctx.send(_both(ctx, "invite-too-many"))
        return
    invite = await invites.find_usable(ctx.session, code, ctx.now()) if code else None
    if invite is None:
        if not code and ctx.state in (LANGUAGE_STATE, CONSENT_STATE):
            await resume(ctx)
            return
        if code:
            ctx.limits.wrong_invites.record(ctx.chat_key)
        ctx.audit("invite.refused")
        # Nothing is stored for someone without a valid code, and we cannot know their language.
        ctx.send(_both(ctx, "invite-invalid"))
        return
    await ctx.set_state(LANGUAGE_STATE, {"invite": invite.id})
    _ask_language(ctx)


@router.on_resume
async def resume(ctx: Context) -> None:
    """Ask again whatever step the chat was at (after a restart, a lost message, /start)."""
    if ctx.state == LANGUAGE_STATE:
        _ask_language(ctx)
    elif ctx.state == CONSENT_STATE:
        _ask_consent(ctx)
    elif ctx.person is not None:
        step = ctx.state.step if ctx.state else None
        steps = onboarding_steps(Role(ctx.person.role))
        if step not in steps:
            step = await profile.first_missing(ctx)
        if step is None:
            await profile.finish_onboarding(ctx)
        else:
            await profile.ask(ctx, step, ONBOARD)


def _both(ctx: Context, key: str) -> str:
    return "\n\n".join(ctx.catalogs.text(lang, key) for lang in LANGUAGES)


def _ask_language(ctx: Context) -> None:
    ctx.send(_both(ctx, "ask-language"), [profile.language_buttons(ctx)])


def _ask_consent(ctx: Context) -> None:
    ctx.say(
        "consent",
        [
            [
                ctx.button("btn-consent-yes", ConsentChoice(agree=True)),
                ctx.button("btn-consent-no", ConsentChoice(agree=False)),
            ]
        ],
    )


@router.text(LANGUAGE_STATE)
@router.text(CONSENT_STATE)
async def typed_instead_of_pressing(ctx: Context) -> None:
    ctx.say("use-buttons")
    await resume(ctx)


@router.callback(LanguageChoice, states=(LANGUAGE_STATE, State(SETTINGS, "language")))
async def language_chosen(ctx: Context) -> None:
    choice = ctx.choice(LanguageChoice)
    lang = choice.language if choice else ""
    if lang not in LANGUAGES:
        ctx.expired()
        return
    ctx.language = lang
    if ctx.person is not None:  # changing it from /settings
        ctx.person.language = lang
        ctx.refresh_menu()
        await profile.step_done(ctx, "language")
        return
    await ctx.set_state(CONSENT_STATE, {**ctx.data, "language": lang})
    _ask_consent(ctx)


@router.callback(ConsentChoice, states=(CONSENT_STATE,))
async def consent_given(ctx: Context) -> None:
    choice = ctx.choice(ConsentChoice)
    if choice is None or not choice.agree:
        await ctx.clear_state()
        ctx.say("consent-declined")
        return
    invite = await ctx.session.get(Invite, ctx.data.get("invite"))
    if invite is None or not await invites.take_use(ctx.session, invite, ctx.now()):
        # Used up or expired since /start; the language is known by now.
        await ctx.clear_state()
        ctx.say("invite-expired")
        return
    incoming = ctx.incoming
    person = await people.join(
        ctx.session,
        people.Address(incoming.channel, incoming.external_id, incoming.chat_id),
        role=Role(invite.role),
        language=ctx.language,
        cohort_id=invite.cohort_id,
        now=ctx.now(),
    )
    invites.record_redemption(ctx.session, invite.id, person.id, ctx.now())
    ctx.person = person
    ctx.audit("person.joined", role=person.role, invite_id=invite.id)
    ctx.say("consent-thanks")
    await profile.ask(ctx, onboarding_steps(Role(person.role))[0], ONBOARD)
