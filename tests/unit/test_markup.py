"""Tests for bot.markup: parsing, per-channel rendering and message splitting."""

from __future__ import annotations

import html
import random
import re

import pytest

from bot.markup import escape, plain_length, split, to_plain, to_telegram_html, to_whatsapp

_TAG = re.compile(r'<(/?)(b|i|a)(?: href="([^"<>]*)")?>')
_ENTITY = re.compile(r"&(?:amp|lt|gt|quot|#x27);")


def assert_safe_html(rendered: str) -> None:
    """Only <b>, <i>, <a href> tags, properly nested; no raw '<', '>' or bare '&' elsewhere."""
    stack: list[str] = []
    position = 0
    for match in _TAG.finditer(rendered):
        between = rendered[position : match.start()]
        position = match.end()
        assert "<" not in between and ">" not in between, rendered
        closing, name, href = match.groups()
        if closing:
            assert stack and stack[-1] == name, rendered
            stack.pop()
        else:
            assert (href is not None) == (name == "a"), rendered
            assert name not in stack, rendered  # no self-nesting
            stack.append(name)
    tail = rendered[position:]
    assert "<" not in tail and ">" not in tail, rendered
    assert not stack, rendered
    assert "&" not in _ENTITY.sub("", _TAG.sub("", rendered)), rendered


def html_visible_text(rendered: str) -> str:
    return html.unescape(_TAG.sub("", rendered))


# ---------------------------------------------------------------------------------------------
# escape


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("plain", "plain"),
        ("*", "\\*"),
        ("_a_", "\\_a\\_"),
        ("[x](y)", "\\[x\\]\\(y\\)"),
        ("a\\b", "a\\\\b"),
        ("<script>&", "<script>&"),
        ("- item", "\\- item"),
        ("  - item", "  \\- item"),
        ("a - b", "a - b"),
        ("• item", "• item"),
    ],
)
def test_escape(raw: str, escaped: str) -> None:
    assert escape(raw) == escaped


ROUND_TRIP = [
    "",
    "*",
    "**",
    "_a_",
    "*bold*",
    "[x](javascript:alert(1))",
    "[x](https://example.org)",
    "a\\b",
    "\\",
    "\\\\*",
    "trailing \\",
    "<script>&",
    "- item",
    "  - indented item",
    "-no bullet",
    "• bullet",
    "1. numbered",
    "snake_case_name",
    "2 * 3 * 4",
    "line one\n\n*line* _two_\n- three",
]


@pytest.mark.parametrize("raw", ROUND_TRIP)
def test_escape_round_trip(raw: str) -> None:
    assert to_plain(escape(raw)) == raw
    assert html.unescape(to_telegram_html(escape(raw))) == raw
    assert to_whatsapp(escape(raw)) == raw


# ---------------------------------------------------------------------------------------------
# to_plain


@pytest.mark.parametrize(
    ("source", "plain"),
    [
        ("*bold*", "bold"),
        ("_italic_", "italic"),
        ("x *bold*, _it_.", "x bold, it."),
        ("[site](https://example.org)", "site (https://example.org)"),
        ("[https://example.org](https://example.org)", "https://example.org"),
        ("[](https://example.org)", "https://example.org"),
        ("[x](javascript:alert(1))", "x"),
        ("[x](ftp://example.org)", "x"),
        ("[x](https://en.wikipedia.org/wiki/A_(b))", "x (https://en.wikipedia.org/wiki/A_(b))"),
        ("[not a link] (https://x)", "[not a link] (https://x)"),
        ("[x](https://a b)", "[x](https://a b)"),
        ("- item", "• item"),
        ("  - item", "  • item"),
        ("• item", "• item"),
        ("1. first\n2. second", "1. first\n2. second"),
        ("a \\* b \\_ c \\[d\\]\\(e\\) \\\\", "a * b _ c [d](e) \\"),
        ("\\- not a bullet", "- not a bullet"),
        ("a\\b \\x", "a\\b \\x"),
        ("*unclosed", "*unclosed"),
        ("*spans\nnever cross lines*", "*spans\nnever cross lines*"),
        ("para one\n\npara two", "para one\n\npara two"),
    ],
)
def test_to_plain(source: str, plain: str) -> None:
    assert to_plain(source) == plain


# Decision: a marker followed by whitespace never opens a span and one preceded by whitespace
# never closes it, so arithmetic like "2 * 3 * 4" is literal; "2 *3* 4" bolds the 3.
@pytest.mark.parametrize(
    "source",
    [
        "snake_case_name",
        "call my_func_name() now",
        "2 * 3 * 4",
        "2*3*4",
        "5 * 3",
        "* x *",
        "_ x _",
        "a*b*c",
        "price: 5*",
        "__init__",
    ],
)
def test_literal_markers(source: str) -> None:
    assert to_plain(source) == source
    assert to_telegram_html(source) == html.escape(source, quote=False)
    assert to_whatsapp(source) == source


