"""In-process fake of the Telegram Bot API for end-to-end tests and benchmarks.

The bot under test talks to it through the real aiogram client::

    async with FakeTelegramServer() as tg:
        api = TelegramAPIServer.from_base(tg.base_url)
        bot = Bot(tg.token, session=AiohttpSession(api=api))
        alice = tg.user(1001)
        tg.send_text(alice, "/start")
        [reply] = await tg.wait_for_messages(alice.id, 1)

Requests are accepted the way aiogram sends them: POST, urlencoded (multipart once a file is
attached), every non-string scalar JSON-encoded ("123", "true"), nested objects as JSON strings
and falsy top-level values (``text=""``) left out entirely. JSON bodies and GET query strings
work too. Errors use the real API's status codes and descriptions, so aiogram raises the same
exceptions (TelegramBadRequest, TelegramForbiddenError, TelegramRetryAfter, ...).
"""

from __future__ import annotations

import asyncio
import bisect
import contextlib
import inspect
import itertools
import json
import mimetypes
import re
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from http import HTTPStatus
from types import TracebackType
from typing import Any, Self

from aiohttp import ClientSession, web

from .telegram_html import (
    HtmlParseError,
    ParsedText,
    html_to_plain,
    parse_html,
    strip_entities,
    utf16_len,
)

JsonDict = dict[str, Any]
Files = dict[str, tuple[str, bytes]]  # multipart field name -> (file name, content)
_Handler = Callable[[JsonDict, Files], Awaitable[Any]]

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
CALLBACK_DATA_LIMIT = 64
_JSON_FIELDS = frozenset(
    {"reply_markup", "scope", "commands", "allowed_updates", "entities", "caption_entities"}
    | {"link_preview_options", "reply_parameters"}
)
_INT_FIELDS = frozenset(
    {"chat_id", "message_id", "offset", "limit", "timeout", "cache_time", "max_connections"}
)
_BOOL_FIELDS = frozenset(
    {"protect_content", "disable_notification", "show_alert", "drop_pending_updates"}
)
_INLINE_ACTIONS = frozenset(
    {"url", "callback_data", "web_app", "login_url", "switch_inline_query", "copy_text"}
    | {"switch_inline_query_current_chat", "switch_inline_query_chosen_chat", "pay"}
    | {"callback_game"}
)
_SCOPE_FIELDS: dict[str, tuple[str, ...]] = {
    "default": (),
    "all_private_chats": (),
    "all_group_chats": (),
    "all_chat_administrators": (),
    "chat": ("chat_id",),
    "chat_administrators": ("chat_id",),
    "chat_member": ("chat_id", "user_id"),
}
_INT_RE = re.compile(r"-?\d+")
_COMMAND_RE = re.compile(r"[a-z0-9_]{1,32}")
_SECRET_RE = re.compile(r"[A-Za-z0-9_-]{1,256}")
_BOT_COMMAND_RE = re.compile(r"/[A-Za-z0-9_]+(?:@[A-Za-z0-9_]+)?")
_RETRY_AFTER_RE = re.compile(r"retry after (\d+)")
_QUERY_TOO_OLD = (
    "Bad Request: query is too old and response timeout expired or query ID is invalid"
)
_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)
_WEBHOOK_CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
# What counts as a message sent.
RATE_LIMITED_METHODS = ("sendMessage", "sendDocument", "sendPhoto")
_POLL_CONFLICT = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)


