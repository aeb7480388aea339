"""Search over the lessons and the published answers (FAQ) of one language, for /search and
for the answers offered before a question goes to a mentor.

Only short fields are indexed: a lesson's title, keywords, summary and source, an FAQ entry's
question and the start of its answer. A word a lesson body merely mentions would make half
the course a hit.

Scoring, per entry: each word of the query (stop words dropped) is matched against the
entry's words: exactly, as a prefix ("eksploit" - "eksploitasi"), or with a typo (rapidfuzz's
ratio, about one letter off, words of four letters or more). The matches are weighted by the
field they are in and by how rare the query word is (so "korban", in nearly every lesson,
counts little, and a nonsense word counts against). That coverage is refined by how closely
the whole query matches the best field (token_set_ratio / partial_ratio). Below `MIN_SCORE`
nothing is a hit, so a query of nonsense finds nothing.
"""

from __future__ import annotations

import bisect
import math
import re
import time
import unicodedata
import weakref
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.ext.asyncio import AsyncSession

from bot.curriculum.model import Curriculum, Lesson
from bot.db.models import FaqEntry

LESSON, FAQ = "lesson", "faq"
MIN_SCORE = 55.0
QUERY_MAX = 300  # characters of a query looked at: a pasted page is not a search
ANSWER_INDEXED = 200  # characters of an FAQ answer indexed; its question weighs more
# An FAQ entry edited in place (same ids, same count) shows in searches after this long.
# Other processes' new entries are seen within this many seconds.
FAQ_CHECK_SECONDS = 2.0
FAQ_MAX_AGE = 300.0

# Field weights: what an entry is called counts more than what it says about itself.
TITLE, KEYWORD, SUMMARY, SOURCE = 1.0, 1.0, 0.8, 0.5
QUESTION, ANSWER = 1.0, 0.6

TYPO_MIN = 4  # shorter words (PMI, RPK, 18) must match exactly
# rapidfuzz ratio of two words still taken as the same word: a letter more or less in short
# words ("anak" is not "banyak"), one changed letter in longer ones ("menghitung" is not
# "menghilang").
SHORT_WORD, SHORT_CUTOFF, LONG_CUTOFF = 5, 88, 83
PREFIX = 0.9  # similarity of a word the query word begins
# A long query word without its last letter may begin a word too ("penalty" - "penalties").
STEM_MIN, STEM = 6, 0.85
COVERAGE_SHARE = 0.75  # the rest of the score is the phrase similarity
CANDIDATES = 20  # entries at most whose phrase similarity is computed


def _listed(words: str) -> frozenset[str]:
    return frozenset(words.split())


STOP_WORDS = {
    "id": _listed(
        "yang dan di ke dari untuk dengan atau pada dalam ini itu apa apakah bagaimana gimana "
        "cara adalah oleh akan sudah telah bisa dapat ada saya aku kami kita anda jika kalau "
        "agar supaya sebagai juga tentang bila siapa kapan mengapa kenapa berapa mana harus "
        "perlu saat atas hal para seorang sebuah tersebut tidak tak belum bagi kah lah pun "
        "nya mohon tolong bapak ibu pak bu"
    ),
    "en": _listed(
        "the a an of to in on for and or is are was were be been what how when who whom why "
        "which can could do does did i my me we our you your with by at it its this that these "
        "those from as about should must there if into any some please not no"
    ),
}

_NON_WORD = re.compile(r"[\W_]+")


def normalise(text: str) -> str:
    """Casefolded words without accents or punctuation, one space apart."""
    text = text.casefold()
    if not text.isascii():  # most text is: skip the slow part
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(_NON_WORD.sub(" ", text).split())


@dataclass(frozen=True, slots=True)
class Hit:
    kind: str  # "lesson" or "faq"
    ref: str  # lesson id (e.g. "m2-l3") or FAQ id as str
    title: str  # lesson title or FAQ question, for a button label
    score: float


@dataclass(frozen=True, slots=True)
class Entry:
    """One searchable thing: its indexed fields as (text, weight)."""

    kind: str
    ref: str
    title: str
    fields: tuple[tuple[str, float], ...]


@dataclass(frozen=True, slots=True)
class FaqRow:
    id: int
    question: str
    answer: str


def lesson_entry(lesson: Lesson) -> Entry:
    fields = [(lesson.title, TITLE), *((word, KEYWORD) for word in lesson.keywords)]
    if lesson.summary:
        fields.append((lesson.summary, SUMMARY))
    fields.append((lesson.source, SOURCE))
    return Entry(LESSON, lesson.id, lesson.title, tuple(fields))


def faq_entry(row: FaqRow) -> Entry:
    fields = ((row.question, QUESTION), (row.answer[:ANSWER_INDEXED], ANSWER))
    return Entry(FAQ, str(row.id), row.question, fields)


