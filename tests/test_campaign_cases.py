"""The fault campaign's cases (scripts/fault_campaign.py, issue 14), each family from a small
generator: every one hung a batch or failed without naming its stage before its fix. Each
test runs in well under its time budget now; before the fix each took from tens of seconds
to hours."""

from __future__ import annotations

import random
import time

import pytest
from helpers import normalized
from hypothesis import given, settings
from hypothesis import strategies as st

from plan_extract.stages.normalize import _drop_repeated_runs

# --- normalize: repeated runs of lines -----------------------------------------------------------


def _old_drop_repeated_runs(lines: list[str], min_lines: int = 3, min_chars: int = 200):
    """The quadratic finder the linear one replaced, as the reference of what it drops."""
    content = [i for i, line in enumerate(lines) if line]
    texts = [lines[i] for i in content]
    first_seen: dict[str, list[int]] = {}
    drop: set[int] = set()
    k = 0
    while k < len(texts):
        best = 0
        for j in first_seen.get(texts[k], []):
            n = 0
            while k + n < len(texts) and j + n < k and texts[j + n] == texts[k + n]:
                n += 1
            best = max(best, n)
        if best >= min_lines and sum(len(t) for t in texts[k:k + best]) >= min_chars:
            drop.update(content[k:k + best])
            k += best
            continue
        first_seen.setdefault(texts[k], []).append(k)
        k += 1
    return [ln for i, ln in enumerate(lines) if i not in drop], [lines[i] for i in sorted(drop)]


def test_a_short_block_repeated_thousands_of_times_between_other_lines_is_linear():
    """The same 3-line block thousands of times, each repeat followed by its own line (too
    short a repeat to drop): every repeat was compared with every earlier one (4,000: 29 s,
    20,000 in the campaign: a hang)."""
    lines = []
    for i in range(6_000):
        lines += ["- Tổ chức", "a) thực hiện", "1. Sở", f"Mục {i}"]
    t0 = time.perf_counter()
    kept, removed = _drop_repeated_runs(lines)
    assert time.perf_counter() - t0 < 1.5
    assert kept == lines and removed == []


def test_a_long_block_repeated_thousands_of_times_is_dropped_after_its_first_copy():
    block = [f"Dòng {i} của khối lặp lại, đủ dài để là một khối mà trang cào in lại sau mỗi mục"
             for i in range(3)]
    block.append("")
    lines = ["KẾ HOẠCH", *block * 20_000, "Hết."]
    t0 = time.perf_counter()
    doc = normalized("\n".join(lines))
    assert time.perf_counter() - t0 < 4
    assert [ln.text for ln in doc.lines] == ["KẾ HOẠCH", *block[:3], "Hết."]


_LINE = st.sampled_from(["", "a", "b", "- Tổ chức thực hiện", "x" * 90, "y" * 120, "Sở Nội vụ chủ trì."])


@settings(max_examples=300, deadline=None)
@given(st.lists(_LINE, max_size=60), st.integers(1, 4), st.sampled_from([1, 50, 200]))
def test_the_linear_run_finder_drops_what_the_quadratic_one_did(lines, min_lines, min_chars):
    from plan_extract.stages import normalize as module

    cfg = module._config()
    saved = (cfg.dedup_min_lines, cfg.dedup_min_chars)
    cfg.dedup_min_lines, cfg.dedup_min_chars = min_lines, min_chars
    try:
        assert _drop_repeated_runs(lines) == _old_drop_repeated_runs(lines, min_lines, min_chars)
    finally:
        cfg.dedup_min_lines, cfg.dedup_min_chars = saved


# --- references: thousands of citations -----------------------------------------------------------


def _citations(n: int) -> str:
    types = [("Quyết định", "QĐ-UBND"), ("Nghị định", "NĐ-CP"), ("Thông tư", "TT-BNV"),
             ("Kế hoạch", "KH-UBND")]
    lines = ["KẾ HOẠCH"]
    for i in range(n):
        word, code = types[i % 4]
        lines.append(f"Căn cứ {word} số {i + 1}/{2000 + i % 25}/{code} ngày {i % 28 + 1} tháng "
                     f"{i % 12 + 1} năm 2020 của Ủy ban nhân dân tỉnh về việc triển khai nhiệm vụ {i};")
    for i in range(n):  # each cited again in the body, and a law by its name and date
        word, code = types[i % 4]
        lines.append(f"- Thực hiện theo {word} số {i + 1}/{2000 + i % 25}/{code} và các số {i + 7}/"
                     f"{code}; Luật Tổ chức nhiệm vụ {i} ngày 1/2/2015, Luật Tổ chức nhiệm vụ {i}.")
    return "\n".join(lines)


def test_thousands_of_citations_are_read_in_linear_time():
    """Each citation after "số" was checked against every typed one, and each law against
    every document already taken and seen: 2,500 citations took 40 s, 10,000 hung."""
    from plan_extract.stages.references import cited_documents

    text = _citations(2_500)
    t0 = time.perf_counter()
    found = cited_documents(text, None)
    assert time.perf_counter() - t0 < 4
    numbers = {r.doc_number for r in found if r.doc_number}
    assert "1/2000/QĐ-UBND" in numbers and "2500/2024/KH-UBND" in numbers
    laws = [r for r in found if r.doc_type == "Luật"]
    assert len(laws) == 2_500  # once each: the later mention without its date is the same law


