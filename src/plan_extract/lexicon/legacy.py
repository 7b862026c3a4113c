"""Vietnamese in a pre-Unicode encoding (TCVN3, the ABC fonts ".VnTime"), read as Latin-1 code
points: detected by its symbol codes and the absence of any Vietnamese letter beyond Latin-1,
and mapped back to Unicode (data/lexicon/legacy_encodings.toml)."""

from __future__ import annotations

import re
from functools import cache

from .. import config


@cache
def _table() -> dict[int, str]:
    return {ord(k): v for k, v in config.legacy_encodings().tcvn3.items()}


@cache
def _symbol() -> re.Pattern[str]:
    return re.compile(f"[{re.escape(config.legacy_encodings().detect.symbols)}]")


def is_tcvn3(text: str) -> bool:
    """Whether `text` reads as TCVN3 typed Vietnamese: none of Unicode's Vietnamese letters,
    and TCVN3's symbol codes among its letters."""
    # Every document is tested: a text with no symbol code at all (nearly all of them) is
    # told apart by one regex search instead of a pass over its characters in Python.
    if not _symbol().search(text):
        return False
    rules = config.legacy_encodings().detect
    letters = [c for c in text if c.isalpha() or c in rules.symbols]
    if len(letters) < 20:
        return False
    beyond = sum(1 for c in letters if ord(c) > 0xFF)
    symbols = sum(1 for c in letters if c in rules.symbols)
    return (beyond <= rules.max_unicode_letter_share * len(letters)
            and symbols >= rules.min_symbol_share * len(letters))


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
