"""Telegram through aiogram: translates updates to `Incoming` and `Outgoing` to Bot API calls."""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import itertools
import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import TypeVar

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    AiogramError,
    ClientDecodeError,
    TelegramAPIError,
    TelegramBadRequest,
    TelegramConflictError,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.methods.base import Response
from aiogram.types import (
    BotCommand,
    BotCommandScopeChat,
    BotCommandScopeDefault,
    BufferedInputFile,
    CallbackQuery,
    InaccessibleMessage,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    Update,
    User,
)
from aiohttp import ClientError, web

from bot import markup
from bot.channels import telegram_files
from bot.channels.telegram_polling import Poller
from bot.chat_locks import ChatLocks
from bot.config import TelegramSettings
from bot.core import Core
from bot.errors import StartupError, TransientFault
from bot.i18n import LANGUAGES, Catalogs
from bot.messages import Channel, Document, Incoming, MenuUpdate, Outgoing, Reply
from bot.outbox.courier import Courier, Turn
from bot.outbox.errors import Blocked, Rejected, RetryLater
from bot.roles import Role
from bot.router import Router

log = logging.getLogger(__name__)

# aiogram builds the pydantic class Response[X] for every answer it reads; pydantic keeps such
# classes only weakly, so without a reference each call may build it again (milliseconds).
_RESPONSES = tuple(
    Response[kind]  # type: ignore[valid-type]
    for kind in (Message, bool, User, list[Update], list[BotCommand], Message | bool)
)
T = TypeVar("T")

MAX_TEXT = 4096
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# Well inside the outbox's lease, so a hung send is given up before another sender may take it.
SEND_TIMEOUT_SECONDS = 20
# At start-up the Bot API may be unreachable for long (a network outage): retry for ever, at
# most this far apart, while the rest of the bot runs and /healthz says "not ready".
STARTUP_BACKOFF = 1.0
STARTUP_BACKOFF_MAX = 30.0
CONNECT_TIMEOUT_SECONDS = 10
STOP_TIMEOUT_SECONDS = 10


