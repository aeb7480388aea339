"""Every kind of button the handlers show, with the fields its payload carries."""

from __future__ import annotations

from dataclasses import dataclass

from bot.payloads import Payload, kind
from bot.services.checklists import OpenChecklist as OpenChecklist  # pushed too


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


@kind("area:t")
@dataclass(frozen=True, slots=True)
class AreaToggle(Payload):
    """A mentee's case area (an index of profile.EXPERTISE) turned on or off."""

    index: int


@kind("area:done")
@dataclass(frozen=True, slots=True)
class AreasDone(Payload):
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


@kind("chk")
@dataclass(frozen=True, slots=True)
class CheckAnswer(Payload):
    """An option (counted from 1) of a lesson's knowledge check."""

    lesson: str
    option: int


@kind("rev")
@dataclass(frozen=True, slots=True)
class ReviewAnswer(Payload):
    lesson: str
    step: int
    option: int


@kind("les")
@dataclass(frozen=True, slots=True)
class LessonOpen(Payload):
    """Read a lesson already given again."""

    lesson: str


@kind("mod")
@dataclass(frozen=True, slots=True)
class ModuleOpen(Payload):
    module: int


@kind("day:t")
@dataclass(frozen=True, slots=True)
class LessonDayToggle(Payload):
    """An ISO weekday (1 Monday - 7 Sunday) turned on or off for lessons."""

    day: int


@kind("day:done")
@dataclass(frozen=True, slots=True)
class LessonDaysDone(Payload):
    pass


# Checklists. "cl:o" (start a run of a checklist) is defined with the checklist service, whose
# pushed offers carry it too. A run id alone grants nothing: the service checks the owner.


@kind("cl:skip")
@dataclass(frozen=True, slots=True)
class ChecklistNoLabel(Payload):
    """Start the run without a case label (only while the label is being asked)."""


@kind("cl:r")
@dataclass(frozen=True, slots=True)
class ChecklistShow(Payload):
    run: int


@kind("cl:t")
@dataclass(frozen=True, slots=True)
class ChecklistToggle(Payload):
    """Tick or untick an item (counted from 0); `reasons` keeps the view the message had."""

    run: int
    item: int
    reasons: bool


@kind("cl:why")
@dataclass(frozen=True, slots=True)
class ChecklistReasons(Payload):
    """Show (or hide) why each item matters, in the same message."""

    run: int
    show: bool


@kind("cl:done")
@dataclass(frozen=True, slots=True)
class ChecklistDone(Payload):
    run: int


@kind("link:new")
@dataclass(frozen=True, slots=True)
class LinkStart(Payload):
    """A one-time code to link another app (from /settings)."""


@kind("pushto:ask")
@dataclass(frozen=True, slots=True)
class PushChannelAsk(Payload):
    pass


@kind("pushto")
@dataclass(frozen=True, slots=True)
class PushChannelChoice(Payload):
    # A channel's name, or LAST_USED.
    channel: str
