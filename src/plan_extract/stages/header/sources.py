"""Sources beside the text: the fields a site adapter read off the page (`doc.attributes`),
and the signature widgets of an e-signed PDF, where the number and day are drawn."""

from __future__ import annotations

import re

from ...document import Warning
from ...lexicon.doc_types import doc_type_word
from ...lexicon.textnorm import fold
from .issuer import match_organ
from .national import kind_of
from .result import HeaderResult

ADAPTER_FIELDS = ("doc_type", "doc_number", "issue_date", "effective_date", "issuer", "signer",
                  "field", "published_date")


def merge_adapter(res: HeaderResult, attrs: dict[str, str]) -> None:
    """What a site adapter read off the page fills a missing field, confirms an equal one,
    and is reported where it disagrees with the text (the text's value is kept)."""
    md = res.metadata
    for name in ADAPTER_FIELDS:
        value = attrs.get(name)
        if not value:
            continue
        if name == "doc_type":
            value = doc_type_word(value) or value
        current = getattr(md, name)
        if current is None:
            res.put(name, value, "adapter")
            if name == "issuer" and md.issuer_level is None:
                organ, rest = match_organ(value.upper())
                if organ is not None and not rest and organ.level:
                    res.put("issuer_level", organ.level, "adapter")
            if name == "doc_type" and res.kind in ("news", "other") and (
                    attrs.get("doc_number") or attrs.get("issue_date")):
                res.kind = kind_of(value)
        elif fold(str(current)) == fold(value):
            res.provenance[name].confirmed_by.append("adapter")
        else:
            res.warnings.append(Warning(stage="header", code="adapter-disagrees",
                                        message=f"{name}: the page says {value!r}, the text "
                                                f"{current!r}; kept the text's"))


def mark_widgets(res: HeaderResult, attrs: dict[str, str]) -> None:
    """An e-signed PDF draws the number and the day in signature widgets (ingest places that
    text where it is drawn); values read from there say so."""
    drawn = set(attrs.get("signature_widgets", "").replace("|", " ").split())
    if not drawn:
        return
    md = res.metadata
    number = re.match(r"\d+", md.doc_number or "")
    if number and number.group(0) in drawn and "doc_number" in res.provenance:
        res.provenance["doc_number"].provenance = "signature-widget"
    if md.issue_date and len(md.issue_date) == 10 and "issue_date" in res.provenance:
        day = md.issue_date[8:]
        if day in drawn or day.lstrip("0") in drawn:
            res.provenance["issue_date"].provenance = "signature-widget"