class TelegramChannel:
    name = "telegram"

    def __init__(
        self,
        settings: TelegramSettings,
        core: Core,
        catalogs: Catalogs,
        router: Router,
        courier: Courier,
        *,
        polling_timeout: int = 10,
    ) -> None:
        if settings.bot_token is None:
            raise ValueError("TELEGRAM_BOT_TOKEN is not set")
        self.settings = settings
        self.core = core
        self.courier = courier
        self.catalogs = catalogs
        self.router = router
        self.polling_timeout = polling_timeout
        api = TelegramAPIServer.from_base(str(settings.api_base).rstrip("/"))
        self.bot = Bot(
            settings.bot_token.get_secret_value(),
            session=AiohttpSession(api=api),
            default=DefaultBotProperties(parse_mode="HTML", link_preview_is_disabled=True),
        )
        self.dispatcher = Dispatcher()
        self.dispatcher.message.register(self._on_message)
        self.dispatcher.callback_query.register(self._on_callback)
        self._polling: asyncio.Task[None] | None = None
        self._poller: Poller | None = None
        self._allowed: list[str] = []
        # Polling runs only in the leader process; on SQLite the one process leads.
        self.leading = False
        self._base = str(settings.api_base).rstrip("/")
        self._started = False
        self._chats = ChatLocks()
        self._in_flight: set[asyncio.Task[object]] = set()

    # --- lifecycle -------------------------------------------------------------------------

    @property
    def ready(self) -> bool:
        """Reached the Bot API, and it still answers: getUpdates and sends succeed."""
        polling_fails = self._poller is not None and self._poller.failing
        return self._started and not polling_fails and not self.courier.down(self.name)

    def attach(self, app: web.Application) -> None:
        """Register the webhook route; called before the HTTP server starts listening."""
        if self.settings.webhook_url is None:
            return
        app.router.add_post(self.settings.webhook_path, self._on_webhook)

    async def _on_webhook(self, request: web.Request) -> web.Response:
        """One update per request, answered only once it is handled, so a crash means a
        redelivery (de-duplicated) rather than a lost message. Odd requests get a 4xx."""
        if not self._secret_ok(request.headers.get(SECRET_HEADER, "")):
            return web.Response(status=401, text="Unauthorized")
        try:
            data = json.loads(await request.read())
            if not isinstance(data, dict) or type(data.get("update_id")) is not int:
                raise ValueError("not an update")
            update = Update.model_validate(data, context={"bot": self.bot})
        # pydantic's ValidationError is a ValueError; a deeply nested body exhausts recursion.
        except (ValueError, UnicodeDecodeError, RecursionError):
            return web.Response(status=400, text="Bad Request")
        try:
            await self.dispatcher.feed_update(self.bot, update)
        except TransientFault:
            # Nothing was committed: Telegram delivers it again, and it is handled then.
            return web.Response(status=503, text="Service Unavailable")
        return web.json_response({})

    def _secret_ok(self, given: str) -> bool:
        secret = self.settings.webhook_secret
        if secret is None:
            return False
        # Bytes, not str: a header with non-ASCII characters is just a wrong secret.
        expected = secret.get_secret_value().encode()
        return hmac.compare_digest(given.encode("utf-8", "surrogateescape"), expected)

    async def start(self) -> None:
        """Connect for as long as it takes; only a refused token or webhook ends start-up."""
        log.info("waiting for the Bot API at TELEGRAM_API_BASE", extra={"api_base": self._base})
        me = await self._until_answered(
            "getMe", lambda: self.bot.get_me(request_timeout=CONNECT_TIMEOUT_SECONDS)
        )
        self.core.links.telegram_username = me.username
        try:
            await self._set_default_menus()
        except (AiogramError, ClientError) as exc:  # a menu is a convenience; not needed
            log.warning("telegram menus not set", extra={"reason": type(exc).__name__})
        allowed = self.dispatcher.resolve_used_update_types()
        if self.settings.webhook_url is not None:
            secret = self.settings.webhook_secret
            await self._until_answered(
                "setWebhook",
                lambda: self.bot.set_webhook(
                    str(self.settings.webhook_url),
                    secret_token=secret.get_secret_value() if secret else None,
                    allowed_updates=allowed,
                ),
            )
            self._started = True
            log.info("telegram webhook set", extra={"path": self.settings.webhook_path})
            return
        await self._until_answered(
            "deleteWebhook", lambda: self.bot.delete_webhook(drop_pending_updates=False)
        )
        self._allowed = allowed
        self._started = True
        if self.leading:
            self._start_polling()

    async def lead(self) -> None:
        """This process leads: in polling mode it is the one that asks for updates (a second
        poller would get 409 Conflict)."""
        self.leading = True
        if self._started and self.settings.webhook_url is None and self._polling is None:
            self._start_polling()

    async def unlead(self) -> None:
        self.leading = False
        await self._stop_polling()

    def _start_polling(self) -> None:
        self._poller = Poller(
            self.bot,
            lambda update: self.dispatcher.feed_update(self.bot, update),
            timeout=self.polling_timeout,
            allowed_updates=self._allowed,
            dropped=self._say_try_again,
        )
        self._polling = asyncio.create_task(self._poller.run(), name="telegram-polling")
        log.info("telegram long polling started", extra={"bot": self.core.links.telegram_username})

    async def _say_try_again(self, update: Update) -> None:
        """The database stayed down: the person is asked to send it again (best effort)."""
        source = update.message or (
            update.callback_query.message if update.callback_query else None
        )
        sender = update.message.from_user if update.message else None
        if update.callback_query is not None:
            sender = update.callback_query.from_user
        if source is None or sender is None or not _own_private_chat(source, sender.id):
            return
        text = self.catalogs.text(self.catalogs.language(sender.language_code), "error-generic")
        await self._quietly(
            self._paced(self.bot.send_message(source.chat.id, markup.to_telegram_html(text)))
        )

    async def _stop_polling(self) -> None:
        if self._polling is not None:
            self._polling.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._polling
            self._polling = None
        if self._poller is not None:  # let updates in hand finish, be answered and confirmed
            await self._poller.finish(STOP_TIMEOUT_SECONDS)
            self._poller = None

    async def _until_answered(self, method: str, call: Callable[[], Awaitable[T]]) -> T:
        """Retry a start-up call with growing pauses while the Bot API is unreachable or
        failing, saying so each time; settings it refuses stop start-up with one line."""
        for attempt in itertools.count(1):
            try:
                return await call()
            except TelegramUnauthorizedError:
                raise StartupError("the Bot API refused TELEGRAM_BOT_TOKEN") from None
            except TelegramNotFound:
                raise StartupError(
                    f"the Bot API at TELEGRAM_API_BASE ({self._base}) does not know {method}: "
                    "check TELEGRAM_API_BASE and TELEGRAM_BOT_TOKEN"
                ) from None
            except TelegramBadRequest as exc:
                if method != "setWebhook":
                    raise
                raise StartupError(
                    "the Bot API refused the webhook set-up (TELEGRAM_WEBHOOK_URL): "
                    f"{exc.message[:120]}"
                ) from None
            except (
                TelegramRetryAfter,
                TelegramServerError,
                TelegramNetworkError,
                ClientDecodeError,  # an HTML error page from a proxy in front of the Bot API
            ) as exc:
                pause = exc.retry_after if isinstance(exc, TelegramRetryAfter) else None
                pause = pause or min(STARTUP_BACKOFF_MAX, STARTUP_BACKOFF * 2 ** (attempt - 1))
                log.warning(
                    "the Bot API at TELEGRAM_API_BASE is not answering; retrying",
                    extra={
                        "api_base": self._base,
                        "method": method,
                        "reason": type(exc).__name__,
                        "attempt": attempt,
                        "retry_in_s": pause,
                    },
                )
                await asyncio.sleep(pause)
        raise AssertionError("unreachable")

    async def stop(self) -> None:
        self._started = False
        await self._stop_polling()
        if self._in_flight:  # webhook updates being handled
            await asyncio.wait(set(self._in_flight), timeout=STOP_TIMEOUT_SECONDS)
        await self.bot.session.close()

    @contextlib.asynccontextmanager
    async def _working(self, chat_id: str) -> AsyncIterator[None]:
        """One update at a time per chat, and known to stop() until it has been answered."""
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

    async def _on_message(self, message: Message, event_update: Update) -> None:
        sender = message.from_user
        if sender is None or not _own_private_chat(message, sender.id):
            # The programme is one-to-one: groups and channels are ignored, and so is a message
            # crafted to look as if it came from another person's private chat.
            return
        incoming = Incoming(
            channel=Channel.TELEGRAM,
            external_id=str(sender.id),
            chat_id=str(message.chat.id),
            update_id=_update_key(event_update.update_id, message),
            text=message.text or message.caption,
            reply_to=str(message.reply_to_message.message_id)
            if message.reply_to_message
            else None,
            language_hint=sender.language_code,
            name_hint=sender.full_name,
        )
        async with self._working(incoming.chat_id):
            reply = await self.core.handle(incoming)
            await self._deliver(incoming, reply)

    async def _on_callback(self, query: CallbackQuery, event_update: Update) -> None:
        message = query.message
        if message is None or not _own_private_chat(message, query.from_user.id):
            # A press on a message in a group, or crafted for another person's chat: nothing is
            # handled or sent there; the button only stops spinning.
            await self._quietly(self._paced(query.answer()))
            return
        chat_id = str(message.chat.id)
        incoming = Incoming(
            channel=Channel.TELEGRAM,
            external_id=str(query.from_user.id),
            chat_id=chat_id,
            update_id=_update_key(event_update.update_id, message, press=True),
            payload=query.data or "",
            message_ref=str(message.message_id),
            language_hint=query.from_user.language_code,
            name_hint=query.from_user.full_name,
        )
        async with self._working(chat_id):
            reply = await self.core.handle(incoming)
            # Always answer (the core never raises), or the button keeps spinning on the phone.
            await self._quietly(self._paced(query.answer(text=reply.notice)))
            if (
                incoming.message_ref
                and reply.messages
                and not reply.failed  # after an error the same button must work again
                and not any(m.replace for m in reply.messages)
            ):
                # Old buttons go away once they led somewhere, so they cannot be pressed twice.
                await self._quietly(
                    self._paced(
                        self.bot.edit_message_reply_markup(
                            chat_id=chat_id,
                            message_id=int(incoming.message_ref),
                            reply_markup=None,
                            request_timeout=SEND_TIMEOUT_SECONDS,
                        )
                    )
                )
            await self._deliver(incoming, reply)

    # --- outgoing --------------------------------------------------------------------------

    async def _deliver(self, incoming: Incoming, reply: Reply) -> None:
        """The reply through the outbox path (at the channel's pace, recorded as sent); the
        menu is a convenience, set best effort."""
        await self.courier.deliver(reply.deliveries)
        if reply.pushed:
            self.courier.wake()
        if reply.menu is not None:
            await self._set_chat_menu(reply.menu)

    async def send(
        self, address: str, message: Outgoing, *, edit_of: str | None, turn: Turn
    ) -> list[str]:
        """One message to a chat; the ids of what was sent. Errors in the outbox's terms."""
        try:
            return await self._send(address, message, edit_of, turn)
        except TelegramForbiddenError:
            raise Blocked() from None
        except TelegramUnauthorizedError:
            # A revoked token: the channel is down, not this message wrong.
            raise RetryLater("unauthorized") from None
        except TelegramRetryAfter as exc:
            raise RetryLater("429", float(exc.retry_after)) from None
        except TelegramServerError:
            raise RetryLater("5xx") from None
        except TelegramNetworkError:
            raise RetryLater("network") from None
        except TelegramAPIError as exc:
            log.warning("telegram refused a message", extra={"reason": type(exc).__name__})
            raise Rejected() from None
        except (AiogramError, ClientError, ValueError) as exc:
            # An answer that is not the Bot API's (an HTML error page from a proxy): transient.
            raise RetryLater("bad response") from exc

    async def _send(
        self, address: str, message: Outgoing, edit_of: str | None, turn: Turn
    ) -> list[str]:
        if message.delete:
            await self._withdraw(address, message.delete, turn)
            return []
        if message.document is not None:
            return await self._send_document(address, message, message.document, turn)
        keyboard = self._keyboard(message)
        chunks = markup.split(message.text, MAX_TEXT)
        if edit_of is not None and len(chunks) == 1:
            # Edits are best effort: a message too old, deleted, or a server without edits
            # gets the text as a new message instead.
            try:
                await turn()
                await self.bot.edit_message_text(
                    text=markup.to_telegram_html(chunks[0]),
                    chat_id=address,
                    message_id=int(edit_of),
                    reply_markup=keyboard,
                    request_timeout=SEND_TIMEOUT_SECONDS,
                )
                return [edit_of]
            except TelegramBadRequest as exc:
                if "not modified" in exc.message:
                    return [edit_of]  # it already shows exactly this
                log.info("telegram edit failed; sending anew", extra={"reason": "bad request"})
            except (TelegramNotFound, TelegramConflictError):
                log.info("telegram edit failed; sending anew", extra={"reason": "not found"})
        ids = []
        for index, chunk in enumerate(chunks):
            last = index == len(chunks) - 1
            await turn()  # every call to the Bot API takes its turn at the pace
            sent = await self.bot.send_message(
                address,
                markup.to_telegram_html(chunk),
                reply_markup=keyboard if last else None,
                protect_content=message.protect,
                request_timeout=SEND_TIMEOUT_SECONDS,
            )
            ids.append(str(sent.message_id))
        return ids

    async def _send_document(
        self, address: str, message: Outgoing, document: Document, turn: Turn
    ) -> list[str]:
        """The document with the text as its caption; a text too long for a caption goes
        first as messages of its own. The buttons go with the document."""
        document = await asyncio.to_thread(telegram_files.within_limit, document)
        caption = None
        ids: list[str] = []
        if markup.plain_length(message.text) <= telegram_files.CAPTION_LIMIT:
            caption = markup.to_telegram_html(message.text) if message.text.strip() else None
        else:
            for chunk in markup.split(message.text, MAX_TEXT):
                await turn()
                sent = await self.bot.send_message(
                    address,
                    markup.to_telegram_html(chunk),
                    protect_content=message.protect,
                    request_timeout=SEND_TIMEOUT_SECONDS,
                )
                ids.append(str(sent.message_id))
        upload = BufferedInputFile(document.content, filename=document.filename)
        await turn()
        if telegram_files.as_photo(document):
            sent = await self.bot.send_photo(
                address,
                upload,
                caption=caption,
                reply_markup=self._keyboard(message),
                protect_content=message.protect,
                request_timeout=SEND_TIMEOUT_SECONDS,
            )
        else:
            sent = await self.bot.send_document(
                address,
                upload,
                caption=caption,
                reply_markup=self._keyboard(message),
                protect_content=message.protect,
                request_timeout=SEND_TIMEOUT_SECONDS,
            )
        ids.append(str(sent.message_id))
        return ids

    async def _withdraw(self, address: str, message_ids: tuple[str, ...], turn: Turn) -> None:
        for message_id in message_ids:
            await turn()
            try:
                await self.bot.delete_message(
                    address, int(message_id), request_timeout=SEND_TIMEOUT_SECONDS
                )
            except (TelegramBadRequest, TelegramNotFound):
                # Already gone, or older than the 48 hours Telegram allows: nothing to do.
                log.info("telegram delete skipped", extra={"reason": "bad request"})

    @staticmethod
    def _keyboard(message: Outgoing) -> InlineKeyboardMarkup | None:
        if not message.buttons:
            return None
        return InlineKeyboardMarkup(
            inline_keyboard=[
                [
                    InlineKeyboardButton(text=b.label, url=b.url)
                    if b.url
                    else InlineKeyboardButton(text=b.label, callback_data=b.payload)
                    for b in row
                ]
                for row in message.buttons
            ]
        )

    async def _quietly(self, call: Awaitable[T]) -> T | None:
        """Toasts and removing a used keyboard are cosmetic: no failure of theirs may stop
        the reply (an HTML error page from a proxy included)."""
        try:
            return await call
        except (AiogramError, ClientError) as exc:
            log.info("telegram call skipped", extra={"reason": type(exc).__name__})
            return None

    async def _paced(self, call: Awaitable[T]) -> T:
        """A call other than a message, at the same pace as the messages."""
        await self.courier.turn(self.name)
        return await call

    # --- command menus ---------------------------------------------------------------------

    def _commands(self, role: Role | None, language: str) -> list[BotCommand]:
        return [
            BotCommand(command=name, description=self.catalogs.text(language, f"cmd-{name}"))
            for name in self.router.menu_commands(role)
        ]

    async def _set_default_menus(self) -> None:
        # Everyone's menu in the client's language; each person gets the menu of their role, in
        # their own language, once they have joined.
        await self.bot.set_my_commands(
            self._commands(None, self.catalogs.default), scope=BotCommandScopeDefault()
        )
        for language in LANGUAGES:
            await self.bot.set_my_commands(
                self._commands(None, language),
                scope=BotCommandScopeDefault(),
                language_code=language,
            )

    async def _set_chat_menu(self, menu: MenuUpdate) -> None:
        """A chat's command menu, tried once at the messages' pace: a convenience, so no
        failure of it matters (a person who blocked the bot is found out by the messages)."""
        scope = BotCommandScopeChat(chat_id=int(menu.chat_id))
        try:
            await self.courier.turn(self.name)
            if menu.role is None:
                await self.bot.delete_my_commands(
                    scope=scope, request_timeout=SEND_TIMEOUT_SECONDS
                )
                return
            commands = self._commands(Role(menu.role or Role.MENTEE), menu.language)
            await self.bot.set_my_commands(
                commands, scope=scope, request_timeout=SEND_TIMEOUT_SECONDS
            )
        except (AiogramError, ClientError) as exc:
            log.info("telegram chat menu not set", extra={"reason": type(exc).__name__})


def _update_key(
    update_id: int, message: Message | InaccessibleMessage, *, press: bool = False
) -> str:
    """De-duplication key from the update's own ids, never the person's: update ids restart on
    another Bot API server, so the message id and date are part of it."""
    date = int(message.date.timestamp()) if isinstance(message, Message) else 0
    return f"{update_id}:{'q' if press else 'm'}{message.message_id}:{date}"


def _own_private_chat(message: Message | InaccessibleMessage, presser: int) -> bool:
    """The press came from the private chat of the person who pressed."""
    return message.chat.type == "private" and message.chat.id == presser
