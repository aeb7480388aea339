"""Identifier masking: exact outputs on a corpus, corpus-wide precision and recall, and rules."""

from __future__ import annotations

import re
import time

import pytest

from bot.services.identifiers import PLACEHOLDERS, Found, find, mask
from tests.unit.identifier_corpus import CASES, ENGLISH, INDONESIAN, Case

KIND_OF = {placeholder: kind for kind, placeholder in PLACEHOLDERS.items()}
PLACEHOLDER = re.compile("|".join(re.escape(placeholder) for placeholder in KIND_OF))


def expected_spans(case: Case) -> set[Found]:
    """Spans of the original text that the expected output replaces with placeholders."""
    pieces = PLACEHOLDER.split(case.expected)
    kinds = [KIND_OF[placeholder] for placeholder in PLACEHOLDER.findall(case.expected)]
    pattern = "(.+?)".join(re.escape(piece) for piece in pieces)
    match = re.fullmatch(pattern, case.text, re.DOTALL)
    assert match is not None, f"expected output does not fit its text: {case.expected!r}"
    return {Found(kind, *match.span(group)) for group, kind in enumerate(kinds, start=1)}


def as_param(case: Case) -> object:
    marks = [pytest.mark.xfail(strict=True, reason=case.limit)] if case.limit else []
    return pytest.param(case, marks=marks, id=f"{case.lang}-{case.text[:40]}")


@pytest.mark.parametrize("case", [as_param(case) for case in CASES])
def test_corpus_text_is_masked_exactly(case: Case) -> None:
    assert mask(case.text).text == case.expected


def test_precision_and_recall_over_the_corpus() -> None:
    predicted = {(index, f) for index, case in enumerate(CASES) for f in find(case.text)}
    expected = {(index, f) for index, case in enumerate(CASES) for f in expected_spans(case)}
    correct = len(predicted & expected)
    precision, recall = correct / len(predicted), correct / len(expected)
    print(
        f"identifier masking: precision {precision:.3f} recall {recall:.3f} "
        f"over {len(CASES)} texts ({len(expected)} spans)"
    )
    assert precision >= 0.9
    assert recall >= 0.95


def test_corpus_is_large_and_bilingual_with_clean_texts() -> None:
    assert len(CASES) >= 60
    assert min(len(INDONESIAN), len(ENGLISH)) >= 25
    assert sum(case.text == case.expected for case in CASES) >= 20
    assert {found.kind for case in CASES for found in expected_spans(case)} == set(PLACEHOLDERS)


@pytest.mark.parametrize("case", CASES, ids=lambda case: f"{case.lang}-{case.text[:40]}")
def test_masking_is_idempotent(case: Case) -> None:
    once = mask(case.text).text
    again = mask(once)
    assert again.text == once
    assert not again.changed


@pytest.mark.parametrize(
    "case",
    [case for case in CASES if case.text == case.expected],
    ids=lambda case: f"{case.lang}-{case.text[:40]}",
)
def test_text_without_identifiers_is_returned_unchanged(case: Case) -> None:
    masked = mask(case.text)
    assert masked.text == case.text
    assert masked.found == ()
    assert not masked.changed


def test_found_spans_point_into_the_original_text() -> None:
    text = "Korban Siti Aminah (17), NIK 3273012345670001, WA +62 812-3456-7890, siti@mail.id"
    masked = mask(text)
    assert masked.changed
    assert [(f.kind, text[f.start : f.end]) for f in masked.found] == [
        ("name", "Siti Aminah"),
        ("nik", "3273012345670001"),
        ("phone", "+62 812-3456-7890"),
        ("email", "siti@mail.id"),
    ]
    assert masked.text == "Korban [NAME] (17), NIK [NIK], WA [PHONE], [EMAIL]"


@pytest.mark.parametrize(
    "number",
    ["3273012345670001", "3273 0123 4567 0001", "3273.0123.4567.0001", "3273-0123-4567-0001",
     "327301 230190 0001"],
)  # fmt: skip
def test_nik_and_kk_numbers_in_any_grouping(number: str) -> None:
    assert mask(f"NIK {number}.").text == "NIK [NIK]."


@pytest.mark.parametrize(
    "number",
    ["+62 812-3456-7890", "62812345678901", "0812 3456 7890", "(021) 555-1234",
     "+60 12-345 6789", "+886 912 345 678", "+1 (555) 123-4567", "0812.3456.7890"],
)  # fmt: skip
def test_indonesian_and_foreign_phone_numbers(number: str) -> None:
    assert mask(f"nomor {number}, aktif").text == "nomor [PHONE], aktif"


