"""Channel-neutral conversation handlers, one module per feature."""

from bot.router import Router

from . import (
    admin,
    assign,
    away,
    basics,
    broadcast,
    checklists,
    digests,
    forget,
    invite_list,
    lessons,
    linking,
    onboarding,
    people,
    profile,
    questions,
    reports,
    search,
    settings,
)

# The menu as the design lists it: every user's commands, then the mentors' and admins' extras.
MENU_ORDER = (
    "start", "help", "lesson", "lessons", "progress", "checklists", "ask", "myquestions",
    "search", "settings", "pause", "resume", "forget",
    "queue",
    "broadcast", "invite", "assign", "stats", "export",
)  # fmt: skip


# The away step lives in its own module and joins the profile steps when imported.
__all__ = ["away", "build_router"]


def build_router() -> Router:
    router = Router(MENU_ORDER)
    for module in (
        onboarding,
        profile,
        settings,
        linking,
        basics,
        broadcast,
        forget,
        admin,
        invite_list,
        people,
        assign,
        reports,
        lessons,
        checklists,
        questions,
        digests,
        search,
    ):
        router.include(module.router)
    return router
