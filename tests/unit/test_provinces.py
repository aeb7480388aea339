from zoneinfo import ZoneInfo

import pytest

from bot import provinces
from bot.provinces import PROVINCES, Province, best_match, by_code, match

ZONE_TIMEZONES = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}

# Every province pinned to its ISO 3166-2:ID code and zone, so a typo in the table shows up here.
EXPECTED = [
    ("Aceh", "AC", "WIB"),
    ("Bali", "BA", "WITA"),
    ("Banten", "BT", "WIB"),
    ("Bengkulu", "BE", "WIB"),
    ("DI Yogyakarta", "YO", "WIB"),
    ("DKI Jakarta", "JK", "WIB"),
    ("Gorontalo", "GO", "WITA"),
    ("Jambi", "JA", "WIB"),
    ("Jawa Barat", "JB", "WIB"),
    ("Jawa Tengah", "JT", "WIB"),
    ("Jawa Timur", "JI", "WIB"),
    ("Kalimantan Barat", "KB", "WIB"),
    ("Kalimantan Selatan", "KS", "WITA"),
    ("Kalimantan Tengah", "KT", "WIB"),
    ("Kalimantan Timur", "KI", "WITA"),
    ("Kalimantan Utara", "KU", "WITA"),
    ("Kepulauan Bangka Belitung", "BB", "WIB"),
    ("Kepulauan Riau", "KR", "WIB"),
    ("Lampung", "LA", "WIB"),
    ("Maluku", "MA", "WIT"),
    ("Maluku Utara", "MU", "WIT"),
    ("Nusa Tenggara Barat", "NB", "WITA"),
    ("Nusa Tenggara Timur", "NT", "WITA"),
    ("Papua", "PA", "WIT"),
    ("Papua Barat", "PB", "WIT"),
    ("Papua Barat Daya", "PD", "WIT"),
    ("Papua Pegunungan", "PE", "WIT"),
    ("Papua Selatan", "PS", "WIT"),
    ("Papua Tengah", "PT", "WIT"),
    ("Riau", "RI", "WIB"),
    ("Sulawesi Barat", "SR", "WITA"),
    ("Sulawesi Selatan", "SN", "WITA"),
    ("Sulawesi Tengah", "ST", "WITA"),
    ("Sulawesi Tenggara", "SG", "WITA"),
    ("Sulawesi Utara", "SA", "WITA"),
    ("Sumatera Barat", "SB", "WIB"),
    ("Sumatera Selatan", "SS", "WIB"),
    ("Sumatera Utara", "SU", "WIB"),
]


def _name(province: Province | None) -> str | None:
    return None if province is None else province.name


def _code(province: Province | None) -> str | None:
    return None if province is None else province.code


# --- the table ---------------------------------------------------------------------------------


def test_there_are_38_provinces() -> None:
    assert len(PROVINCES) == 38


def test_codes_are_unique_two_uppercase_letters() -> None:
    codes = [p.code for p in PROVINCES]
    assert len(set(codes)) == len(codes)
    for code in codes:
        assert len(code) == 2
        assert code.isalpha()
        assert code.isupper()


def test_names_are_unique() -> None:
    names = [p.name for p in PROVINCES]
    assert len(set(names)) == len(names)


def test_ordered_alphabetically_by_name() -> None:
    names = [p.name for p in PROVINCES]
    assert names == sorted(names)


def test_table_matches_expected_codes_and_zones() -> None:
    assert [(p.name, p.code, p.zone) for p in PROVINCES] == EXPECTED


@pytest.mark.parametrize(
    "name", ["Papua Selatan", "Papua Tengah", "Papua Pegunungan", "Papua Barat Daya"]
)
def test_2022_papua_splits_present(name: str) -> None:
    assert name in {p.name for p in PROVINCES}


@pytest.mark.parametrize("province", PROVINCES, ids=lambda p: p.code)
def test_zone_consistent_with_timezone(province: Province) -> None:
    assert province.zone in ZONE_TIMEZONES
    assert province.timezone == ZONE_TIMEZONES[province.zone]
    ZoneInfo(province.timezone)  # must be a real IANA zone


@pytest.mark.parametrize(("zone", "count"), [("WIB", 18), ("WITA", 12), ("WIT", 8)])
def test_zone_sizes(zone: str, count: int) -> None:
    assert sum(p.zone == zone for p in PROVINCES) == count


