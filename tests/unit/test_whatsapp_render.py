"""Neutral messages rendered within WhatsApp's limits: layout, splitting, titles, formatting."""

from __future__ import annotations

import pytest

from bot.markup import escape
from bot.messages import Button, Document, Outgoing
from bot.provinces import PROVINCES
from bot.render.titles import distinct_titles, shorten
from bot.render.whatsapp import (
    ButtonsMessage,
    DocumentMessage,
    ListMessage,
    NumberedMenu,
    TextMessage,
    WhatsAppMessage,
    check,
    render,
)
from bot.render.whatsapp_messages import ListRow, ReplyButton, problems


def choices(count: int) -> tuple[tuple[Button, ...], ...]:
    return tuple((Button(f"Pilihan {n}", payload=f"c:{n}"),) for n in range(1, count + 1))


def only(messages: list[WhatsAppMessage]) -> WhatsAppMessage:
    assert len(messages) == 1, messages
    return messages[0]


def texts(messages: list[WhatsAppMessage]) -> list[str]:
    assert all(isinstance(message, TextMessage) for message in messages), messages
    return [message.body for message in messages if isinstance(message, TextMessage)]


def paragraph(seed: int, length: int) -> str:
    words = [f"kata{seed}x{n}" for n in range(length // 10)]
    return " ".join(words)[:length].rstrip()


# ---------------------------------------------------------------------------------------------
# Layout by the number of choices


@pytest.mark.parametrize(
    ("count", "kind"),
    [
        (1, ButtonsMessage),
        (3, ButtonsMessage),
        (4, ListMessage),
        (10, ListMessage),
        (11, NumberedMenu),
        (38, NumberedMenu),
    ],
)
def test_the_number_of_choices_picks_the_layout(count: int, kind: type) -> None:
    assert isinstance(only(render(Outgoing("Pilih:", choices(count)))), kind)


def test_reply_buttons_keep_labels_and_payloads_in_order() -> None:
    message = only(render(Outgoing("Setuju?", choices(2))))
    assert message == ButtonsMessage(
        "Setuju?", (ReplyButton("c:1", "Pilihan 1"), ReplyButton("c:2", "Pilihan 2"))
    )


def test_list_rows_keep_labels_and_payloads_in_order() -> None:
    message = only(render(Outgoing("Pilih:", choices(5))))
    assert isinstance(message, ListMessage)
    assert [(row.payload, row.title) for row in message.rows] == [
        (f"c:{n}", f"Pilihan {n}") for n in range(1, 6)
    ]


def test_buttons_in_several_rows_are_one_set_of_choices() -> None:
    rows = ((Button("A", payload="a"), Button("B", payload="b")), (Button("C", payload="c"),))
    message = only(render(Outgoing("Pilih:", (*rows, (Button("D", payload="d"),)))))
    assert isinstance(message, ListMessage)
    assert [row.payload for row in message.rows] == ["a", "b", "c", "d"]


def test_numbered_menu_lists_each_choice_on_its_own_numbered_line() -> None:
    message = only(render(Outgoing("Pilih provinsi:", choices(12))))
    assert isinstance(message, NumberedMenu)
    expected = "\n".join(f"{n}. Pilihan {n}" for n in range(1, 13))
    assert message.body == f"Pilih provinsi:\n\n{expected}"


@pytest.mark.parametrize(
    ("typed", "payload"),
    [
        ("1", "c:1"),
        ("12", "c:12"),
        (" 3 ", "c:3"),
        ("3.", "c:3"),
        ("0", None),
        ("13", None),
        ("tiga", None),
        ("", None),
        ("３", None),  # a full-width digit is not a number the menu shows
    ],
)
def test_numbered_menu_resolves_a_typed_number_to_its_payload(
    typed: str, payload: str | None
) -> None:
    message = only(render(Outgoing("Pilih:", choices(12))))
    assert isinstance(message, NumberedMenu)
    assert message.payload_for(typed) == payload


def test_numbered_menu_shows_labels_literally() -> None:
    buttons = (*choices(10), (Button("A*B_c - [x]", payload="odd"),))
    message = only(render(Outgoing("Pilih:", buttons)))
    assert isinstance(message, NumberedMenu)
    assert message.body.endswith("\n11. A*B_c - [x]")


def test_replace_is_sent_as_a_new_message() -> None:
    edited = Outgoing("Halaman 2", choices(2), replace=True)
    assert render(edited) == render(Outgoing("Halaman 2", choices(2)))


# ---------------------------------------------------------------------------------------------
# Splitting long text


def test_long_text_is_split_under_4096_at_paragraph_boundaries() -> None:
    paragraphs = [paragraph(n, 900) for n in range(12)]
    bodies = texts(render(Outgoing("\n\n".join(paragraphs))))
    assert len(bodies) > 1
    assert all(len(body) <= 4096 for body in bodies)
    assert [p for body in bodies for p in body.split("\n\n")] == paragraphs


def test_bold_markers_count_towards_the_text_limit() -> None:
    # 4,079 visible characters (within the splitter's count), 4,239 once formatted.
    text = "\n".join("*" + "b" * 50 + "*" for _ in range(80))
    bodies = texts(render(Outgoing(text)))
    assert len(bodies) == 2
    assert all(len(body) <= 4096 for body in bodies)
    assert "\n".join(bodies) == text


def test_long_text_before_buttons_keeps_the_last_paragraphs_as_the_body() -> None:
    story = [paragraph(n, 700) for n in range(4)]
    question = "Apakah Anda setuju?"
    messages = render(Outgoing("\n\n".join([*story, question]), choices(2)))
    *lead, last = messages
    assert isinstance(last, ButtonsMessage)
    assert len(last.body) <= 1024 and last.body.endswith(question)
    assert "\n\n".join([*texts(lead), last.body]).split("\n\n") == [*story, question]


def test_a_paragraph_too_long_for_a_body_ends_in_the_body() -> None:
    lines = [paragraph(n, 90) for n in range(30)]
    messages = render(Outgoing("\n".join(lines), choices(5)))
    *lead, last = messages
    assert isinstance(last, ListMessage)
    assert 0 < len(last.body) <= 1024 and last.body.endswith(lines[-1])
    assert "\n".join([*texts(lead), last.body]).split("\n") == lines


# ---------------------------------------------------------------------------------------------
# Titles


@pytest.mark.parametrize("limit", [20, 24])
def test_every_province_name_fits_a_title_and_stays_distinct(limit: int) -> None:
    titles = distinct_titles([p.name for p in PROVINCES], limit)
    assert all(len(title) <= limit for title in titles)
    assert len({title.casefold() for title in titles}) == len(PROVINCES)


def test_a_province_list_shows_the_whole_name_where_the_title_is_shortened() -> None:
    buttons = tuple((Button(p.name, payload=f"prov:s:{p.code}"),) for p in PROVINCES[14:24])
    message = only(render(Outgoing("Provinsi?", buttons)))
    assert isinstance(message, ListMessage)
    shortened = [row for row in message.rows if row.description is not None]
    assert shortened == [ListRow("prov:s:BB", "Kep. Bangka Belitung", "Kepulauan Bangka Belitung")]


@pytest.mark.parametrize(
    ("label", "limit", "title"),
    [
        ("Jawa Timur", 20, "Jawa Timur"),
        ("  Jawa   Timur ", 20, "Jawa Timur"),
        ("Kepulauan Bangka Belitung", 24, "Kep. Bangka Belitung"),
        ("Daerah Istimewa Yogyakarta Raya", 20, "DI Yogyakarta Raya"),
        ("Nusa Tenggara Timur Selatan", 20, "NT Timur Selatan"),
        ("Kalimantan Timur Laut Jauh", 20, "Kal. Timur Laut Jauh"),
        ("Sulawesi Tenggara Barat Daya", 20, "Sul. Tenggara Barat…"),
        ("✅ Tanggung jawab korporasi", 24, "✅ Tanggung jawab…"),
        ("Ya, hapus semua data saya", 20, "Ya, hapus semua…"),
        ("Supercalifragilisticexpialidocious", 20, "Supercalifragilisti…"),
    ],
)
def test_titles_are_abbreviated_then_cut_at_a_word_with_an_ellipsis(
    label: str, limit: int, title: str
) -> None:
    assert shorten(label, limit) == title


def test_titles_that_shorten_alike_keep_their_last_word() -> None:
    labels = ["Kepulauan Bangka Belitung Utara", "Kepulauan Bangka Belitung Selatan"]
    assert distinct_titles(labels, 20) == ["Kep. Bangka … Utara", "Kep. … Selatan"]


def test_equal_labels_are_numbered() -> None:
    assert distinct_titles(["Ya", "ya", "Tidak"], 20) == ["Ya (1)", "ya (2)", "Tidak"]


# ---------------------------------------------------------------------------------------------
# URL buttons, documents


def test_url_buttons_become_written_links() -> None:
    buttons = ((Button("Panduan", url="https://x.org/panduan"),),)
    assert render(Outgoing("Baca ini.", buttons)) == [
        TextMessage("Baca ini.\n\nPanduan (https://x.org/panduan)")
    ]


def test_url_buttons_beside_choices_go_into_the_body() -> None:
    buttons = ((Button("Panduan", url="https://x.org"), Button("Lanjut", payload="next")),)
    message = only(render(Outgoing("Siap?", buttons)))
    assert message == ButtonsMessage(
        "Siap?\n\nPanduan (https://x.org)", (ReplyButton("next", "Lanjut"),)
    )


def test_a_document_follows_the_text_and_precedes_the_choices() -> None:
    document = Document("laporan.csv", b"a,b\n")
    messages = render(Outgoing("Laporan:", choices(1), document=document))
    assert [type(message) for message in messages] == [DocumentMessage, ButtonsMessage]


# ---------------------------------------------------------------------------------------------
# Formatting


@pytest.mark.parametrize(
    ("source", "text"),
    [
        ("*tebal*", "*tebal*"),
        ("_miring_", "_miring_"),
        ("[situs](https://x.org)", "situs (https://x.org)"),
        ("[https://x.org](https://x.org)", "https://x.org"),
        ("- satu\n- dua", "• satu\n• dua"),
        ("a < b & c", "a < b & c"),
    ],
)
def test_markup_becomes_whatsapp_formatting(source: str, text: str) -> None:
    assert render(Outgoing(source)) == [TextMessage(text)]


@pytest.mark.parametrize("value", ["R*dy", "2 * 3", "nama_file_saya", "*Budi*", "\\o/", "- a"])
def test_user_values_keep_their_characters_without_backslashes(value: str) -> None:
    assert render(Outgoing(f"Halo, {escape(value)}!")) == [TextMessage(f"Halo, {value}!")]


# ---------------------------------------------------------------------------------------------
# check and the limits


@pytest.mark.parametrize(
    "message",
    [
        Outgoing("Halo"),
        Outgoing("x" * 10_000),
        Outgoing("Pilih:", choices(3)),
        Outgoing("Pilih:", choices(10)),
        Outgoing("Pilih:", choices(60)),
        Outgoing("y" * 5_000, choices(7)),
        Outgoing("Pilih:", ((Button("Kepulauan Bangka Belitung Raya", payload="bb"),),)),
    ],
)
def test_check_finds_nothing_when_a_message_fits(message: Outgoing) -> None:
    assert check(message) == []


def test_check_reports_a_message_with_nothing_to_send() -> None:
    assert check(Outgoing(" ")) == ["nothing to send"]


def test_check_reports_choices_without_a_question() -> None:
    assert check(Outgoing("", choices(2))) == ["body is empty"]


@pytest.mark.parametrize(
    ("message", "problem"),
    [
        (TextMessage("x" * 4097), "text 'xxxx"),
        (ButtonsMessage("b" * 1025, (ReplyButton("p", "t"),)), "body 'bbbb"),
        (ButtonsMessage("b", ()), "0 buttons (1 to 3)"),
        (ButtonsMessage("b", tuple(ReplyButton(f"{n}", f"t{n}") for n in range(4))), "4 buttons"),
        (ButtonsMessage("b", (ReplyButton("p", "t" * 21),)), "has 21 characters (at most 20)"),
        (
            ButtonsMessage("b", (ReplyButton("p", "Ya"), ReplyButton("q", "ya"))),
            "button titles repeat",
        ),
        (ListMessage("b", "l" * 21, (ListRow("p", "t"),)), "list button"),
        (ListMessage("b", "l", tuple(ListRow(f"{n}", f"t{n}") for n in range(11))), "11 rows"),
        (ListMessage("b", "l", (ListRow("p", "t" * 25),)), "has 25 characters (at most 24)"),
        (ListMessage("b", "l", (ListRow("p", "t", "d" * 73),)), "row description"),
        (ListMessage("b", "l", (ListRow("p", "t"), ListRow("p", "u"))), "row ids repeat"),
    ],
)
def test_problems_name_each_limit_broken(message: WhatsAppMessage, problem: str) -> None:
    found = problems(message)
    assert len(found) == 1 and problem in found[0], found


def test_the_parts_of_a_reply_are_merged_while_they_fit() -> None:
    from bot.render.whatsapp import merged

    choice = Button("Yes", payload="consent:yes")
    parts = [Outgoing("Saved."), Outgoing("Your settings:"), Outgoing("Change?", ((choice,),))]
    [one] = merged(parts)
    assert one.text == "Saved.\n\nYour settings:\n\nChange?" and one.buttons == ((choice,),)
    long = Outgoing("x" * 1020)
    assert len(merged([long, Outgoing("Change?", ((choice,),))])) == 2  # a body holds 1,024
    assert len(merged([Outgoing("a", protect=True), Outgoing("b")])) == 2
    assert len(merged([Outgoing("a", ((choice,),)), Outgoing("b")])) == 2  # buttons end a part
