"""Neutral messages laid out within WhatsApp's limits (pure: no network, no channel library).

The layout follows the number of choices: up to 3 become reply buttons, up to 10 a list, more
a numbered text menu answered with a number.  Buttons with a URL become written-out links.
Text too long for one message is split at paragraph boundaries, and the interactive message
keeps the last paragraphs as its body, so the choices come right after the question.
WhatsApp cannot edit a message, so ``replace=True`` is sent as a new one.
"""

from __future__ import annotations

from bot.markup import escape, paragraphs, plain_length, split, to_whatsapp
from bot.messages import Button, Outgoing

from .titles import distinct_titles, shorten
from .whatsapp_messages import (
    BODY_LIMIT,
    BUTTON_TITLE_LIMIT,
    LIST_BUTTON_LIMIT,
    MAX_BUTTONS,
    MAX_ROWS,
    ROW_DESCRIPTION_LIMIT,
    ROW_TITLE_LIMIT,
    TEXT_LIMIT,
    ButtonsMessage,
    Choice,
    DocumentMessage,
    ListMessage,
    ListRow,
    NumberedMenu,
    ReplyButton,
    TextMessage,
    WhatsAppMessage,
    problems,
)

__all__ = [
    "LIST_BUTTON",
    "ButtonsMessage",
    "Choice",
    "DocumentMessage",
    "ListMessage",
    "ListRow",
    "NumberedMenu",
    "ReplyButton",
    "TextMessage",
    "WhatsAppMessage",
    "check",
    "render",
]

# The button that opens a list. A symbol reads the same in every language; the adapter may pass
# a word from the catalogs instead.
LIST_BUTTON = "☰"


def render(message: Outgoing, *, list_button: str = LIST_BUTTON) -> list[WhatsAppMessage]:
    """The WhatsApp messages, in sending order, that carry one neutral message."""
    buttons = [button for row in message.buttons for button in row]
    choices = [b for b in buttons if b.payload is not None]
    text = _with_links(message.text, [b for b in buttons if b.url is not None])
    document = _document(message)
    if not choices:
        return [*(TextMessage(body) for body in _texts(text, TEXT_LIMIT)), *document]
    final: WhatsAppMessage
    if len(choices) > MAX_ROWS:
        *lead, body = _texts(_with_menu(text, choices), TEXT_LIMIT)
        final = NumberedMenu(body, _choices(choices))
    else:
        lead, body = _lead_and_body(text)
        final = (
            _buttons(body, choices)
            if len(choices) <= MAX_BUTTONS
            else _list(body, choices, shorten(list_button, LIST_BUTTON_LIMIT))
        )
    return [*(TextMessage(body) for body in lead), *document, final]


def check(message: Outgoing, *, list_button: str = LIST_BUTTON) -> list[str]:
    """What does not fit WhatsApp once ``message`` is rendered (empty when everything fits)."""
    rendered = render(message, list_button=list_button)
    found = [problem for part in rendered for problem in problems(part)]
    if not rendered:
        found.append("nothing to send")
    wanted = [b.payload for row in message.buttons for b in row if b.payload is not None]
    offered = {payload for part in rendered for payload in _offered(part)}
    lost = [payload for payload in wanted if payload not in offered]
    if lost:
        found.append(f"buttons that cannot be pressed: {lost}")
    return found


def _offered(part: WhatsAppMessage) -> list[str]:
    if isinstance(part, ButtonsMessage):
        return [button.payload for button in part.buttons]
    if isinstance(part, ListMessage):
        return [row.payload for row in part.rows]
    if isinstance(part, NumberedMenu):
        return [choice.payload for choice in part.choices]
    return []


def _payload(button: Button) -> str:
    if button.payload is None:
        raise ValueError("a URL button is not a choice")
    return button.payload


def _buttons(body: str, choices: list[Button]) -> ButtonsMessage:
    titles = distinct_titles([b.label for b in choices], BUTTON_TITLE_LIMIT)
    return ButtonsMessage(
        body, tuple(ReplyButton(_payload(b), t) for b, t in zip(choices, titles, strict=True))
    )


