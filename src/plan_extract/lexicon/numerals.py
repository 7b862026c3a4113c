"""Roman numerals as plans number their main parts (I. … XXXIX.), for the outline and for
repairing numerals OCR misread."""

from __future__ import annotations

_ROMAN = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def to_roman(n: int) -> str:
    """`n` in the Roman numerals that number a plan's main parts (I. … XXXIX.); the texts
    never go past a few dozen, so no L or C."""
    out = ""
    for value, numeral in _ROMAN:
        while n >= value:
            out += numeral
            n -= value
    return out


def from_roman(s: str) -> int:
    """The value of a Roman heading's numeral (I, IV, XII: the subtractive forms included);
    a letter other than I, V, X counts nothing."""
    values = {"I": 1, "V": 5, "X": 10}
    total = 0
    for a, b in zip(s, s[1:] + " ", strict=False):
        v = values.get(a, 0)
        total += -v if values.get(b, 0) > v else v
    return total


_ORDINALS = {"nhất": 1, "một": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6,
             "bảy": 7, "tám": 8, "chín": 9, "mười": 10}


def part_number(value: str) -> int | None:
    """The number of a part as printed: "2", "II", or the ordinal word of "Phần thứ hai"."""
    if value.isdigit():
        return int(value)
    if value and set(value.upper()) <= set("IVX"):
        return from_roman(value.upper())
    return _ORDINALS.get(value.lower())
