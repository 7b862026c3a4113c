"""Tone marks OCR misreads in running text ("Đây mạnh", "tô chức", "triên khai", "Hễ trợ"): a
word that never stands beside its neighbours in the corpus's digital texts, while a word of
the same letters (tone marks and look-alike letters aside) stands there often, is put back
as that word. Words spelt right but unseen keep their letters: only a pair the counts know,
against one they never saw, changes a word."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from functools import cache

from ... import config
from ...lexicon.textnorm import canonical_tones, strip_diacritics

_WORD = re.compile(r"[^\W\d_]+")
_GAP = re.compile(r"\s{1,3}|,\s{0,2}")
"""What parts two neighbouring words: spaces or a comma, no sentence's end or clause's."""


def _near(line: str, a: re.Match[str], b: re.Match[str]) -> bool:
    return _GAP.fullmatch(line, a.end(), b.start()) is not None


def neighbours(line: str) -> Iterator[tuple[str, str]]:
    """The pairs of neighbouring words of a line, lower case, as the counts hold them."""
    prev = None
    for m in _WORD.finditer(line):
        if prev is not None and _near(line, prev, m):
            yield prev[0].lower(), m[0].lower()
        prev = m


@cache
def _confusable() -> dict[int, str]:
    return str.maketrans(config.ocr_fixes().tones.confusable)


def _coarse(word: str) -> str:
    """The letters OCR keeps: no tone marks, one letter for each look-alike pair."""
    return strip_diacritics(word, composed=True).lower().translate(_confusable())


@cache
def _index() -> dict[tuple[str, str], dict[tuple[str, str], int]]:
    """Pairs seen in the digital texts, by their coarse letters."""
    index: dict[tuple[str, str], dict[tuple[str, str], int]] = defaultdict(dict)
    for pair, n in config.ocr_bigrams().bigrams.items():
        a, b = pair.split(" ")
        index[_coarse(a), _coarse(b)][a, b] = n
    return dict(index)


@cache
def _known() -> frozenset[str]:
    """Words the counts hold a pair of."""
    return frozenset(w for pair in config.ocr_bigrams().bigrams for w in pair.split(" "))


def _votes(word: str, other: str, left: bool) -> tuple[bool, dict[str, int]]:
    """Whether `word` is seen beside `other` (on its left when `left`), and the words of its
    letters seen there, with their counts."""
    key = (_coarse(other), _coarse(word)) if left else (_coarse(word), _coarse(other))
    forms = _index().get(key, {})
    seen = ((other, word) if left else (word, other)) in forms
    votes = {(b if left else a): n for (a, b), n in forms.items() if (a if left else b) == other}
    return seen, votes


_OPENING = re.compile(r"[\W\d_]*(?:(?:[a-zđ]|[IVXLC]+)[).]\s*)?")
"""What may stand before a line's first word: a bullet, a number, a label ("b)", "IV.")."""


def _inside_name(line: str, m: re.Match[str]) -> bool:
    """A capitalised word after the line's opening: a name's ("Ông Vũ Việt Linh", "Ông. Vũ"),
    not a sentence's first ("b) Đây mạnh …", "- Tô chức …")."""
    return (m[0][:1].isupper() and not m[0].isupper()
            and _OPENING.fullmatch(line, 0, m.start()) is None)


def _marks(word: str) -> int:
    """Diacritics on a word: OCR loses them far more often than it makes them up, so a word
    put back with fewer ("trồng" -> "trong") needs both neighbours to say so."""
    return sum(unicodedata.combining(c) > 0 for c in unicodedata.normalize("NFD", word)) + word.count("đ")


def _cased(printed: str, word: str) -> str:
    if len(printed) > 1 and printed.isupper():
        return word.upper()
    return word[:1].upper() + word[1:] if printed[:1].isupper() else word


def restore_tones(line: str) -> str:
    """The OCRed line with each misread word put back (see the module's docstring). A word
    capitalised inside a sentence (a name, "Vũ Việt Linh") keeps its letters; the word put back
    must be seen beside each neighbour the counts know ("dẫn cố vấn" is no "dẫn cơ vấn" for
    "hướng dẫn cơ sở")."""
    least = config.ocr_fixes().tones.min_count
    matches = list(_WORD.finditer(line))
    words = [m[0].lower() for m in matches]
    for _ in range(config.ocr_fixes().tones.passes):
        changed = False
        for i, word in enumerate(words):
            if _inside_name(line, matches[i]):
                continue
            sides = [(j, left) for j, left in ((i - 1, True), (i + 1, False)) if 0 <= j < len(words)
                     and _near(line, *((matches[j], matches[i]) if left else (matches[i], matches[j])))]
            tally: dict[str, int] = defaultdict(int)
            seen, votes = False, []
            for j, left in sides:
                here, side = _votes(word, words[j], left)
                seen |= here
                votes.append((words[j] in _known(), side))
                for form, n in side.items():
                    tally[form] += n
            if seen or not tally:
                continue
            best, n = max(tally.items(), key=lambda kv: (kv[1], kv[0]))
            both = len(votes) == 2 and all(known and best in side for known, side in votes)
            if (n >= least and canonical_tones(best) != canonical_tones(word)
                    and all(best in side for known, side in votes if known)
                    and (both or _marks(best) >= _marks(word))):
                words[i] = best
                changed = True
        if not changed:
            break
    out, pos = [], 0
    for m, word in zip(matches, words, strict=True):
        out += [line[pos:m.start()], m[0] if word == m[0].lower() else _cased(m[0], word)]
        pos = m.end()
    return "".join(out) + line[pos:]