def _list(body: str, choices: list[Button], button: str) -> ListMessage:
    titles = distinct_titles([b.label for b in choices], ROW_TITLE_LIMIT)
    rows = []
    for choice, title in zip(choices, titles, strict=True):
        whole = " ".join(choice.label.split())
        description = None if title == whole else shorten(whole, ROW_DESCRIPTION_LIMIT)
        rows.append(ListRow(_payload(choice), title, description))
    return ListMessage(body, button, tuple(rows))


def _choices(choices: list[Button]) -> tuple[Choice, ...]:
    return tuple(Choice(n, b.label, _payload(b)) for n, b in enumerate(choices, start=1))


def _with_menu(text: str, choices: list[Button]) -> str:
    menu = "\n".join(f"{n}. {escape(b.label)}" for n, b in enumerate(choices, start=1))
    return f"{text}\n\n{menu}" if text.strip() else menu


def _with_links(text: str, links: list[Button]) -> str:
    if not links:
        return text
    lines = "\n".join(f"[{escape(b.label)}]({escape(b.url or '')})" for b in links)
    return f"{text}\n\n{lines}" if text.strip() else lines


def _document(message: Outgoing) -> list[DocumentMessage]:
    document = message.document
    if document is None:
        return []
    return [DocumentMessage(document.filename, document.content, document.mime_type)]


def _fits(markup: str, limit: int) -> bool:
    return len(to_whatsapp(markup)) <= limit


def _pieces(markup: str, limit: int, count_limit: int | None = None) -> list[str]:
    """Split markup so that each piece, once formatted, fits ``limit``.

    The splitter counts visible characters; WhatsApp's markers add two per span, so a piece
    that overflows by that much is split again with a count lowered by the overflow.
    """
    pieces: list[str] = []
    for piece in split(markup, count_limit or limit):
        excess = len(to_whatsapp(piece)) - limit
        shorter = plain_length(piece) - excess
        if excess <= 0 or shorter < 1:
            pieces.append(piece)  # shorter < 1 needs a limit of a few characters: never ours
        else:
            pieces.extend(_pieces(piece, limit, shorter))
    return pieces


def _texts(markup: str, limit: int) -> list[str]:
    return [to_whatsapp(piece) for piece in _pieces(markup, limit)]


def _lead_and_body(markup: str) -> tuple[list[str], str]:
    """Texts to send first, and the body of the interactive message: the last paragraphs."""
    if _fits(markup, BODY_LIMIT):
        return [], to_whatsapp(markup)
    lead = paragraphs(markup)
    body: list[str] = []
    while lead and _fits("\n\n".join([lead[-1], *body]), BODY_LIMIT):
        body.insert(0, lead.pop())
    if not body:  # the last paragraph alone is too long for a body: its end becomes the body
        *rest, last = _pieces(lead.pop(), BODY_LIMIT)
        lead.extend(["\n".join(rest)] if rest else [])
        body = [last]
    return _texts("\n\n".join(lead), TEXT_LIMIT), to_whatsapp("\n\n".join(body))


def merged(messages: list[Outgoing]) -> list[Outgoing]:
    """The parts of one reply as few messages as WhatsApp allows: it paces messages to one
    person seconds apart, so a reply of three short texts would trickle in. A text without
    buttons joins the next message (after a blank line) while the two fit one WhatsApp
    message; protected, edited, withdrawn, document or ephemeral parts stay as they are."""
    out: list[Outgoing] = []
    for message in messages:
        previous = out[-1] if out else None
        if previous is not None and _joinable(previous, message):
            text = f"{previous.text}\n\n{message.text}"
            limit = TEXT_LIMIT if not message.buttons else BODY_LIMIT
            if plain_length(text) <= limit:
                out[-1] = Outgoing(text, message.buttons, protect=message.protect)
                continue
        out.append(message)
    return out


def _joinable(first: Outgoing, second: Outgoing) -> bool:
    plain = (
        first.build is None
        and second.build is None
        and not first.buttons
        and first.document is None
        and second.document is None
        and not first.replace
        and not second.replace
        and not first.ephemeral
        and not second.ephemeral
        and not first.delete
        and not second.delete
    )
    return (
        plain and first.protect == second.protect and first.build is None and second.build is None
    )
