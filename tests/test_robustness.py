"""Every real extra document (gazette texts, saved database pages, PDFs, a DOCX) goes through
the batch: a valid document or an error record that says what went wrong, never a crash."""

from __future__ import annotations

import pytest
from helpers import EXTRA_DIR, make_docx

from plan_extract.document import ExtractedDocument
from plan_extract.pipeline import extract_many
from plan_extract.readers import suffixes

SUFFIXES = suffixes()

EXTRA = sorted(p for p in EXTRA_DIR.rglob("*") if p.suffix.lower() in SUFFIXES)


@pytest.fixture(scope="module")
def outcomes():
    return list(extract_many(EXTRA))


def test_extra_corpus_has_every_format():
    assert {p.suffix.lower() for p in EXTRA} == {".txt", ".html", ".pdf", ".docx", ".md"}


def test_every_extra_document_is_a_document_or_a_clear_error(outcomes):
    assert [o.path for o in outcomes] == EXTRA
    for o in outcomes:
        assert (o.document is None) != (o.error is None), o.path
        if o.error is not None:
            assert o.error.stage != "unknown", o.error
            assert o.error.path == str(o.path) and len(o.error.message) > 10, o.error
            continue
        doc = o.document
        ExtractedDocument.model_validate_json(doc.model_dump_json())
        assert doc.text.strip(), o.path
        for a in doc.activities:
            assert doc.text[a.span.start:a.span.end] == a.text, o.path
        for r in doc.references:
            assert 0 <= r.span.start <= r.span.end <= len(doc.text), o.path


def test_gazette_running_headers_do_not_survive(outcomes):
    for o in outcomes:
        if o.document is not None and o.path.parent.name == "congbao":
            assert "CÔNG BÁO/Số" not in o.document.text, o.path


def test_a_failing_document_does_not_stop_the_batch(tmp_path):
    bad = tmp_path / "hong.pdf"
    bad.write_bytes(b"%PDF-1.4 truncated")
    empty = tmp_path / "trong.docx"
    empty.write_bytes(make_docx(""))
    good = EXTRA[0]
    results = list(extract_many([bad, empty, good]))
    assert [r.path for r in results] == [bad, empty, good]
    assert results[0].error.stage == "ingest" and "PDF" in results[0].error.message
    assert results[1].error.stage == "ingest" and "no text" in results[1].error.message
    assert results[2].document is not None
