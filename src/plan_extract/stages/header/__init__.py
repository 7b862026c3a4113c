"""Header metadata: the document kind and every SPEC `metadata` field, with provenance.

Two layouts are read and merged: the attribute table of legal-database pages ("Số hiệu |
179/KH-UBND", "Ngày ban hành 15/06/2017") and the national header of Decree 30/2020/NĐ-CP
(issuing organ top left, motto top right, "Số: …", "<place>, ngày … tháng … năm …", the
title in capitals, the signature block "TM./KT. … <name>" at the end). The attribute table
wins where both speak, as it is the database's curated record. News articles carry no
header: their metadata describe the plan the article reports on.

Each field reader puts values into a `HeaderResult`, which keeps the first value a field gets;
the readers run in order of trust:

- `attribute_table`: the legal database's attribute table;
- `national`: number, place-date, title and type word, the document kind;
- `issuer`: the issuing organ and its locality;
- `signer`: the name in the signature block;
- `period`: the period (title) and the effective date (body);
- `news`: a news article's date and the plan it reports;
- `sources`: a site adapter's fields and e-signature widgets, last.
"""

from __future__ import annotations

from ...document import Document, Metadata
from ...lexicon.doc_types import doc_type_word
from ..registry import stage
from .attribute_table import attribute_table, read_attribute_table
from .issuer import read_issuer
from .national import (
    find_motto,
    find_number_line,
    is_legal,
    kind_of,
    read_doc_type_from_number,
    read_issuing_caption,
    read_number,
    read_place_date,
    read_self_issuance,
    read_title,
    self_issuance,
)
from .news import read_news
from .period import read_effective, read_period, start_from_issue
from .result import HeaderResult
from .signer import read_signer
from .sources import mark_widgets, merge_adapter

__all__ = ["HEADER_WINDOW", "HeaderResult", "doc_type_word", "parse_header", "read_header"]

HEADER_WINDOW = 60  # lines searched for the national header and attribute table


@stage("header", requires={"lines", "text", "attributes"},
       assigns={"kind", "metadata", "metadata_provenance", "title", "issuance_span"})
def parse_header(doc: Document) -> Document:
    """The document's kind and header metadata, with where each value came from."""
    res = read_header(doc)
    return doc.updated(res.warnings, kind=res.kind, metadata=res.metadata,
                       metadata_provenance=res.provenance, title=res.title,
                       issuance_span=res.issuance_span)


def read_header(doc: Document) -> HeaderResult:
    """The field readers in order: the attribute table, the national header, then the rest of
    a legal document (title, issuer, signer, period, effective date) or of a news article,
    and last what a site adapter or the signature widgets say."""
    head = doc.lines[:HEADER_WINDOW]
    res = HeaderResult(kind="news", metadata=Metadata())
    attrs = attribute_table(head)
    motto_idx = find_motto(head)
    number_line = find_number_line(head)
    issuing = None if is_legal(head, attrs, motto_idx, number_line) else self_issuance(head)
    legal = issuing is not None or is_legal(head, attrs, motto_idx, number_line)

    read_attribute_table(res, attrs)
    read_number(res, number_line)
    date_line = read_place_date(res, head)
    if legal:
        read_issuing_caption(res, head)
        read_title(res, head, date_line, motto_idx)
        read_doc_type_from_number(res, head)
        read_issuer(res, head, attrs, doc.text, number_line, date_line)
        read_signer(res, doc.lines)
        read_period(res, doc.lines)
        read_effective(res, doc.text)
        if issuing is not None:  # a plan copied without its header
            read_self_issuance(res, issuing)
        res.kind = kind_of(res.metadata.doc_type)
    else:
        read_news(res, doc)
    merge_adapter(res, doc.attributes)
    mark_widgets(res, doc.attributes)
    start_from_issue(res)
    return res
