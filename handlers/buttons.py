"""Every kind of button the handlers show, with the fields its payload carries."""

from __future__ import annotations

from dataclasses import dataclass

from bot.payloads import Payload, kind


@kind("lang")
@dataclass(frozen=True, slots=True)
class LanguageChoice(Payload):
    language: str


@kind("consent")
@dataclass(frozen=True, slots=True)
class ConsentChoice(Payload):
    agree: bool


@kind("name:hint")
@dataclass(frozen=True, slots=True)
class UseChatName(Payload):
    """The name the chat app knows, offered when it would be accepted as it is."""


@kind("prov:s")
@dataclass(frozen=True, slots=True)
class ProvinceChoice(Payload):
    code: str


@kind("prov:p")
@dataclass(frozen=True, slots=True)
class ProvincePage(Payload):
    page: int


@kind("time")
@dataclass(frozen=True, slots=True)
class LessonTimeChoice(Payload):
    time: str


@kind("cap")
@dataclass(frozen=True, slots=True)
class CapacityChoice(Payload):
    capacity: int


@kind("exp:t")
@dataclass(frozen=True, slots=True)
class ExpertiseToggle(Payload):
    index: int


@kind("exp:done")
@dataclass(frozen=True, slots=True)
class ExpertiseDone(Payload):
    pass


@kind("set")
@dataclass(frozen=True, slots=True)
class SettingsField(Payload):
    field: str


@kind("set:cancel")
@dataclass(frozen=True, slots=True)
class SettingsCancel(Payload):
    pass


@kind("forget")
@dataclass(frozen=True, slots=True)
class ForgetChoice(Payload):
    erase: bool


@kind("inv")
@dataclass(frozen=True, slots=True)
class InviteRole(Payload):
    role: str
