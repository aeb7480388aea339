"""Profile steps shared by onboarding and /settings: each asks once and checks the answer.

A step's state is State(ONBOARD, "province") or State(SETTINGS, "province"); the flow decides
what happens after an answer is stored (next step, or back to the settings summary).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import time

from bot import provinces
from bot.context import Context
from bot.curriculum import schedule
from bot.db.models import MentorProfile, Person
from bot.i18n import LANGUAGES
from bot.markup import to_plain
from bot.messages import Button
from bot.payloads import Payload
from bot.policy import MATCHING_AUTO
from bot.roles import Role
from bot.router import Handler, Router
from bot.services import mentorships, profile
from bot.states import ONBOARD, SETTINGS, State

from . import basics, summary
from .buttons import (
    AreasDone,
    AreaToggle,
    CapacityChoice,
    ExpertiseDone,
    ExpertiseToggle,
    LanguageChoice,
    LessonDaysDone,
    LessonDayToggle,
    LessonTimeChoice,
    ProvinceChoice,
    ProvincePage,
    SettingsCancel,
    SettingsField,
    UseChatName,
)

router = Router()

PROVINCES_PER_PAGE = 10
# Enough for every province named after an island ("Sulawesi": five) without a wall of buttons.
SUGGESTIONS = 8


def mode_of(ctx: Context) -> str:
    return ctx.state.flow if ctx.state else ONBOARD


def cancel_row(ctx: Context) -> list[Button]:
    return [ctx.button("btn-cancel", SettingsCancel())] if mode_of(ctx) == SETTINGS else []


async def ask(ctx: Context, step: str, mode: str) -> None:
    await ctx.set_state(State(mode, step))
    await _ASK[step](ctx)


def language_buttons(ctx: Context) -> list[Button]:
    # Each language is named in itself, whatever the current language.
    return [
        Button(ctx.catalogs.text(lang, f"language-{lang}"), payload=LanguageChoice(lang).encode())
        for lang in LANGUAGES
    ]


async def _ask_language(ctx: Context) -> None:
    ctx.say("ask-language-setting", [language_buttons(ctx), cancel_row(ctx)])


async def _ask_name(ctx: Context) -> None:
    # Offered only when the chat app's name would be accepted as it is.
    hint = profile.clean_name(ctx.incoming.name_hint or "")
    row = [ctx.button("btn-use-name", UseChatName(), name=hint)] if hint else []
    ctx.say("ask-name", [row, cancel_row(ctx)])


async def _ask_province(ctx: Context) -> None:
    send_province_page(ctx, "ask-province", 0)


def province_pages() -> int:
    return (len(provinces.PROVINCES) + PROVINCES_PER_PAGE - 1) // PROVINCES_PER_PAGE


def send_province_page(ctx: Context, intro: str, page: int, *, replace: bool = False) -> None:
    """One page of provinces; where it is ("Page 2/4") is said in the text, not on a button
    that would do nothing when pressed."""
    page = max(0, min(page, province_pages() - 1))
    where = ctx.t("province-page", page=page + 1, pages=province_pages())
    ctx.send(f"{ctx.t(intro)}\n\n{where}", province_page(ctx, page), replace=replace)


def province_page(ctx: Context, page: int) -> list[list[Button]]:
    pages = province_pages()
    page = max(0, min(page, pages - 1))
    chunk = provinces.PROVINCES[page * PROVINCES_PER_PAGE : (page + 1) * PROVINCES_PER_PAGE]
    buttons = [_province_button(p) for p in chunk]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    nav = []
    if page > 0:
        nav.append(ctx.button("btn-previous", ProvincePage(page - 1)))
    if page < pages - 1:
        nav.append(ctx.button("btn-next", ProvincePage(page + 1)))
    return [*rows, nav, cancel_row(ctx)]


def _province_button(province: provinces.Province) -> Button:
    return Button(province.name, payload=ProvinceChoice(province.code).encode())


async def _ask_office(ctx: Context) -> None:
    ctx.say("ask-office", [cancel_row(ctx)])


async def _ask_time(ctx: Context) -> None:
    times = [Button(t, payload=LessonTimeChoice(t).encode()) for t in profile.LESSON_TIMES]
    ctx.say("ask-time", [times[:3], times[3:], cancel_row(ctx)])


async def _ask_capacity(ctx: Context) -> None:
    choices = [
        Button(str(n), payload=CapacityChoice(n).encode()) for n in profile.CAPACITY_CHOICES
    ]
    ctx.say("ask-capacity", [choices, cancel_row(ctx)])


async def _ask_expertise(ctx: Context, *, replace: bool = False) -> None:
    chosen = set((await _mentor_profile(ctx)).expertise or [])
    rows = []
    for index, tag in enumerate(profile.EXPERTISE):
        mark = "✅ " if tag in chosen else ""
        label = mark + ctx.t(f"expertise-{tag}")
        rows.append([Button(label, payload=ExpertiseToggle(index).encode())])
    rows.append([ctx.button("btn-done", ExpertiseDone())])
    ctx.send(ctx.t("ask-expertise"), rows, replace=replace)


async def _ask_areas(ctx: Context, *, replace: bool = False) -> None:
    chosen = set(_person(ctx).case_areas or [])
    rows = [
        [
            Button(
                ("✅ " if tag in chosen else "") + to_plain(ctx.t(f"expertise-{tag}")),
                payload=AreaToggle(index).encode(),
            )
        ]
        for index, tag in enumerate(profile.EXPERTISE)
    ]
    rows.append([ctx.button("btn-done", AreasDone())])
    ctx.send(ctx.t("ask-areas"), rows, replace=replace)


async def _ask_days(ctx: Context, *, replace: bool = False) -> None:
    chosen = schedule.days_of(_person(ctx).lesson_days)
    buttons = [
        Button(
            ("✅ " if str(day) in chosen else "⬜ ") + to_plain(ctx.t(f"weekday-{day}")),
            payload=LessonDayToggle(day).encode(),
        )
        for day in range(1, 8)
    ]
    rows = [buttons[:4], buttons[4:], [ctx.button("btn-done", LessonDaysDone())]]
    ctx.send(ctx.t("ask-days"), rows, replace=replace)


_ASK: dict[str, Callable[[Context], Awaitable[None]]] = {
    "language": _ask_language,
    "name": _ask_name,
    "province": _ask_province,
    "office": _ask_office,
    "time": _ask_time,
    "capacity": _ask_capacity,
    "expertise": _ask_expertise,
    "days": _ask_days,
    "areas": _ask_areas,
}


def asks(step: str) -> Callable[[Callable[[Context], Awaitable[None]]], Handler]:
    """Register how a step that lives in its own module (a mentor's time away) is asked."""

    def register(handler: Callable[[Context], Awaitable[None]]) -> Handler:
        if step in _ASK:
            raise ValueError(f"profile step {step!r} registered twice")
        _ASK[step] = handler
        return handler

    return register


def _person(ctx: Context) -> Person:
    if ctx.person is None:  # routes below are bound to states only a joined person reaches
        raise RuntimeError("profile step without a person")
    return ctx.person


async def _mentor_profile(ctx: Context) -> MentorProfile:
    return await profile.mentor_profile(ctx.session, _person(ctx))


async def step_done(ctx: Context, step: str) -> None:
    """After an answer is stored: the next onboarding step, or back to the settings summary."""
    person = _person(ctx)
    if mode_of(ctx) == SETTINGS:
        await ctx.clear_state()
        ctx.say("settings-saved")
        await summary.show(ctx)
        return
    steps = profile.onboarding_steps(Role(person.role))
    later = steps[steps.index(step) + 1 :] if step in steps else ()
    if later:
        await ask(ctx, later[0], ONBOARD)
    else:
        await finish_onboarding(ctx)


async def first_missing(ctx: Context) -> str | None:
    """The first profile step without an answer, to resume where a person stopped."""
    person = _person(ctx)
    answered = {
        "name": person.display_name,
        "province": person.province_code,
        "office": person.office,
        "time": person.lesson_time,
        "capacity": await ctx.session.get(MentorProfile, person.id),
    }
    for step in profile.onboarding_steps(Role(person.role)):
        if answered.get(step, True) is None:
            return step
    return None


async def finish_onboarding(ctx: Context) -> None:
    person = _person(ctx)
    person.onboarded_at = ctx.now()
    await ctx.clear_state()
    ctx.audit("person.onboarded", role=person.role)
    role = Role(person.role)
    # Case areas are not asked while joining (its steps stay as they are); the welcome offers
    # them, opening the same step as /settings does.
    areas = [ctx.button("btn-choose-areas", SettingsField("areas"))] if role == Role.MENTEE else []
    ctx.say("onboarding-done", [areas], name=person.display_name or "")
    ctx.send(basics.help_text(ctx, role))
    ctx.refresh_menu()
    if role == Role.MENTEE and ctx.policy.matching == MATCHING_AUTO:
        await mentorships.match_new_mentee(
            ctx.session, person, ctx.now(), ctx.channels, catalogs=ctx.catalogs
        )


def answers(
    step: str,
    *buttons: type[Payload],
    accepts: Callable[[str], bool] | None = None,
) -> Callable[[Handler], Handler]:
    """Route what a person types at a step, in either mode, and its buttons, to one handler.

    `accepts` tells which typed lines are a valid answer (a capacity of "6"), so a channel that
    numbers its buttons takes such a line as the answer, not as the press of button 6."""

    def register(handler: Handler) -> Handler:
        states = (State(ONBOARD, step), State(SETTINGS, step))
        for state in states:
            router.text(state, accepts=accepts)(handler)
        if buttons:
            router.callback(*buttons, states=states)(handler)
        return handler

    return register


@answers("name", UseChatName)
async def name_answered(ctx: Context) -> None:
    # The only name button offers the name the chat app already knows.
    text = (ctx.incoming.name_hint or "") if ctx.choice(UseChatName) else ctx.typed
    name = profile.clean_name(text)
    if name is None:
        ctx.say("invalid-name", min=profile.NAME_LENGTH[0], max=profile.NAME_LENGTH[1])
        return
    _person(ctx).display_name = name
    await step_done(ctx, "name")


@answers("province", ProvinceChoice, ProvincePage)
async def province_answered(ctx: Context) -> None:
    if (page := ctx.choice(ProvincePage)) is not None:
        send_province_page(ctx, "ask-province", page.page, replace=True)
        return
    if (choice := ctx.choice(ProvinceChoice)) is not None:
        province = provinces.by_code(choice.code)
        if province is None:
            ctx.expired()
            return
        await _save_province(ctx, province)
        return
    text = ctx.typed
    province = provinces.best_match(text)
    if province is not None:
        await _save_province(ctx, province)
        return
    candidates = [p for p, _score in provinces.match(text, limit=SUGGESTIONS)]
    if candidates:
        rows = [[_province_button(p)] for p in candidates]
        ctx.send(ctx.t("province-which"), [*rows, cancel_row(ctx)])
    else:
        send_province_page(ctx, "province-unknown", 0)


async def _save_province(ctx: Context, province: provinces.Province) -> None:
    profile.set_province(_person(ctx), province)
    ctx.say("province-saved", province=province.name, zone=province.zone)
    await step_done(ctx, "province")


@answers("office")
async def office_answered(ctx: Context) -> None:
    office = profile.clean_office(ctx.typed)
    if office is None:
        ctx.say("invalid-office", max=profile.OFFICE_LENGTH[1])
        return
    _person(ctx).office = office
    await step_done(ctx, "office")


@answers("time", LessonTimeChoice, accepts=lambda text: profile.parse_time(text) is not None)
async def time_answered(ctx: Context) -> None:
    pressed = ctx.choice(LessonTimeChoice)
    value = profile.parse_time(pressed.time if pressed else ctx.typed)
    if value is None:
        ctx.say("invalid-time")
        return
    quiet = ctx.policy.quiet_hours
    if quiet.hold(time.fromisoformat(value)):
        ctx.say("time-in-quiet-hours", time=value, quiet=str(quiet))
        return
    _person(ctx).lesson_time = value
    ctx.say("time-saved", time=value, zone=profile.zone_of(_person(ctx)) or "")
    await step_done(ctx, "time")


@answers("capacity", CapacityChoice, accepts=lambda text: profile.parse_capacity(text) is not None)
async def capacity_answered(ctx: Context) -> None:
    pressed = ctx.choice(CapacityChoice)
    value = profile.parse_capacity(str(pressed.capacity) if pressed else ctx.typed)
    if value is None:
        ctx.say("invalid-capacity", min=profile.CAPACITY_RANGE[0], max=profile.CAPACITY_RANGE[1])
        return
    (await _mentor_profile(ctx)).capacity = value
    await step_done(ctx, "capacity")


@answers("expertise", ExpertiseToggle, ExpertiseDone)
async def expertise_answered(ctx: Context) -> None:
    if ctx.choice(ExpertiseDone):
        await step_done(ctx, "expertise")
        return
    toggle = ctx.choice(ExpertiseToggle)
    if toggle is None:
        ctx.say("use-buttons")
        await _ask_expertise(ctx)
        return
    index = toggle.index
    if index >= len(profile.EXPERTISE):
        ctx.expired()
        return
    mentor = await _mentor_profile(ctx)
    tag = profile.EXPERTISE[index]
    current = list(mentor.expertise or [])
    mentor.expertise = profile.toggle_tag(current, tag)
    await _ask_expertise(ctx, replace=True)


@answers("areas", AreaToggle, AreasDone)
async def areas_answered(ctx: Context) -> None:
    if ctx.choice(AreasDone):
        await step_done(ctx, "areas")
        return
    toggle = ctx.choice(AreaToggle)
    if toggle is None:
        ctx.say("use-buttons")
        await _ask_areas(ctx)
        return
    if toggle.index >= len(profile.EXPERTISE):
        ctx.expired()
        return
    person = _person(ctx)
    person.case_areas = profile.toggle_tag(person.case_areas, profile.EXPERTISE[toggle.index])
    await _ask_areas(ctx, replace=True)


@answers("days", LessonDayToggle, LessonDaysDone)
async def days_answered(ctx: Context) -> None:
    person = _person(ctx)
    if ctx.choice(LessonDaysDone):
        if not person.lesson_days and person.lesson_days is not None:
            ctx.say("days-none")  # at least one day, or /pause
            return
        await step_done(ctx, "days")
        return
    toggle = ctx.choice(LessonDayToggle)
    if toggle is None:
        ctx.say("use-buttons")
        await _ask_days(ctx)
        return
    if not 1 <= toggle.day <= 7:
        ctx.expired()
        return
    person.lesson_days = profile.toggle_day(person.lesson_days, toggle.day)
    await _ask_days(ctx, replace=True)
