"""Indonesia's 38 provinces with time zones, and forgiving lookup of what users type."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process


@dataclass(frozen=True, slots=True)
class Province:
    code: str  # ISO 3166-2:ID code without the "ID-" prefix
    name: str
    timezone: str  # IANA zone name
    zone: str  # "WIB" | "WITA" | "WIT"
    aliases: tuple[str, ...]  # lower case


_WIB = ("Asia/Jakarta", "WIB")
_WITA = ("Asia/Makassar", "WITA")
_WIT = ("Asia/Jayapura", "WIT")


def _p(code: str, name: str, zone: tuple[str, str], *aliases: str) -> Province:
    return Province(code=code, name=name, timezone=zone[0], zone=zone[1], aliases=aliases)


# Ordered alphabetically by name; tests enforce this.
PROVINCES: tuple[Province, ...] = (
    _p("AC", "Aceh", _WIB, "aceh", "nad", "nanggroe aceh darussalam", "daerah istimewa aceh"),
    _p("BA", "Bali", _WITA, "bali"),
    _p("BT", "Banten", _WIB, "banten"),
    _p("BE", "Bengkulu", _WIB, "bengkulu"),
    _p(
        "YO",
        "DI Yogyakarta",
        _WIB,
        "diy",
        "jogja",
        "yogya",
        "yogyakarta",
        "jogjakarta",
        "daerah istimewa yogyakarta",
        "special region of yogyakarta",
    ),
    _p(
        "JK",
        "DKI Jakarta",
        _WIB,
        "dki",
        "jakarta",
        "jkt",
        "daerah khusus ibukota jakarta",
        "daerah khusus jakarta",
        "special capital region of jakarta",
    ),
    _p("GO", "Gorontalo", _WITA, "gorontalo"),
    _p("JA", "Jambi", _WIB, "jambi"),
    _p("JB", "Jawa Barat", _WIB, "jabar", "west java"),
    _p("JT", "Jawa Tengah", _WIB, "jateng", "central java"),
    _p("JI", "Jawa Timur", _WIB, "jatim", "east java"),
    _p("KB", "Kalimantan Barat", _WIB, "kalbar", "west kalimantan"),
    _p("KS", "Kalimantan Selatan", _WITA, "kalsel", "south kalimantan"),
    _p("KT", "Kalimantan Tengah", _WIB, "kalteng", "central kalimantan"),
    _p("KI", "Kalimantan Timur", _WITA, "kaltim", "east kalimantan"),
    _p("KU", "Kalimantan Utara", _WITA, "kaltara", "north kalimantan"),
    _p(
        "BB",
        "Kepulauan Bangka Belitung",
        _WIB,
        "babel",
        "bangka belitung",
        "kep bangka belitung",
        "bangka belitung islands",
    ),
    _p("KR", "Kepulauan Riau", _WIB, "kepri", "kep riau", "riau islands"),
    _p("LA", "Lampung", _WIB, "lampung"),
    _p("MA", "Maluku", _WIT, "maluku"),
    _p("MU", "Maluku Utara", _WIT, "malut", "north maluku"),
    _p("NB", "Nusa Tenggara Barat", _WITA, "ntb", "west nusa tenggara"),
    _p("NT", "Nusa Tenggara Timur", _WITA, "ntt", "east nusa tenggara"),
    _p("PA", "Papua", _WIT, "papua"),
    _p("PB", "Papua Barat", _WIT, "pabar", "west papua"),
    _p("PD", "Papua Barat Daya", _WIT, "papua barat daya", "pbd", "southwest papua"),
    _p("PE", "Papua Pegunungan", _WIT, "highland papua"),
    _p("PS", "Papua Selatan", _WIT, "south papua"),
    _p("PT", "Papua Tengah", _WIT, "central papua"),
    _p("RI", "Riau", _WIB, "riau"),
    _p("SR", "Sulawesi Barat", _WITA, "sulbar", "west sulawesi"),
    _p("SN", "Sulawesi Selatan", _WITA, "sulsel", "south sulawesi"),
    _p("ST", "Sulawesi Tengah", _WITA, "sulteng", "central sulawesi"),
    _p("SG", "Sulawesi Tenggara", _WITA, "sultra", "southeast sulawesi"),
    _p("SA", "Sulawesi Utara", _WITA, "sulut", "north sulawesi"),
    _p("SB", "Sumatera Barat", _WIB, "sumbar", "west sumatra", "sumatra barat"),
    _p("SS", "Sumatera Selatan", _WIB, "sumsel", "south sumatra", "sumatra selatan"),
    _p("SU", "Sumatera Utara", _WIB, "sumut", "north sumatra", "sumatra utara"),
)

# Scores below this are noise and are not even listed by match().
MIN_SCORE = 50.0
# best_match() needs at least this score...
CONFIDENT_SCORE = 80.0
# ...and this lead over the runner-up, so "Jawa" alone does not pick a Java province.
CONFIDENT_MARGIN = 5.0
# Fragments (a word prefix, or a few words of a longer text) count a bit less than a full hit.
_PART_WEIGHT = 0.9
# Reordered words ("timur jawa") are nearly, but not quite, the real name.
_REORDER_WEIGHT = 0.95
# One or two letters carry too little signal for fuzzy matching; only exact hits (codes) count.
_MIN_FUZZY_LEN = 3
# Province answers are short; a pasted paragraph is cut so fuzzy matching stays cheap.
_MAX_FUZZY_QUERY_LEN = 100
# Abbreviations this short ("nad", "ntt") are one typo away from unrelated words.
_MAX_ABBREV_LEN = 3

_PREFIXES = frozenset({"provinsi", "propinsi", "prov", "province"})
# Dots inside initialisms ("D.I.", "N.T.T.") are dropped so they join up like "diy"/"ntt".
_INITIAL_DOT = re.compile(r"(?<=\b\w)\.")
_PUNCT = re.compile(r"[^\w\s]|_")
_SPACES = re.compile(r"\s+")


def _normalise(text: str) -> str:
    # Strip accents so "Jawá" still matches; users type on all sorts of keyboards.
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = _PUNCT.sub(" ", _INITIAL_DOT.sub("", text))
    words = _SPACES.sub(" ", text).strip().split(" ")
    if words and words[0] in _PREFIXES:
        words = words[1:]
    if words and words[-1] == "province":  # "East Java Province"
        words = words[:-1]
    return " ".join(words)


def _build_index() -> tuple[dict[str, Province], list[str], list[Province]]:
    exact: dict[str, Province] = {}
    choices: list[str] = []
    owners: list[Province] = []
    for province in PROVINCES:
        names = {_normalise(province.name), *(_normalise(a) for a in province.aliases)}
        for key in sorted(names | {province.code.casefold()}):
            other = exact.setdefault(key, province)
            if other is not province:
                # A shared key would make exact hits silently depend on table order.
                raise RuntimeError(f"{key!r} is claimed by {other.name} and {province.name}")
        # Codes stay out of fuzzy matching: two letters resemble too many inputs.
        for key in sorted(names):
            choices.append(key)
            owners.append(province)
    return exact, choices, owners


_EXACT, _CHOICES, _OWNERS = _build_index()
_BY_CODE: dict[str, Province] = {p.code: p for p in PROVINCES}
_MAX_WORDS = max(choice.count(" ") + 1 for choice in _CHOICES)


@lru_cache(maxsize=1024)
def _spans(text: str) -> tuple[str, ...]:
    """Every run of up to _MAX_WORDS consecutive whole words."""
    words = text.split(" ")
    return tuple(
        " ".join(words[start:end])
        for start in range(len(words))
        for end in range(start + 1, min(len(words), start + _MAX_WORDS) + 1)
    )


@lru_cache(maxsize=1024)
def _word_starts(text: str) -> tuple[int, ...]:
    return (0, *(i + 1 for i, ch in enumerate(text) if ch == " "))


def _score(query: str, choice: str, *, score_cutoff: float | None = None) -> float:
    """Similarity of normalised user text to one normalised name or alias, 0-100.

    Unlike fuzz.WRatio, fragments only count when they line up with word boundaries, so
    "kembali" does not find "bali" and "kota" does not find "ibukota". score_cutoff is part of
    rapidfuzz's scorer protocol; process.extract applies it to the result itself.
    """
    if len(choice) <= _MAX_ABBREV_LEN:
        # Whole-text equality is the exact index's job; here only a standalone word counts.
        return 100.0 * _PART_WEIGHT if choice in _spans(query) else 0.0
    best = max(fuzz.ratio(query, choice), _REORDER_WEIGHT * fuzz.token_sort_ratio(query, choice))
    # The user typed the start of a name or of one of its words: "yogya", "jawa tim", "pegunungan".
    prefixes = (choice[start : start + len(query)] for start in _word_starts(choice))
    # The name is a few whole words of what the user typed: "jakarta selatan", "kejati jatim".
    parts = (
        *(fuzz.ratio(query, part) for part in prefixes),
        *(fuzz.ratio(query, span) for span in _spans(choice)),
        *(fuzz.ratio(choice, span) for span in _spans(query)),
    )
    return max(best, _PART_WEIGHT * max(parts))


def by_code(code: str) -> Province | None:
    """Look up by ISO 3166-2:ID code, with or without the "ID-" prefix, any case."""
    code = code.strip().upper().removeprefix("ID-")
    return _BY_CODE.get(code)


def match(text: str, limit: int = 3) -> list[tuple[Province, float]]:
    """Best candidate provinces for free text, scored 0-100, best first, one entry per province."""
    query = _normalise(text)
    if not query or limit <= 0:
        return []
    scores: dict[Province, float] = {}
    hit = _EXACT.get(query)
    if hit is not None:
        scores[hit] = 100.0
    if len(query) >= _MIN_FUZZY_LEN:
        results = process.extract(
            query[:_MAX_FUZZY_QUERY_LEN],
            _CHOICES,
            scorer=_score,
            limit=None,
            score_cutoff=MIN_SCORE,
        )
        for _choice, score, index in results:
            province = _OWNERS[index]
            if score > scores.get(province, 0.0):
                scores[province] = round(score, 1)
    # Name as tie-breaker keeps equal scores in a stable, readable order.
    ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0].name))
    return ranked[:limit]


def best_match(text: str) -> Province | None:
    """The province the text clearly means, or None when unsure or ambiguous."""
    candidates = match(text, limit=2)
    if not candidates:
        return None
    top, top_score = candidates[0]
    if top_score >= 100.0:
        return top
    if top_score < CONFIDENT_SCORE:
        return None
    if len(candidates) > 1 and top_score - candidates[1][1] < CONFIDENT_MARGIN:
        return None
    return top