class SearchIndex:
    """Entries of one language, indexed once; a query costs a few fuzzy look-ups in the
    vocabulary and a walk over the entries that contain the words found."""

    def __init__(self, language: str, entries: Iterable[Entry]) -> None:
        self.language = language
        self.stop_words = STOP_WORDS.get(language, frozenset())
        self._entries: list[Entry] = []
        self._phrases: list[tuple[tuple[str, float], ...]] = []
        postings: dict[str, dict[int, float]] = {}
        # How often the words appear in an entry's fields: on equal scores, more is better.
        mentions: dict[str, dict[int, float]] = {}
        for entry in entries:
            number = len(self._entries)
            self._entries.append(entry)
            phrases = tuple((normalise(text), weight) for text, weight in entry.fields)
            self._phrases.append(phrases)
            for phrase, weight in phrases:
                for word in phrase.split():
                    held = postings.setdefault(word, {})
                    held[number] = max(held.get(number, 0.0), weight)
                    seen = mentions.setdefault(word, {})
                    seen[number] = seen.get(number, 0.0) + weight
        # word -> entry -> (its best field weight, the weights of all fields it is in)
        self._postings = {
            word: {number: (top, mentions[word][number]) for number, top in held.items()}
            for word, held in postings.items()
        }
        self._vocabulary = sorted(self._postings)
        count = len(self._entries)
        self._rarity = {
            word: math.log((count + 1) / (len(held) + 0.5)) for word, held in postings.items()
        }
        # A word the entries do not have weighs half the rarest: enough that a nonsense word
        # sinks a query, not so much that a long question with a few other words does.
        self._unknown = math.log((count + 1) / 1.5) / 2

    @classmethod
    def build(
        cls, curriculum: Curriculum | None, faq: Iterable[FaqRow] = (), language: str = ""
    ) -> SearchIndex:
        """The lessons of a curriculum and FAQ rows together in one index."""
        lessons = curriculum.lessons if curriculum else ()
        entries = [*map(lesson_entry, lessons), *map(faq_entry, faq)]
        return cls(curriculum.language if curriculum else language, entries)

    def __len__(self) -> int:
        return len(self._entries)

    def words(self, text: str) -> list[str]:
        words = normalise(text[:QUERY_MAX]).split()
        content = [word for word in words if word not in self.stop_words]
        return list(dict.fromkeys(content))

    def query(self, text: str, limit: int = 3) -> list[Hit]:
        words = self.words(text)
        if not words or not self._entries:
            return []
        matched = [self._match(word) for word in words]
        weight_sum = sum(rarity for rarity, _ in matched)
        # An entry needs this much coverage to reach MIN_SCORE even with a perfect phrase.
        floor = (MIN_SCORE / 100 - (1 - COVERAGE_SHARE)) / COVERAGE_SHARE * weight_sum
        # Words that together weigh less than the floor cannot make a hit on their own: only
        # entries with a rarer word are candidates, and the common words ("korban" in most
        # entries) are looked up for those entries instead of walked through.
        matched.sort(key=lambda pair: pair[0])
        common, weight = 0, 0.0
        while common < len(matched) and weight + matched[common][0] < floor:
            weight += matched[common][0]
            common += 1
        totals: dict[int, float] = {}
        depth: dict[int, float] = {}
        for rarity, similar in matched[common:]:
            best: dict[int, float] = {}
            for found, similarity in similar:
                for number, (top, mentioned) in self._postings[found].items():
                    value = similarity * top
                    if value > best.get(number, 0.0):
                        best[number] = value
                    depth[number] = depth.get(number, 0.0) + similarity * mentioned
            for number, value in best.items():
                totals[number] = totals.get(number, 0.0) + rarity * value
        for rarity, similar in matched[:common]:
            for found, similarity in similar:
                held = self._postings[found]
                for number in totals.keys() & held.keys():
                    top, mentioned = held[number]
                    totals[number] += rarity * similarity * top
                    depth[number] += similarity * mentioned
        ranked = sorted(
            ((total, number) for number, total in totals.items() if total >= floor),
            reverse=True,
        )[:CANDIDATES]
        query = " ".join(words)
        hits: list[tuple[float, float, Hit]] = []
        for total, number in ranked:
            coverage = total / weight_sum
            if len(hits) >= limit:
                # Sorted by coverage: once even a perfect phrase cannot beat the last hit
                # kept, no later entry can either.
                kept = sorted(item[0] for item in hits)[limit - 1]
                if 100 * (COVERAGE_SHARE * coverage + 1 - COVERAGE_SHARE) < -kept:
                    break
            phrase = max(_phrase(query, text) * weight for text, weight in self._phrases[number])
            score = 100 * (COVERAGE_SHARE * coverage + (1 - COVERAGE_SHARE) * phrase)
            if score >= MIN_SCORE:
                entry = self._entries[number]
                hit = Hit(entry.kind, entry.ref, entry.title, round(score, 1))
                hits.append((-hit.score, -depth[number], hit))
        hits.sort(key=lambda item: item[:2])
        return [hit for _, _, hit in hits[:limit]]

    def _match(self, word: str) -> tuple[float, list[tuple[str, float]]]:
        """The rarity a query word weighs with, and the words of the vocabulary taken as it."""
        similar = self._similar(word)
        # The rarity of the closest word found ("korban", not "korbannya").
        closest = min(similar, key=lambda pair: (-pair[1], self._rarity[pair[0]]), default=None)
        return (self._rarity[closest[0]] if closest else self._unknown), similar

    def _similar(self, word: str) -> list[tuple[str, float]]:
        """Words of the vocabulary taken as `word`, with a similarity of 0-1."""
        found: dict[str, float] = {}
        if word in self._postings:
            found[word] = 1.0
        if len(word) >= TYPO_MIN:
            for other in self._beginning(word):
                found.setdefault(other, PREFIX)
            if len(word) >= STEM_MIN:
                for other in self._beginning(word[:-1]):
                    found.setdefault(other, STEM)
            cutoff = SHORT_CUTOFF if len(word) <= SHORT_WORD else LONG_CUTOFF
            matches = process.extract(
                word, self._vocabulary, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None
            )
            for other, score, _ in matches:
                found[other] = max(found.get(other, 0.0), score / 100)
        return list(found.items())

    def _beginning(self, prefix: str) -> Iterator[str]:
        """Words of the vocabulary that start with `prefix` (it is sorted)."""
        vocabulary = self._vocabulary
        at = bisect.bisect_left(vocabulary, prefix)
        while at < len(vocabulary) and vocabulary[at].startswith(prefix):
            yield vocabulary[at]
            at += 1


