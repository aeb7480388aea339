"""An admin on Telegram reads /stats with its charts as photos and gets /export as CSV
documents, through the real channel, outbox and aiogram client against the fake Bot API."""

from __future__ import annotations

import csv
import io

from bot.channels import telegram_files
from bot.roles import Role
from bot.services import exports
from tests.e2e.conftest import RunningBot, TelegramPerson
from tests.e2e.test_telegram_journeys import agree_in_english


async def admin(running_bot: RunningBot) -> TelegramPerson:
    ani = TelegramPerson(running_bot, running_bot.server.user(1003, "Ani", language_code="en"))
    await agree_in_english(running_bot, ani, Role.ADMIN)
    await ani.say("Ani Admin", expect=2)
    return ani


async def test_stats_come_with_two_charts_as_photos(running_bot: RunningBot) -> None:
    ani = await admin(running_bot)
    figures, *charts = await ani.say("/stats", expect=3)
    assert "Programme figures" in figures.plain_text and "Reach" in figures.plain_text
    assert [c.plain_text for c in charts] == [
        "Lessons delivered and completed per week",
        "Time to a mentor's first answer",
    ]
    for chart in charts:
        assert chart.photo and chart.document is not None
        assert telegram_files.png_size(chart.document[1]) == (1200, 675)


async def test_export_sends_four_csv_documents(running_bot: RunningBot) -> None:
    ani = await admin(running_bot)
    *files, note = await ani.say("/export", expect=5)
    assert "devices" in note.plain_text
    names = [f.document[0].rsplit("-", 3)[0] for f in files if f.document is not None]
    assert names == ["people", "progress", "questions", "broadcasts"]
    people = files[0].document
    assert people is not None and not files[0].photo
    rows = list(csv.reader(io.StringIO(people[1].decode("utf-8-sig"))))
    assert rows[0] == list(exports.PEOPLE_COLUMNS)
    assert [row[1] for row in rows[1:]] == ["Ani Admin"]
    assert "1003" not in people[1].decode()  # the Telegram id never leaves the bot