def test_phone_digit_counts_follow_numbering_plans() -> None:
    # Indonesian mobiles hold 10-13 digits; any E.164 number at least 8.
    assert mask("0812 3456 78").text == "[PHONE]"
    assert find("0812 34 56") == []
    assert find("+2 3 4") == []


@pytest.mark.parametrize(
    "text",
    ["Pasal 2 ayat (1)", "Pasal 4 UU 21/2007", "UU No. 21 Tahun 2007", "Perpres 49/2023",
     "KUHAP Pasal 184", "Rp 15.000.000", "Rp15 juta", "USD 2,500", "Rp 1.000.000.000.000.000",
     "Rp 62.812.345.678", "12 Maret 2024", "12/03/2024", "2024-03-12", "12-03-2024",
     "01.02.2024 10.30", "12.03.2024 10.30-11.45",
     "09.30-12.00 WIB", "Nomor 123/Pid.Sus/2023/PN Jkt.Pst", "PDM-45/Jkt/03/2024",
     "No. Reg. Perkara 77/2024", "Print-12/M.1.10/Eku.2/03/2024", "LP/B/123/III/2024/SPKT",
     "Perlindungan Saksi dan Korban", "Saksi Ahli", "saksi ahli", "Korban Perdagangan Orang",
     "korban TPPO", "Anak Berhadapan dengan Hukum", "Child Protection Act", "Victim A said",
     "the victim I think", "Saksi Korban"],
)  # fmt: skip
def test_legal_references_amounts_dates_and_case_numbers_survive(text: str) -> None:
    assert find(text) == []


def test_names_of_accused_persons_are_kept() -> None:
    text = "terdakwa Joko, tersangka berinisial HS, pelaku bernama Andi, the defendant named Rudi"
    assert find(text) == []
    assert mask("pelaku bernama Andi mengancam korban bernama Siti").text == (
        "pelaku bernama Andi mengancam korban bernama [NAME]"
    )


def test_a_name_needs_a_trigger_word() -> None:
    assert find("Siti Aminah bertanya soal Pasal 2.") == []
    assert mask("korban Siti Aminah bertanya").text == "korban [NAME] bertanya"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("korban berinisial SA", "korban berinisial [NAME]"),
        ("saksi S.A. hadir", "saksi [NAME] hadir"),
        ("saksi S. A. hadir", "saksi [NAME] hadir"),
        ("saksi R. Wulandari hadir", "saksi [NAME] hadir"),
        ("anak korban Ni Putu Ayu hadir", "anak korban [NAME] hadir"),
        ("victim, Maria Lopez, said", "victim, [NAME], said"),
        ("Sdr. Budi dan Sdri. Ani", "Sdr. [NAME] dan Sdri. [NAME]"),
        ("korban SITI AMINAH asal NTT", "korban [NAME] asal NTT"),
        ("witness O'Brien testified", "witness [NAME] testified"),
        ("the child Ana's mother", "the child [NAME]'s mother"),
    ],
)
def test_name_shapes_after_a_trigger(text: str, expected: str) -> None:
    assert mask(text).text == expected


def test_a_comma_list_of_names_needs_a_closing_and() -> None:
    assert mask("korban Siti, Ani dan Rina").text == "korban [NAME], [NAME] dan [NAME]"
    # Without "dan" the word after the comma may be a place, so only the first is masked.
    assert mask("korban Siti, Kupang").text == "korban [NAME], Kupang"


def test_passports_with_and_without_a_keyword() -> None:
    assert mask("B1234567 dan X 1234567").text == "[PASSPORT] dan [PASSPORT]"
    # Foreign shapes are too close to other codes to mask without the keyword.
    assert find("kode AB123456") == []
    assert mask("passport AB123456").text == "passport [PASSPORT]"
    assert mask("no. paspor: C 7654321").text == "no. paspor: [PASSPORT]"


def test_long_noisy_input_is_handled_in_linear_time() -> None:
    # Runs of digits, separators and triggers are where a careless pattern backtracks.
    noisy = "0812 " * 3000 + "1.2-3 " * 3000 + "korban " * 3000 + "a." * 3000
    started = time.perf_counter()
    masked = mask(noisy + " korban Siti, +60 12-345 6789")
    assert time.perf_counter() - started < 2
    assert masked.text.endswith(" korban [NAME], [PHONE]")
