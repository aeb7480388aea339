"""/assign: an admin pairs a mentee without a mentor with one of the best mentors with room.

Buttons carry only ids; each press is checked again here (a mentee and a mentor of the
admin's own world, demo or real; room at the moment of confirming), so a forged or stale
payload is refused and audited, and the router refuses anyone but an admin.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.context import Context
from bot.db.models import Person
from bot.markup import to_plain
from bot.messages import Button
from bot.payloads import Payload, kind
from bot.roles import ADMINS, Role
from bot.router import Router
from bot.services import matching, mentorships


@kind("asg:p")
@dataclass(frozen=True, slots=True)
class AssignPage(Payload):
    """A page of the mentees without a mentor (counted from 0)."""

    page: int


@kind("asg:e")
@dataclass(frozen=True, slots=True)
class AssignMentee(Payload):
    """Show the best mentors for this mentee."""

    mentee: int


@kind("asg:r")
@dataclass(frozen=True, slots=True)
class AssignMentor(Payload):
    """Ask to confirm this pair."""

    mentee: int
    mentor: int


@kind("asg:y")
@dataclass(frozen=True, slots=True)
class AssignConfirm(Payload):
    mentee: int
    mentor: int


@kind("asg:x")
@dataclass(frozen=True, slots=True)
class AssignCancel(Payload):
    pass


router = Router()

# Seven mentees, two page buttons and Cancel: ten, one WhatsApp list.
MENTEES_PER_PAGE = 7
MENTOR_CHOICES = 5


@router.command("assign", roles=ADMINS)
async def assign(ctx: Context) -> None:
    await _mentee_page(ctx, 0)


@router.callback(AssignPage, roles=ADMINS)
async def page(ctx: Context) -> None:
    pressed = ctx.choice(AssignPage)
    await _mentee_page(ctx, pressed.page if pressed else 0, replace=True)


@router.callback(AssignCancel, roles=ADMINS)
async def cancel(ctx: Context) -> None:
    ctx.say("assign-cancelled")


@router.callback(AssignMentee, roles=ADMINS)
async def mentee_chosen(ctx: Context) -> None:
    pressed = ctx.choice(AssignMentee)
    mentee = await _mentee(ctx, pressed.mentee if pressed else 0)
    if mentee is None:
        ctx.expired()
        return
    await _mentor_choices(ctx, mentee)


@router.callback(AssignMentor, roles=ADMINS)
async def mentor_chosen(ctx: Context) -> None:
    pressed = ctx.choice(AssignMentor)
    pair = await _pair(ctx, pressed.mentee, pressed.mentor) if pressed else None
    if pair is None:
        ctx.expired()
        return
    mentee, mentor = pair
    ctx.say(
        "assign-confirm",
        [
            [ctx.button("btn-assign-yes", AssignConfirm(mentee.id, mentor.id))],
            [
                ctx.button("btn-assign-back", AssignMentee(mentee.id)),
                ctx.button("btn-cancel", AssignCancel()),
            ],
        ],
        mentee=_name(mentee),
        mentor=_name(mentor),
    )


@router.callback(AssignConfirm, roles=ADMINS)
async def confirmed(ctx: Context) -> None:
    pressed = ctx.choice(AssignConfirm)
    pair = await _pair(ctx, pressed.mentee, pressed.mentor) if pressed else None
    if pair is None:
        ctx.expired()
        return
    mentee, mentor = pair
    if await mentorships.active_mentor_id(ctx.session, mentee.id) == mentor.id:
        # A second press of the same confirmation.
        ctx.say("assign-already", mentee=_name(mentee), mentor=_name(mentor))
        return
    made = await mentorships.pair(
        ctx.session, mentee, mentor, ctx.now(), ctx.channels, catalogs=ctx.catalogs
    )
    if made is None:
        ctx.say("assign-full", mentor=_name(mentor))
        await _mentor_choices(ctx, mentee)
        return
    ctx.reply.pushed = True  # the introductions are in the outbox
    # The mentorship, not the people: an erasure deletes it, and with it the link to them.
    ctx.audit("mentorship.assigned", mentorship=made.id)
    ctx.say("assign-done", mentee=_name(mentee), mentor=_name(mentor))


async def _mentee_page(ctx: Context, page: int, *, replace: bool = False) -> None:
    demo = _admin(ctx).is_demo
    total = await matching.count_unmatched(ctx.session, demo=demo)
    if total == 0:
        ctx.say("assign-none")
        return
    pages = (total + MENTEES_PER_PAGE - 1) // MENTEES_PER_PAGE
    page = max(0, min(page, pages - 1))
    mentees = await matching.unmatched_mentees(
        ctx.session, demo=demo, offset=page * MENTEES_PER_PAGE, limit=MENTEES_PER_PAGE
    )
    rows = [
        [Button(f"{_name(m)} · {m.office or '-'}", payload=AssignMentee(m.id).encode())]
        for m in mentees
    ]
    nav = []
    if page > 0:
        nav.append(ctx.button("btn-previous", AssignPage(page - 1)))
    if page < pages - 1:
        nav.append(ctx.button("btn-next", AssignPage(page + 1)))
    text = ctx.t("assign-mentees", count=total)
    if pages > 1:
        text += "\n\n" + ctx.t("assign-page", page=page + 1, pages=pages)
    cancel_row = [ctx.button("btn-cancel", AssignCancel())]
    ctx.send(text, [*rows, nav, cancel_row], replace=replace)


async def _mentor_choices(ctx: Context, mentee: Person) -> None:
    ranked = (await matching.ranked_mentors(ctx.session, mentee, ctx.now()))[:MENTOR_CHOICES]
    names = {"mentee": _name(mentee), "office": mentee.office or "-"}
    if not ranked:
        ctx.say("assign-no-mentor", mentee=names["mentee"])
        return
    lines, rows = [], []
    for index, choice in enumerate(ranked, start=1):
        mentor = await ctx.session.get(Person, choice.mentor.id)
        if mentor is None:
            continue
        line = ctx.t(
            "assign-mentor-line",
            name=_name(mentor),
            office=mentor.office or "-",
            score=choice.score,
            load=choice.mentor.load,
            capacity=choice.mentor.capacity,
        )
        lines.append(f"{index}. {line}")
        # The label is the same line: on WhatsApp a long one is cut, the text keeps it whole.
        payload = AssignMentor(mentee.id, mentor.id).encode()
        rows.append([Button(f"{index}. {to_plain(line)}", payload=payload)])
    text = ctx.t("assign-mentors", **names) + "\n\n" + "\n".join(lines)
    ctx.send(text, [*rows, [ctx.button("btn-cancel", AssignCancel())]])


async def _mentee(ctx: Context, mentee_id: int) -> Person | None:
    """A joined mentee of the admin's own world (demo or real), or None for anything else."""
    person = await ctx.session.get(Person, mentee_id)
    if person is None or person.role != Role.MENTEE.value or person.onboarded_at is None:
        return None
    return person if person.is_demo == _admin(ctx).is_demo else None


async def _pair(ctx: Context, mentee_id: int, mentor_id: int) -> tuple[Person, Person] | None:
    mentee = await _mentee(ctx, mentee_id)
    mentor = await ctx.session.get(Person, mentor_id)
    if mentee is None or mentor is None:
        return None
    if mentor.role != Role.MENTOR.value or mentor.onboarded_at is None:
        return None
    if mentor.is_demo != mentee.is_demo:
        return None
    return mentee, mentor


def _admin(ctx: Context) -> Person:
    if ctx.person is None:  # every route here is for admins only
        raise RuntimeError("/assign without a person")
    return ctx.person


def _name(person: Person) -> str:
    return person.display_name or "-"
