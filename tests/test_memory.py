"""Memory per document grows with its length, and by little per line (issue 14: 1 million
short lines took 4.9 GB). Not timed: `benchmarks/bench_big_text.py` measures seconds and
peak RSS; these count allocations (tracemalloc) on texts small enough for a test."""

from __future__ import annotations

import tracemalloc

import pytest

from plan_extract import document
from plan_extract.document import Document
from plan_extract.pipeline import _unread_after, run_bytes

HEAD = "ỦY BAN NHÂN DÂN\nTỈNH TIỀN GIANG\nKẾ HOẠCH\nTổ chức các hội nghị\n"


def plan(lines: int) -> bytes:
    """The benchmark's text: short items, a numbered heading every 50 lines."""
    body = "".join((f"{i // 50 + 1}. Nhóm hội nghị {i // 50 + 1}\n" if i % 50 == 0 else "")
                   + f"- Tổ chức hội nghị số {i};\n" for i in range(lines))
    return (HEAD + body).encode()


def peak_bytes(lines: int) -> int:
    """Peak bytes allocated while a text of `lines` lines is extracted and its JSON written
    (to nowhere), past what was allocated before."""
    data = plan(lines)
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        outcome = run_bytes(data, "txt", "plan.txt")
        assert outcome.document is not None, outcome.error
        assert len(outcome.document.activities) == lines
        for _ in outcome.document.json_chunks(indent=1):
            pass
        return tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()


def test_memory_per_line_is_small_and_linear():
    """Before: 5.8 KB a line at 4,000 lines (a BaseModel of 1.9 KB per activity and its
    span, the outline kept to the end, the whole JSON as one string and its bytes); now
    about 1.5 KB. The bound leaves room for other Python versions; the ratio says the
    growth is linear."""
    run_bytes(plan(200), "txt", "warm.txt")  # caches, the taxonomy and the model loaded
    small, large = peak_bytes(1000), peak_bytes(4000)
    assert large / small < 5, (small, large)
    assert large / 4000 < 2500, f"{large / 4000:.0f} bytes a line"


def test_working_data_goes_when_no_later_stage_reads_it():
    """The lines go after the outline is built, the outline tree after the task tables: the
    pillar stage and the output of a long text do not hold them too."""
    from plan_extract.pipeline import stages

    names = [name for name, _ in stages()]
    unread = dict(zip(names, _unread_after(), strict=True))
    assert "lines" in unread["outline"] and "lines" not in unread["header"]
    assert "outline" in unread["task_tables"] and "outline" not in unread["activities"]
    assert "title" not in unread["task_tables"]  # the pillar classifier reads it


@pytest.mark.parametrize("indent", [None, 1, 2])
def test_json_in_pieces_is_the_json(monkeypatch, indent):
    """`json_chunks` joins to exactly `model_dump_json`: lists cut into batches, one item,
    none."""
    monkeypatch.setattr(document, "_STREAM_BATCH", 3)
    doc = run_bytes(plan(20) + "Căn cứ Quyết định số 161/QĐ-TTg ngày 11 tháng 02 năm 2019;\n"
                    .encode(), "txt", "plan.txt").document
    assert len(doc.activities) > 6 and doc.sections and doc.warnings is not None
    for d in (doc, doc.model_copy(update={"activities": doc.activities[:1], "sections": [],
                                         "warnings": [], "references": []})):
        joined = b"".join(d.json_chunks(indent))
        assert joined == d.model_dump_json(indent=indent).encode()
        assert Document.model_validate_json(joined) == d
