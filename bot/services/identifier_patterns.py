"""Patterns and word lists behind `bot.services.identifiers`.

Kept apart so the masking logic stays short. Every pattern is anchored with look-arounds
so that it never starts or ends inside a longer number or word: a case number, a date or
an amount must not lose a few of its digits to a phone or ID pattern.
"""

from __future__ import annotations

import re

# Latin-1 letters as well, so that names such as "José Martínez" are found whole.
UPPER = "A-ZÀ-ÖØ-Þ"
LOWER = "a-zß-öø-ÿ"

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?!\w)")

# A number may not start right after a digit group ("12.0812...") or end before one.
_NUMBER_START = r"(?<![\w+])(?<!\d[.,/-])"
_NUMBER_END = r"(?!\w)(?![.,/-]\d)"

# NIK and KK numbers: 16 digits, optionally grouped with single spaces, dots or dashes.
NIK = re.compile(rf"{_NUMBER_START}(?:\d[ .-]?){{15}}\d{_NUMBER_END}")

# Phone numbers. With a "+" any country; without it only Indonesian shapes: mobile 08x /
# 628x, or a landline whose area code is set off by brackets or a separator, which keeps
# dates (12-03-2024) and case numbers (PDM-45/Jkt/03/2024) out.
PHONE = re.compile(
    rf"""{_NUMBER_START}(?:
        \+\d{{1,3}}[ .-]?(?:\(\d{{1,4}}\)[ .-]?)?\d{{1,4}}(?:[ .-]?\d{{1,4}}){{1,5}}
      | 62[ .-]?8\d{{1,3}}(?:[ .-]?\d{{2,4}}){{2,4}}
      | 08\d{{1,3}}(?:[ .-]?\d{{2,4}}){{2,4}}
      | (?:\(0\d{{1,3}}\)[ ]?|0[1-9]\d{{0,2}}[ .-])\d{{3,4}}[ .-]?\d{{3,4}}
    ){_NUMBER_END}""",
    re.VERBOSE,
)
# How many digits each shape may hold, keyed by its first character.
PHONE_DIGITS = {"+": range(8, 16), "6": range(11, 15), "0": range(9, 14), "(": range(9, 14)}

# Indonesian passports (one letter and seven digits) are distinctive enough to mask
# anywhere; the wider foreign shapes only right after a word such as "paspor"/"passport".
PASSPORT = re.compile(rf"{_NUMBER_START}[A-Z] ?\d{{7}}{_NUMBER_END}")
PASSPORT_AFTER_KEYWORD = re.compile(
    r"""(?i:\b(?:paspor|passport|pasport)
        (?:\s+(?:no\.?|nomor|number|nr\.?))?\s*[:#.]?\s*)
    (?P<value>[A-Za-z]{1,2}\ ?\d{6,8}[A-Za-z]?|\d{8,9})(?!\w)""",
    re.VERBOSE,
)

# Amounts are never identifiers, whatever their digits look like.
CURRENCY_BEFORE = re.compile(r"(?:Rp|IDR|USD|US\$|\$|RM|MYR|SGD|NT\$|TWD|EUR|€)\.?[ \t]*$", re.I)

# Words that introduce the name of a protected person (victim, witness, child, reporter).
_ROLES = (
    r"korban|saksi|anak|pelapor|victims?|witness(?:es)?|child(?:ren)?|reporters?|complainants?"
)
# Words that introduce any name; these are skipped right after an accused person's role.
_NAMERS = (
    r"bernama|namanya|berinisial|inisial|named|name[ \t]+is|initials?"
    r"|sdri?\.?|saudara|saudari"
)
TRIGGER = re.compile(rf"(?<!\w)(?:(?P<role>{_ROLES})|(?P<namer>{_NAMERS}))(?!\w)", re.I)

# After the trigger: an optional comma or colon, then optional "atas nama"-style words
# ("nama korban adalah Siti").
GAP = re.compile(r"[ \t]*[,:]?[ \t]*")
LINKER = re.compile(r"(?i:atas nama|a\.n\.|adalah|ialah|yaitu|yakni|namely)[ \t]*[,:]?[ \t]*")
# Titles stay in the text; only the name after them is masked ("saksi Ibu [NAME]").
TITLE = re.compile(
    r"(?:Bapak|Pak|Ibu|Bu|Sdri?\.?|Saudara|Saudari|Nona|Nn\.|Nyonya|Ny\.|Tuan|Tn\."
    r"|Mr\.?|Mrs\.?|Ms\.?|Miss)[ \t]+"
)

