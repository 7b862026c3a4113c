"""Character-level normalization shared by the pipeline and the gold scorer.

Vietnamese has two accepted tone placements ("hoá"/"hóa", "thuỷ"/"thủy"); scraped texts mix
them, so everything is brought to the new placement (the one Decree 30/2020 documents use).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from .. import config
from ..config import UPPER_CLASS

TERMINAL = ".;!?…"
"""Characters that end a sentence (and so an item, rather than a heading)."""
CLAUSE_END = TERMINAL + ":"
"""Characters after which a line does not run on into the next (a sentence or an
introduction to a list)."""

_SPACES = re.compile(r"[\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff\t\r\f\v]")
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_WS = re.compile(r"\s+")
UPPER = UPPER_CLASS
"""Upper-case Vietnamese letters as a regex class body (À-Ỹ as a range would take lower case)."""
_VOWEL = "a-zA-ZàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđĐ" \
    "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"


@cache
def _tone_table() -> tuple[re.Pattern[str], dict[str, str]]:
    pairs: dict[str, str] = {}
    for old, new in config.textnorm().tone.pairs:
        pairs[old] = new
        pairs[old[0].upper() + old[1]] = new[0].upper() + new[1]
        pairs[old.upper()] = new.upper()
    alternatives = "|".join(sorted(map(re.escape, pairs), key=len, reverse=True))
    # The pair must end the syllable and must not follow "q" (in "quý" the u is a consonant).
    pattern = re.compile(rf"(?<![qQ])({alternatives})(?![{_VOWEL}])")
    return pattern, pairs


@cache
def _legacy_table() -> dict[int, str]:
    return {ord(old): new for old, new in config.textnorm().legacy_glyphs.items()}


def legacy_glyphs(text: str) -> tuple[str, int]:
    """The text with legacy glyphs ("ƣ" for "ư") mapped to Vietnamese letters, and how many."""
    table = _legacy_table()
    count = sum(text.count(chr(c)) for c in table)
    return (text.translate(table), count) if count else (text, 0)


def canonical_tones(text: str) -> str:
    pattern, pairs = _tone_table()
    return pattern.sub(lambda m: pairs[m.group(1)], text)


def clean_chars(text: str) -> str:
    """NFC, one tone placement, odd spaces to plain spaces. Keeps line breaks."""
    text = unicodedata.normalize("NFC", text)
    text = _SPACES.sub(" ", text)
    return canonical_tones(text)


def fold(text: str) -> str:
    """Comparison key per the gold SPEC: NFC, tones, case, whitespace, dashes, UBND."""
    text = clean_chars(text or "")
    text = _DASHES.sub("-", text)
    text = re.sub(r"\bUBND\b", "Ủy ban nhân dân", text)
    return _WS.sub(" ", text).strip().casefold()


@cache
def _plain_table() -> dict[int, str]:
    table = {}
    for c in _VOWEL.replace("a-zA-Z", ""):
        base = unicodedata.normalize("NFD", c.replace("đ", "d").replace("Đ", "D"))[0]
        table[ord(c)] = base
    return table


def strip_diacritics(text: str, composed: bool = False) -> str:
    """"Bền vững" -> "Ben vung"; for matching scrapes that lost their diacritics.
    `composed`: the text is already NFC (normalized text), skip that step."""
    return (text if composed else unicodedata.normalize("NFC", text)).translate(_plain_table())


def pattern(regex: str, flags: int = 0) -> re.Pattern[str]:
    """Compile a data-file regex; `{UP}` stands for the upper-case Vietnamese letter class."""
    return re.compile(regex.replace("{UP}", UPPER), flags)


def is_upper(text: str) -> bool:
    """Mostly capitals: a header or heading line printed in upper case."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def wrap_width(lines: list[str]) -> int | None:
    """The width a hard-wrapped text was cut at (the upper quartile of its line lengths), when
    at least a quarter of its lines run on into a lower-case line; else None."""
    filled = [ln for ln in lines if ln]
    runs = sum(1 for a, b in zip(filled, filled[1:], strict=False)
               if a[-1] not in CLAUSE_END and b[0].islower())
    if len(filled) < 20 or runs < len(filled) // 4:
        return None
    lengths = sorted(len(ln) for ln in filled)
    return lengths[3 * len(lengths) // 4]
