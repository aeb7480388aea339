"""A checklist on Telegram: the real aiogram bot over real HTTP against the fake Bot API server."""

from __future__ import annotations

from tests.e2e.conftest import RunningBot, TelegramPerson
from tests.e2e.test_telegram_journeys import agree_in_english


async def test_a_checklist_is_protected_and_a_tick_edits_it_in_place(
    running_bot: RunningBot,
) -> None:
    server = running_bot.server
    ratna = TelegramPerson(running_bot, server.user(1101, "Ratna", language_code="en"))
    await agree_in_english(running_bot, ratna)
    await ratna.press("Ratna")
    await ratna.say("jatim", expect=2)
    await ratna.say("Kejari Surabaya")
    await ratna.press("07:00", expect=3)

    await ratna.say("/checklists")
    assert ratna.new[0].protect_content
    await ratna.press("Indictment")
    assert "Never type the name of a victim" in ratna.text
    await ratna.say("PDM-12/SBY/2026")
    [run] = ratna.new
    assert run.protect_content and "⬜ 2. " in run.plain_text

    await ratna.press("⬜ 2", run, expect=0)  # edited, not sent again
    assert len(run.edits) == 1
    assert "✅ 2. " in run.plain_text and "1 of 8 items ticked" in run.plain_text
    assert run.protect_content
    assert any(text == "✅ 2" for row in run.buttons for text, _data in row)
