"""Neutral routing of commands, button kinds and free text by conversation state.

Who may use a route is declared on the route, so the check happens once, here, and every
refusal is audited the same way.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from bot.payloads import Payload
from bot.roles import EVERYONE, Role
from bot.states import State

if TYPE_CHECKING:
    from bot.context import Context, JobContext

Handler = Callable[["Context"], Awaitable[None]]
JobHandler = Callable[["JobContext"], Awaitable[None]]
ReplyHandler = Callable[["Context"], Awaitable[bool]]


@dataclass(frozen=True, slots=True)
class Route:
    handler: Handler
    # None: anyone, even a person who has not joined yet (e.g. /start, /help).
    roles: frozenset[Role] | None
    # For buttons and text: the conversation states the route belongs to (see State.covers).
    states: tuple[State, ...] = ()
    # Commands only: the roles whose command menu shows it.
    menu_roles: frozenset[Role] = frozenset()
    # Text routes only: which typed lines are a valid answer, so that a channel sends such a line
    # as text rather than as the press of a numbered button (None: any line is taken as text).
    accepts: Callable[[str], bool] | None = None

    def fits(self, current: State | None) -> bool:
        """A route without states fits any state; otherwise one of them must cover it."""
        return not self.states or any(state.covers(current) for state in self.states)


class Router:
    def __init__(self, menu_order: Iterable[str] = ()) -> None:
        self.menu_order = list(menu_order)
        self.commands: dict[str, Route] = {}
        self.callbacks: dict[str, Route] = {}
        self.texts: dict[str, Route] = {}
        # Asks again the step a chat was left at (see Core.reshow); joining registers it, so
        # the core can resume a conversation without knowing any handler.
        self.resume_hook: Handler | None = None
        # Takes a typed reply to one of the bot's messages (an answer to a relayed question);
        # True when it did, else the text is routed as usual.
        self.reply_hook: ReplyHandler | None = None
        # Periodic jobs of the features (lessons due, reviews): name -> (interval, handler).
        self.jobs: dict[str, tuple[timedelta, JobHandler]] = {}

    def command(
        self,
        name: str,
        *,
        roles: Iterable[Role] | None = None,
        menu: bool | Iterable[Role] = True,
    ) -> Callable[[Handler], Handler]:
        """`menu`: shown to everyone allowed (True), to nobody (False), or to these roles."""
        allowed = _roles(roles)
        if menu is True:
            menu_roles = allowed if allowed is not None else EVERYONE
        else:
            menu_roles = frozenset() if menu is False else frozenset(menu)

        def register(handler: Handler) -> Handler:
            _add(self.commands, name, Route(handler, allowed, menu_roles=menu_roles))
            return handler

        return register

    def callback(
        self,
        *kinds: type[Payload],
        roles: Iterable[Role] | None = None,
        states: Iterable[State] = (),
    ) -> Callable[[Handler], Handler]:
        """Presses of these button kinds; a state-bound button outside its state is stale."""

        def register(handler: Handler) -> Handler:
            for kind in kinds:
                route = Route(handler, _roles(roles), states=tuple(states))
                _add(self.callbacks, kind.key, route)
            return handler

        return register

    def text(
        self,
        state: State,
        *,
        roles: Iterable[Role] | None = None,
        accepts: Callable[[str], bool] | None = None,
    ) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            route = Route(handler, _roles(roles), states=(state,), accepts=accepts)
            _add(self.texts, str(state), route)
            return handler

        return register

    def job(self, name: str, every: timedelta) -> Callable[[JobHandler], JobHandler]:
        """A periodic job: it asks the database what is due at the clock's time."""

        def register(handler: JobHandler) -> JobHandler:
            if name in self.jobs:
                raise ValueError(f"job {name!r} registered twice")
            self.jobs[name] = (every, handler)
            return handler

        return register

    def include(self, other: Router) -> None:
        for mine, theirs in (
            (self.commands, other.commands),
            (self.callbacks, other.callbacks),
            (self.texts, other.texts),
        ):
            for key, route in theirs.items():
                _add(mine, key, route)
        if other.resume_hook is not None:
            self.on_resume(other.resume_hook)
        if other.reply_hook is not None:
            self.on_reply(other.reply_hook)
        for name, (every, handler) in other.jobs.items():
            self.job(name, every)(handler)

    def on_resume(self, handler: Handler) -> Handler:
        if self.resume_hook is not None:
            raise ValueError("resume hook registered twice")
        self.resume_hook = handler
        return handler

    def on_reply(self, handler: ReplyHandler) -> ReplyHandler:
        if self.reply_hook is not None:
            raise ValueError("reply hook registered twice")
        self.reply_hook = handler
        return handler

    def find_command(self, name: str) -> Route | None:
        return self.commands.get(name)

    def find_callback(self, pressed: Payload) -> Route | None:
        return self.callbacks.get(pressed.key)

    def find_text(self, state: State | None) -> Route | None:
        """The route for a typed answer: the step's own, else one for its whole flow."""
        if state is None:
            return None
        return self.texts.get(str(state)) or self.texts.get(state.flow)

    def usable_commands(self, role: Role) -> list[str]:
        """Every menu command a person of this role may use, in menu order (for /help)."""
        names = [
            name
            for name, route in self.commands.items()
            if route.menu_roles and (route.roles is None or role in route.roles)
        ]
        return self._in_menu_order(names)

    def menu_commands(self, role: Role | None) -> list[str]:
        """The menu of a role; None gives the menu everyone shares (also before joining)."""
        names = [
            name
            for name, route in self.commands.items()
            if (route.menu_roles == EVERYONE if role is None else role in route.menu_roles)
        ]
        return self._in_menu_order(names)

    def _in_menu_order(self, names: list[str]) -> list[str]:
        order = {name: index for index, name in enumerate(self.menu_order)}
        return sorted(names, key=lambda name: order.get(name, len(order)))


def _roles(roles: Iterable[Role] | None) -> frozenset[Role] | None:
    return None if roles is None else frozenset(roles)


def _add(table: dict[str, Route], key: str, route: Route) -> None:
    if key in table:
        raise ValueError(f"route {key!r} registered twice")
    table[key] = route
