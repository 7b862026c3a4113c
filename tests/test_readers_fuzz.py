"""Whatever bytes a file holds, under whatever name, a reader gives exactly one Document or
one IngestError, soon (issue 14): arbitrary bytes, and real files cut short, bit-flipped or
spliced, under every registered suffix. OCR is off, so a page that loses its text layer is
not sent to tesseract."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path
from unittest import mock

from helpers import EXTRA_DIR, RAW_DIR, SEEDS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plan_extract.document import Document
from plan_extract.errors import IngestError
from plan_extract.readers import read_document, suffixes

#: every suffix a reader takes, one refused and one no reader knows
SUFFIXES = sorted(suffixes()) + [".doc", ".bin"]
#: small real files of every format (the large PDFs take seconds each)
REAL = [RAW_DIR / "ld_qd_dieu_le_hiep_hoi.docx", RAW_DIR / "hn_tb_453.pdf",
        RAW_DIR.parent.parent / "tests" / "fixtures" / "pdf" / "kh_task_table.pdf",
        EXTRA_DIR / "html" / "ninhbinh_news_thong_tin_quy_hoach_5.html",
        EXTRA_DIR / "html" / "vbpl_old_thuoctinh_bo_luat_101_2015.html", SEEDS[0]]
SEED_BYTES = {p.name: p.read_bytes() for p in REAL} | {"plan.md": "\n".join([
    "*Source: https://thuvienphapluat.vn/van-ban/ke-hoach-12.aspx*", "", "Số hiệu: 12/KH-UBND", "",
    "# KẾ HOẠCH", "Triển khai chuyển đổi số năm 2025", "", "| STT | Nhiệm vụ | Cơ quan chủ trì |",
    "|---|---|---|", "| 1 | Tổ chức hội nghị | Sở Tư pháp |", "", "**Điều 2. **Hiệu lực.",
    "1. Mục;"]).encode()}
#: a generous bound per input: it catches a hang or a blow-up, not a slow day
BUDGET_SECONDS = 20.0
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))


def _outcome(data: bytes, suffix: str) -> Document | IngestError:
    """What reading `data` saved under `suffix` gives: a Document or the IngestError; any
    other exception propagates and fails the test."""
    with tempfile.TemporaryDirectory(prefix="readers-fuzz-") as folder, \
            mock.patch.dict(os.environ, {"PLAN_EXTRACT_NO_OCR": "1"}):
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        start = time.monotonic()
        try:
            result: Document | IngestError = read_document(path)
        except IngestError as exc:
            result = exc
        assert time.monotonic() - start < BUDGET_SECONDS, (suffix, len(data))
    if isinstance(result, IngestError):
        message = str(result)
        assert message and "\n" not in message, message
    else:
        assert result.text.strip() and "\x00" not in result.text
        Document.model_validate_json(result.model_dump_json())
    return result


@FUZZ
@given(st.binary(max_size=2048), st.sampled_from(SUFFIXES))
def test_arbitrary_bytes_give_one_document_or_one_ingest_error(data, suffix):
    _outcome(data, suffix)


@st.composite
def mutated(draw) -> bytes:
    """A real file cut short, with bytes flipped, or with a block of it repeated elsewhere."""
    data = bytearray(SEED_BYTES[draw(st.sampled_from(sorted(SEED_BYTES)))])
    how = draw(st.sampled_from(["cut", "flip", "splice", "cut+flip"]))
    if "flip" in how:
        for _ in range(draw(st.integers(1, 8))):
            at = draw(st.integers(0, len(data) - 1))
            data[at] ^= 1 << draw(st.integers(0, 7))
    if "cut" in how:
        data = data[:draw(st.integers(0, len(data)))]
    if how == "splice":
        start = draw(st.integers(0, len(data) - 1))
        block = data[start:start + draw(st.integers(1, 4096))]
        at = draw(st.integers(0, len(data)))
        data[at:at] = block
    return bytes(data)


@settings(FUZZ, max_examples=40)
@given(mutated(), st.sampled_from(SUFFIXES))
def test_damaged_real_files_give_one_document_or_one_ingest_error(data, suffix):
    _outcome(data, suffix)


def test_the_real_files_themselves_are_read_under_their_own_names():
    for path in REAL:
        assert isinstance(_outcome(path.read_bytes(), path.suffix), Document), path
