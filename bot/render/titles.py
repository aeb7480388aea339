"""Shortening button and list titles to a channel's limit, readably and keeping them distinct.

Order of resort: the label as it is; common Indonesian abbreviations, one at a time, so that
"Kepulauan Bangka Belitung" becomes "Kep. Bangka Belitung"; then whole words and "…".
Titles in one message must differ (WhatsApp refuses duplicates, and a person could not tell
them apart), so labels that shorten alike keep their last word ("Sul. … Barat") or, failing
that, get a number.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

ELLIPSIS = "…"

# Longest phrases first: "Daerah Istimewa" before a rule for "Daerah" could take it apart.
ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    ("Daerah Khusus Ibukota", "DKI"),
    ("Daerah Istimewa", "DI"),
    ("Nusa Tenggara", "NT"),
    ("Kepulauan", "Kep."),
    ("Kalimantan", "Kal."),
    ("Sulawesi", "Sul."),
    ("Sumatera", "Sum."),
    ("Kabupaten", "Kab."),
    ("Provinsi", "Prov."),
)
_PATTERNS = tuple(
    (re.compile(rf"\b{re.escape(long)}\b", re.IGNORECASE), short) for long, short in ABBREVIATIONS
)
# Trailing punctuation reads badly before "…" ("Ya,…").
_DANGLING = " ,;:-–—(\"'"


def _normal(label: str) -> str:
    return " ".join(label.split())


def _abbreviations(label: str, limit: int | None) -> str:
    """Apply abbreviations one at a time until the label fits (all of them if limit is None)."""
    for pattern, short in _PATTERNS:
        if limit is not None and len(label) <= limit:
            break
        label = pattern.sub(short, label)
    return label


def _truncate(label: str, limit: int) -> str:
    """Whole words and "…"; a single overlong word is cut, still with "…" to show it."""
    if len(label) <= limit:
        return label
    room = limit - len(ELLIPSIS)
    kept = ""
    for word in label.split(" "):
        candidate = f"{kept} {word}" if kept else word
        if len(candidate) > room:
            break
        kept = candidate
    kept = (kept or label[:room]).rstrip(_DANGLING)
    return kept + ELLIPSIS if kept else label[:limit]


def shorten(label: str, limit: int) -> str:
    """``label`` within ``limit`` characters, changed as little as readability allows."""
    label = _normal(label)
    if len(label) <= limit:
        return label
    return _truncate(_abbreviations(label, limit), limit)


def _keep_last_word(label: str, limit: int) -> str | None:
    """ "Head … Last": for labels that differ only at their end."""
    words = _abbreviations(_normal(label), None).split(" ")
    if len(words) < 3:
        return None
    tail = f" {ELLIPSIS} {words[-1]}"
    head = _truncate(" ".join(words[:-1]), limit - len(tail))
    head = head.removesuffix(ELLIPSIS)
    if not head or len(head) + len(tail) > limit:
        return None
    return head + tail


def _duplicates(titles: Sequence[str]) -> list[list[int]]:
    positions: dict[str, list[int]] = defaultdict(list)
    for index, title in enumerate(titles):
        positions[title.casefold()].append(index)
    return [group for group in positions.values() if len(group) > 1]


def distinct_titles(labels: Sequence[str], limit: int) -> list[str]:
    """Titles for the labels of one message, each within ``limit`` and all different."""
    titles = [shorten(label, limit) for label in labels]
    for group in _duplicates(titles):
        for index in group:
            titles[index] = _keep_last_word(labels[index], limit) or titles[index]
    for group in _duplicates(titles):
        for number, index in enumerate(group, start=1):
            titles[index] = _numbered(labels[index], number, limit)
    if _duplicates(titles):  # a label that itself reads "X (1)": number every title
        titles = [_numbered(label, n, limit) for n, label in enumerate(labels, start=1)]
    return titles


def _numbered(label: str, number: int, limit: int) -> str:
    suffix = f" ({number})"
    return shorten(label, limit - len(suffix)) + suffix