@pytest.mark.parametrize(
    ("source", "rendered"),
    [
        ("2 *3* 4", "2 <b>3</b> 4"),
        ("_snake_case_", "<i>snake_case</i>"),
        ("(*bold*)", "(<b>bold</b>)"),
        ("*a *b* c*", "<b>a *b</b> c*"),
    ],
)
def test_span_boundaries(source: str, rendered: str) -> None:
    assert to_telegram_html(source) == rendered


# ---------------------------------------------------------------------------------------------
# to_telegram_html


@pytest.mark.parametrize(
    ("source", "rendered"),
    [
        ("a < b & c > d", "a &lt; b &amp; c &gt; d"),
        ("quotes \"stay\" 'as is'", "quotes \"stay\" 'as is'"),
        ("*<b>&*", "<b>&lt;b&gt;&amp;</b>"),
        ("_x < y_", "<i>x &lt; y</i>"),
        ("*bold* _italic_", "<b>bold</b> <i>italic</i>"),
        (
            '[a&b](https://x.org/?q=1&r="2")',
            '<a href="https://x.org/?q=1&amp;r=&quot;2&quot;">a&amp;b</a>',
        ),
        ("[x](tg://user?id=1)", '<a href="tg://user?id=1">x</a>'),
        ("[mail](mailto:a@b.org)", '<a href="mailto:a@b.org">mail</a>'),
        ("[HTTPS](HTTPS://X.ORG)", '<a href="HTTPS://X.ORG">HTTPS</a>'),
        ("[x](javascript:alert(1))", "x"),
        ("[<x>](data:text/html,hi)", "&lt;x&gt;"),
        ("*see [doc](https://d.org)*", '<b>see <a href="https://d.org">doc</a></b>'),
        ("_a *b* c_", "<i>a *b* c</i>"),
        ("*a _b_ c*", "<b>a _b_ c</b>"),
        ("[*x*](https://d.org)", '<a href="https://d.org">*x*</a>'),
        ("\\*not bold\\*", "*not bold*"),
        ("- one\n- two <3", "• one\n• two &lt;3"),
        ("• one\n  - nested", "• one\n  • nested"),
    ],
)
def test_to_telegram_html(source: str, rendered: str) -> None:
    assert to_telegram_html(source) == rendered
    assert_safe_html(rendered)


# ---------------------------------------------------------------------------------------------
# to_whatsapp


@pytest.mark.parametrize(
    ("source", "rendered"),
    [
        ("*bold* _italic_", "*bold* _italic_"),
        ("[site](https://x.org)", "site (https://x.org)"),
        ("[x](javascript:alert(1))", "x"),
        ("- item\n• other", "• item\n• other"),
        ("2 * 3 * 4 and snake_case", "2 * 3 * 4 and snake_case"),
        ("\\*literal\\*", "*literal*"),  # WhatsApp has no escape: emitted as-is
        ("a < b & c", "a < b & c"),
        ("*see [doc](https://d.org)*", "*see doc (https://d.org)*"),
    ],
)
def test_to_whatsapp(source: str, rendered: str) -> None:
    assert to_whatsapp(source) == rendered


@pytest.mark.parametrize(
    ("source", "length"),
    [
        ("", 0),
        ("*ab*", 2),
        ("a & b", 5),
        ("\\*", 1),
        ("- x", 3),
        ("[a](https://b)", len("a (https://b)")),
    ],
)
def test_plain_length(source: str, length: int) -> None:
    assert plain_length(source) == length


# ---------------------------------------------------------------------------------------------
# split


def words(text: str) -> list[str]:
    return to_plain(text).split()


def assert_valid_chunks(chunks: list[str], limit: int) -> None:
    assert chunks
    for chunk in chunks:
        assert chunk.strip()
        assert plain_length(chunk) <= limit
        lines = chunk.split("\n")
        assert lines[0].strip() and lines[-1].strip()
        assert_safe_html(to_telegram_html(chunk))


def make_paragraph(rng: random.Random, length: int) -> str:
    vocabulary = ["case", "*victim*", "_witness_", "a<b", "R&D", "[law](https://law.org)", "x"]
    out: list[str] = []
    while sum(len(w) + 1 for w in out) < length:
        out.append(rng.choice(vocabulary))
    return " ".join(out)


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("short", 4096, ["short"]),
        ("\n\nkept verbatim\n\n", 4096, ["\n\nkept verbatim\n\n"]),
        ("", 4096, []),
        (" \n\n ", 4096, []),
        ("aaa\n\nbbb\n\nccc", 8, ["aaa\n\nbbb", "ccc"]),
        ("aaa\n\n\n\nbbb", 4, ["aaa", "bbb"]),
        ("aaa\nbbb\nccc", 7, ["aaa\nbbb", "ccc"]),
        ("aaa bbb ccc", 7, ["aaa bbb", "ccc"]),
        ("aaa  bbb", 4, ["aaa", "bbb"]),
        ("xxxxxxxxxx", 4, ["xxxx", "xxxx", "xx"]),
        ("*aaa* bbb", 4, ["*aaa*", "bbb"]),
        # Prefer the word boundary outside the span, then re-wrap the cut span.
        ("x *aa bb cc*", 7, ["x", "*aa bb*", "*cc*"]),
        ("x *aa bb cc*", 8, ["x", "*aa bb cc*"]),
        ("_aaaaaa_", 3, ["_aaa_", "_aaa_"]),
        ("\\*\\*\\*\\*", 3, ["\\*\\*\\*", "\\*"]),
        ("- aaa bbb", 5, ["• aaa", "bbb"]),
        # A continuation starting with "- " must not become a bullet.
        ("aaaa - bb", 5, ["aaaa", "\\- bb"]),
        ("[doc](https://d.org) tail", 20, ["[doc](https://d.org)", "tail"]),
    ],
)
def test_split_small(text: str, limit: int, expected: list[str]) -> None:
    assert split(text, limit) == expected