class ApiError(Exception):
    """An error response: ``{"ok": false, "error_code": status, "description": ...}``."""

    def __init__(self, status: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.status, self.description, self.retry_after = status, description, retry_after

    def payload(self) -> JsonDict:
        body: JsonDict = {"ok": False, "error_code": self.status, "description": self.description}
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


def _bad_request(reason: str) -> ApiError:
    return ApiError(400, f"Bad Request: {reason}")


@dataclass(slots=True)
class FakeUser:
    id: int
    first_name: str = "Test"
    language_code: str | None = "id"
    username: str | None = None

    def as_dict(self) -> JsonDict:
        data: JsonDict = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.username:
            data["username"] = self.username
        if self.language_code:
            data["language_code"] = self.language_code
        return data

    def chat_dict(self) -> JsonDict:
        data: JsonDict = {"id": self.id, "type": "private", "first_name": self.first_name}
        if self.username:
            data["username"] = self.username
        return data


@dataclass(slots=True)
class SentMessage:
    """A bot message; an edit mutates it in place and appends the old version to ``edits``."""

    message_id: int
    chat_id: int
    text: str  # as sent (raw HTML for parse_mode=HTML); the caption for documents
    parse_mode: str | None = None
    reply_markup: JsonDict | None = None
    protect_content: bool = False
    edits: list[SentMessage] = field(default_factory=list)
    document: tuple[str, bytes] | None = None  # (file name, content)
    photo: bool = False  # the document was sent with sendPhoto
    rendered_text: str | None = None  # after entity parsing and trimming, as Telegram keeps it
    entities: list[JsonDict] = field(default_factory=list)
    date: int = 0
    edit_date: int | None = None
    deleted: bool = False

    @property
    def plain_text(self) -> str:
        if self.rendered_text is not None:
            return self.rendered_text
        if (self.parse_mode or "").lower() == "html":
            return html_to_plain(self.text).strip()
        return self.text.strip()

    @property
    def buttons(self) -> list[list[tuple[str, str | None]]]:
        """Rows of (text, callback_data or url); reply-keyboard buttons give (text, None)."""
        markup = self.reply_markup or {}
        rows = markup.get("inline_keyboard") or markup.get("keyboard") or []
        return [[_button_summary(button) for button in row] for row in rows]

    @property
    def callback_data(self) -> list[str]:
        rows = (self.reply_markup or {}).get("inline_keyboard") or []
        return [b["callback_data"] for row in rows for b in row if "callback_data" in b]

    def callback_for(self, text: str) -> str:
        """callback_data of the first inline button whose text contains ``text``."""
        rows = (self.reply_markup or {}).get("inline_keyboard") or []
        for button in itertools.chain.from_iterable(rows):
            if text in button.get("text", "") and "callback_data" in button:
                return str(button["callback_data"])
        raise AssertionError(f"no inline button containing {text!r}; buttons: {self.buttons}")


def _button_summary(button: Any) -> tuple[str, str | None]:
    if isinstance(button, str):
        return button, None
    return str(button.get("text", "")), button.get("callback_data", button.get("url"))


def _inline_markup(message: SentMessage) -> JsonDict | None:
    """The part of reply_markup that belongs to the message (reply keyboards do not)."""
    markup = message.reply_markup
    return markup if markup is not None and "inline_keyboard" in markup else None


@dataclass(slots=True)
class WebhookState:
    url: str = ""
    secret_token: str | None = None
    drop_pending_updates: bool = False  # as passed to the last setWebhook/deleteWebhook
    allowed_updates: list[str] | None = None


@dataclass(slots=True)
class _Failure:
    chat_id: int | None
    error: ApiError
    times: int


@dataclass(slots=True)
class _HttpFault:
    """A fault below the Bot API's JSON: a redirect, an HTML error page, or no answer in time."""

    kind: str  # "redirect", "html", "timeout" or "drop"
    chat_id: int | None
    times: int
    status: int
    location: str | None = None
    seconds: float = 0.0


@dataclass(slots=True)
class _RateRule:
    """Telegram's flood control, as :meth:`FakeTelegramServer.enforce_rate` sets it."""

    per_second: int
    per_chat_per_second: int | None
    retry_after: int
    methods: frozenset[str]


def busiest_second(times: list[float], window: float = 1.0) -> int:
    """The most of ``times`` (sorted seconds) that fall in any sliding ``window``."""
    busiest, first = 0, 0
    for last, at in enumerate(times):
        while at - times[first] >= window:
            first += 1
        busiest = max(busiest, last - first + 1)
    return busiest


def _count_after(times: list[float], since: float) -> int:
    return len(times) - bisect.bisect_right(times, since)


def _html_error_page(status: int, path: str) -> str:
    """What a proxy in front of the API answers; like many, it names the path, token included."""
    try:
        reason = HTTPStatus(status).phrase
    except ValueError:
        reason = "Error"
    return (
        f"<html>\n<head><title>{status} {reason}</title></head>\n<body>\n"
        f"<center><h1>{status} {reason}</h1></center>\n"
        f"<p>The proxy server could not handle the request POST {path}.</p>\n"
        "<hr><center>nginx</center>\n</body>\n</html>\n"
    )


class _Signal:
    """Wakes every waiter on ``notify()``; costs nothing while nobody waits."""

    __slots__ = ("_event",)

    def __init__(self) -> None:
        self._event: asyncio.Event | None = None

    def current(self) -> asyncio.Event:
        if self._event is None:
            self._event = asyncio.Event()
        return self._event

    def notify(self) -> None:
        if self._event is not None:
            self._event.set()
            self._event = None


async def _wait_event(event: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(max(seconds, 0)):
            await event.wait()


def _now() -> int:
    return int(time.time())


def _opt_str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _normalize(params: JsonDict) -> JsonDict:
    """Undo aiogram's form encoding: JSON-encoded objects, "123" ints, "true" booleans."""
    for key, value in params.items():
        if not isinstance(value, str):
            continue
        if key in _JSON_FIELDS:
            try:
                params[key] = json.loads(value)
            except ValueError:
                raise _bad_request(f"can't parse {key} JSON object") from None
        elif key in _INT_FIELDS and _INT_RE.fullmatch(value):
            params[key] = int(value)
        elif key in _BOOL_FIELDS and value.lower() in ("true", "false", "1", "0"):
            params[key] = value.lower() in ("true", "1")
    return params


def _check_keyboard(rows: Any, *, inline: bool) -> None:
    kind = "inline keyboard" if inline else "keyboard"
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise _bad_request(f"{kind} must be an Array of Arrays of buttons")
    for button in itertools.chain.from_iterable(rows):
        if isinstance(button, str) and not inline:
            button = {"text": button}
        if not isinstance(button, dict) or not isinstance(button.get("text"), str):
            raise _bad_request(f'can\'t parse {kind} button: Field "text" must be of type String')
        if not button["text"]:
            raise _bad_request(f"{kind} button text must be non-empty")
        if not inline:
            continue
        if _INLINE_ACTIONS.isdisjoint(button):
            raise _bad_request(
                "can't parse inline keyboard button: "
                "Text buttons are unallowed in the inline keyboard"
            )
        data = button.get("callback_data", "-")
        if not isinstance(data, str) or not 1 <= len(data.encode()) <= CALLBACK_DATA_LIMIT:
            raise _bad_request("BUTTON_DATA_INVALID")
        url = button.get("url", "-")
        if not isinstance(url, str) or not url or any(c.isspace() for c in url):
            raise _bad_request(f"inline keyboard button URL '{url}' is invalid: Wrong URL")


def _parse_markup(markup: Any, *, inline_only: bool = False) -> JsonDict | None:
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise _bad_request("object expected as reply markup")
    if "inline_keyboard" in markup:
        _check_keyboard(markup["inline_keyboard"], inline=True)
    elif inline_only:
        raise _bad_request("inline keyboard expected")
    elif "keyboard" in markup:
        _check_keyboard(markup["keyboard"], inline=False)
    elif not markup.get("remove_keyboard") and not markup.get("force_reply"):
        raise _bad_request("can't parse reply keyboard markup JSON object")
    return markup


class FakeTelegramServer:
    """aiohttp-based fake Bot API; see the module docstring for usage."""

    def __init__(
        self,
        token: str = "123456:TEST-TOKEN",
        bot_username: str = "mentoring_test_bot",
        *,
        on_bot_message: Callable[[SentMessage], None] | None = None,
        strict_ampersand: bool = True,
        rate_limit: int | None = None,
    ) -> None:
        bot_id, sep, _ = token.partition(":")
        if not sep or not bot_id.isdigit():
            raise ValueError(f"token must look like '<digits>:<secret>', got {token!r}")
        self.token, self.bot_username, self.bot_id = token, bot_username, int(bot_id)
        self.on_bot_message = on_bot_message  # called synchronously for every new bot message
        self.strict_ampersand = strict_ampersand  # reject a bare "&" (Telegram keeps it)
        # Flood control (opt-in, see enforce_rate): the loop time at which each message send
        # arrived, for those let through and those answered 429.
        self._rate: _RateRule | None = None
        self.send_times: list[float] = []
        self.refused_send_times: list[float] = []
        self._chat_send_times: dict[Any, list[float]] = {}
        self.requests: list[tuple[str, JsonDict]] = []
        self.errors: list[tuple[str, int, str]] = []  # (method, status, description)
        self.commands: dict[tuple[str, str | None], list[JsonDict]] = {}
        self.answered_callbacks: dict[str, JsonDict] = {}
        self.webhook = WebhookState()
        self._bot_user: JsonDict = {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": "Mentoring Test Bot",
            "username": bot_username,
        }
        self._chats: dict[int, JsonDict] = {}
        self._by_chat: dict[int, list[SentMessage]] = {}
        self._index: dict[tuple[int, int], SentMessage] = {}  # (chat_id, message_id)
        self._message_ids: dict[int, int] = {}  # last message_id per chat (shared with users)
        self._updates: deque[JsonDict] = deque()
        self._next_update_id = 1
        self._callback_ids = itertools.count(1_000_001)
        self._pending_callbacks: set[str] = set()
        self._failures: dict[str, list[_Failure]] = {}
        self._http_faults: dict[str, list[_HttpFault]] = {}
        # (method, loop time, chat id) of every request as it arrived, answered or failed.
        self.arrivals: list[tuple[str, float, Any]] = []
        self._updates_signal = _Signal()
        self._changed = _Signal()
        self._poll_generation = 0
        self._closing = False
        self._runner: web.AppRunner | None = None
        self._base_url: str | None = None
        self._client: ClientSession | None = None
        handlers: dict[str, _Handler] = {
            "getMe": self._get_me,
            "getUpdates": self._get_updates,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "sendMessage": self._send_message,
            "sendDocument": self._send_document,
            "sendPhoto": self._send_photo,
            "editMessageText": self._edit_message_text,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "deleteMessage": self._delete_message,
            "sendChatAction": self._send_chat_action,
            "answerCallbackQuery": self._answer_callback_query,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._delete_my_commands,
            "logOut": self._ok,
            "close": self._ok,
        }
        self._methods = {name.lower(): (name, handler) for name, handler in handlers.items()}
        if rate_limit is not None:
            self.enforce_rate(rate_limit)

    # ------------------------------------------------------------------ lifecycle

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        if self._runner is not None:
            raise RuntimeError("FakeTelegramServer is already running")
        self._closing = False
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_route("*", "/moved/bot{token}/{method}", self._moved)
        # handler_cancellation: a long poll whose client went away must not linger
        runner = web.AppRunner(
            app, access_log=None, handler_cancellation=True, shutdown_timeout=1.0
        )
        await runner.setup()
        await web.TCPSite(runner, host, port).start()
        self._runner = runner
        self._base_url = f"http://{host}:{runner.addresses[0][1]}"

    @property
    def base_url(self) -> str:
        if self._base_url is None:
            raise RuntimeError("FakeTelegramServer is not started")
        return self._base_url

    async def stop(self) -> None:
        self._closing = True
        self._updates_signal.notify()  # release long polls so shutdown is immediate
        if self._client is not None:
            await self._client.close()
            self._client = None
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    # ------------------------------------------------------------------ HTTP plumbing

    async def _handle(self, request: web.Request) -> web.Response:
        arrived = asyncio.get_running_loop().time()  # before the body is read
        if request.match_info["token"] != self.token:
            return web.json_response(ApiError(401, "Unauthorized").payload(), status=401)
        try:
            params, files = await self._read_request(request)
        except ApiError as exc:
            return web.json_response(exc.payload(), status=exc.status)
        self.arrivals.append(
            (
                request.match_info["method"],
                asyncio.get_running_loop().time(),
                params.get("chat_id"),
            )
        )
        if (fault := self._take_http_fault(request.match_info["method"], params)) is not None:
            return await self._answer_fault(fault, request, params)
        if (limited := self._over_rate(request.match_info["method"], params, arrived)) is not None:
            return limited
        status, body = await self._dispatch(request.match_info["method"], params, files)
        return web.json_response(body, status=status)

    async def _read_request(self, request: web.Request) -> tuple[JsonDict, Files]:
        params: JsonDict = dict(request.query)
        files: Files = {}
        if request.method == "POST" and request.body_exists:
            if request.content_type == "application/json":
                try:
                    body = await request.json()
                except ValueError:
                    raise _bad_request("can't parse JSON encoded request body") from None
                if not isinstance(body, dict):
                    raise _bad_request("JSON object expected as request body")
                params.update(body)
            else:  # urlencoded or multipart; other content types yield nothing
                for key, value in (await request.post()).items():
                    if isinstance(value, web.FileField):
                        files[key] = (value.filename, value.file.read())
                    else:
                        params[key] = value.decode() if isinstance(value, bytes) else value
        return _normalize(params), files

    async def _dispatch(self, method: str, params: JsonDict, files: Files) -> tuple[int, JsonDict]:
        entry = self._methods.get(method.lower())
        name = entry[0] if entry else method
        self.requests.append((name, params))
        try:
            if entry is None:
                raise ApiError(404, "Not Found: method not found")
            self._maybe_fail(name, params)
            return 200, {"ok": True, "result": await entry[1](params, files)}
        except ApiError as exc:
            self.errors.append((name, exc.status, exc.description))
            return exc.status, exc.payload()
        except Exception as exc:  # a bug in the fake: surface it as TelegramServerError
            self.errors.append((name, 500, repr(exc)))
            return 500, ApiError(500, f"Internal Server Error: fake server: {exc!r}").payload()
        finally:
            self._changed.notify()

    def _maybe_fail(self, name: str, params: JsonDict) -> None:
        rules = self._failures.get(name.lower(), [])
        for rule in rules:
            if rule.chat_id is None or rule.chat_id == params.get("chat_id"):
                rule.times -= 1
                if rule.times <= 0:
                    rules.remove(rule)
                raise rule.error

    # ------------------------------------------------------------------ shared method logic

    def _require_chat(self, params: JsonDict) -> int:
        chat_id = params.get("chat_id")
        if chat_id is None or chat_id == "":
            raise _bad_request("chat_id is empty")
        if isinstance(chat_id, int) and chat_id in self._chats:
            return chat_id
        raise _bad_request("chat not found")

    def _require_message(self, params: JsonDict, missing: str) -> SentMessage:
        if params.get("inline_message_id"):
            raise _bad_request(missing)  # inline messages are not modelled
        chat_id = self._require_chat(params)
        message_id = params.get("message_id")
        if not isinstance(message_id, int):
            raise _bad_request("message identifier is not specified")
        message = self._index.get((chat_id, message_id))
        if message is None:
            raise _bad_request(missing)
        return message

    def _render(
        self, text: str | None, params: JsonDict, entities_key: str, *, caption: bool
    ) -> tuple[str, list[JsonDict]]:
        """Entity-parse a text/caption and check it like Telegram: non-empty, within limits."""
        if text is None and not caption:
            raise _bad_request("message text is empty")
        mode = (_opt_str(params.get("parse_mode")) or "").lower()
        if mode == "html":
            try:
                parsed = parse_html(text or "", strict_ampersand=self.strict_ampersand)
            except HtmlParseError as exc:
                raise _bad_request(f"can't parse entities: {exc}") from None
        elif mode in ("", "markdown", "markdownv2"):  # Markdown is not parsed, only measured
            explicit = params.get(entities_key) if not mode else None
            parsed = ParsedText(text or "", explicit if isinstance(explicit, list) else [])
        else:
            raise _bad_request("unsupported parse_mode")
        result = strip_entities(parsed.text, parsed.entities)
        if not result.text and not caption:
            raise _bad_request("message text is empty")
        if len(result.text) > (CAPTION_LIMIT if caption else TEXT_LIMIT):
            raise _bad_request("message caption is too long" if caption else "message is too long")
        return result.text, result.entities

    def _send(
        self, chat_id: int, params: JsonDict, text: str, document: tuple[str, bytes] | None
    ) -> JsonDict:
        rendered, entities = self._render(
            text, params, "caption_entities" if document else "entities", caption=bool(document)
        )
        markup = _parse_markup(params.get("reply_markup"))
        message = SentMessage(
            message_id=self._next_message_id(chat_id),  # only taken once the request is valid
            chat_id=chat_id,
            text=text,
            parse_mode=_opt_str(params.get("parse_mode")),
            reply_markup=markup,
            protect_content=bool(params.get("protect_content")),
            document=document,
            rendered_text=rendered,
            entities=entities,
            date=_now(),
        )
        self._by_chat.setdefault(chat_id, []).append(message)
        self._index[(chat_id, message.message_id)] = message
        if self.on_bot_message is not None:
            self.on_bot_message(message)
        return self._message_json(message)

    def _edit(
        self,
        message: SentMessage,
        params: JsonDict,
        text: str,
        parse_mode: str | None,
        rendered: str | None,
        entities: list[JsonDict],
    ) -> JsonDict:
        markup = _parse_markup(params.get("reply_markup"), inline_only=True)
        current = (message.rendered_text, message.entities, _inline_markup(message))
        if (rendered, entities, markup) == current:
            raise ApiError(400, _NOT_MODIFIED)
        message.edits.append(replace(message, edits=[]))
        message.text, message.parse_mode = text, parse_mode
        message.rendered_text, message.entities = rendered, entities
        message.reply_markup, message.edit_date = markup, _now()
        return self._message_json(message)

    def _next_message_id(self, chat_id: int) -> int:
        message_id = self._message_ids.get(chat_id, 0) + 1
        self._message_ids[chat_id] = message_id
        return message_id

    def _message_json(self, message: SentMessage) -> JsonDict:
        data: JsonDict = {
            "message_id": message.message_id,
            "from": self._bot_user,
            "chat": self._chats[message.chat_id],
            "date": message.date,
        }
        if message.edit_date is not None:
            data["edit_date"] = message.edit_date
        if message.protect_content:
            data["has_protected_content"] = True
        text_key, entities_key = "text", "entities"
        if message.document is not None and message.photo:
            text_key, entities_key = "caption", "caption_entities"
            data["photo"] = [
                {
                    "file_id": f"AgACAgIAAx-{message.chat_id}-{message.message_id}",
                    "file_unique_id": f"AQAD-{message.chat_id}-{message.message_id}",
                    "width": 1,
                    "height": 1,
                    "file_size": len(message.document[1]),
                }
            ]
        elif message.document is not None:
            text_key, entities_key = "caption", "caption_entities"
            name, content = message.document
            data["document"] = {
                "file_id": f"BQACAgIAAx-{message.chat_id}-{message.message_id}",
                "file_unique_id": f"AgAD-{message.chat_id}-{message.message_id}",
                "file_name": name,
                "mime_type": mimetypes.guess_type(name)[0] or "application/octet-stream",
                "file_size": len(content),
            }
        if message.plain_text or message.document is None:
            data[text_key] = message.plain_text
        if message.entities:
            data[entities_key] = message.entities
        if (markup := _inline_markup(message)) is not None:
            data["reply_markup"] = markup
        return data

    def _commands_key(self, params: JsonDict) -> tuple[str, str | None]:
        scope = params.get("scope") or {"type": "default"}
        if not isinstance(scope, dict):
            raise _bad_request("can't parse BotCommandScope: Object expected")
        required = _SCOPE_FIELDS.get(str(scope.get("type")))
        if required is None:
            raise _bad_request("can't parse BotCommandScope: Unsupported type specified")
        for name in required:
            if name not in scope:
                raise _bad_request(f"can't parse BotCommandScope: Can't find field \"{name}\"")
        if "chat_id" in scope and scope["chat_id"] not in self._chats:
            raise _bad_request("chat not found")
        return json.dumps(scope, sort_keys=True), _opt_str(params.get("language_code"))

    # ------------------------------------------------------------------ Bot API methods

    async def _ok(self, params: JsonDict, files: Files) -> bool:
        return True

    async def _get_me(self, params: JsonDict, files: Files) -> JsonDict:
        return {**self._bot_user, "can_join_groups": True, "supports_inline_queries": False}

    async def _get_updates(self, params: JsonDict, files: Files) -> list[JsonDict]:
        if self.webhook.url:
            raise ApiError(409, _WEBHOOK_CONFLICT)
        offset, limit, timeout = (params.get(key, 0) for key in ("offset", "limit", "timeout"))
        if isinstance(offset, int) and offset < 0:  # forget all but the last -offset updates
            while len(self._updates) > -offset:
                self._updates.popleft()
        elif isinstance(offset, int):  # confirm everything before offset
            while self._updates and self._updates[0]["update_id"] < offset:
                self._updates.popleft()
        self._poll_generation += 1
        generation = self._poll_generation
        self._updates_signal.notify()  # an older poll still waiting now ends with 409
        loop = asyncio.get_running_loop()
        deadline = loop.time() + (timeout if isinstance(timeout, int | float) else 0)
        while not self._updates and not self._closing and loop.time() < deadline:
            await _wait_event(self._updates_signal.current(), deadline - loop.time())
            if generation != self._poll_generation:
                raise ApiError(409, _POLL_CONFLICT)
            if self.webhook.url:
                raise ApiError(409, _WEBHOOK_CONFLICT)
        limit = min(max(limit, 1), 100) if isinstance(limit, int) and limit else 100
        return list(itertools.islice(self._updates, limit))

    async def _set_webhook(self, params: JsonDict, files: Files) -> bool:
        url = params.get("url") or ""
        if not isinstance(url, str) or (url and not url.startswith(("https://", "http://"))):
            raise _bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        secret = params.get("secret_token")
        if secret is not None and not _SECRET_RE.fullmatch(str(secret)):
            raise _bad_request("secret token contains unallowed characters")
        await self._delete_webhook(params, files)
        self.webhook.url, self.webhook.secret_token = url, secret if url else None
        self.webhook.allowed_updates = params.get("allowed_updates")
        self._updates_signal.notify()
        return True

    async def _delete_webhook(self, params: JsonDict, files: Files) -> bool:
        drop = bool(params.get("drop_pending_updates"))
        if drop:
            self._updates.clear()
        self.webhook = WebhookState(drop_pending_updates=drop)
        return True

    async def _get_webhook_info(self, params: JsonDict, files: Files) -> JsonDict:
        info: JsonDict = {
            "url": self.webhook.url,
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }
        if self.webhook.allowed_updates is not None:
            info["allowed_updates"] = self.webhook.allowed_updates
        return info

    async def _send_message(self, params: JsonDict, files: Files) -> JsonDict:
        chat_id = self._require_chat(params)
        return self._send(chat_id, params, _opt_str(params.get("text")) or "", None)

    async def _send_document(self, params: JsonDict, files: Files) -> JsonDict:
        chat_id = self._require_chat(params)
        ref = _opt_str(params.get("document")) or ""
        if ref.startswith("attach://") and ref[9:] in files:
            upload = files[ref[9:]]
        elif "document" in files:
            upload = files["document"]
        elif ref and not ref.startswith("attach://"):  # a file_id or URL: nothing to fetch
            upload = (ref.rsplit("/", 1)[-1], b"")
        else:
            raise _bad_request("there is no document in the request")
        if not upload[1] and (not ref or ref.startswith("attach://")):
            raise _bad_request("file must be non-empty")
        return self._send(chat_id, params, _opt_str(params.get("caption")) or "", upload)

    async def _send_photo(self, params: JsonDict, files: Files) -> JsonDict:
        """Like Telegram: an uploaded photo within 10 MB, width + height at most 10,000."""
        chat_id = self._require_chat(params)
        ref = _opt_str(params.get("photo")) or ""
        upload = files.get(ref[9:]) if ref.startswith("attach://") else files.get("photo")
        if upload is None or not upload[1]:
            raise _bad_request("there is no photo in the request")
        if len(upload[1]) > 10 * 1024 * 1024:
            raise _bad_request("PHOTO_INVALID_DIMENSIONS")
        self._send(chat_id, params, _opt_str(params.get("caption")) or "", upload)
        sent = self._by_chat[chat_id][-1]
        sent.photo = True
        return self._message_json(sent)

    async def _edit_message_text(self, params: JsonDict, files: Files) -> JsonDict:
        message = self._require_message(params, "message to edit not found")
        text = _opt_str(params.get("text"))
        if message.document is not None:
            raise _bad_request("there is no text in the message to edit")
        rendered, entities = self._render(text, params, "entities", caption=False)
        parse_mode = _opt_str(params.get("parse_mode"))
        return self._edit(message, params, text or "", parse_mode, rendered, entities)

    async def _edit_message_reply_markup(self, params: JsonDict, files: Files) -> JsonDict:
        message = self._require_message(params, "message to edit not found")
        return self._edit(
            message,
            params,
            message.text,
            message.parse_mode,
            message.rendered_text,
            message.entities,
        )

    async def _delete_message(self, params: JsonDict, files: Files) -> bool:
        message = self._require_message(params, "message to delete not found")
        del self._index[(message.chat_id, message.message_id)]
        message.deleted = True
        return True

    async def _send_chat_action(self, params: JsonDict, files: Files) -> bool:
        self._require_chat(params)
        return True

    async def _answer_callback_query(self, params: JsonDict, files: Files) -> bool:
        query_id = str(params.get("callback_query_id", ""))
        if query_id not in self._pending_callbacks:
            raise ApiError(400, _QUERY_TOO_OLD)
        self._pending_callbacks.discard(query_id)
        self.answered_callbacks[query_id] = {
            key: value for key, value in params.items() if key != "callback_query_id"
        }
        return True

    async def _set_my_commands(self, params: JsonDict, files: Files) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise _bad_request('parameter "commands" is required')
        if len(commands) > 100:
            raise _bad_request("BOT_COMMANDS_TOO_MUCH")
        cleaned = []
        for item in commands:
            command, description = (item.get(k) for k in ("command", "description"))
            if not command:
                raise _bad_request("command must be non-empty")
            if not isinstance(command, str) or not _COMMAND_RE.fullmatch(command):
                raise _bad_request("BOT_COMMAND_INVALID")
            if not description:
                raise _bad_request("command description must be non-empty")
            if not isinstance(description, str) or len(description) > 256:
                raise _bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
            cleaned.append({"command": command, "description": description})
        key = self._commands_key(params)
        if cleaned:
            self.commands[key] = cleaned
        else:
            self.commands.pop(key, None)
        return True

    async def _get_my_commands(self, params: JsonDict, files: Files) -> list[JsonDict]:
        return self.commands.get(self._commands_key(params), [])

    async def _delete_my_commands(self, params: JsonDict, files: Files) -> bool:
        self.commands.pop(self._commands_key(params), None)
        return True

    # ------------------------------------------------------------------ speaking as people

    def user(
        self,
        user_id: int,
        first_name: str = "Test",
        language_code: str | None = "id",
        username: str | None = None,
    ) -> FakeUser:
        """Create a person and register their private chat with the bot."""
        person = FakeUser(user_id, first_name, language_code, username)
        self._chats[user_id] = person.chat_dict()
        return person

    def register_chat(
        self, chat_id: int, *, chat_type: str = "group", title: str = "Test"
    ) -> None:
        """Make a group/supergroup/channel known, so the bot may write to it."""
        self._chats[chat_id] = {"id": chat_id, "type": chat_type, "title": title}

    def continue_chat(self, chat_id: int, last_message_id: int) -> None:
        """Message ids belong to the chat, not to the Bot API server: a chat moved to this
        server goes on numbering after ``last_message_id``."""
        self._message_ids[chat_id] = max(self._message_ids.get(chat_id, 0), last_message_id)

    def make_message_update(
        self, user: FakeUser, text: str, reply_to: SentMessage | None = None
    ) -> JsonDict:
        """A Telegram-shaped text message update from ``user`` (not queued), optionally a reply
        to one of the bot's messages."""
        self._chats.setdefault(user.id, user.chat_dict())
        message: JsonDict = {
            "message_id": self._next_message_id(user.id),
            "from": user.as_dict(),
            "chat": self._chats[user.id],
            "date": _now(),
            "text": text,
        }
        if command := _BOT_COMMAND_RE.match(text):
            length = utf16_len(command.group())
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        if reply_to is not None:
            message["reply_to_message"] = self._message_json(reply_to)
        return {"update_id": self._take_update_id(), "message": message}

    def make_callback_update(
        self, user: FakeUser, message: SentMessage, callback_data: str, *, check: bool = True
    ) -> JsonDict:
        """A callback_query update for a button press (not queued); its id is answerable.

        With ``check`` the message must currently show a button with that callback_data.
        """
        if message.deleted:
            raise AssertionError(f"message {message.message_id} was deleted by the bot")
        if check and callback_data not in message.callback_data:
            raise AssertionError(
                f"message {message.message_id} has no button with callback_data "
                f"{callback_data!r}; buttons: {message.buttons}"
            )
        self._chats.setdefault(user.id, user.chat_dict())
        query_id = str(next(self._callback_ids))
        self._pending_callbacks.add(query_id)
        query = {
            "id": query_id,
            "from": user.as_dict(),
            "message": self._message_json(message),
            "chat_instance": f"{message.chat_id}0042",
            "data": callback_data,
        }
        return {"update_id": self._take_update_id(), "callback_query": query}

    def send_text(self, user: FakeUser, text: str, reply_to: SentMessage | None = None) -> int:
        """Queue a text message from ``user``; returns the update_id."""
        return self.queue_update(self.make_message_update(user, text, reply_to))

    def press(self, user: FakeUser, message: SentMessage, callback_data: str) -> str:
        """Queue a press of an inline button of ``message``; returns the callback query id."""
        update = self.make_callback_update(user, message, callback_data)
        self.queue_update(update)
        return str(update["callback_query"]["id"])

    def queue_update(self, update: JsonDict) -> int:
        """Queue a raw update for getUpdates (an update_id is assigned when missing)."""
        update_id = update.get("update_id")
        if not isinstance(update_id, int):
            update_id = self._take_update_id()
            update = {**update, "update_id": update_id}
        self._next_update_id = max(self._next_update_id, update_id + 1)
        if self._updates and self._updates[-1]["update_id"] > update_id:  # keep id order
            later = (
                i for i, queued in enumerate(self._updates) if queued["update_id"] > update_id
            )
            self._updates.insert(next(later), update)
        else:
            self._updates.append(update)
        self._updates_signal.notify()
        return update_id

    def _take_update_id(self) -> int:
        self._next_update_id += 1
        return self._next_update_id - 1

    # ------------------------------------------------------------------ inspection

    def messages(self, chat_id: int) -> list[SentMessage]:
        return list(self._by_chat.get(chat_id, ()))

    def last_message(self, chat_id: int) -> SentMessage:
        sent = self._by_chat.get(chat_id)
        if not sent:
            raise AssertionError(f"the bot has sent nothing to chat {chat_id}")
        return sent[-1]

    def calls(self, method: str) -> list[JsonDict]:
        """Params of every recorded call of ``method`` (case-insensitive)."""
        return [params for name, params in self.requests if name.lower() == method.lower()]

    def clear(self) -> None:
        """Forget recorded messages/requests/errors/answers, queued updates and injected faults.

        Chats, commands, webhook state and id counters stay; earlier messages stay editable.
        """
        for collection in (self._by_chat, self.requests, self.errors, self.answered_callbacks):
            collection.clear()
        self._updates.clear()
        self._failures.clear()
        self._http_faults.clear()

    async def wait_for_messages(
        self,
        chat_id: int,
        count: int = 1,
        timeout: float = 5.0,
    ) -> list[SentMessage]:
        """All bot messages to ``chat_id`` once there are at least ``count`` of them."""
        with contextlib.suppress(AssertionError):
            await self.wait_until(lambda: len(self._by_chat.get(chat_id, ())) >= count, timeout)
        sent = self.messages(chat_id)
        if len(sent) < count:
            others = {chat: len(msgs) for chat, msgs in self._by_chat.items() if chat != chat_id}
            raise AssertionError(
                f"expected >= {count} bot message(s) in chat {chat_id} within {timeout}s, "
                f"got {len(sent)}: {[m.plain_text for m in sent]}; other chats: {others}; "
                f"recent API errors: {self.errors[-5:]}"
            )
        return sent

    async def wait_until(
        self,
        predicate: Callable[[], bool | Awaitable[bool]],
        timeout: float = 5.0,
        *,
        interval: float = 0.02,
    ) -> None:
        """Re-check ``predicate`` after every API call (and every ``interval`` s) until true."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            changed = self._changed.current()
            result = predicate()
            if inspect.isawaitable(result):
                result = await result
            if result:
                return
            if loop.time() >= deadline:
                raise AssertionError(
                    f"condition not met within {timeout}s; recent API errors: {self.errors[-5:]}"
                )
            await _wait_event(changed, min(deadline - loop.time(), interval))

    # ------------------------------------------------------------------ faults and webhooks

    def fail_next(
        self,
        method: str,
        *,
        chat_id: int | None = None,
        status: int,
        description: str,
        retry_after: int | None = None,
        times: int = 1,
    ) -> None:
        """Make the next ``times`` calls of ``method`` (optionally for one chat) fail.

        For a 429 without ``retry_after`` it is taken from "retry after N" in the description.
        """
        if method.lower() not in self._methods:
            raise ValueError(f"unknown Bot API method {method!r}")
        if retry_after is None and status == 429:
            found = _RETRY_AFTER_RE.search(description)
            retry_after = int(found.group(1)) if found else None
        failure = _Failure(chat_id, ApiError(status, description, retry_after), times)
        self._failures.setdefault(method.lower(), []).append(failure)

    async def post_update_to(self, url: str, update: JsonDict, secret: str | None = None) -> int:
        """POST ``update`` to a bot webhook as Telegram does; returns the HTTP status.

        A method put in the webhook response body is not executed (aiogram only does that
        with ``handle_in_background=False``); the body is read and discarded.
        """
        if self._client is None or self._client.closed:
            self._client = ClientSession()
        headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
        async with self._client.post(url, json=update, headers=headers) as response:
            await response.read()
            return response.status

    # ------------------------------------------------------------------ flood control

    def enforce_rate(
        self,
        per_second: int,
        per_chat_per_second: int | None = None,
        *,
        retry_after: int = 1,
        methods: tuple[str, ...] = RATE_LIMITED_METHODS,
    ) -> None:
        """Answer 429 "Too Many Requests: retry after N" (``parameters.retry_after``) to a
        message send that arrives when ``per_second`` sends (``per_chat_per_second`` to its
        chat) were already let through in the second before it, like Telegram's flood control.

        Counted at arrival, before the body is parsed and before an injected failure
        (``fail_next``) is served; a refused send does not count. The arrival times of sends
        let through are in ``send_times``, of those refused in ``refused_send_times``
        (``rate_limited`` counts them; injected 429s are not among them).
        """
        if per_second < 1 or (per_chat_per_second is not None and per_chat_per_second < 1):
            raise ValueError("rates must be at least one message per second")
        if retry_after < 1:
            raise ValueError("retry_after must be at least 1 (Telegram says whole seconds)")
        for method in methods:
            if method.lower() not in self._methods:
                raise ValueError(f"unknown Bot API method {method!r}")
        names = frozenset(method.lower() for method in methods)
        self._rate = _RateRule(per_second, per_chat_per_second, retry_after, names)

    def stop_enforcing_rate(self) -> None:
        """No more 429s for the pace; what was recorded stays."""
        self._rate = None

    @property
    def rate_limited(self) -> int:
        """How many sends the flood control answered 429."""
        return len(self.refused_send_times)

    def busiest_second(self, *, refused_too: bool = False) -> int:
        """The most sends let through (and, with ``refused_too``, refused) in any sliding
        second: what the sender's pace looked like from here."""
        times = self.send_times
        if refused_too:
            times = sorted(times + self.refused_send_times)
        return busiest_second(times)

    def _over_rate(self, method: str, params: JsonDict, arrived: float) -> web.Response | None:
        """Count a message send that arrived at ``arrived``, or answer it 429."""
        rule = self._rate
        if rule is None or method.lower() not in rule.methods:
            return None
        since = arrived - 1.0
        over = _count_after(self.send_times, since) >= rule.per_second
        chat_times: list[float] | None = None
        if rule.per_chat_per_second is not None:
            chat_times = self._chat_send_times.setdefault(params.get("chat_id"), [])
            over = over or _count_after(chat_times, since) >= rule.per_chat_per_second
        if over:
            bisect.insort(self.refused_send_times, arrived)
            entry = self._methods.get(method.lower())
            name = entry[0] if entry else method
            error = ApiError(
                429, f"Too Many Requests: retry after {rule.retry_after}", rule.retry_after
            )
            self.requests.append((name, params))
            self.errors.append((name, error.status, error.description))
            self._changed.notify()
            return web.json_response(error.payload(), status=error.status)
        # Requests are read concurrently: one may be counted just after a later arrival.
        bisect.insort(self.send_times, arrived)
        if chat_times is not None:
            bisect.insort(chat_times, arrived)
        return None

    # ------------------------------------------------------------------ faults below the JSON

    def redirect_next(
        self,
        method: str,
        *,
        chat_id: int | None = None,
        status: int = 307,
        location: str | None = None,
        times: int = 1,
    ) -> None:
        """Answer the next ``times`` calls of ``method`` with a redirect.

        By default to a path on this server that keeps redirecting to itself, token included:
        the client gives up after its redirect limit with an error that names that URL.
        ``location`` (a path or an absolute URL) sends the client elsewhere instead.
        """
        if not 300 <= status < 400:
            raise ValueError(f"a redirect needs a 3xx status, got {status}")
        self._add_http_fault(method, _HttpFault("redirect", chat_id, times, status, location))

    def html_error_next(
        self, method: str, *, chat_id: int | None = None, status: int = 502, times: int = 1
    ) -> None:
        """Answer the next ``times`` calls of ``method`` with an HTML error page (text/html)."""
        self._add_http_fault(method, _HttpFault("html", chat_id, times, status))

    def timeout_next(
        self,
        method: str,
        *,
        chat_id: int | None = None,
        seconds: float = 60.0,
        times: int = 1,
    ) -> None:
        """Hold the next ``times`` calls of ``method`` for ``seconds``, longer than the client
        waits; a client still there afterwards gets a 504. The call is never carried out."""
        self._add_http_fault(method, _HttpFault("timeout", chat_id, times, 504, seconds=seconds))

    def arrivals_of(self, method: str) -> list[tuple[float, Any]]:
        """(loop time, chat id) of every call of ``method`` as it arrived."""
        return [(at, chat) for name, at, chat in self.arrivals if name.lower() == method.lower()]

    def drop_next(self, method: str, *, chat_id: int | None = None, times: int = 1) -> None:
        """Close the connection of the next ``times`` calls without an answer."""
        self._add_http_fault(method, _HttpFault("drop", chat_id, times, 0))

    def pending_faults(self) -> int:
        """How many injected faults (of every kind) are still to be served."""
        failures = sum(rule.times for rules in self._failures.values() for rule in rules)
        return failures + sum(f.times for faults in self._http_faults.values() for f in faults)

    def _add_http_fault(self, method: str, fault: _HttpFault) -> None:
        if method.lower() not in self._methods:
            raise ValueError(f"unknown Bot API method {method!r}")
        if fault.times < 1:
            raise ValueError("times must be at least 1")
        self._http_faults.setdefault(method.lower(), []).append(fault)

    def _take_http_fault(self, method: str, params: JsonDict) -> _HttpFault | None:
        rules = self._http_faults.get(method.lower(), [])
        for rule in rules:
            if rule.chat_id is None or rule.chat_id == params.get("chat_id"):
                rule.times -= 1
                if rule.times <= 0:
                    rules.remove(rule)
                return rule
        return None

    async def _answer_fault(
        self, fault: _HttpFault, request: web.Request, params: JsonDict
    ) -> web.Response:
        entry = self._methods.get(request.match_info["method"].lower())
        name = entry[0] if entry else request.match_info["method"]
        self.requests.append((name, params))
        self.errors.append((name, fault.status, fault.kind))
        self._changed.notify()
        if fault.kind == "redirect":
            location = fault.location or f"/moved/bot{self.token}/{name}"
            return web.Response(status=fault.status, headers={"Location": location})
        if fault.kind == "html":
            page = _html_error_page(fault.status, request.path)
            return web.Response(status=fault.status, text=page, content_type="text/html")
        if fault.kind == "drop":
            if request.transport is not None:
                request.transport.close()  # the client sees the connection go away
            return web.Response(status=500)
        await asyncio.sleep(fault.seconds)  # the client gives up first and goes away
        return web.json_response(ApiError(504, "Gateway Timeout").payload(), status=504)

    async def _moved(self, request: web.Request) -> web.Response:
        """Where a default redirect leads: a redirect to itself, for as long as it is followed."""
        return web.Response(status=307, headers={"Location": request.path})
