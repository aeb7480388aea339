"""Commands of the design whose features are not built yet.

They are routed and shown in the menus with their final roles now (the menus are part of the
design's contract), so a person without the role is refused and audited exactly as later; a
person with the role is told the feature is on its way.
"""

from __future__ import annotations

from bot.context import Context
from bot.roles import ADMINS, EVERYONE, Role
from bot.router import Router

router = Router()

UPCOMING = {
    "search": EVERYONE,
    "broadcast": ADMINS,
    "assign": ADMINS,
}


async def _upcoming(ctx: Context) -> None:
    ctx.say("feature-upcoming")


for _name, _roles in UPCOMING.items():
    # Admins may open the queue too, but the design lists it in the mentors' menu only.
    _menu = {Role.MENTOR} if _name == "queue" else True
    router.command(_name, roles=_roles, menu=_menu)(_upcoming)
