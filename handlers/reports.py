"""Programme reports for admins: /stats (figures and charts) and /export (CSV files)."""

from __future__ import annotations

from datetime import timedelta

from bot import provinces
from bot.context import Context
from bot.curriculum.model import Curriculum
from bot.documents.exports import EXPORTS
from bot.messages import DocumentBuild
from bot.outbox import store
from bot.roles import ADMINS, Role
from bot.router import Router
from bot.services import questions, stats

router = Router()

# Provinces and lessons listed by name in /stats; the CSV export has them all.
TOP_PROVINCES = 5
CONFUSING_LESSONS = 5
CHARTS = ("chart:completion", "chart:answer-times")


@router.command("stats", roles=ADMINS)
async def programme_stats(ctx: Context) -> None:
    now = ctx.now()
    figures = await stats.programme(ctx.session, now)
    lessons = await stats.lessons(ctx.session)
    target = timedelta(hours=ctx.policy.answer_target_hours)
    times = await questions.answer_times(ctx.session, now, target)
    backlog = await store.backlog(ctx.session)
    in_time = times.answered_in_time
    sections = [
        ctx.t(
            "stats",
            mentees=figures.people_by_role.get(Role.MENTEE.value, 0),
            mentors=figures.people_by_role.get(Role.MENTOR.value, 0),
            admins=figures.people_by_role.get(Role.ADMIN.value, 0),
            onboarded=figures.onboarded,
            unreachable=figures.unreachable,
            mentorships=figures.active_mentorships,
            invites=figures.open_invites,
        ),
        ctx.t(
            "stats-reach",
            active=figures.active_this_week,
            wib=figures.people_by_zone.get("WIB", 0),
            wita=figures.people_by_zone.get("WITA", 0),
            wit=figures.people_by_zone.get("WIT", 0),
            unknown=figures.people_by_zone.get(stats.NO_ZONE, 0),
            provinces=_provinces(ctx, figures.people_by_province),
        ),
        ctx.t(
            "stats-lessons",
            delivered=lessons.delivered,
            completed=lessons.completed,
            accuracy=_percent(lessons.correct, lessons.completed),
        )
        + "\n"
        + _confusing(ctx, lessons),
        ctx.t(
            "stats-questions",
            asked=times.asked,
            open=times.open,
            overdue=times.overdue,
            median=_figure(times.median_first_response_hours),
            in_time=_figure(round(in_time * 100) if in_time is not None else None),
            hours=ctx.policy.answer_target_hours,
        ),
        ctx.t("stats-answered", answered=times.answered),
        ctx.t(
            "stats-outbox",
            waiting=backlog["pending"] + backlog["failed"] + backlog["sending"],
            dead=backlog["dead"],
        ),
    ]
    ctx.send("\n\n".join(sections))
    for chart in CHARTS:
        key = "stats-chart-" + chart.removeprefix("chart:")
        ctx.send(ctx.t(key), build=DocumentBuild(chart, {"lang": ctx.language}))
    ctx.audit("report.stats")


@router.command("export", roles=ADMINS)
async def export(ctx: Context) -> None:
    """One CSV file per message, built when sent: the rows keep only the export's name."""
    for name in EXPORTS:
        ctx.send(ctx.t(f"export-{name}"), build=DocumentBuild(f"export:{name}"))
    ctx.say("export-note")
    ctx.audit("report.export")


def _provinces(ctx: Context, counts: dict[str, int]) -> str:
    top = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:TOP_PROVINCES]
    names = []
    for code, count in top:
        province = provinces.by_code(code)
        names.append(f"{province.name if province else code} {count}")
    return ", ".join(names) if names else "-"


def _confusing(ctx: Context, lessons: stats.LessonFigures) -> str:
    """The lessons whose check is answered wrongly most often, one line each (markup)."""
    curriculum: Curriculum | None = ctx.curricula.get(ctx.language)
    lines = []
    for row in lessons.accuracy[:CONFUSING_LESSONS]:
        lesson = curriculum.lesson(row.lesson_id) if curriculum else None
        title = lesson.title if lesson else row.lesson_id
        lines.append(
            ctx.t(
                "stats-lesson-line",
                lesson=title,
                accuracy=_percent(row.correct, row.answered),
                answered=row.answered,
            )
        )
    return "\n".join(lines) if lines else ctx.t("stats-no-answers")


def _percent(part: int, whole: int) -> str:
    return "-" if not whole else f"{round(part * 100 / whole)}"


def _figure(value: float | int | None) -> str:
    return "-" if value is None else f"{value:g}"
