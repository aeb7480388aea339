"""The weekly digest job: Monday 08:00 in each reader's own zone, once a week each."""

from __future__ import annotations

from datetime import timedelta

from bot.context import JobContext
from bot.curriculum import schedule
from bot.db.models import Person
from bot.messages import Outgoing
from bot.roles import Role
from bot.router import Router
from bot.services import digests

router = Router()

EVERY = timedelta(minutes=5)


@router.job("digests-due", every=EVERY)
async def digests_due(job: JobContext) -> None:
    programme: digests.ProgrammeWeek | None = None  # the same for every admin: asked once
    due: dict[str, Person] = {}
    for reader in await digests.readers(job.session):
        week = digests.week_key(job.now, reader.timezone or schedule.ZONES[0])
        if week is not None:
            due[f"digest:{week}:{reader.id}"] = reader
    # The job runs every few minutes all Monday morning: digests made once, not each run.
    for key in await digests.already_queued(job.session, list(due)):
        del due[key]
    for key, reader in due.items():
        if reader.role == Role.MENTOR.value:
            text = await _mentor_text(job, reader)
        else:
            programme = programme or await digests.for_admins(job.session, job.now)
            text = _admin_text(job, reader, programme)
        await job.push(reader, Outgoing(text), key=key)


async def _mentor_text(job: JobContext, mentor: Person) -> str:
    digest = await digests.for_mentor(job.session, mentor.id, job.now)

    def t(key: str, **args: str | int) -> str:
        return job.catalogs.text(mentor.language, key, **args)

    lines = [t("digest-mentor-title")]
    if not digest.mentees:
        lines.append(t("digest-mentor-no-mentees"))
    for mentee in digest.mentees:
        lines.append(
            t(
                "digest-mentee-line",
                name=mentee.name,
                lessons=mentee.lessons_this_week,
                total=mentee.lessons_total,
                right=mentee.right_this_week,
                answered=mentee.answered_this_week,
            )
        )
    lines.append(t("digest-mentor-questions", open=digest.open_questions, overdue=digest.overdue))
    return "\n".join(lines)


def _admin_text(job: JobContext, admin: Person, week: digests.ProgrammeWeek) -> str:
    accuracy = round(100 * week.right / week.answered) if week.answered else 0
    return job.catalogs.text(
        admin.language,
        "digest-admin",
        joined=week.joined,
        lessons=week.lessons,
        answered=week.answered,
        accuracy=accuracy,
        asked=week.asked,
        first_answers=week.first_answers,
        open=week.open,
        overdue=week.overdue,
        unmatched=week.unmatched,
        dead=week.dead,
    )
