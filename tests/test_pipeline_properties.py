"""The whole pipeline on arbitrary plan-like text: no crash, every span points at its text."""

from __future__ import annotations

from helpers import raw_document, vi_text
from hypothesis import given

from plan_extract.document import ExtractedDocument
from plan_extract.pipeline import extract_document


def _within(span, text: str) -> bool:
    return 0 <= span.start <= span.end <= len(text)


@given(vi_text())
def test_extract_document_spans_ids_and_round_trip(text):
    doc = extract_document(raw_document(text))
    assert [a.id for a in doc.activities] == list(range(1, len(doc.activities) + 1))
    for a in doc.activities:
        assert _within(a.span, doc.text)
        assert doc.text[a.span.start:a.span.end] == a.text
    starts = [a.span.start for a in doc.activities]
    assert starts == sorted(starts), "activities are in document order"
    for r in doc.references:
        assert _within(r.span, doc.text)
    for s in doc.sections:
        assert _within(s.span, doc.text)
    for source in doc.metadata_provenance.values():
        assert source.span is None or _within(source.span, doc.text)
    for w in doc.warnings:
        assert w.span is None or _within(w.span, doc.text)
    # The output contract: what the CLI writes reads back as the same document.
    assert ExtractedDocument.model_validate_json(doc.model_dump_json()) == doc
