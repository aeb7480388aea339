"""Typed answers, invite codes and routing rules."""

from __future__ import annotations

import pytest

from bot.messages import MAX_PAYLOAD_BYTES, Button, Channel, Incoming
from bot.roles import ADMINS, MENTORS, Role
from bot.router import Route, Router
from bot.services import profile
from bot.states import State


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("7", "07:00"), ("07:30", "07:30"), ("7.30", "07:30"), ("0730", "07:30"),
     (" 19:05 ", "19:05"), ("23.59", "23:59"), ("24:00", None), ("7:60", None),
     ("pagi", None), ("", None), ("-1", None), ("7²", None), ("٠٧:٣٠", None)],
)  # fmt: skip
def test_lesson_times(typed: str, expected: str | None) -> None:
    assert profile.parse_time(typed) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("Budi  Santoso", "Budi Santoso"), ("B", None), ("12345", None), ("x" * 61, None),
     ("Budi\x00", None), ("Ni Luh Putu Ayu", "Ni Luh Putu Ayu")],
)  # fmt: skip
def test_names(typed: str, expected: str | None) -> None:
    assert profile.clean_name(typed) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("5", 5), ("30", 30), ("0", None), ("31", None), ("lima", None), ("²", None),
     ("٣", None), ("1e1", None), ("0005", None)],
)  # fmt: skip
def test_capacity(typed: str, expected: int | None) -> None:
    assert profile.parse_capacity(typed) == expected


def test_button_payloads_stay_within_telegram_limits() -> None:
    Button("ok", payload="x" * MAX_PAYLOAD_BYTES)
    with pytest.raises(ValueError):
        Button("too long", payload="é" * 33)  # 66 bytes
    with pytest.raises(ValueError):
        Button("neither")


def test_commands_are_parsed_with_bot_names_and_arguments() -> None:
    def command(text: str) -> tuple[str, str] | None:
        return Incoming(Channel.CONSOLE, "1", "1", "1", text=text).command

    assert command("/start ABC") == ("start", "ABC")
    assert command("/Help@mentoring_bot") == ("help", "")
    assert command("hello /start") is None
    assert command("/") is None


async def _noop(_ctx: object) -> None:
    return None


def test_routes_declare_roles_and_menus() -> None:
    router = Router(menu_order=["help", "queue", "stats"])
    router.command("stats", roles=ADMINS)(_noop)
    router.command("help")(_noop)
    router.command("queue", roles=MENTORS, menu={Role.MENTOR})(_noop)
    router.command("secret", roles=ADMINS, menu=False)(_noop)
    assert router.menu_commands(None) == ["help"]
    assert router.menu_commands(Role.MENTEE) == ["help"]
    assert router.menu_commands(Role.MENTOR) == ["help", "queue"]
    assert router.menu_commands(Role.ADMIN) == ["help", "stats"]
    with pytest.raises(ValueError):
        router.command("help")(_noop)


def test_text_routes_pick_the_step_before_the_whole_flow() -> None:
    router = Router()
    router.text(State("onboard"))(_noop)
    router.text(State("onboard", "name"))(_noop)
    assert router.find_text(State("onboard", "name")) is router.texts["onboard:name"]
    assert router.find_text(State("onboard", "office")) is router.texts["onboard"]
    assert router.find_text(State("settings", "name")) is None
    assert router.find_text(None) is None


def test_a_route_fits_the_states_it_names() -> None:
    anywhere = Route(_noop, None)
    named = Route(_noop, None, states=(State("onboard", "name"),))
    whole_flow = Route(_noop, None, states=(State("onboard"),))
    assert anywhere.fits(None)
    assert named.fits(State("onboard", "name"))
    assert not named.fits(State("settings", "name"))
    assert not named.fits(State("onboard", "office"))
    assert whole_flow.fits(State("onboard", "office"))
    assert not whole_flow.fits(None)


def test_states_read_back_from_their_stored_text() -> None:
    assert State.parse("settings:office") == State("settings", "office")
    assert str(State("forget", "confirm")) == "forget:confirm"
    assert State.parse("") is None
    assert State.parse("onboard:language").joining
    assert not State.parse("settings:language").joining  # type: ignore[union-attr]


async def test_chat_locks_keep_order_within_a_chat_and_forget_idle_chats() -> None:
    import asyncio

    from bot.chat_locks import ChatLocks

    locks, seen = ChatLocks(), []
    first_holds, second_arrived, release_first = asyncio.Event(), asyncio.Event(), asyncio.Event()

    async def first() -> None:
        async with locks.hold("a"):
            first_holds.set()
            await release_first.wait()
            seen.append("a1")

    async def second() -> None:
        second_arrived.set()
        async with locks.hold("a"):
            seen.append("a2")

    async def other_chat() -> None:
        async with locks.hold("b"):
            seen.append("b1")

    held = asyncio.create_task(first())
    await first_holds.wait()
    waiting = asyncio.create_task(second())
    await second_arrived.wait()
    await other_chat()  # another chat is not held up
    assert seen == ["b1"]
    release_first.set()
    await asyncio.gather(held, waiting)
    assert seen == ["b1", "a1", "a2"]
    assert len(locks) == 0
