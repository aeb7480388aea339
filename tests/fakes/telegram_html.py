"""Telegram-flavoured HTML parser for the fake Bot API server (``parse_mode=HTML``).

It follows TDLib's ``parse_html`` (what the real Bot API runs): the supported tag set,
attribute syntax, error wording, optional ``;`` after entities, and UTF-16 entity offsets.
The one deliberate difference is ``strict_ampersand``: Telegram keeps a bare ``&`` as is,
but the fake rejects it by default, since unescaped user content is a bug worth failing on.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

SUPPORTED_TAGS = frozenset(
    {
        "a",
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "code",
        "pre",
        "blockquote",
        "tg-spoiler",
        "tg-emoji",
        "span",
    }
)
_SIMPLE_ENTITY_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_SPECIAL = re.compile(r"[<&]")
_NAME_TOKEN = re.compile(r"[A-Za-z0-9.\-]*")
_ATTR_NAME_STOP = frozenset("=>/\"'")
_MAX_CODE_POINT = 0x10FFFF


class HtmlParseError(ValueError):
    """Markup Telegram would reject with "Bad Request: can't parse entities: <message>"."""


@dataclass(frozen=True, slots=True)
class ParsedText:
    text: str
    entities: list[dict[str, Any]] = field(default_factory=list)


@dataclass(slots=True)
class _OpenTag:
    name: str
    argument: str
    utf16_offset: int
    content_start: int  # index into the source just after the start tag's ">"


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit of Telegram entity offsets."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le")) // 2


def _byte_offset(text: str, pos: int) -> int:
    return len(text[:pos].encode())


def _decode_entity(text: str, pos: int) -> tuple[str, int] | None:
    """Decode the HTML entity at ``text[pos] == "&"`` like TDLib (the ``;`` is optional)."""
    n = len(text)
    end = pos + 1
    if end < n and text[end] == "#":
        end += 1
        is_hex = end < n and text[end] == "x"
        end += is_hex
        digits = "0123456789abcdefABCDEF" if is_hex else "0123456789"
        start = end
        while end < n and text[end] in digits:
            end += 1
        if end == start or end - start > 8:
            return None
        code = int(text[start:end], 16 if is_hex else 10)
        if code == 0 or code >= _MAX_CODE_POINT or 0xD800 <= code <= 0xDFFF:
            return None
        char = chr(code)
    else:
        while end < n and text[end].isascii() and text[end].isalpha():
            end += 1
        decoded = _NAMED_ENTITIES.get(text[pos + 1 : end])
        if decoded is None:
            return None
        char = decoded
    if end < n and text[end] == ";":
        end += 1
    return char, end


def parse_html(text: str, *, strict_ampersand: bool = True) -> ParsedText:
    """Return the rendered text and Telegram entities, or raise :class:`HtmlParseError`."""
    n = len(text)
    out: list[str] = []
    entities: list[dict[str, Any]] = []
    stack: list[_OpenTag] = []
    utf16_pos = 0
    i = 0
    while i < n:
        match = _SPECIAL.search(text, i)
        stop = match.start() if match else n
        if stop > i:
            chunk = text[i:stop]
            out.append(chunk)
            utf16_pos += utf16_len(chunk)
            i = stop
            continue
        if text[i] == "&":
            decoded = _decode_entity(text, i)
            if decoded is None:
                if strict_ampersand:
                    raise HtmlParseError(
                        f'Unescaped "&" at byte offset {_byte_offset(text, i)} '
                        "(fake server strict mode: write &amp;)"
                    )
                decoded = ("&", i + 1)
            char, i = decoded
            out.append(char)
            utf16_pos += utf16_len(char)
            continue
        begin = i
        i += 1
        if i < n and text[i] == "/":
            i = _close_tag(text, begin, i + 1, stack, entities, utf16_pos)
        else:
            tag, i = _open_tag(text, begin, i)
            stack.append(_OpenTag(tag[0], tag[1], utf16_pos, i))
    if stack:
        raise HtmlParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1].name}"')
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return ParsedText("".join(out), entities)


def _open_tag(text: str, begin: int, i: int) -> tuple[tuple[str, str], int]:
    """Parse ``<name attr=...>`` starting after "<"; return ((name, argument), next index)."""
    n = len(text)
    name_start = i
    while i < n and not text[i].isspace() and text[i] != ">":
        i += 1
    if i >= n:
        raise HtmlParseError(f"Unclosed start tag at byte offset {_byte_offset(text, begin)}")
    name = text[name_start:i].lower()
    if name not in SUPPORTED_TAGS:
        raise HtmlParseError(
            f'Unsupported start tag "{name}" at byte offset {_byte_offset(text, begin)}'
        )
    argument = ""
    while i < n and text[i] != ">":
        while i < n and text[i].isspace():
            i += 1
        if i < n and text[i] == ">":
            break
        attr_start = i
        while i < n and not text[i].isspace() and text[i] not in _ATTR_NAME_STOP:
            i += 1
        attr = text[attr_start:i].lower()
        if not attr:
            raise HtmlParseError(
                f'Empty attribute name in the tag "{name}" '
                f"at byte offset {_byte_offset(text, begin)}"
            )
        while i < n and text[i].isspace():
            i += 1
        if i >= n or text[i] != "=":
            if i >= n:
                raise HtmlParseError(
                    f'Unclosed start tag "{name}" at byte offset {_byte_offset(text, begin)}'
                )
            if name == "blockquote" and attr == "expandable":
                argument = "expandable"
            continue
        i += 1
        while i < n and text[i].isspace():
            i += 1
        if i >= n:
            raise HtmlParseError(
                f'Unclosed start tag "{name}" at byte offset {_byte_offset(text, begin)}'
            )
        value, i = _attribute_value(text, i)
        if i >= n:
            raise HtmlParseError(f"Unclosed start tag at byte offset {_byte_offset(text, begin)}")
        if (
            (name == "a" and attr == "href")
            or (name == "tg-emoji" and attr == "emoji-id")
            or (name in ("code", "span") and attr == "class")
        ):
            argument = value
    if i >= n:
        raise HtmlParseError(f"Unclosed start tag at byte offset {_byte_offset(text, begin)}")
    if name == "span" and argument != "tg-spoiler":
        raise HtmlParseError(
            f'Tag "span" must have class "tg-spoiler" at byte offset {_byte_offset(text, begin)}'
        )
    return (name, argument), i + 1


def _attribute_value(text: str, i: int) -> tuple[str, int]:
    n = len(text)
    if text[i] not in "\"'":
        token = _NAME_TOKEN.match(text, i)
        end = token.end() if token else i
        if end < n and not text[end].isspace() and text[end] != ">":
            raise HtmlParseError(
                f"Unexpected end of name token at byte offset {_byte_offset(text, end)}"
            )
        return text[i:end].lower(), end
    quote = text[i]
    i += 1
    value: list[str] = []
    while i < n and text[i] != quote:
        if text[i] == "&" and (decoded := _decode_entity(text, i)) is not None:
            value.append(decoded[0])
            i = decoded[1]
            continue
        value.append(text[i])
        i += 1
    return "".join(value), i + 1 if i < n else i


def _close_tag(
    text: str,
    begin: int,
    i: int,
    stack: list[_OpenTag],
    entities: list[dict[str, Any]],
    utf16_pos: int,
) -> int:
    """Parse ``</name>`` starting after "</", close the innermost tag; return next index."""
    n = len(text)
    if not stack:
        raise HtmlParseError(f"Unexpected end tag at byte offset {_byte_offset(text, begin)}")
    name_start = i
    while i < n and not text[i].isspace() and text[i] != ">":
        i += 1
    end_name = text[name_start:i].lower()
    while i < n and text[i].isspace():
        i += 1
    if i >= n or text[i] != ">":
        raise HtmlParseError(f"Unclosed end tag at byte offset {_byte_offset(text, begin)}")
    tag = stack.pop()
    if end_name and end_name != tag.name:
        raise HtmlParseError(
            f"Unmatched end tag at byte offset {_byte_offset(text, begin)}, "
            f'expected "</{tag.name}>", found "</{end_name}>"'
        )
    length = utf16_pos - tag.utf16_offset
    if length > 0:
        entity = _make_entity(tag, text[tag.content_start : begin], length)
        if entity is not None:
            _merge_pre_code(entities, entity)
    return i + 1


def _make_entity(tag: _OpenTag, inner_source: str, length: int) -> dict[str, Any] | None:
    entity: dict[str, Any] = {"type": "", "offset": tag.utf16_offset, "length": length}
    if tag.name in _SIMPLE_ENTITY_TYPES:
        entity["type"] = _SIMPLE_ENTITY_TYPES[tag.name]
    elif tag.name == "a":
        url = tag.argument or html.unescape(inner_source)
        if not url:
            return None
        # tg://user?id= links stay text_link: a text_mention would need the full User object
        entity.update(type="text_link", url=url)
    elif tag.name == "tg-emoji":
        if not tag.argument.isdigit():
            raise HtmlParseError("Invalid custom emoji identifier specified")
        entity.update(type="custom_emoji", custom_emoji_id=tag.argument)
    elif tag.name == "blockquote":
        entity["type"] = "expandable_blockquote" if tag.argument else "blockquote"
    elif tag.name == "pre":
        entity["type"] = "pre"
    else:  # code
        entity["type"] = "code"
        if tag.argument.startswith("language-"):
            entity["language"] = tag.argument.removeprefix("language-")
    return entity


def _merge_pre_code(entities: list[dict[str, Any]], entity: dict[str, Any]) -> None:
    """``<pre><code class="language-x">`` becomes a single pre entity with a language."""
    last = entities[-1] if entities else None
    same_span = (
        last is not None
        and last["offset"] == entity["offset"]
        and last["length"] == entity["length"]
    )
    if last is not None and same_span and {last["type"], entity["type"]} == {"pre", "code"}:
        language = last.get("language") or entity.get("language")
        last.clear()
        last.update(type="pre", offset=entity["offset"], length=entity["length"])
        if language:
            last["language"] = language
        return
    entities.append(entity)


def strip_entities(text: str, entities: list[dict[str, Any]]) -> ParsedText:
    """Trim surrounding whitespace as Telegram does, shifting and clipping the entities."""
    stripped = text.strip()
    if stripped == text:
        return ParsedText(text, entities)
    lead = utf16_len(text[: len(text) - len(text.lstrip())])
    size = utf16_len(stripped)
    kept = []
    for entity in entities:
        start = max(entity["offset"] - lead, 0)
        end = min(entity["offset"] + entity["length"] - lead, size)
        if end > start:
            kept.append({**entity, "offset": start, "length": end - start})
    return ParsedText(stripped, kept)


def html_to_plain(text: str) -> str:
    """Best-effort rendering of (possibly invalid) Telegram HTML to plain text."""
    try:
        return parse_html(text, strict_ampersand=False).text
    except HtmlParseError:
        return html.unescape(re.sub(r"</?[A-Za-z][^>]*>", "", text))
