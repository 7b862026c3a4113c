"""Vietnamese in a pre-Unicode font encoding, read as single-byte code points: TCVN3 (the ABC
fonts ".VnTime", "KÕ HO¹CH") and VNI (the VNI-Windows fonts "VNI-Times", "Keá hoaïch").
Each is told by its codes and the absence of any Vietnamese letter beyond Latin-1, and mapped
back to Unicode (data/lexicon/legacy_encodings.toml)."""

from __future__ import annotations

import re
from functools import cache
from typing import Literal

from .. import config

LegacyEncoding = Literal["tcvn3", "vni"]

NAMES: dict[str, str] = {"tcvn3": "TCVN3 (ABC, .Vn fonts)", "vni": "VNI (VNI-Windows fonts)"}
"""How a warning names each encoding."""


def legacy_encoding(text: str) -> LegacyEncoding | None:
    """The legacy encoding `text` is typed in, or None for Unicode (or any other) text."""
    if is_tcvn3(text):
        return "tcvn3"
    if is_vni(text):
        return "vni"
    return None


def to_unicode(text: str, encoding: LegacyEncoding) -> str:
    return from_tcvn3(text) if encoding == "tcvn3" else from_vni(text)


def _few_unicode_letters(letters: list[str]) -> bool:
    """Enough letters, mostly ASCII and almost none beyond Latin-1, as a legacy encoding types
    Vietnamese."""
    rules = config.legacy_encodings().detect
    if len(letters) < rules.min_letters:
        return False
    beyond = sum(1 for c in letters if ord(c) > 0xFF)
    ascii_letters = sum(1 for c in letters if c.isascii())
    return (beyond <= rules.max_unicode_letter_share * len(letters)
            and ascii_letters >= rules.min_ascii_letter_share * len(letters))


# --- TCVN3 ----------------------------------------------------------------------------------

@cache
def _table() -> dict[int, str]:
    return {ord(k): v for k, v in config.legacy_encodings().tcvn3.items()}


@cache
def _symbol() -> re.Pattern[str]:
    return re.compile(f"[{re.escape(config.legacy_encodings().tcvn3_detect.symbols)}]")


def is_tcvn3(text: str) -> bool:
    """Whether `text` reads as TCVN3 typed Vietnamese: none of Unicode's Vietnamese letters,
    and TCVN3's symbol codes among its letters."""
    # Every document is tested: a text with no symbol code at all (nearly all of them) is
    # told apart by one regex search instead of a pass over its characters in Python.
    if not _symbol().search(text):
        return False
    rules = config.legacy_encodings().tcvn3_detect
    letters = [c for c in text if c.isalpha() or c in rules.symbols]
    symbols = sum(1 for c in letters if c in rules.symbols)
    return _few_unicode_letters(letters) and symbols >= rules.min_symbol_share * len(letters)


def from_tcvn3(text: str) -> str:
    """TCVN3 text in Unicode; a line typed in capitals (TCVN3's capital fonts reuse the small
    letters' codes) is put back in capitals."""
    out = []
    for line in text.split("\n"):
        ascii_letters = [c for c in line if c.isascii() and c.isalpha()]
        mapped = line.translate(_table())
        if len(ascii_letters) >= 2 and sum(c.isupper() for c in ascii_letters) >= 0.8 * len(ascii_letters):
            mapped = mapped.upper()
        out.append(mapped)
    return "\n".join(out)


# --- VNI ------------------------------------------------------------------------------------

@cache
def _vni() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], frozenset[str]]:
    """The sequence pattern (pairs before single characters), the pattern of the marks (the
    pairs' second characters), of the marks that are no Vietnamese letter, and those marks."""
    table = config.legacy_encodings().vni
    sequences = sorted(table, key=len, reverse=True)
    marks = {key[1] for key in table if len(key) == 2}
    distinct = frozenset(marks - set(table.values()))
    return (re.compile("|".join(map(re.escape, sequences))),
            re.compile(f"[{re.escape(''.join(sorted(marks)))}]"),
            re.compile(f"[{re.escape(''.join(sorted(distinct)))}]"),
            distinct)


def is_vni(text: str) -> bool:
    """Whether `text` reads as VNI typed Vietnamese: none of Unicode's Vietnamese letters, many
    vowels followed by their VNI mark, some of them marks no Vietnamese letter is (ø û ï å ä ë
    ü), and few marks anywhere else."""
    sequence, mark, distinct_mark, distinct = _vni()
    # One regex search rejects the common case: no VNI-only mark at all.
    if not distinct_mark.search(text):
        return False
    letters = [c for c in text if c.isalpha()]
    if not _few_unicode_letters(letters):
        return False
    pairs = [m.group() for m in sequence.finditer(text) if len(m.group()) == 2]
    if not pairs:
        return False
    rules = config.legacy_encodings().vni_detect
    orphans = len(mark.findall(text)) - len(pairs)
    distinct_pairs = sum(1 for p in pairs if p[1] in distinct)
    return (len(pairs) >= rules.min_pair_share * len(letters)
            and distinct_pairs >= rules.min_distinct_share * len(pairs)
            and orphans <= rules.max_orphan_share * len(pairs))


def from_vni(text: str) -> str:
    """VNI text in Unicode: each vowel-and-mark pair, and each one-character code, to its letter."""
    table = config.legacy_encodings().vni
    return _vni()[0].sub(lambda m: table[m.group()], text)