@pytest.mark.parametrize("province", PROVINCES, ids=lambda p: p.code)
def test_aliases_are_lower_case_and_trimmed(province: Province) -> None:
    for alias in province.aliases:
        assert alias == alias.lower().strip()
        assert "  " not in alias


# --- by_code -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("JI", "Jawa Timur"),
        ("ji", "Jawa Timur"),
        ("ID-JI", "Jawa Timur"),
        (" id-ji ", "Jawa Timur"),
        ("AC", "Aceh"),
        ("SU", "Sumatera Utara"),
        ("PD", "Papua Barat Daya"),
        ("PE", "Papua Pegunungan"),
        ("PS", "Papua Selatan"),
        ("PT", "Papua Tengah"),
        ("PB", "Papua Barat"),
        ("PA", "Papua"),
        ("XX", None),
        ("", None),
        ("JIX", None),
    ],
)
def test_by_code(code: str, expected: str | None) -> None:
    assert _name(by_code(code)) == expected


# --- matching ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the required cases
        ("jatim", "Jawa Timur"),
        ("Jawa Tmur", "Jawa Timur"),
        ("jawa timur ", "Jawa Timur"),
        ("Provinsi Jawa Barat", "Jawa Barat"),
        ("sulsel", "Sulawesi Selatan"),
        ("Papua", "Papua"),
        ("papua tengah", "Papua Tengah"),
        ("yogya", "DI Yogyakarta"),
        ("NTT", "Nusa Tenggara Timur"),
        ("east java", "Jawa Timur"),
        # normalisation
        ("Prov. Jawa Barat", "Jawa Barat"),
        ("PROVINSI: JAWA TIMUR", "Jawa Timur"),
        ("propinsi jatim", "Jawa Timur"),
        ("East Java Province", "Jawa Timur"),
        ("Jawa-Timur", "Jawa Timur"),
        ("D.I. Yogyakarta", "DI Yogyakarta"),
        ("N.T.T.", "Nusa Tenggara Timur"),
        ("  west   java!! ", "Jawa Barat"),
        ("Kep. Riau", "Kepulauan Riau"),
        # codes
        ("ji", "Jawa Timur"),
        ("PD", "Papua Barat Daya"),
        # typos and fragments
        ("kalimantn timur", "Kalimantan Timur"),
        ("sulawesi slatan", "Sulawesi Selatan"),
        ("sulawesi tenggra", "Sulawesi Tenggara"),
        ("jawa tengh", "Jawa Tengah"),
        ("Papua Selatn", "Papua Selatan"),
        ("papua barat dya", "Papua Barat Daya"),
        ("grontalo", "Gorontalo"),
        ("jogya", "DI Yogyakarta"),
        ("jawa tim", "Jawa Timur"),
        ("jawatimur", "Jawa Timur"),
        ("timur jawa", "Jawa Timur"),
        ("pegunungan", "Papua Pegunungan"),
        # the province inside a longer answer
        ("jakarta selatan", "DKI Jakarta"),
        ("kejati jatim", "Jawa Timur"),
        ("kejati ntt", "Nusa Tenggara Timur"),
        ("saya dari jawa timur", "Jawa Timur"),
        # exact names beat the longer names that contain them
        ("Riau", "Riau"),
        ("Maluku", "Maluku"),
        ("papua barat", "Papua Barat"),
    ],
)
def test_best_match_positive(text: str, expected: str) -> None:
    assert _name(best_match(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "xyz",
        "",
        "   ",
        "12345",
        "provinsi",
        "!!!",
        "a",
        "ya",
        "hello",
        "indonesia",
        "surabaya",
        "bandung",
        # ambiguous between several provinces
        "Jawa",
        "java",
        "Sulawesi",
        "Kalimantan",
        "Sumatera",
        "Nusa Tenggara",
        "Kepulauan",
        "timur",
        "barat",
        "pap",
        # substrings inside unrelated words must not count
        "kembali",
        "kota",
        "jaksa",
        "nada",
    ],
)
def test_best_match_negative(text: str) -> None:
    assert best_match(text) is None


