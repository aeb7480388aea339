"""Outgoing messages as Telegram receives them: HTML, splitting, buttons, protection."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot import bootstrap
from bot.channels.telegram import TelegramChannel
from bot.config import TelegramSettings
from bot.messages import Button, Outgoing
from tests.e2e.conftest import TOKEN
from tests.fakes.local_session import LocalSession
from tests.fakes.telegram_server import FakeTelegramServer


async def no_wait() -> None:
    """The pace is the courier's business; these tests call the channel directly."""


@pytest.fixture
async def channel(
    telegram: FakeTelegramServer, app: bootstrap.App
) -> AsyncIterator[TelegramChannel]:
    settings = TelegramSettings(bot_token=TOKEN, api_base=telegram.base_url)  # type: ignore[arg-type]
    channel = TelegramChannel(settings, app.core, app.catalogs, app.router, app.courier)
    channel.bot.session = LocalSession(telegram.base_url)  # the same HTTP client, closed at once
    yield channel
    await channel.bot.session.close()


async def test_long_text_is_split_at_paragraphs_with_buttons_on_the_last_part(
    telegram: FakeTelegramServer, channel: TelegramChannel
) -> None:
    telegram.user(3001)
    paragraphs = [f"*Bagian {i}.* " + "kata " * 150 for i in range(20)]  # ~15,000 characters
    message = Outgoing("\n\n".join(paragraphs), ((Button("OK", payload="ok:1"),),))
    ids = await channel.send("3001", message, edit_of=None, turn=no_wait)
    sent = telegram.messages(3001)
    assert len(sent) >= 4
    assert all(len(m.plain_text) <= 4096 for m in sent)
    assert all(m.plain_text.startswith("Bagian") for m in sent)  # cut between paragraphs
    assert [bool(m.callback_data) for m in sent] == [False] * (len(sent) - 1) + [True]
    assert sum(m.plain_text.count("Bagian") for m in sent) == 20
    assert ids == [str(m.message_id) for m in sent]


async def test_markup_and_user_text_are_escaped_for_html(
    telegram: FakeTelegramServer, channel: TelegramChannel
) -> None:
    telegram.user(3002)
    message = Outgoing("*Nama:* a < b && c > d <script>", protect=True)
    await channel.send("3002", message, edit_of=None, turn=no_wait)
    [sent] = telegram.messages(3002)
    assert sent.text.startswith("<b>Nama:</b>")
    assert sent.plain_text == "Nama: a < b && c > d <script>"
    assert sent.protect_content


async def test_a_replaced_message_is_edited_in_place(
    telegram: FakeTelegramServer, channel: TelegramChannel
) -> None:
    telegram.user(3003)
    await channel.send(
        "3003", Outgoing("Halaman 1", ((Button("▶", payload="p:2"),),)), edit_of=None, turn=no_wait
    )
    [first] = telegram.messages(3003)
    page_two = Outgoing("Halaman 2", ((Button("◀", payload="p:1"),),), replace=True)
    ids = await channel.send("3003", page_two, edit_of=str(first.message_id), turn=no_wait)
    assert ids == [str(first.message_id)] and len(telegram.messages(3003)) == 1
    assert first.plain_text == "Halaman 2" and first.callback_data == ["p:1"]
