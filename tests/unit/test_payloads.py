"""Button payloads are encoded and parsed in one place; anything odd is refused, never raised."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from bot import payloads
from bot.payloads import Payload, kind
from handlers.buttons import (
    CapacityChoice,
    ConsentChoice,
    ExpertiseDone,
    ForgetChoice,
    InviteRole,
    LessonTimeChoice,
    ProvinceChoice,
    ProvincePage,
    SettingsCancel,
    SettingsField,
    UseChatName,
)


@pytest.mark.parametrize(
    ("button", "wire"),
    [
        (ProvinceChoice("JT"), "prov:s:JT"),
        (ProvincePage(2), "prov:p:2"),
        (ConsentChoice(agree=True), "consent:yes"),
        (ForgetChoice(erase=False), "forget:no"),
        (LessonTimeChoice("07:00"), "time:07:00"),
        (CapacityChoice(8), "cap:8"),
        (SettingsField("office"), "set:office"),
        (SettingsCancel(), "set:cancel"),
        (ExpertiseDone(), "exp:done"),
        (UseChatName(), "name:hint"),
        (InviteRole("admin"), "inv:admin"),
    ],
)
def test_each_button_reads_back_from_its_payload(button: Payload, wire: str) -> None:
    assert button.encode() == wire
    assert payloads.parse(wire) == button


@pytest.mark.parametrize(
    "forged",
    [
        "prov:p:²",  # a Unicode digit that int() would choke on
        "prov:p:٣",
        "prov:p:-1",
        "prov:p:1234567",
        "prov:p:",
        "prov:n",  # the page label of older messages
        "prov:s:J T",
        "cap:five",
        "consent:maybe",
        "forget:yes:now",
        "exp:done:1",
        "name:other",
        "inv:",
        "unknown:payload",
        "",
        ":",
        "set:of\x00fice",
    ],
)
def test_odd_payloads_are_refused(forged: str) -> None:
    assert payloads.parse(forged) is None


def test_the_most_specific_kind_wins() -> None:
    assert payloads.parse("set:cancel") == SettingsCancel()
    assert payloads.parse("set:name") == SettingsField("name")


def test_a_payload_too_long_for_telegram_is_refused_when_built() -> None:
    with pytest.raises(ValueError, match="64 bytes"):
        SettingsField("x" * 40 + "y" * 30).encode()


def test_a_kind_registered_twice_is_an_error() -> None:
    with pytest.raises(ValueError, match="registered twice"):

        @kind("cap")
        @dataclass(frozen=True, slots=True)
        class OtherCapacity(Payload):
            value: int
