"""The profile summary that /settings shows and returns to after each change."""

from __future__ import annotations

from bot import provinces
from bot.context import Context
from bot.curriculum import schedule
from bot.db.models import MentorProfile
from bot.markup import to_plain
from bot.roles import Role
from bot.services import links, people, profile
from bot.services.profile import FIELDS

from .buttons import LinkStart, PushChannelAsk, SettingsField


async def show(ctx: Context) -> None:
    """The person's profile, with a button to change each field of their role."""
    person = ctx.person
    if person is None:  # only routes for joined people lead here
        raise RuntimeError("summary without a person")
    province = provinces.by_code(person.province_code) if person.province_code else None
    lines = [
        ctx.t("summary-language", language=ctx.t(f"language-{person.language}")),
        ctx.t("summary-name", name=person.display_name or "-"),
    ]
    if Role(person.role) == Role.ADMIN:
        # An admin's times (invite expiry, time away) are shown in WIB unless they chose a
        # province.
        lines.append(
            ctx.t(
                "summary-province",
                province=province.name if province else "-",
                zone=province.zone if province else "WIB",
            )
        )
    else:
        lines += [
            ctx.t(
                "summary-province",
                province=province.name if province else "-",
                zone=province.zone if province else "-",
            ),
            ctx.t("summary-office", office=person.office or "-"),
            ctx.t("summary-time", time=person.lesson_time or "-"),
            *([_days_line(ctx)] if Role(person.role) == Role.MENTEE else []),
        ]
    if Role(person.role) == Role.MENTOR:
        mentor = await ctx.session.get(MentorProfile, person.id)
        tags = [ctx.t(f"expertise-{t}") for t in (mentor.expertise if mentor else [])]
        lines += [
            ctx.t("summary-capacity", capacity=mentor.capacity if mentor else "-"),
            ctx.t("summary-expertise", expertise=", ".join(tags) or "-"),
        ]
        until = mentor.away_until if mentor else None
        away = until is not None and until > ctx.now()
        lines.append(
            ctx.t("summary-away", day=profile.last_away_day(person, until).isoformat())
            if away and until is not None
            else ctx.t("summary-not-away")
        )
    if Role(person.role) == Role.MENTEE:
        areas = [ctx.t(f"expertise-{t}") for t in person.case_areas or []]
        lines.append(ctx.t("summary-areas", areas=", ".join(areas) or "-"))
        mentor_person = await people.active_mentor(ctx.session, person.id)
        name = mentor_person.display_name if mentor_person else None
        lines.append(ctx.t("summary-mentor", mentor=name or ctx.t("summary-no-mentor")))
    channels = await links.channels_of(ctx.session, person.id)
    lines.append(
        ctx.t("summary-channels", channels=", ".join(ctx.t(f"channel-{c}") for c in channels))
    )
    if len(channels) > 1:
        chosen = person.push_channel if person.push_channel in channels else None
        where = ctx.t(f"channel-{chosen}") if chosen else ctx.t("push-last-used")
        lines.append(ctx.t("summary-push-channel", channel=where))
    fields = FIELDS[Role(person.role)]
    buttons = [ctx.button(f"btn-set-{name}", SettingsField(name)) for name in fields]
    buttons.append(ctx.button("btn-link", LinkStart()))
    if len(channels) > 1:
        buttons.append(ctx.button("btn-push-channel", PushChannelAsk()))
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    ctx.send(ctx.t("settings-title") + "\n\n" + "\n".join(lines), rows)


def _days_line(ctx: Context) -> str:
    assert ctx.person is not None
    days = schedule.days_of(ctx.person.lesson_days)
    names = ", ".join(to_plain(ctx.t(f"weekday-{day}")) for day in days) or "-"
    return ctx.t("summary-days", days=names)