def test_split_rejects_non_positive_limit() -> None:
    with pytest.raises(ValueError):
        split("text", 0)


def test_split_paragraphs() -> None:
    rng = random.Random(1)
    paragraphs = [make_paragraph(rng, rng.randint(200, 1500)) for _ in range(20)]
    text = "\n\n".join(paragraphs)
    assert len(text) > 10_000
    chunks = split(text)
    assert len(chunks) > 1
    assert_valid_chunks(chunks, 4096)
    assert [w for chunk in chunks for w in words(chunk)] == words(text)
    # Every paragraph fits on its own, so chunks consist of whole paragraphs.
    assert [p for chunk in chunks for p in chunk.split("\n\n")] == paragraphs


def test_split_long_paragraph_at_lines() -> None:
    rng = random.Random(2)
    lines = [make_paragraph(rng, rng.randint(60, 140)) for _ in range(70)]
    text = "\n".join(lines)
    assert 5_000 <= plain_length(text) <= 8_000 and "\n\n" not in text
    chunks = split(text)
    assert len(chunks) == 2
    assert_valid_chunks(chunks, 4096)
    assert [line for chunk in chunks for line in chunk.split("\n")] == lines


def test_split_long_line_at_words() -> None:
    rng = random.Random(3)
    text = make_paragraph(rng, 5_000)
    assert "\n" not in text
    chunks = split(text)
    assert len(chunks) == 2
    assert_valid_chunks(chunks, 4096)
    assert [w for chunk in chunks for w in words(chunk)] == words(text)


def test_split_long_bold_line_rewraps_span() -> None:
    text = "*" + " ".join(["word"] * 1_200) + "*"
    chunks = split(text)
    assert len(chunks) == 2
    assert_valid_chunks(chunks, 4096)
    for chunk in chunks:
        rendered = to_telegram_html(chunk)
        assert rendered.startswith("<b>") and rendered.endswith("</b>")
        assert rendered.count("<b>") == 1
    assert [w for chunk in chunks for w in words(chunk)] == words(text)


def test_split_hard_cuts_long_word() -> None:
    word = "x" * 9_000
    chunks = split(word)
    assert [len(c) for c in chunks] == [4096, 4096, 808]
    assert "".join(chunks) == word


def test_split_never_cuts_escape_sequences() -> None:
    text = "\\*" * 5_000
    chunks = split(text)
    assert_valid_chunks(chunks, 4096)
    assert "".join(to_plain(c) for c in chunks) == "*" * 5_000


# ---------------------------------------------------------------------------------------------
# Property-style checks on random input


_PIECES = [
    *"ab *_[]()\\<>&\n -•\"'",
    "x",
    "- ",
    "](",
    "https://e.org/a_b",
    "javascript:x",
    "tg://u",
    "[l](https://e.org/a_b)",
    '[ l*](tg://u?a=1&b="2")',
    "[x](javascript:x)",
    "\n\n",
]


def random_source(rng: random.Random) -> str:
    return "".join(rng.choices(_PIECES, k=rng.randint(0, 60)))


RANDOM_CASES = [random_source(random.Random(seed)) for seed in range(400)]


@pytest.mark.parametrize("source", RANDOM_CASES)
def test_random_rendering(source: str) -> None:
    rendered = to_telegram_html(source)
    assert_safe_html(rendered)
    # Telegram counts the visible text, which never exceeds our plain length.
    assert len(html_visible_text(rendered)) <= plain_length(source)
    assert to_plain(escape(source)) == source
    assert html.unescape(to_telegram_html(escape(source))) == source


@pytest.mark.parametrize("seed", range(200))
def test_random_split(seed: int) -> None:
    rng = random.Random(seed)
    source = random_source(rng) * rng.randint(1, 4)
    limit = rng.randint(1, 25)
    chunks = split(source, limit)
    if not source.strip():
        assert chunks == []
        return
    if plain_length(source) <= limit:
        assert chunks == [source]
        return
    assert_valid_chunks(chunks, limit)
    # Only whitespace at cut points may disappear; everything visible survives, in order.
    visible = "".join("".join(to_plain(chunk).split()) for chunk in chunks)
    assert visible == "".join(to_plain(source).split())
