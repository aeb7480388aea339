"""Words that work as commands on WhatsApp, where there is no command menu: "pelajaran" or
"lesson" is /lesson, with or without the slash, in either language."""

from __future__ import annotations

# Command -> its words, Bahasa Indonesia first (the first is shown in the id menu, the last in
# the en menu).
WORDS: dict[str, tuple[str, ...]] = {
    "start": ("mulai", "start"),
    "help": ("bantuan", "help"),
    "lesson": ("pelajaran", "lesson"),
    "lessons": ("daftar pelajaran", "semua pelajaran", "lessons"),
    "progress": ("kemajuan", "progress"),
    "checklists": ("daftar periksa", "checklist", "checklists"),
    "ask": ("tanya", "ask"),
    "myquestions": ("pertanyaan saya", "my questions", "myquestions"),
    "search": ("cari", "search"),
    "settings": ("pengaturan", "settings"),
    "pause": ("jeda", "pause"),
    "resume": ("lanjutkan", "resume"),
    "forget": ("hapus data", "lupakan", "forget"),
    "queue": ("antrean", "queue"),
    "broadcast": ("siaran", "broadcast"),
    "invite": ("undang", "invite"),
    "assign": ("pasangkan", "assign"),
    "stats": ("statistik", "stats"),
    "export": ("ekspor", "export"),
}
MENU = ("menu", "/menu")
# Commands whose word may be followed by an argument: "mulai KODE" as "/start KODE".
WITH_ARGUMENT = frozenset({"start"})

_BY_WORD = {word: command for command, words in WORDS.items() for word in words}


def is_menu(text: str) -> bool:
    return _fold(text) in MENU


def as_command(text: str) -> str | None:
    """The slash command a typed word stands for ("Pelajaran" -> "/lesson"), else None."""
    folded = _fold(text).removeprefix("/")
    command = _BY_WORD.get(folded)
    if command is not None:
        return f"/{command}"
    head, _, rest = folded.partition(" ")
    command = _BY_WORD.get(head)
    if command in WITH_ARGUMENT and rest and " " not in rest:
        return f"/{command} {text.split()[-1]}"  # the code as typed: case may matter
    return None


def word_for(command: str, language: str) -> str:
    words = WORDS.get(command, (command,))
    return words[0] if language == "id" else words[-1]


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())
