"""Commands of the design whose features are not built yet.

They are routed with their final roles now, so a person without the role is refused and
audited exactly as later; a person with the role is told the feature is on its way.
"""

from __future__ import annotations

from bot.context import Context
from bot.roles import ADMINS, EVERYONE, MENTORS
from bot.router import Router

router = Router()

UPCOMING = {
    "lesson": EVERYONE,
    "lessons": EVERYONE,
    "progress": EVERYONE,
    "checklists": EVERYONE,
    "ask": EVERYONE,
    "myquestions": EVERYONE,
    "search": EVERYONE,
    "queue": MENTORS,
    "broadcast": ADMINS,
    "assign": ADMINS,
    "export": ADMINS,
}


async def _upcoming(ctx: Context) -> None:
    ctx.say("feature-upcoming")


# A mentor's one extra command is in their menu from the start, as the design lists it.
IN_MENU = {"queue"}

for _name, _roles in UPCOMING.items():
    router.command(_name, roles=_roles, menu=_name in IN_MENU)(_upcoming)