@pytest.mark.parametrize(
    ("alias", "code"),
    [
        ("jatim", "JI"),
        ("jabar", "JB"),
        ("jateng", "JT"),
        ("diy", "YO"),
        ("jogja", "YO"),
        ("yogyakarta", "YO"),
        ("dki", "JK"),
        ("jakarta", "JK"),
        ("sumut", "SU"),
        ("sumbar", "SB"),
        ("sumsel", "SS"),
        ("kaltim", "KI"),
        ("kalbar", "KB"),
        ("kalsel", "KS"),
        ("kalteng", "KT"),
        ("kaltara", "KU"),
        ("sulsel", "SN"),
        ("sulut", "SA"),
        ("sulteng", "ST"),
        ("sultra", "SG"),
        ("sulbar", "SR"),
        ("ntt", "NT"),
        ("ntb", "NB"),
        ("babel", "BB"),
        ("kepri", "KR"),
        ("malut", "MU"),
        ("papua barat daya", "PD"),
        ("pbd", "PD"),
        ("nad", "AC"),
        ("aceh", "AC"),
        ("east java", "JI"),
        ("west java", "JB"),
        ("central java", "JT"),
        ("north sumatra", "SU"),
        ("bali", "BA"),
    ],
)
def test_common_abbreviations_and_english_names_find_their_province(alias: str, code: str) -> None:
    province = best_match(alias)
    assert province is not None and province.code == code


@pytest.mark.parametrize(("name", "code"), [(name, code) for name, code, _zone in EXPECTED])
def test_official_names_as_written_in_letters_find_their_province(name: str, code: str) -> None:
    assert _code(best_match(f"PROVINSI {name.upper()}")) == code
    assert _code(best_match(f"Prov. {name}")) == code


def test_a_name_claimed_by_two_provinces_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    # Exact hits would otherwise depend on the order of the table.
    clash = Province("XX", "Jawa Timur Lama", "Asia/Jakarta", "WIB", ("jatim",))
    monkeypatch.setattr(provinces, "PROVINCES", (*provinces.PROVINCES, clash))
    with pytest.raises(RuntimeError, match="'jatim' is claimed by Jawa Timur and Jawa Timur Lama"):
        provinces._build_index()


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Jawa", {"Jawa Barat", "Jawa Tengah", "Jawa Timur"}),
        (
            "Sulawesi",
            {
                "Sulawesi Barat",
                "Sulawesi Selatan",
                "Sulawesi Tengah",
                "Sulawesi Tenggara",
                "Sulawesi Utara",
            },
        ),
        (
            "Kalimantan",
            {
                "Kalimantan Barat",
                "Kalimantan Selatan",
                "Kalimantan Tengah",
                "Kalimantan Timur",
                "Kalimantan Utara",
            },
        ),
    ],
)
def test_ambiguous_input_lists_all_candidates(text: str, names: set[str]) -> None:
    candidates = match(text, limit=len(names))
    assert {p.name for p, _ in candidates} == names
    # tied scores: none of them may look like the confident pick
    assert len({score for _, score in candidates}) == 1
    assert best_match(text) is None


@pytest.mark.parametrize("text", ["Jawa", "Papua", "sulsel", "Jawa Tmur", "kalimantan", "a"])
@pytest.mark.parametrize("limit", [1, 3, 10, 38])
def test_match_is_sorted_distinct_and_limited(text: str, limit: int) -> None:
    candidates = match(text, limit=limit)
    assert len(candidates) <= limit
    scores = [score for _, score in candidates]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= score <= 100.0 for score in scores)
    provinces = [p for p, _ in candidates]
    assert len(set(provinces)) == len(provinces)


def test_match_default_limit_is_three() -> None:
    assert len(match("Jawa")) == 3


@pytest.mark.parametrize("limit", [0, -1])
def test_match_non_positive_limit_is_empty(limit: int) -> None:
    assert match("jatim", limit=limit) == []


@pytest.mark.parametrize("text", ["", "   ", "xyz", "12345", "?!"])
def test_match_nonsense_is_empty(text: str) -> None:
    assert match(text) == []


def test_exact_papua_outranks_the_other_papua_provinces() -> None:
    candidates = match("Papua", limit=6)
    assert candidates[0] == (by_code("PA"), 100.0)
    # the others still show up as candidates, just below the exact hit
    assert {p.code for p, _ in candidates} == {"PA", "PB", "PD", "PE", "PS", "PT"}
    assert all(score < 100.0 for _, score in candidates[1:])


def test_only_the_exact_hit_scores_100() -> None:
    candidates = match("papua barat", limit=38)
    assert [p.code for p, score in candidates if score == 100.0] == ["PB"]


def test_fuzzy_hit_scores_below_100() -> None:
    province, score = match("Jawa Tmur")[0]
    assert province.code == "JI"
    assert 80.0 <= score < 100.0


def test_long_input_is_handled() -> None:
    text = "saya dari kejaksaan negeri surabaya jawa timur " * 200
    assert _name(best_match(text)) == "Jawa Timur"
