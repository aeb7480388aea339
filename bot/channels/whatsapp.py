"""WhatsApp through the Cloud API: webhook updates become `Incoming`, `Outgoing` becomes Graph
calls (bot.channels.whatsapp_api), laid out by bot.render.whatsapp.

What differs from Telegram: no edits (a replacing message is sent anew), no deletes (skipped),
no forwarding protection (case material carries a confidentiality line), no command menu
(words work as commands, and "menu" answers with a list), numbered menus answered with a
number, and the 24-hour window: outside it a push waits, announced by an approved template,
until the person writes again.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import itertools
import logging
from collections import OrderedDict
from collections.abc import AsyncIterator

from aiohttp import web

from bot.channels import whatsapp_webhook as webhook
from bot.channels import whatsapp_words as words
from bot.channels.whatsapp_api import GraphClient
from bot.chat_locks import ChatLocks
from bot.config import WhatsAppSettings
from bot.core import Core
from bot.errors import StartupError, TransientFault
from bot.i18n import Catalogs
from bot.messages import Button, Channel, Delivery, Incoming, Outgoing
from bot.outbox import window
from bot.outbox.courier import Courier, Turn
from bot.outbox.errors import RetryLater, WindowClosed
from bot.render.whatsapp import ButtonsMessage, ListMessage, NumberedMenu, render
from bot.roles import Role
from bot.router import Router

log = logging.getLogger(__name__)

PATH = "/whatsapp/webhook"
# About one message every few seconds to one person (WhatsApp's pair rate limit, 131056).
PER_PERSON_SECONDS = 3.0
STARTUP_BACKOFF = 1.0
STARTUP_BACKOFF_MAX = 30.0
STOP_TIMEOUT_SECONDS = 10
MAX_MENUS = 10_000  # the last numbered menu of this many chats is remembered
MENU_PAGE = 9  # rows of the "menu" list, the tenth being "more"
COMMAND_PREFIX = "cmd:"  # ids of the "menu" list's rows: typed as that command


class WhatsAppChannel:
    name = "whatsapp"
    per_chat_seconds = PER_PERSON_SECONDS

    def __init__(
        self,
        settings: WhatsAppSettings,
        core: Core,
        catalogs: Catalogs,
        router: Router,
        courier: Courier,
    ) -> None:
        if settings.token is None or not settings.phone_number_id:
            raise ValueError("WHATSAPP_TOKEN and WHATSAPP_PHONE_NUMBER_ID are not set")
        self.settings = settings
        self.core = core
        self.catalogs = catalogs
        self.router = router
        self.courier = courier
        self.phone_number_id = settings.phone_number_id
        self.client = GraphClient(
            str(settings.api_base), settings.phone_number_id, settings.token.get_secret_value()
        )
        self._started = False
        self._chats = ChatLocks()
        self._in_flight: set[asyncio.Task[object]] = set()
        # The last numbered menu sent to each chat: a number typed back presses its choice.
        self._menus: OrderedDict[str, NumberedMenu] = OrderedDict()

    # --- lifecycle -------------------------------------------------------------------------

    @property
    def ready(self) -> bool:
        return self._started and not self.courier.down(self.name)

    def attach(self, app: web.Application) -> None:
        app.router.add_get(PATH, self._on_verify)
        app.router.add_post(PATH, self._on_webhook)

    async def start(self) -> None:
        """Reach the Graph API (the number's record), for as long as it takes; a refused token
        or an unknown number ends start-up."""
        base = str(self.settings.api_base)
        log.info("waiting for the Graph API at WHATSAPP_API_BASE", extra={"api_base": base})
        for attempt in itertools.count(1):
            try:
                await self.client.probe()
                break
            except RetryLater as exc:
                if exc.kind == "unauthorized":
                    raise StartupError("the Graph API refused WHATSAPP_TOKEN") from None
                pause = min(STARTUP_BACKOFF_MAX, STARTUP_BACKOFF * 2 ** (attempt - 1))
                log.warning(
                    "the Graph API is not answering; retrying",
                    extra={"reason": exc.kind, "attempt": attempt, "retry_in_s": pause},
                )
                await asyncio.sleep(pause)
            except Exception:
                raise StartupError(
                    "the Graph API at WHATSAPP_API_BASE does not know WHATSAPP_PHONE_NUMBER_ID"
                ) from None
        self._started = True
        log.info("whatsapp webhook ready", extra={"path": PATH})

    async def lead(self) -> None:
        """Webhooks only: every process takes them; nothing is the leader's alone."""

    async def unlead(self) -> None:
        """Nothing to give up."""

    async def stop(self) -> None:
        self._started = False
        if self._in_flight:
            await asyncio.wait(set(self._in_flight), timeout=STOP_TIMEOUT_SECONDS)
        await self.client.close()

    # --- webhook ---------------------------------------------------------------------------

    async def _on_verify(self, request: web.Request) -> web.Response:
        """Meta's subscription check: the challenge back when the verify token matches."""
        expected = self.settings.verify_token
        given = request.query.get("hub.verify_token", "")
        if (
            expected is None
            or request.query.get("hub.mode") != "subscribe"
            or not hmac.compare_digest(
                given.encode("utf-8", "surrogateescape"), expected.get_secret_value().encode()
            )
        ):
            return web.Response(status=403, text="Forbidden")
        return web.Response(text=request.query.get("hub.challenge", ""))

    async def _on_webhook(self, request: web.Request) -> web.Response:
        """Answered only once every event in it is handled: a transient fault answers 503 and
        Meta delivers it again (messages are de-duplicated by id)."""
        body = await request.read()
        header = request.headers.get(webhook.SIGNATURE_HEADER)
        if not header:
            return web.Response(status=401, text="Unauthorized")
        secret = self.settings.app_secret
        if secret is None or not webhook.signature_ok(body, header, secret.get_secret_value()):
            return web.Response(status=403, text="Forbidden")
        try:
            events = webhook.parse(body, self.phone_number_id)
        except (ValueError, UnicodeDecodeError, RecursionError):
            return web.Response(status=400, text="Bad Request")
        try:
            for event in events:
                if isinstance(event, webhook.StatusUpdate):
                    await self._on_status(event)
                else:
                    async with self._working(event.sender):
                        await self._on_message(event)
        except TransientFault:
            return web.Response(status=503, text="Service Unavailable")
        return web.json_response({})

    @contextlib.asynccontextmanager
    async def _working(self, chat_id: str) -> AsyncIterator[None]:
        task = asyncio.current_task()
        if task is not None:
            self._in_flight.add(task)
        try:
            async with self._chats.hold(chat_id):
                yield
        finally:
            if task is not None:
                self._in_flight.discard(task)

    # --- incoming --------------------------------------------------------------------------

    async def _on_message(self, message: webhook.InboundMessage) -> None:
        address = message.sender
        await self._window_opened(address, release=False)
        if message.unreadable:
            await self._say(address, "whatsapp-text-only")
            await self._window_opened(address, release=True)
            return
        text, payload = message.text, message.payload
        if payload is not None and payload.startswith(COMMAND_PREFIX):
            text, payload = self._command_row(payload), None
            if text is None:
                await self._show_menu(address, page=_page_of(message.payload or ""))
                await self._window_opened(address, release=True)
                return
        elif text is not None:
            typed = text
            if words.is_menu(typed):
                await self._show_menu(address)
                await self._window_opened(address, release=True)
                return
            payload = await self._numbered_choice(address, typed)
            if payload is not None:
                text = None
            elif not typed.startswith("/") and not await self.core.takes_as_text(
                Channel.WHATSAPP, address, typed
            ):
                text = words.as_command(typed) or typed
        incoming = Incoming(
            channel=Channel.WHATSAPP,
            external_id=address,
            chat_id=address,
            update_id=_update_key(message.message_id),
            text=text,
            payload=payload,
            message_ref=message.reply_to if payload is not None else None,
            reply_to=message.reply_to,
            name_hint=message.name,
        )
        reply = await self.core.handle(incoming)
        # The person wrote: the window is open for the reply (set before it is sent), and
        # what waited for it follows the reply.
        await self._window_opened(address, release=False)
        await self.courier.deliver(reply.deliveries)
        await self._window_opened(address, release=True)
        if reply.pushed:
            self.courier.wake()

    async def _window_opened(self, address: str, *, release: bool) -> None:
        try:
            async with self.core.db.unit_of_work() as session:
                if release:
                    waiting = await window.released(
                        session, self.name, address, self.core.clock.now()
                    )
                else:
                    await window.opened(session, self.name, address, self.core.clock.now())
                    waiting = 0
        except Exception as exc:
            raise TransientFault(type(exc).__name__) from exc
        if waiting:
            self.courier.wake(self.name)

    async def _numbered_choice(self, address: str, typed: str) -> str | None:
        """A number typed back to the last numbered menu is the press of that choice, unless
        the open question takes it as an answer (a capacity of "6")."""
        menu = self._menus.get(address)
        if menu is None:
            return None
        payload = menu.payload_for(typed)
        if payload is None or await self.core.takes_as_text(Channel.WHATSAPP, address, typed):
            return None
        self._menus.pop(address, None)
        return payload

    def _command_row(self, payload: str) -> str | None:
        name = payload.removeprefix(COMMAND_PREFIX)
        return f"/{name}" if name in self.router.commands else None

    async def _show_menu(self, address: str, page: int = 0) -> None:
        """The commands this person's role may use, as a list (pages of nine and "more")."""
        async with self.core.db.sessions() as session:
            someone = await window.recipient(session, self.name, address)
        language = self.catalogs.language(someone.language if someone else None)
        role = Role(someone.role) if someone else None
        names = self.router.usable_commands(role) if role else self.router.menu_commands(None)
        shown = names[page * MENU_PAGE : (page + 1) * MENU_PAGE]
        rows = [
            (
                Button(
                    f"{words.word_for(name, language)}: "
                    + self.catalogs.text(language, f"cmd-{name}"),
                    payload=COMMAND_PREFIX + name,
                ),
            )
            for name in shown
        ]
        if len(names) > (page + 1) * MENU_PAGE:
            more = self.catalogs.text(language, "whatsapp-menu-more")
            rows.append((Button(more, payload=f"{COMMAND_PREFIX}more:{page + 1}"),))
        text = self.catalogs.text(language, "whatsapp-menu")
        await self.courier.deliver([Delivery(self.name, address, Outgoing(text, tuple(rows)))])

    async def _say(self, address: str, key: str) -> None:
        async with self.core.db.sessions() as session:
            someone = await window.recipient(session, self.name, address)
        language = self.catalogs.language(someone.language if someone else None)
        message = Outgoing(self.catalogs.text(language, key))
        await self.courier.deliver([Delivery(self.name, address, message)])

    # --- statuses --------------------------------------------------------------------------

    async def _on_status(self, status: webhook.StatusUpdate) -> None:
        """Delivered and read empty the row's text; a closed window sends it back to waiting;
        another failure gives it up. A status that overtook the record of its send is asked
        for again (503)."""
        if status.status == "sent":
            return
        now = self.core.clock.now()
        waiting: int | None = None
        try:
            async with self.core.db.unit_of_work() as session:
                row = await window.row_of(session, self.name, status.recipient, status.message_id)
                if row is None:
                    if status.status == "failed" and await window.sending(
                        session, self.name, status.recipient
                    ):
                        raise TransientFault("status before its send was recorded")
                    return
                if status.status in ("delivered", "read"):
                    window.delivered(row)
                elif status.status == "failed" and status.window_closed:
                    window.wait_for_window(row, now)
                    await window.closed(session, self.name, status.recipient)
                    waiting = row.id
                elif status.status == "failed":
                    window.failed(row, status.errors[0] if status.errors else None)
        except TransientFault:
            raise
        except Exception as exc:
            raise TransientFault(type(exc).__name__) from exc
        if waiting is not None:
            log.info("whatsapp window closed; message waits", extra={"row": waiting})
            self.courier.wake(self.name)

    # --- outgoing --------------------------------------------------------------------------

    async def send(
        self, address: str, message: Outgoing, *, edit_of: str | None, turn: Turn
    ) -> list[str]:
        """One neutral message as WhatsApp messages; their ids. Outside the window nothing but
        the notice template is sent, and the message waits (WindowClosed)."""
        if message.delete:
            # WhatsApp deletes only on the bot's side: the mentor's copy would stay.
            log.info(
                "whatsapp cannot withdraw messages; skipped", extra={"count": len(message.delete)}
            )
            return []
        async with self.core.db.sessions() as session:
            someone = await window.recipient(session, self.name, address)
            now = self.core.clock.now()
            closed = someone is not None and not someone.window_open(now)
            key = await window.key_in_hand(session, self.name, address) if closed else None
        if someone is not None and closed:
            await self._notice(address, self.template_for(key), someone.language, turn)
            raise WindowClosed()
        language = self.catalogs.language(someone.language if someone else None)
        text = message.text
        if message.protect:
            text = f"{text}\n\n{self.catalogs.text(language, 'whatsapp-confidential')}"
        parts = render(
            Outgoing(text, message.buttons, document=message.document),
            list_button=self.catalogs.text(language, "whatsapp-list-button"),
        )
        ids = []
        for part in parts:
            await turn()
            ids.append(await self.client.send(address, part))
            self._remember(address, part)
        return ids

    def template_for(self, key: str | None) -> str | None:
        """The approved template for the kind of push (its cause), else the generic notice."""
        settings = self.settings
        kind: str | None = None
        if key is not None and key.startswith(("lesson:", "review:")):
            kind = settings.template_lesson
        elif key is not None and key.startswith("q:") and ":remind:" in key:
            kind = settings.template_reminder
        elif key is not None and key.startswith("q:"):
            kind = settings.template_answer
        return kind or settings.template_notice

    async def _notice(self, address: str, name: str | None, language: str, turn: Turn) -> None:
        """The approved template that tells the person a message is waiting for them."""
        if not name:
            log.warning("whatsapp window closed and WHATSAPP_TEMPLATE_NOTICE is not set")
            return
        await turn()
        await self.client.template(address, name, language)

    def _remember(self, address: str, part: object) -> None:
        if isinstance(part, NumberedMenu):
            self._menus[address] = part
            self._menus.move_to_end(address)
            if len(self._menus) > MAX_MENUS:
                self._menus.popitem(last=False)
        elif isinstance(part, ButtonsMessage | ListMessage):
            self._menus.pop(address, None)  # newer choices: a typed number means nothing now


def _update_key(message_id: str) -> str:
    """A message id names the sender's number inside it: only a hash is kept."""
    return hashlib.sha256(message_id.encode()).hexdigest()[:40]


def _page_of(payload: str) -> int:
    _prefix, _, page = payload.partition("more:")
    return int(page) if page.isascii() and page.isdigit() and int(page) < 10 else 0
