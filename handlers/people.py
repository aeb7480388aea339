"""People tools for admins, reached from /invite: find a person by name, office or province;
change their role, cohort or mentor; deactivate or reactivate them; see which mentors are away.

Buttons carry ids only. Each press looks the person up again (one of the admin's own world,
demo or real; never the admin themselves for role and access), so a forged or stale payload is
one audited refusal and changes nothing. Audit rows name the action and the role, not the
person, so an erasure leaves nothing that points at them.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.context import Context
from bot.db.models import MentorProfile, Person
from bot.markup import to_plain
from bot.messages import Button
from bot.payloads import Payload, kind
from bot.provinces import by_code
from bot.roles import ADMINS, Role
from bot.router import Router
from bot.services import invites, matching, mentorships, profile, roster
from bot.states import PEOPLE, State

from .away import reroute_open_questions


@kind("ppl")
@dataclass(frozen=True, slots=True)
class PeopleStart(Payload):
    """Ask for a name, office or province to look for."""


@kind("ppl:s")
@dataclass(frozen=True, slots=True)
class PersonShow(Payload):
    person: int


@kind("ppl:r")
@dataclass(frozen=True, slots=True)
class PersonRoles(Payload):
    person: int


@kind("ppl:rs")
@dataclass(frozen=True, slots=True)
class PersonRoleSet(Payload):
    person: int
    role: str


@kind("ppl:c")
@dataclass(frozen=True, slots=True)
class PersonCohorts(Payload):
    person: int


@kind("ppl:cs")
@dataclass(frozen=True, slots=True)
class PersonCohortSet(Payload):
    """A cohort by id; 0 for none."""

    person: int
    cohort: int


@kind("ppl:m")
@dataclass(frozen=True, slots=True)
class PersonMentors(Payload):
    person: int


@kind("ppl:ms")
@dataclass(frozen=True, slots=True)
class PersonMentorSet(Payload):
    person: int
    mentor: int


@kind("ppl:a")
@dataclass(frozen=True, slots=True)
class PersonAccess(Payload):
    """Ask to confirm deactivating (active=no) or reactivating (active=yes)."""

    person: int
    active: bool


@kind("ppl:ay")
@dataclass(frozen=True, slots=True)
class PersonAccessConfirm(Payload):
    person: int
    active: bool


@kind("ppl:w")
@dataclass(frozen=True, slots=True)
class AwayMentors(Payload):
    pass


@kind("ppl:x")
@dataclass(frozen=True, slots=True)
class PeopleCancel(Payload):
    pass


router = Router()

FIND = State(PEOPLE, "find")
COHORT = State(PEOPLE, "cohort")
MENTOR_CHOICES = 5


@router.callback(PeopleStart, roles=ADMINS)
async def start(ctx: Context) -> None:
    await ctx.set_state(FIND)
    ctx.say(
        "people-ask",
        [
            [ctx.button("btn-people-away", AwayMentors())],
            [ctx.button("btn-cancel", PeopleCancel())],
        ],
    )


@router.callback(PeopleCancel, roles=ADMINS)
async def cancel(ctx: Context) -> None:
    if ctx.state and ctx.state.flow == PEOPLE:
        await ctx.clear_state()
    ctx.say("people-closed")


@router.text(FIND, roles=ADMINS)
async def find(ctx: Context) -> None:
    found = await roster.find(ctx.session, ctx.typed, demo=_me(ctx).is_demo)
    cancel_row = [ctx.button("btn-cancel", PeopleCancel())]
    if not found:
        ctx.say("people-none", [cancel_row])
        return
    rows = [
        [Button(_label(ctx, person), payload=PersonShow(person.id).encode())] for person in found
    ]
    ctx.send(ctx.t("people-found", count=len(found)), [*rows, cancel_row])


@router.callback(PersonShow, roles=ADMINS)
async def show(ctx: Context) -> None:
    person = await _target(ctx, PersonShow)
    if person is None:
        return ctx.expired()
    await _card(ctx, person)


@router.callback(PersonRoles, roles=ADMINS)
async def roles(ctx: Context) -> None:
    person = await _target(ctx, PersonRoles, not_me=True)
    if person is None:
        return ctx.expired()
    others = [role for role in Role if role.value != person.role]
    ctx.say(
        "people-which-role",
        [
            [
                ctx.button(f"role-{role.value}", PersonRoleSet(person.id, role.value))
                for role in others
            ],
            [ctx.button("btn-people-back", PersonShow(person.id))],
        ],
        name=_name(person),
    )


@router.callback(PersonRoleSet, roles=ADMINS)
async def role_set(ctx: Context) -> None:
    pressed = ctx.choice(PersonRoleSet)
    person = await _target(ctx, PersonRoleSet, not_me=True)
    if person is None or pressed is None or pressed.role not in {r.value for r in Role}:
        return ctx.expired()
    if person.role == pressed.role:  # a second press
        return await _card(ctx, person)
    old = person.role
    await roster.change_role(
        ctx.session, person, Role(pressed.role), ctx.now(), ctx.channels, catalogs=ctx.catalogs
    )
    if old == Role.MENTOR.value:
        await reroute_open_questions(ctx, person)
    ctx.reply.pushed = True  # new introductions, if any, are in the outbox
    ctx.audit("person.role_changed", role=pressed.role)
    role = ctx.catalogs.text(person.language, f"role-{pressed.role}")
    await ctx.tell(person, "people-role-changed-you", role=role, cause=_cause(ctx, person, "role"))
    ctx.say("people-role-changed", name=_name(person), role=ctx.t(f"role-{pressed.role}"))
    await _card(ctx, person)


@router.callback(PersonCohorts, roles=ADMINS)
async def cohorts(ctx: Context) -> None:
    person = await _target(ctx, PersonCohorts)
    if person is None:
        return ctx.expired()
    await ctx.set_state(COHORT, {"person": person.id})
    rows = [
        [Button(cohort.name, payload=PersonCohortSet(person.id, cohort.id).encode())]
        for cohort in await roster.cohorts(ctx.session)
    ]
    rows.append([ctx.button("btn-people-no-cohort", PersonCohortSet(person.id, 0))])
    rows.append([ctx.button("btn-people-back", PersonShow(person.id))])
    ctx.say("people-which-cohort", rows, name=_name(person))


@router.callback(PersonCohortSet, roles=ADMINS)
async def cohort_set(ctx: Context) -> None:
    pressed = ctx.choice(PersonCohortSet)
    person = await _target(ctx, PersonCohortSet)
    if person is None or pressed is None:
        return ctx.expired()
    if pressed.cohort and await roster.cohort_name(ctx.session, pressed.cohort) is None:
        return ctx.expired()
    await _set_cohort(ctx, person, pressed.cohort or None)


@router.text(COHORT, roles=ADMINS)
async def cohort_typed(ctx: Context) -> None:
    person = await roster.person_of_world(
        ctx.session, int(ctx.data.get("person", 0)), demo=_me(ctx).is_demo
    )
    name = roster.clean_cohort(ctx.typed)
    if person is None:
        await ctx.clear_state()
        return ctx.expired()
    if name is None:
        ctx.say("people-invalid-cohort", max=roster.COHORT_LENGTH)
        return
    cohort = await invites.cohort_by_name(ctx.session, name, ctx.now())
    await _set_cohort(ctx, person, cohort.id)


async def _set_cohort(ctx: Context, person: Person, cohort_id: int | None) -> None:
    if ctx.state and ctx.state.flow == PEOPLE:
        await ctx.clear_state()
    person.cohort_id = cohort_id
    ctx.audit("person.cohort_changed", role=person.role)
    name = await roster.cohort_name(ctx.session, cohort_id)
    ctx.say("people-cohort-changed", name=_name(person), cohort=name or "-")
    await _card(ctx, person)


@router.callback(PersonMentors, roles=ADMINS)
async def mentors(ctx: Context) -> None:
    person = await _target(ctx, PersonMentors, mentee=True)
    if person is None:
        return ctx.expired()
    current = await mentorships.active_mentor_id(ctx.session, person.id)
    ranked = await matching.ranked_mentors(ctx.session, person, ctx.now(), exclude={current or 0})
    back = [ctx.button("btn-people-back", PersonShow(person.id))]
    if not ranked:
        ctx.say("assign-no-mentor", [back], mentee=_name(person))
        return
    rows = []
    for choice in ranked[:MENTOR_CHOICES]:
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
        payload = PersonMentorSet(person.id, mentor.id).encode()
        rows.append([Button(to_plain(line), payload=payload)])
    ctx.send(
        ctx.t("assign-mentors", mentee=_name(person), office=person.office or "-"), [*rows, back]
    )


@router.callback(PersonMentorSet, roles=ADMINS)
async def mentor_set(ctx: Context) -> None:
    pressed = ctx.choice(PersonMentorSet)
    person = await _target(ctx, PersonMentorSet, mentee=True)
    mentor = (
        await roster.person_of_world(ctx.session, pressed.mentor, demo=_me(ctx).is_demo)
        if pressed
        else None
    )
    if (
        person is None
        or mentor is None
        or mentor.role != Role.MENTOR.value
        or mentor.onboarded_at is None
        or mentor.deactivated_at is not None
    ):
        return ctx.expired()
    if await mentorships.active_mentor_id(ctx.session, person.id) == mentor.id:
        ctx.say("assign-already", mentee=_name(person), mentor=_name(mentor))
        return
    made = await mentorships.pair(
        ctx.session, person, mentor, ctx.now(), ctx.channels, catalogs=ctx.catalogs
    )
    if made is None:
        ctx.say("assign-full", mentor=_name(mentor))
        return
    ctx.reply.pushed = True
    ctx.audit("mentorship.assigned", mentorship=made.id)
    ctx.say("assign-done", mentee=_name(person), mentor=_name(mentor))


@router.callback(PersonAccess, roles=ADMINS)
async def access(ctx: Context) -> None:
    pressed = ctx.choice(PersonAccess)
    person = await _target(ctx, PersonAccess, not_me=True)
    if person is None or pressed is None or pressed.active != (person.deactivated_at is not None):
        return ctx.expired()
    ctx.say(
        "people-reactivate-confirm" if pressed.active else "people-deactivate-confirm",
        [
            [
                ctx.button(
                    "btn-people-reactivate" if pressed.active else "btn-people-deactivate",
                    PersonAccessConfirm(person.id, pressed.active),
                )
            ],
            [ctx.button("btn-people-back", PersonShow(person.id))],
        ],
        name=_name(person),
    )


@router.callback(PersonAccessConfirm, roles=ADMINS)
async def access_confirmed(ctx: Context) -> None:
    pressed = ctx.choice(PersonAccessConfirm)
    person = await _target(ctx, PersonAccessConfirm, not_me=True)
    if person is None or pressed is None:
        return ctx.expired()
    if pressed.active:
        if not roster.reactivate(person):
            return ctx.expired()
        ctx.audit("person.reactivated", role=person.role)
        ctx.say("people-reactivated", name=_name(person))
        return
    if not roster.deactivate(person, ctx.now()):
        return ctx.expired()
    if person.role == Role.MENTOR.value:
        await reroute_open_questions(ctx, person)
    ctx.audit("person.deactivated", role=person.role)
    ctx.say("people-deactivated", name=_name(person))


@router.callback(AwayMentors, roles=ADMINS)
async def away_mentors(ctx: Context) -> None:
    away = await roster.away_mentors(ctx.session, ctx.now(), demo=_me(ctx).is_demo)
    if not away:
        ctx.say("people-away-none")
        return
    lines = [
        ctx.t(
            "people-away-line",
            name=_name(entry.mentor),
            day=profile.last_away_day(_me(ctx), entry.until).isoformat(),
        )
        for entry in away
    ]
    ctx.send(ctx.t("people-away", count=len(away)) + "\n\n" + "\n".join(lines))


async def _card(ctx: Context, person: Person) -> None:
    """Who the person is and what an admin can change about them."""
    me = _me(ctx)
    province = by_code(person.province_code) if person.province_code else None
    lines = [
        ctx.t("people-card-title", name=_name(person), number=person.id),
        ctx.t("people-card-role", role=ctx.t(f"role-{person.role}")),
        ctx.t(
            "people-card-cohort",
            cohort=await roster.cohort_name(ctx.session, person.cohort_id) or "-",
        ),
        ctx.t("people-card-office", office=person.office or "-"),
        ctx.t(
            "people-card-province",
            province=province.name if province else "-",
            zone=province.zone if province else "-",
        ),
    ]
    if person.role == Role.MENTEE.value:
        mentor = await mentorships.active_mentor_id(ctx.session, person.id)
        mentor_person = await ctx.session.get(Person, mentor) if mentor else None
        lines.append(
            ctx.t("people-card-mentor", mentor=_name(mentor_person) if mentor_person else "-")
        )
    if person.role == Role.MENTOR.value:
        details = await ctx.session.get(MentorProfile, person.id)
        load = await mentorships.load_of(ctx.session, person.id)
        lines.append(
            ctx.t("people-card-mentees", load=load, capacity=details.capacity if details else "-")
        )
        if details and details.away_until and details.away_until > ctx.now():
            day = profile.last_away_day(me, details.away_until).isoformat()
            lines.append(ctx.t("people-card-away", day=day))
    joined = (
        profile.local_time(me, person.onboarded_at)
        if person.onboarded_at
        else ctx.t("people-card-joining")
    )
    lines.append(ctx.t("people-card-joined", at=joined))
    if person.deactivated_at is not None:
        lines.append(
            ctx.t("people-card-deactivated", at=profile.local_time(me, person.deactivated_at))
        )
    first = [ctx.button("btn-people-cohort", PersonCohorts(person.id))]
    if person.id != me.id:  # an admin cannot take their own role or access away
        first.insert(0, ctx.button("btn-people-role", PersonRoles(person.id)))
    rows = [first]
    if person.role == Role.MENTEE.value and person.onboarded_at is not None:
        rows.append([ctx.button("btn-people-mentor", PersonMentors(person.id))])
    if person.id != me.id:
        active = person.deactivated_at is not None
        key = "btn-people-reactivate" if active else "btn-people-deactivate"
        rows.append([ctx.button(key, PersonAccess(person.id, active))])
    rows.append([ctx.button("btn-cancel", PeopleCancel())])
    ctx.send("\n".join(lines), rows)


async def _target(
    ctx: Context, pressed_kind: type[Payload], *, not_me: bool = False, mentee: bool = False
) -> Person | None:
    """The person a pressed button names, when the admin may act on them with it."""
    pressed = ctx.choice(pressed_kind)
    person_id = getattr(pressed, "person", None)
    if not isinstance(person_id, int):
        return None
    person = await roster.person_of_world(ctx.session, person_id, demo=_me(ctx).is_demo)
    if person is None or (not_me and person.id == _me(ctx).id):
        return None
    if mentee and (person.role != Role.MENTEE.value or person.onboarded_at is None):
        return None
    return person


def _cause(ctx: Context, person: Person, what: str) -> str:
    return f"people:{what}:{person.id}:{ctx.now().timestamp():.0f}"


def _label(ctx: Context, person: Person) -> str:
    role = to_plain(ctx.t(f"role-{person.role}"))
    office = f" · {person.office}" if person.office else ""
    paused = " ⏸" if person.deactivated_at is not None else ""
    return f"{_name(person)} · {role}{office}{paused}"


def _name(person: Person) -> str:
    return person.display_name or "-"


def _me(ctx: Context) -> Person:
    if ctx.person is None:  # every route here is for admins only
        raise RuntimeError("people tools without a person")
    return ctx.person
