"""In-process fake of the WhatsApp Cloud API (Graph) for end-to-end tests.

The bot under test talks to it through its real aiohttp client, at ``base_url`` (which carries
the version, as WHATSAPP_API_BASE does); the fake talks back through the bot's real webhook,
signed with the app secret::

    async with FakeWhatsAppServer(token="t", phone_number_id="1") as wa:
        wa.webhook_url = "http://127.0.0.1:8080/whatsapp/webhook"
        status = await wa.send_text("6281234", "halo")   # the bot answered once handled
        [reply] = wa.messages("6281234")

Messages are checked against the documented limits (text 4,096, 3 buttons of 20, 10 rows of
24/72, body 1,024) and refused with Graph's error JSON. Like WhatsApp, a free-form message to
someone outside the 24-hour window is taken ("sent") and then fails by a status webhook with
error 131047; ``clock`` says what time it is for the window. Errors can be injected.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Any, Self

from aiohttp import ClientSession, web

from bot.channels.whatsapp_webhook import sign

JsonDict = dict[str, Any]
WINDOW = timedelta(hours=24)


@dataclass
class SentMessage:
    """A message the bot sent, as Graph received it."""

    id: str
    to: str
    type: str
    body: JsonDict

    @property
    def text(self) -> str:
        """What the person reads first: the text, or the interactive body, or the template."""
        if self.type == "text":
            return str(self.body["text"]["body"])
        if self.type == "interactive":
            return str(self.body["interactive"]["body"]["text"])
        if self.type == "template":
            return f"[template {self.body['template']['name']}]"
        return f"[{self.type}]"

    @property
    def choices(self) -> dict[str, str]:
        """Title -> id of the reply buttons or list rows."""
        if self.type != "interactive":
            return {}
        interactive = self.body["interactive"]
        if interactive["type"] == "button":
            return {
                b["reply"]["title"]: b["reply"]["id"] for b in interactive["action"]["buttons"]
            }
        rows = [row for s in interactive["action"]["sections"] for row in s["rows"]]
        return {row["title"]: row["id"] for row in rows}

    @property
    def kind(self) -> str:
        """text, button, list, template or document."""
        if self.type == "interactive":
            return str(self.body["interactive"]["type"])
        return self.type


@dataclass
class _Failure:
    status: int
    code: int
    count: int


@dataclass
class FakeWhatsAppServer:
    token: str = "wa-token"
    phone_number_id: str = "100200300"
    app_secret: str = "app-secret"
    version: str = "v21.0"
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    webhook_url: str | None = None
    sent: list[SentMessage] = field(default_factory=list)
    uploads: list[tuple[str, bytes]] = field(default_factory=list)
    requests: list[tuple[str, str]] = field(default_factory=list)  # method, path
    # When each person last wrote (set by send_*), for the 24-hour window.
    last_inbound: dict[str, datetime] = field(default_factory=dict)
    # Statuses the bot should hear of (a closed window's failure), posted by flush_statuses.
    pending_statuses: list[JsonDict] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._failures: list[_Failure] = []
        self._ids = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self._port = 0
        self._client: ClientSession | None = None

    # --- lifecycle -------------------------------------------------------------------------

    async def __aenter__(self) -> Self:
        app = web.Application()
        app.router.add_get(f"/{self.version}/{{phone}}", self._number)
        app.router.add_post(f"/{self.version}/{{phone}}/messages", self._messages)
        app.router.add_post(f"/{self.version}/{{phone}}/media", self._media)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self._port = self._runner.addresses[0][1]
        self._client = ClientSession()
        return self

    async def __aexit__(
        self,
        _type: type[BaseException] | None,
        _value: BaseException | None,
        _tb: TracebackType | None,
    ) -> None:
        if self._client is not None:
            await self._client.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._port}/{self.version}"

    # --- error injection -------------------------------------------------------------------

    def fail_next(self, code: int, *, status: int = 400, count: int = 1) -> None:
        """The next `count` message sends are refused with this Graph error code."""
        self._failures.append(_Failure(status, code, count))

    # --- Graph endpoints -------------------------------------------------------------------

    def _authorized(self, request: web.Request) -> bool:
        return request.headers.get("Authorization") == f"Bearer {self.token}"

    @staticmethod
    def _error(status: int, code: int, message: str) -> web.Response:
        body = {"error": {"message": message, "type": "OAuthException", "code": code}}
        return web.json_response(body, status=status)

    async def _number(self, request: web.Request) -> web.Response:
        self.requests.append(("GET", request.path))
        if not self._authorized(request):
            return self._error(401, 190, "Invalid OAuth access token")
        if request.match_info["phone"] != self.phone_number_id:
            return self._error(400, 100, "Unsupported get request")
        return web.json_response({"id": self.phone_number_id, "display_phone_number": "+62 800"})

    async def _media(self, request: web.Request) -> web.Response:
        self.requests.append(("POST", request.path))
        if not self._authorized(request):
            return self._error(401, 190, "Invalid OAuth access token")
        form = await request.post()
        upload = form.get("file")
        if form.get("messaging_product") != "whatsapp" or not isinstance(upload, web.FileField):
            return self._error(400, 100, "Invalid parameter")
        self.uploads.append((upload.filename, upload.file.read()))
        return web.json_response({"id": f"media-{len(self.uploads)}"})

    async def _messages(self, request: web.Request) -> web.Response:
        self.requests.append(("POST", request.path))
        if not self._authorized(request):
            return self._error(401, 190, "Invalid OAuth access token")
        if request.match_info["phone"] != self.phone_number_id:
            return self._error(400, 100, "Unsupported post request")
        if self._failures:
            failure = self._failures[0]
            failure.count -= 1
            if failure.count <= 0:
                self._failures.pop(0)
            return self._error(failure.status, failure.code, "injected")
        try:
            body = await request.json()
            to, kind = str(body["to"]), str(body["type"])
            if body.get("messaging_product") != "whatsapp":
                raise ValueError("messaging_product must be whatsapp")
            _check(kind, body)
        except (KeyError, TypeError, ValueError) as exc:
            return self._error(400, 100, f"Invalid parameter: {exc}")
        message = SentMessage(f"wamid.fake{next(self._ids)}", to, kind, body)
        self.sent.append(message)
        if kind != "template" and not self.in_window(to):
            # WhatsApp takes it, then tells by a status that it could not be delivered.
            self.pending_statuses.append(
                self.status_json(message.id, to, "failed", errors=[131047])
            )
        answer = {
            "messaging_product": "whatsapp",
            "contacts": [{"input": to, "wa_id": to}],
            "messages": [{"id": message.id}],
        }
        return web.json_response(answer)

    def in_window(self, to: str) -> bool:
        last = self.last_inbound.get(to)
        return last is not None and self.clock() < last + WINDOW

    # --- what was sent ---------------------------------------------------------------------

    def messages(self, to: str) -> list[SentMessage]:
        return [m for m in self.sent if m.to == to]

    # --- the person's side: webhooks to the bot --------------------------------------------

    async def post(self, payload: JsonDict, *, signature: str | None = "valid") -> int:
        """POST a webhook to the bot, signed (or with the given header); its HTTP status."""
        assert self.webhook_url is not None and self._client is not None
        raw = json.dumps(payload).encode()
        headers = {"Content-Type": "application/json"}
        if signature == "valid":
            headers["X-Hub-Signature-256"] = sign(raw, self.app_secret)
        elif signature is not None:
            headers["X-Hub-Signature-256"] = signature
        async with self._client.post(self.webhook_url, data=raw, headers=headers) as response:
            await response.read()
            return response.status

    async def send_text(
        self, user: str, text: str, *, name: str = "Budi", reply_to: str | None = None
    ) -> int:
        message: JsonDict = {"type": "text", "text": {"body": text}}
        return await self.send_message(user, message, name=name, reply_to=reply_to)

    async def press(self, user: str, sent: SentMessage, title: str) -> int:
        """Press a reply button or choose a list row of a message the bot sent."""
        payload = sent.choices[title]
        kind = "button_reply" if sent.kind == "button" else "list_reply"
        message = {
            "type": "interactive",
            "interactive": {"type": kind, kind: {"id": payload, "title": title}},
        }
        return await self.send_message(user, message, reply_to=sent.id)

    async def send_message(
        self, user: str, message: JsonDict, *, name: str = "Budi", reply_to: str | None = None
    ) -> int:
        self.last_inbound[user] = self.clock()
        full = {
            "from": user,
            "id": f"wamid.in{next(self._ids)}",
            "timestamp": str(int(self.clock().timestamp())),
            **message,
        }
        if reply_to is not None:
            full["context"] = {"from": self.phone_number_id, "id": reply_to}
        value = {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "62800", "phone_number_id": self.phone_number_id},
            "contacts": [{"profile": {"name": name}, "wa_id": user, "user_id": f"u{user}"}],
            "messages": [full],
        }
        return await self.post(webhook_body(value))

    def status_json(
        self, message_id: str, to: str, status: str, errors: list[int] | None = None
    ) -> JsonDict:
        raw: JsonDict = {
            "id": message_id,
            "recipient_id": to,
            "status": status,
            "timestamp": str(int(self.clock().timestamp())),
        }
        if errors:
            raw["errors"] = [{"code": code, "title": "error"} for code in errors]
        return raw

    async def send_statuses(self, statuses: list[JsonDict]) -> int:
        value = {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "62800", "phone_number_id": self.phone_number_id},
            "statuses": statuses,
        }
        return await self.post(webhook_body(value))

    async def flush_statuses(self) -> int:
        """Post the statuses WhatsApp owes the bot (a closed window's failures)."""
        statuses, self.pending_statuses = self.pending_statuses, []
        return await self.send_statuses(statuses) if statuses else 200


def webhook_body(value: JsonDict) -> JsonDict:
    return {
        "object": "whatsapp_business_account",
        "entry": [{"id": "WABA", "changes": [{"field": "messages", "value": value}]}],
    }


def _check(kind: str, body: JsonDict) -> None:
    """The documented limits of what the bot may send."""
    if kind == "text":
        _length("text", body["text"]["body"], 4096)
    elif kind == "interactive":
        interactive = body["interactive"]
        _length("body", interactive["body"]["text"], 1024)
        action = interactive["action"]
        if interactive["type"] == "button":
            buttons = action["buttons"]
            if not 1 <= len(buttons) <= 3:
                raise ValueError("1 to 3 buttons")
            for button in buttons:
                _length("button title", button["reply"]["title"], 20)
                _length("button id", button["reply"]["id"], 256)
        elif interactive["type"] == "list":
            _length("list button", action["button"], 20)
            rows = [row for section in action["sections"] for row in section["rows"]]
            if not 1 <= len(rows) <= 10:
                raise ValueError("1 to 10 rows")
            for row in rows:
                _length("row title", row["title"], 24)
                _length("row id", row["id"], 200)
                if "description" in row:
                    _length("row description", row["description"], 72)
        else:
            raise ValueError(f"unknown interactive type {interactive['type']}")
    elif kind == "template":
        _length("template name", body["template"]["name"], 512)
        _length("template language", body["template"]["language"]["code"], 10)
    elif kind == "document":
        _length("document id", body["document"]["id"], 100)
    else:
        raise ValueError(f"unknown type {kind}")


def _length(what: str, value: object, limit: int) -> None:
    if not isinstance(value, str) or not value.strip() or len(value) > limit:
        raise ValueError(f"{what} must be 1-{limit} characters")
