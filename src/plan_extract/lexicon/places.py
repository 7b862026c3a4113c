"""Vietnamese administrative units (63 pre-2025 provinces with their districts, plus the
2025 merged provinces), for issuer casing, level and district-to-province lookup.

The data file is built by scripts/build_admin_units.py from the vietnam-provinces package.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

from .. import config
from .textnorm import UPPER, fold, strip_diacritics


@dataclass(frozen=True)
class Place:
    name: str
    unit: str  # tỉnh, thành phố, huyện, quận, thị xã
    level: str  # province or district
    province: str


@cache
def _tables() -> tuple[dict[str, Place], dict[str, list[Place]]]:
    provinces: dict[str, Place] = {}
    districts: dict[str, list[Place]] = {}
    for p in config.admin_units().provinces:
        provinces[fold(p.name)] = Place(p.name, p.unit, "province", p.name)
        for d in p.districts:
            districts.setdefault(fold(d.name), []).append(
                Place(d.name, d.unit, "district", p.name)
            )
    return provinces, districts


def province(name: str) -> Place | None:
    return _tables()[0].get(fold(name))


def districts(name: str) -> list[Place]:
    return _tables()[1].get(fold(name), [])


def resolve(unit: str, name: str, text: str = "") -> Place | None:
    """The place a header or sentence names ("tỉnh", "Tiền Giang"); a district name shared by
    several provinces ("Châu Thành") is settled by the province the text mentions most."""
    unit = unit.casefold()
    if unit == "tỉnh" or (unit == "thành phố" and (p := province(name)) and p.unit == unit):
        return province(name)
    candidates = [d for d in districts(name) if d.unit == unit] or districts(name)
    if len(candidates) == 1:
        return candidates[0]
    if candidates and text:
        counts = province_mentions(text)
        best = max(candidates, key=lambda d: counts.get(d.province, 0))
        if counts.get(best.province):
            return best
    return None


@cache
def _province_pattern() -> re.Pattern[str]:
    names = sorted((p.name for p in _tables()[0].values()), key=len, reverse=True)
    return re.compile(r"(?<!\w)(" + "|".join(map(re.escape, names)) + r")(?!\w)")


def province_mentions(text: str) -> Counter[str]:
    return Counter(m.group(1) for m in _province_pattern().finditer(text))


def most_mentioned_province(*texts: str) -> str | None:
    """The province the first of `texts` that names any names most, else None."""
    for text in texts:
        if counts := province_mentions(text):
            return counts.most_common(1)[0][0]
    return None


_UNIT_NAME = re.compile(
    rf"(?i:\b(huyện|quận|thị xã|thành phố))\s+((?:[{UPPER}][^\s,.;:()]*)(?:\s+[{UPPER}][^\s,.;:()]*)*)"
)


def district_mentions(text: str) -> Counter[Place]:
    """Districts named with their unit ("huyện Mê Linh"), counted."""
    found: Counter[Place] = Counter()
    for m in _UNIT_NAME.finditer(text):
        words = m.group(2).split()
        # Longest known prefix of the capitalised run: "huyện Mê Linh Hà Nội" -> Mê Linh.
        for n in range(len(words), 0, -1):
            place = resolve(m.group(1), " ".join(words[:n]), text)
            if place and place.level == "district":
                found[place] += 1
                break
    return found


@cache
def _bare_names() -> tuple[frozenset[str], frozenset[str]]:
    provinces, districts = _tables()
    return (frozenset(strip_diacritics(k) for k in provinces),
            frozenset(strip_diacritics(k) for k in districts))


def is_place_name(text: str) -> bool:
    """Whether `text` is a seal's place, not a person: a province's name, its diacritics as
    read or lost ("Lao Cai", "Hà Tĩnh"), or a district's printed in capitals as seals are.
    A district name in title case may be a person's ("Mai Sơn")."""
    key = strip_diacritics(fold(text))
    provinces, districts = _bare_names()
    return key in provinces or (key in districts and text.isupper())


def title_name(upper: str) -> str:
    """Proper casing for a place printed in capitals ("TIỀN GIANG" -> "Tiền Giang")."""
    p = province(upper)
    if p:
        return p.name
    ds = districts(upper)
    if ds:
        return ds[0].name
    return " ".join(w[:1].upper() + w[1:].lower() for w in upper.split())
