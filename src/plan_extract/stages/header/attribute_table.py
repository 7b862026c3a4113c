"""The attribute table of legal-database pages ("Số hiệu | 179/KH-UBND", "Ngày ban hành
15/06/2017", "Cơ quan ban hành | Tỉnh Bình Định"): the database's curated record, read first
so that it wins over the document's own header."""

from __future__ import annotations

from typing import NamedTuple

from ...document import Line, Metadata
from ...lexicon import dates
from ...lexicon.attributes import label_line, label_values
from ...lexicon.doc_types import doc_type_word
from .result import HeaderResult, line_span


class Cell(NamedTuple):
    """A value of the table and the line it is on."""

    value: str
    line: Line


AttributeTable = dict[str, Cell]
"""Metadata field name -> the first cell that gives it."""


def attribute_table(head: list[Line]) -> AttributeTable:
    """Key/value cells: "Số hiệu 179/KH-UBND", "Số ký hiệu | 101/2015/QH13 | Ngày ban hành | …",
    and composite keys ("Cơ quan ban hành/ Chức danh/ Người ký | Quốc hội | … | <name>");
    only metadata fields count, and only a table of two or more of them."""
    found: AttributeTable = {}
    for ln in head:
        if len(ln.text) > 300:
            continue
        cells = [c.strip() for c in ln.text.split("|")]
        if len(cells) > 2:
            for name, value in label_values(cells):
                if value and name in Metadata.model_fields:
                    found.setdefault(name, Cell(value, ln))
            continue
        pair = label_line(ln.text)
        if pair and len(ln.text) < 160 and pair[0] in Metadata.model_fields:
            found.setdefault(pair[0], Cell(pair[1], ln))
    return found if len(found) >= 2 else {}


def read_attribute_table(res: HeaderResult, attrs: AttributeTable) -> None:
    """Every field the table gives, dates parsed and the type word canonical; the issuer
    ("Cơ quan ban hành") is left to the issuer reader, which merges it with the header's organ."""
    for name, (value, ln) in attrs.items():
        span = line_span(ln)
        if name in ("issue_date", "effective_date"):
            res.put(name, dates.parse_date(value), "attribute-table", span)
        elif name == "doc_type":
            res.put(name, doc_type_word(value) or value, "attribute-table", span)
        elif name == "issuer":
            continue  # merged with the header's organ by the issuer reader
        else:
            res.put(name, value, "attribute-table", span)
