"""Vietnamese document types: the type word that opens a title ("KẾ HOẠCH", "QUYẾT ĐỊNH")
and the type code inside a number ("179/KH-UBND" is a Kế hoạch)."""

from __future__ import annotations

import re
from functools import cache

from .. import config
from .textnorm import fold


def _cfg() -> config.DocTypesData:
    return config.doc_types()


@cache
def _folded_names() -> tuple[tuple[str, str], ...]:
    return tuple((fold(name), name) for name in _cfg().types.names)


def names() -> list[str]:
    """Type words in title case, in the order they are tried."""
    return list(_cfg().types.names)


def doc_type_word(text: str) -> str | None:
    """The type a title line opens with, or None."""
    # A footnote mark glued to the type word ("THÔNG TƯ1" in gazette consolidated texts).
    t = re.sub(r"(?<=[^\W\d])\d{1,2}$", "", fold(text))
    for folded, name in _folded_names():
        if t == folded or t.startswith(folded + " ") or t.startswith(folded + ":"):
            return name
    return None


def is_doc_title(text: str) -> bool:
    """"KẾ HOẠCH", "QUY CHẾ" alone on a line: the title of a (new) document."""
    t = fold(text).strip(" :")
    return any(t == folded for folded, _ in _folded_names())


def doc_type_from_number(number: str) -> str | None:
    """The type code among a number's parts ("179/KH-UBND" -> Kế hoạch)."""
    codes = _cfg().codes
    for part in re.split(r"[/\-]", number):
        if part in codes:
            return codes[part]
    return None