def _phrase(query: str, text: str) -> float:
    """How closely the whole query matches one field, 0-1."""
    return max(fuzz.token_set_ratio(query, text), fuzz.partial_ratio(query, text)) / 100


def merge(hits: Iterable[Sequence[Hit]], limit: int) -> list[Hit]:
    """The best hits of several indexes; on equal scores a lesson before an answer."""
    every = [hit for found in hits for hit in found]
    every.sort(key=lambda hit: (-hit.score, hit.kind != LESSON))
    return every[:limit]


# --- indexes kept per process ---------------------------------------------------------------


@dataclass(slots=True)
class _Cached:
    mark: tuple[object, ...]
    built: float
    index: SearchIndex
    checked: float = 0.0


_lesson_indexes: dict[str, tuple[Curriculum, SearchIndex]] = {}
# Per database (tests and tools may open several) and language.
_faq_indexes: weakref.WeakKeyDictionary[Engine, dict[str, _Cached]] = weakref.WeakKeyDictionary()


def lesson_index(curriculum: Curriculum) -> SearchIndex:
    cached = _lesson_indexes.get(curriculum.language)
    if cached is None or cached[0] is not curriculum:
        cached = _lesson_indexes[curriculum.language] = (
            curriculum,
            SearchIndex.build(curriculum),
        )
    return cached[1]


async def faq_index(session: AsyncSession, language: str) -> SearchIndex:
    """The published answers of a language, rebuilt when entries were added or removed (one
    aggregate query over the language's index tells), and after FAQ_MAX_AGE for changes it
    cannot see: an entry edited in place, or replaced under a reused id. The aggregate is asked
    at most every FAQ_CHECK_SECONDS: a burst of searches costs no query each, and an entry
    published here drops the cache at once (`forget_cached`)."""
    per_language = _faq_indexes.setdefault(session.get_bind(), {})  # type: ignore[arg-type]
    cached = per_language.get(language)
    now = time.monotonic()
    if cached is not None and now - cached.checked < FAQ_CHECK_SECONDS:
        return cached.index
    found = (
        await session.execute(
            select(func.max(FaqEntry.id), func.count()).where(FaqEntry.language == language)
        )
    ).one()
    mark = tuple(found)
    if cached is not None and cached.mark == mark and now - cached.built < FAQ_MAX_AGE:
        cached.checked = now
        return cached.index
    rows = await session.execute(
        select(FaqEntry.id, FaqEntry.question, func.substr(FaqEntry.answer, 1, ANSWER_INDEXED))
        .where(FaqEntry.language == language)
        .order_by(FaqEntry.id)
    )
    index = SearchIndex.build(None, (FaqRow(*row) for row in rows), language=language)
    per_language[language] = _Cached(mark, now, index, now)
    return index


def forget_cached() -> None:
    """Drop every FAQ index, e.g. after entries were edited in place."""
    _faq_indexes.clear()


async def search(
    session: AsyncSession,
    curricula: dict[str, Curriculum],
    language: str,
    text: str,
    limit: int = 3,
) -> list[Hit]:
    """The best lessons and published answers for what a person typed, best first; empty when
    nothing is close enough."""
    found: list[list[Hit]] = []
    curriculum = curricula.get(language)
    if curriculum is not None:
        found.append(lesson_index(curriculum).query(text, limit))
    found.append((await faq_index(session, language)).query(text, limit))
    return merge(found, limit)


@dataclass(frozen=True, slots=True)
class FaqAnswer:
    question: str
    answer: str


async def faq_answer(session: AsyncSession, entry_id: int) -> FaqAnswer | None:
    entry = await session.get(FaqEntry, entry_id)
    return FaqAnswer(entry.question, entry.answer) if entry else None
