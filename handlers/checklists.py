"""/checklists: victim-centred checklists, one run per case, ticked item by item.

Choosing a checklist asks for an optional case label (masked before it is stored), then shows
the run: its items with ✅ / ⬜, a toggle button per item, and "done". A toggle edits that
message in place where the channel can. Every message carries case material, so all of them
are protected from forwarding.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.context import Context
from bot.curriculum.model import Checklist
from bot.markup import escape, to_plain
from bot.messages import Button
from bot.roles import EVERYONE
from bot.router import Router
from bot.services import checklists
from bot.services.checklists import Run
from bot.states import CHECKLIST, State

from .buttons import (
    ChecklistDone,
    ChecklistNoLabel,
    ChecklistReasons,
    ChecklistShow,
    ChecklistToggle,
    OpenChecklist,
)

router = Router()

LABEL_STATE = State(CHECKLIST, "label")
# Open runs shown under the checklists; older ones are counted, not listed.
LISTED_RUNS = 6
# A case label on a button is cut to this much; the message text shows it whole.
BUTTON_CASE = 20
TOGGLES_PER_ROW = 4
TICKED, UNTICKED = "✅", "⬜"
DEFAULT_ZONE = "Asia/Jakarta"


@router.command("checklists", roles=EVERYONE)
async def list_checklists(ctx: Context) -> None:
    person_id = _person_id(ctx)
    curriculum = ctx.curriculum
    open_runs = []
    for run in await checklists.runs_of(ctx.session, person_id):
        checklist = curriculum.checklist(run.checklist_id)
        if checklist is not None and not run.finished(checklist):
            open_runs.append((run, checklist))
    parts = [ctx.t("checklists-title"), ctx.t("checklists-intro")]
    if open_runs:
        lines = [
            ctx.t(
                "checklists-run-line",
                short=checklist.short,
                case=_case(ctx, run),
                done=len(run.checked),
                total=len(checklist.items),
            )
            for run, checklist in open_runs[:LISTED_RUNS]
        ]
        if len(open_runs) > LISTED_RUNS:
            lines.append(ctx.t("checklists-more-runs", count=len(open_runs) - LISTED_RUNS))
        parts.append("\n".join([ctx.t("checklists-open-runs"), *lines]))
    choices = [
        Button(checklist.short, payload=OpenChecklist(checklist.id).encode())
        for checklist in curriculum.checklists
    ]
    rows = [choices[i : i + 2] for i in range(0, len(choices), 2)]
    rows += [
        [
            ctx.button(
                "btn-checklist-run",
                ChecklistShow(run.id),
                short=checklist.short,
                case=_shorten(_case(ctx, run), BUTTON_CASE),
            )
        ]
        for run, checklist in open_runs[:LISTED_RUNS]
    ]
    ctx.send("\n\n".join(parts), rows, protect=True)


@router.callback(OpenChecklist, roles=EVERYONE)
async def chosen(ctx: Context) -> None:
    choice = ctx.choice(OpenChecklist)
    checklist = ctx.curriculum.checklist(choice.checklist) if choice else None
    if checklist is None:
        ctx.expired()
        return
    await ctx.set_state(LABEL_STATE, {"checklist": checklist.id})
    text = ctx.t("checklist-ask-label", title=checklist.title, max=checklists.LABEL_MAX)
    ctx.send(text, [[ctx.button("btn-checklist-skip", ChecklistNoLabel())]], protect=True)


@router.text(LABEL_STATE, roles=EVERYONE)
async def label_typed(ctx: Context) -> None:
    label = checklists.clean_label(ctx.typed)
    if label is None:
        text = ctx.t("checklist-label-invalid", max=checklists.LABEL_MAX)
        ctx.send(text, [[ctx.button("btn-checklist-skip", ChecklistNoLabel())]], protect=True)
        return
    await _start(ctx, label)


@router.callback(ChecklistNoLabel, roles=EVERYONE, states=(LABEL_STATE,))
async def label_skipped(ctx: Context) -> None:
    await _start(ctx, None)


async def _start(ctx: Context, label: str | None) -> None:
    checklist = ctx.curriculum.checklist(str(ctx.data.get("checklist", "")))
    await ctx.clear_state()
    if checklist is None:  # the content changed while the label was asked
        ctx.expired()
        return
    started = await checklists.start(ctx.session, _person_id(ctx), checklist, label, now=ctx.now())
    ctx.audit("checklist.started", checklist=checklist.id, run=started.run.id)
    if started.masked:
        ctx.send(ctx.t("checklist-label-masked", label=started.run.label or ""), protect=True)
    _show(ctx, checklist, started.run)


@router.callback(ChecklistShow, roles=EVERYONE)
async def reopened(ctx: Context) -> None:
    press = ctx.choice(ChecklistShow)
    if press is not None and (found := await _own_run(ctx, press.run)) is not None:
        _show(ctx, *found)


@router.callback(ChecklistToggle, roles=EVERYONE)
async def toggled(ctx: Context) -> None:
    press = ctx.choice(ChecklistToggle)
    if press is None:
        return ctx.expired()
    try:
        run = await checklists.toggle(
            ctx.session,
            press.run,
            press.item,
            person_id=_person_id(ctx),
            curriculum=ctx.curriculum,
            now=ctx.now(),
        )
    except checklists.NotYours:
        return _refuse(ctx, press.run)
    except checklists.NotFound:
        return ctx.expired()
    checklist = ctx.curriculum.checklist(run.checklist_id)
    if checklist is None:  # toggle() found it a moment ago
        return ctx.expired()
    _show(ctx, checklist, run, reasons=press.reasons, replace=True)
    return None


@router.callback(ChecklistReasons, roles=EVERYONE)
async def reasons(ctx: Context) -> None:
    press = ctx.choice(ChecklistReasons)
    if press is not None and (found := await _own_run(ctx, press.run)) is not None:
        _show(ctx, *found, reasons=press.show, replace=True)


@router.callback(ChecklistDone, roles=EVERYONE)
async def done(ctx: Context) -> None:
    press = ctx.choice(ChecklistDone)
    if press is None or (found := await _own_run(ctx, press.run)) is None:
        return
    checklist, run = found
    text = _run_text(ctx, checklist, run, reasons=False, final=True)
    ctx.send(f"{text}\n\n{ctx.t('checklist-saved')}", replace=True, protect=True)


async def _own_run(ctx: Context, run_id: int) -> tuple[Checklist, Run] | None:
    """The presser's own run and its checklist; otherwise refused (and None)."""
    try:
        run = await checklists.get(ctx.session, run_id, person_id=_person_id(ctx))
    except checklists.NotYours:
        _refuse(ctx, run_id)
        return None
    except checklists.NotFound:
        ctx.expired()
        return None
    checklist = ctx.curriculum.checklist(run.checklist_id)
    if checklist is None:
        ctx.expired()
        return None
    return checklist, run