# One piece of a name: an initial ("S."), a capitalised word ("Siti", "McKenzie",
# "O'Brien"), a word in capitals ("SITI", "SA") or the Balinese "I" of "I Made". Any
# other lone capital letter is not a name ("Victim A" is already a pseudonym).
NAME_TOKEN = re.compile(
    rf"""(?P<initial>[{UPPER}]\.)
      | (?P<word>(?:[{UPPER}]['’])?[{UPPER}][{LOWER}]+(?:[{UPPER}][{LOWER}]+)*
          (?:-[{UPPER}{LOWER}][{LOWER}]*)*)(?!\w)
      | (?P<caps>[{UPPER}]{{2,}})(?!\w)
      | (?P<particle>I)(?=[ \t]+[{UPPER}][{LOWER}])""",
    re.VERBOSE,
)
# Between the pieces of one name: spaces, or lower-case particles such as "binti".
NAME_JOINER = re.compile(r"[ \t]+(?:(?:bin|binti|bt\.|van|von|de|da|dos|del|al)[ \t]+)?")
AFTER_INITIAL = re.compile(r"[ \t]?")
# A list of names goes on only when it ends with "dan"/"and": "Siti, Ani dan Rina".
LIST_COMMA = re.compile(r"[ \t]*,[ \t]*")
LIST_AND = re.compile(r"[ \t]*,?[ \t]*(?:dan|and|serta|&)[ \t]+")
MAX_NAME_TOKENS = 4


def _words(block: str) -> frozenset[str]:
    return frozenset(block.split())


ACCUSED = _words(
    """
    pelaku terdakwa tersangka perekrut calo majikan suspect suspects defendant defendants
    accused perpetrator perpetrators trafficker traffickers recruiter recruiters employer
    """
)
PROTECTED = _words(
    """
    korban saksi anak pelapor victim victims witness witnesses child children reporter
    complainant
    """
)

# Abbreviations that follow a trigger without being initials ("korban TPPO").
ACRONYMS = _words(
    """
    tppo lpsk kpai komnas wni wna pmi tki abk uu kuhp kuhap pp pn pt pid perpres perma sema
    bap uptd ppa bp2mi p2tp2a ntt ntb dpo sppa polri polda polres kejari kejati ham rt rw lsm
    ngo iom ma
    """
)

# Capitalised words that follow a trigger without being a name: legal terms, institutions,
# function words at a sentence start, calendar words and places. Compared in lower case;
# in capitals only from three letters on, so that initials such as "AS" stay names.
NOT_A_NAME = ACRONYMS | _words(
    """
    perdagangan orang ahli anak pidana korban saksi pelapor pelaku terdakwa tersangka
    kunci mahkota verbalisan fakta dan yang di ke dari pada untuk dalam dengan atau ini itu
    tersebut adalah juga tidak belum sudah akan saat ketika kemudian lalu namun tetapi karena
    sebagai oleh bahwa agar para seorang asal warga nomor no tahun pasal ayat huruf
    perlindungan perempuan laki-laki anak-anak keluarga eksploitasi seksual kerja paksa buah
    kapal migran pekerja jaksa penuntut umum hakim penyidik polisi kejaksaan pengadilan
    negeri tinggi mahkamah dinas sosial kementerian imigrasi kepolisian restitusi kompensasi
    berita acara tuntutan dakwaan putusan perkara berhadapan hukum bukan tanpa secara masih
    menurut terhadap tentang kasus
    senin selasa rabu kamis jumat sabtu minggu januari februari maret april mei juni juli
    agustus september oktober november desember
    indonesia malaysia singapura singapore taiwan kamboja cambodia myanmar filipina
    philippines thailand vietnam hongkong arab saudi jakarta indonesian malaysian filipino
    filipina taiwanese cambodian chinese vietnamese thai burmese foreign national nationals
    citizen
    the a an and or but in on at of to for from with by is was were are has had have who
    whom which that this these those it he she they we you his her their also then when if
    because as said told after before during statement protection support services unit
    act law program programme fund rights agency center centre trafficking human persons
    person number article section court case testimony expert identity card interview
    impact labour labor exploitation abuse without advocate compensation victim victims
    witness witnesses child children reporter complainant
    monday tuesday wednesday thursday friday saturday sunday january february march may
    june july august october december
    """
)
