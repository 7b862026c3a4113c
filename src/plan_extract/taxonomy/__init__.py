"""Pillar taxonomies, one data folder each (`data/taxonomies/<name>/`: taxonomy.json, the
trained model.json, optional train.jsonl), and Rule 1 of PILLARS.md: a heading, group heading
or the activity's own lead phrase that names a pillar ("… xây dựng cộng đồng bền vững")
declares it. Matching is on syllables without diacritics, a syllable may miss one letter, so
scrape damage ("bn vững", "cộng đng") and either tone placement still match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..config import DATA_DIR, TaxonomyData, read_data, validated
from ..lexicon.textnorm import strip_diacritics

DEFAULT_TAXONOMY = "ascc_2025"
"""The taxonomy of a document that nothing selects another one for (`taxonomy.selection`)."""
AUTO_TAXONOMY = "auto"
"""A run's taxonomy when each document's own citations choose it (`extract` without
--taxonomy): `taxonomy.selection.choose_taxonomy`."""
TAXONOMY_DIR = DATA_DIR / "taxonomies"
"""One folder per taxonomy; adding a taxonomy is adding a folder."""

_WORD = re.compile(r"[^\W_]+(?:/[^\W_]+)?", re.UNICODE)
_FIRST_CLAUSE = re.compile(r"[,;:.(]|\s-\s")



def syllables(text: str) -> list[str]:
    """Lower-case syllables. Activity and heading texts are already normalized (NFC, one
    tone placement), so a case fold is all that is left to do."""
    return _WORD.findall(text.casefold())



@dataclass(frozen=True, eq=False)
class Taxonomy:
    name: str
    codes: tuple[str, ...]
    #: (pillar code, phrase as printed, its syllables without diacritics)
    declaring: tuple[tuple[str, str, tuple[str, ...]], ...]
    #: (pillar code, element code, keyword syllable tuples)
    elements: tuple[tuple[str, str, tuple[tuple[str, ...], ...]], ...]
    data: TaxonomyData
    #: first syllable -> (keyword syllables, pillar, element), for one pass over a text
    keyword_index: dict[str, tuple[tuple[tuple[str, ...], str, str], ...]]


def taxonomy_dir(name: str) -> Path:
    return TAXONOMY_DIR / name


def taxonomy_path(name: str) -> Path:
    return taxonomy_dir(name) / "taxonomy.json"


def available_taxonomies() -> list[str]:
    return sorted(p.parent.name for p in TAXONOMY_DIR.glob("*/taxonomy.json"))


@cache
def load_taxonomy(name: str = DEFAULT_TAXONOMY) -> Taxonomy:
    """The taxonomy of folder `name`, validated (a broken file is a ConfigError)."""
    path = taxonomy_path(name)
    if not path.exists():
        raise ValueError(f"unknown taxonomy {name!r}; available: {', '.join(available_taxonomies())}")
    data = validated(TaxonomyData, read_data(path), f"taxonomy {name} ({path})")
    declaring = []
    elements = []
    for pillar in data.pillars:
        for phrase in pillar.declaring:
            declaring.append((pillar.code, phrase, tuple(_bare(phrase))))
        for el in pillar.elements:
            kws = tuple(tuple(syllables(k)) for k in el.keywords if syllables(k))
            elements.append((pillar.code, el.code, kws))
    # Longest phrases first: "cộng đồng tiến bộ, hòa nhập, bình đẳng" before "cộng đồng hòa nhập".
    declaring.sort(key=lambda d: -len(d[2]))
    index: dict[str, list[tuple[tuple[str, ...], str, str]]] = {}
    for code, element, keywords in elements:
        for kw in keywords:
            index.setdefault(kw[0], []).append((kw, code, element))
    return Taxonomy(name=data.name, codes=tuple(p.code for p in data.pillars),
                    declaring=tuple(declaring), elements=tuple(elements), data=data,
                    keyword_index={k: tuple(v) for k, v in index.items()})


def _bare(text: str) -> list[str]:
    return _WORD.findall(strip_diacritics(text, composed=True).casefold())


def _near(word: str, target: str) -> bool:
    """Equal, or `word` is `target` with one letter lost ("bn" for "ben")."""
    if word == target:
        return True
    if len(target) < 3 or len(word) != len(target) - 1:
        return False
    return any(target[:i] + target[i + 1:] == word for i in range(len(target)))


def _variants(word: str) -> set[str]:
    """The word and, from three letters on, each form with one letter lost."""
    out = {word}
    if len(word) >= 3:
        out.update(word[:i] + word[i + 1:] for i in range(len(word)))
    return out


@cache
def _lead_words(taxonomy_name: str) -> tuple[frozenset[str], frozenset[str]]:
    """Every form of the declaring phrases' first and second syllables, to skip positions
    fast ("công tác" strips to "cong tac", like "cộng đồng" to "cong dong")."""
    targets = [t for _, _, t in load_taxonomy(taxonomy_name).declaring]
    first = frozenset(v for t in targets for v in _variants(t[0]))
    second = frozenset(v for t in targets if len(t) > 1 for v in _variants(t[1]))
    return first, second


@cache
def _lead_pairs(taxonomy_name: str) -> re.Pattern[str]:
    """Every form of the declaring phrases' first two syllables as one string, in one
    alternation: a text that contains none of them names no pillar (a cheap test before the
    syllable-by-syllable one; one regex search costs a quarter of testing each form)."""
    targets = [t for _, _, t in load_taxonomy(taxonomy_name).declaring if len(t) > 1]
    pairs = sorted({f"{a} {b}" for t in targets for a in _variants(t[0]) for b in _variants(t[1])})
    return re.compile("|".join(map(re.escape, pairs)))


def declaring_phrase(text: str, taxonomy: Taxonomy) -> tuple[str, str] | None:
    """(pillar, phrase) when `text` names a pillar with one of the taxonomy's phrasings."""
    plain = strip_diacritics(text, composed=True).casefold()
    if not _lead_pairs(taxonomy.name).search(plain):
        return None
    words = _WORD.findall(plain)
    first, second = _lead_words(taxonomy.name)
    positions = [i for i, w in enumerate(words)
                 if w in first and (i + 1 == len(words) or words[i + 1] in second)]
    if not positions:
        return None
    for code, phrase, target in taxonomy.declaring:
        n = len(target)
        for i in positions:
            if i + n <= len(words) and all(_near(words[i + k], target[k]) for k in range(n)):
                return code, phrase
    return None


def lead_phrase(text: str, limit: int = 300) -> str:
    """The activity's own lead: up to its first colon, semicolon or sentence end (and no
    further than `limit` characters: a lead is a phrase, not a paragraph)."""
    m = re.search(r"[:;]|\.(?:\s|$)", text[:limit])
    return text[: m.start()] if m else text[:limit]