def _refuse(ctx: Context, run_id: int) -> None:
    ctx.audit("checklist.refused", run=run_id)
    ctx.say("checklist-not-yours")
    ctx.notice("checklist-not-yours")


def _show(
    ctx: Context,
    checklist: Checklist,
    run: Run,
    *,
    reasons: bool = False,
    replace: bool = False,
) -> None:
    ctx.send(
        _run_text(ctx, checklist, run, reasons=reasons),
        _run_buttons(ctx, checklist, run, reasons=reasons),
        replace=replace,
        protect=True,
    )


def _run_text(
    ctx: Context, checklist: Checklist, run: Run, *, reasons: bool, final: bool = False
) -> str:
    """Title, case, progress and items (with why each matters when asked); `final` is the
    view without buttons."""
    head = [f"*{escape(checklist.title)}*"]
    if run.label:
        head.append(ctx.t("checklist-case", label=run.label))
    head.append(ctx.t("checklist-progress", done=len(run.checked), total=len(checklist.items)))
    if not final:
        head.append(ctx.t("checklist-hint"))
    items = []
    for index, item in enumerate(checklist.items):
        mark = TICKED if index in run.checked else UNTICKED
        line = f"{mark} {index + 1}. {escape(item.text)}"
        items.append(f"{line}\n_{escape(item.why)}_" if reasons else line)
    parts = ["\n".join(head), ("\n\n" if reasons else "\n").join(items)]
    if reasons:
        parts.append(ctx.t("checklist-source", source=checklist.source))
    if not checklist.reviewed:
        parts.append(ctx.t("checklist-unreviewed"))
    return "\n\n".join(parts)


def _run_buttons(
    ctx: Context, checklist: Checklist, run: Run, *, reasons: bool
) -> list[list[Button]]:
    toggles = [
        Button(
            f"{TICKED if index in run.checked else UNTICKED} {index + 1}",
            payload=ChecklistToggle(run.id, index, reasons).encode(),
        )
        for index in range(len(checklist.items))
    ]
    rows = [toggles[i : i + TOGGLES_PER_ROW] for i in range(0, len(toggles), TOGGLES_PER_ROW)]
    why = "btn-checklist-brief" if reasons else "btn-checklist-why"
    rows.append(
        [
            ctx.button(why, ChecklistReasons(run.id, not reasons)),
            ctx.button("btn-checklist-done", ChecklistDone(run.id)),
        ]
    )
    return rows


def _case(ctx: Context, run: Run) -> str:
    if run.label:
        return run.label
    # Plain text: it is passed on as an argument, and arguments are escaped.
    return to_plain(ctx.t("checklist-no-label", date=_local_date(ctx, run.created_at)))


def _local_date(ctx: Context, moment: datetime) -> str:
    zone = (ctx.person.timezone if ctx.person else None) or DEFAULT_ZONE
    return moment.astimezone(ZoneInfo(zone)).strftime("%d/%m/%Y")


def _shorten(text: str, most: int) -> str:
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"


def _person_id(ctx: Context) -> int:
    if ctx.person is None:  # every route here is for joined people only
        raise RuntimeError("checklists without a person")
    return ctx.person.id
