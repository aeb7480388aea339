"""A thin WhatsApp Cloud API client over aiohttp, pointed at WHATSAPP_API_BASE.

Only what the bot sends: messages (text, interactive, template, document) and media uploads.
Its failures come out in the outbox's terms (Blocked, RetryLater, Rejected, WindowClosed).
"""

from __future__ import annotations

import logging
from typing import Any

from aiohttp import ClientError, ClientSession, ClientTimeout, FormData

from bot.outbox.errors import Blocked, Rejected, RetryLater, WindowClosed
from bot.render.whatsapp import (
    ButtonsMessage,
    DocumentMessage,
    ListMessage,
    NumberedMenu,
    TextMessage,
    WhatsAppMessage,
)

log = logging.getLogger(__name__)

# Within the outbox's lease, as for Telegram.
SEND_TIMEOUT_SECONDS = 20
# Graph error codes (developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes).
_RATE = {4, 80007, 130429, 131048, 131056}  # throughput, spam rate, pair rate
_TRANSIENT = {1, 2, 131000, 131016, 133004}  # unknown, service, temporarily unavailable
_UNAUTHORIZED = {0, 190}  # token expired or invalid: the channel is down, not the message
_UNDELIVERABLE = {131026}  # no WhatsApp, or the person blocked the number
_WINDOW = 131047
RATE_PAUSE_SECONDS = 2.0


class GraphClient:
    def __init__(self, base: str, phone_number_id: str, token: str) -> None:
        self.base = base.rstrip("/")
        self.phone_number_id = phone_number_id
        self._headers = {"Authorization": f"Bearer {token}"}
        self._session: ClientSession | None = None

    def _client(self) -> ClientSession:
        if self._session is None or self._session.closed:
            self._session = ClientSession(timeout=ClientTimeout(total=SEND_TIMEOUT_SECONDS))
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()

    async def probe(self) -> None:
        """The number's own record: proves the base URL, the id and the token."""
        await self._call("GET", f"{self.base}/{self.phone_number_id}")

    async def send(self, to: str, message: WhatsAppMessage) -> str:
        """One message; the id WhatsApp gave it (wamid...)."""
        if isinstance(message, DocumentMessage):
            media = await self.upload(message)
            body = {"type": "document", "document": {"id": media, "filename": message.filename}}
        else:
            body = payload(message)
        return await self.post_message(to, body)

    async def template(self, to: str, name: str, language: str) -> str:
        body = {"type": "template", "template": {"name": name, "language": {"code": language}}}
        return await self.post_message(to, body)

    async def post_message(self, to: str, body: dict[str, Any]) -> str:
        request = {"messaging_product": "whatsapp", "recipient_type": "individual", "to": to}
        answer = await self._call(
            "POST", f"{self.base}/{self.phone_number_id}/messages", json=request | body
        )
        try:
            return str(answer["messages"][0]["id"])
        except (KeyError, IndexError, TypeError):
            raise RetryLater("bad response") from None

    async def upload(self, document: DocumentMessage) -> str:
        form = FormData()
        form.add_field("messaging_product", "whatsapp")
        form.add_field("type", document.mime_type)
        form.add_field(
            "file", document.content, filename=document.filename, content_type=document.mime_type
        )
        answer = await self._call("POST", f"{self.base}/{self.phone_number_id}/media", data=form)
        media = answer.get("id")
        if not isinstance(media, str):
            raise RetryLater("bad response")
        return media

    async def _call(self, method: str, url: str, **kwargs: Any) -> dict[str, Any]:
        try:
            async with self._client().request(
                method, url, headers=self._headers, **kwargs
            ) as response:
                status = response.status
                try:
                    answer = await response.json(content_type=None)
                except ValueError:
                    answer = None
        except (ClientError, TimeoutError):
            raise RetryLater("network") from None
        if not isinstance(answer, dict):
            # Not Graph's JSON: an HTML page from a proxy in front of it.
            raise RetryLater("5xx" if status >= 500 else "bad response")
        if status < 300 and "error" not in answer:
            return answer
        raise _error(status, answer, response.headers.get("Retry-After"))


def _error(status: int, answer: dict[str, Any], retry_after: str | None) -> Exception:
    found = answer.get("error")
    error: dict[str, Any] = found if isinstance(found, dict) else {}
    code = error.get("code") if isinstance(error.get("code"), int) else -1
    if code == _WINDOW:
        return WindowClosed()
    if status == 401 or code in _UNAUTHORIZED:
        return RetryLater("unauthorized")
    if status == 429 or code in _RATE:
        pause = float(retry_after) if retry_after and retry_after.isdigit() else None
        return RetryLater("429", pause or RATE_PAUSE_SECONDS)
    if status >= 500 or code in _TRANSIENT:
        return RetryLater("5xx")
    if code in _UNDELIVERABLE:
        return Blocked()
    log.warning("whatsapp refused a message", extra={"code": code, "status": status})
    return Rejected()


def payload(message: WhatsAppMessage) -> dict[str, Any]:
    """The JSON of a rendered message (its type and content), without the recipient."""
    if isinstance(message, TextMessage | NumberedMenu):
        return {"type": "text", "text": {"body": message.body, "preview_url": False}}
    if isinstance(message, ButtonsMessage):
        buttons = [
            {"type": "reply", "reply": {"id": b.payload, "title": b.title}}
            for b in message.buttons
        ]
        action: dict[str, Any] = {"buttons": buttons}
        return _interactive("button", message.body, action)
    if isinstance(message, ListMessage):
        rows = []
        for row in message.rows:
            item = {"id": row.payload, "title": row.title}
            if row.description:
                item["description"] = row.description
            rows.append(item)
        action = {"button": message.button, "sections": [{"rows": rows}]}
        return _interactive("list", message.body, action)
    raise ValueError("a document is uploaded first")


def _interactive(kind: str, body: str, action: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "interactive",
        "interactive": {"type": kind, "body": {"text": body}, "action": action},
    }
