"""Attribute labels of the national legal database ("Số ký hiệu", "Ngày ban hành", "Cơ quan
ban hành/ Chức danh / Người ký", …) and the one reader of "Key | value" cells, shared by the
header stage (an attribute table in the text) and the site readers (the page's tabs)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from .. import config
from .textnorm import fold

_INLINE = re.compile(r"^([^:]{3,40}):\s*(\S.*)$")


def _cfg() -> config.AttributesData:
    return config.attributes()


@cache
def labels() -> dict[str, tuple[str, ...]]:
    """Folded label -> the fields of the cells after it ("-" skips a cell)."""
    return {fold(label): tuple(fields.split("/")) for label, fields in _cfg().labels.items()}


@cache
def date_fields() -> frozenset[str]:
    return frozenset(_cfg().fields.dates)


def label_values(cells: list[str], inline: bool = False) -> Iterator[tuple[str, str]]:
    """(field, value) of "Key | value | Key | value" cells; a composite label takes the cells
    after it in order. With `inline`, a "Key: value" cell counts too."""
    known = labels()
    i = 0
    while i < len(cells):
        fields = known.get(fold(cells[i]).rstrip(":"))
        if fields is not None:
            for j, name in enumerate(fields, start=1):
                if name != "-" and i + j < len(cells):
                    yield name, cells[i + j]
            i += 1 + len(fields)
            continue
        if inline and (m := _INLINE.match(cells[i])) and (fields := known.get(fold(m.group(1)))):
            yield fields[0], m.group(2)
        i += 1


@cache
def _line_pattern() -> re.Pattern[str]:
    alternatives = "|".join(sorted(map(re.escape, _cfg().labels), key=len, reverse=True))
    return re.compile(rf"^(?P<key>{alternatives})\s*(?:\||:)?\s*(?P<value>\S.*)$", re.IGNORECASE)


def label_line(text: str) -> tuple[str, str] | None:
    """(field, value) of a line "Số hiệu 179/KH-UBND" / "Ngày ban hành: 15/06/2017"."""
    m = _line_pattern().match(text)
    if not m:
        return None
    return labels()[fold(m.group("key"))][0], m.group("value").strip(" |:")