# --- header and task tables: rows of thousands of cells ------------------------------------------


def test_a_task_table_copied_as_text_with_thousands_of_cells_reads_in_time():
    """Each "Sở" of a row without punctuation was tried as the issuer of an issuance sentence
    up to the row's end (quadratic: a row of 3,000 cells took 2 s, 50 of them hung the
    header stage), and each cell was asked every header name."""
    import plan_extract

    rng = random.Random(1)
    rows = [" | ".join(rng.choice(("", "x", "Sở Nội vụ", "2025")) for _ in range(3_000)) for _ in range(8)]
    text = "\n".join(["KẾ HOẠCH", *rows])
    t0 = time.perf_counter()
    doc = plan_extract.extract(text.encode(), format="txt")
    assert time.perf_counter() - t0 < 4
    assert doc.text.count("Sở Nội vụ") == text.count("Sở Nội vụ")


def test_an_issuance_sentence_names_its_department_as_before():
    """The bounded name reads what the unbounded one did on real sentences."""
    import re

    from plan_extract.stages.header._data import _re

    for key in ("issued", "cited"):
        new = _re(key, "news", 0)
        old = re.compile(new.pattern.replace("{1,120}?", "+?"))
        for sentence in ("Ngày 5/8/2021, Sở Văn hóa, Thể thao và Du lịch tỉnh Quảng Trị ban hành Kế "
                         "hoạch số 120/KH-SVHTTDL về …",
                         "Sở Kế hoạch và Đầu tư tỉnh Bà Rịa - Vũng Tàu vừa ban hành Kế hoạch số 1/KH",
                         "Bộ Lao động - Thương binh và Xã hội đã ban hành Quyết định số 2/QĐ-BLĐTBXH",
                         "theo Kế hoạch số 259/KH-UBND ngày 11/8/2021 của Sở Nội vụ tỉnh Hà Tĩnh."):
            a, b = new.search(sentence), old.search(sentence)
            assert (a and a.groupdict()) == (b and b.groupdict())


# --- ingest: DOCX with millions of elements, Markdown with huge pipe tables --------------------


def _small_docx(body: bytes) -> bytes:
    import io
    import zipfile

    w = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b'<?xml version="1.0"?><w:document xmlns:w="' + w
                    + b'"><w:body>' + body + b"</w:body></w:document>")
    return buf.getvalue()


def test_a_docx_of_millions_of_elements_is_refused_before_it_is_parsed():
    """700,000 paragraphs (2.1 million elements) in a 70 kB archive took 35 s and 500 MiB in
    python-docx; the limit refuses it while the part is inflated, naming the limit."""
    import plan_extract

    data = _small_docx(b"<w:p><w:r><w:t>a</w:t></w:r></w:p>" * 700_000)
    t0 = time.perf_counter()
    with pytest.raises(plan_extract.StageError) as caught:
        plan_extract.extract(data, format="docx")
    assert time.perf_counter() - t0 < 3
    assert caught.value.stage == "ingest" and "max_docx_xml_elements" in str(caught.value)


def test_a_docx_under_the_element_limit_reads():
    import plan_extract

    para = "<w:p><w:r><w:t>KẾ HOẠCH</w:t></w:r></w:p>".encode()
    doc = plan_extract.extract(_small_docx(para * 50), format="docx")
    assert "KẾ HOẠCH" in doc.text


def test_markdown_with_a_pipe_table_of_a_quarter_million_cells_is_refused_before_rendering():
    """A table of 20,000 columns took 0.3 ms and 3 kB a cell through markdown-it and the
    HTML parser: 2 million cells hung a batch and took 2.9 GB."""
    import plan_extract

    cols = 20_000
    rows = ["| " + " | ".join("x" for _ in range(cols)) + " |"] * 12
    text = "\n".join(["# KẾ HOẠCH", rows[0], "|" + "---|" * cols, *rows[1:]])
    t0 = time.perf_counter()
    with pytest.raises(plan_extract.StageError) as caught:
        plan_extract.extract(text.encode(), format="md")
    assert time.perf_counter() - t0 < 3
    assert caught.value.stage == "ingest" and "max_markdown_cells" in str(caught.value)


def test_a_docx_nested_thousands_deep_is_an_ingest_error_that_says_so():
    """libxml2 stops at 256 levels with "use XML_PARSE_HUGE option", which read as broken XML
    and named a parser option: the error now says what is wrong with the file."""
    import plan_extract

    body = (b"<w:sdt><w:sdtContent>" * 5_000 + b"<w:p><w:r><w:t>x</w:t></w:r></w:p>"
            + b"</w:sdtContent></w:sdt>" * 5_000)
    with pytest.raises(plan_extract.StageError) as caught:
        plan_extract.extract(_small_docx(body), format="docx")
    assert caught.value.stage == "ingest"
    assert "256 levels deep" in str(caught.value) and "XML_PARSE_HUGE" not in str(caught.value)
