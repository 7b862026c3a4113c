"""The combined OCR engine: tesseract finds the lines, asterocr (optional extra "ocr") re-reads
each line run, and the more confident reading of each run is kept
(data/readers/ocr_engine.toml)."""

from __future__ import annotations

import sys

import pytest
from helpers import REPO
from hypothesis import given
from hypothesis import strategies as st

from plan_extract import config
from plan_extract.readers.pdf import ocr
from plan_extract.readers.pdf.ocr import OcrError, RunRead, Word

SCAN = REPO / "tests" / "fixtures" / "scanned" / "nb_qd_963_scan.pdf"
CHOICE = config.ocr_engine().choice

needs_tesseract = pytest.mark.skipif(ocr.available() is not None,
                                     reason=f"OCR unavailable ({ocr.available()})")
needs_aster = pytest.mark.skipif(ocr._load_aster() is None, reason="asterocr not installed (pip extra 'ocr')")

#: the first 11 lines of nb_qd_963_scan.pdf as printed, row by row across the header columns
#: (tesseract's line order), transcribed from the page image
HEADER = """ỦY BAN NHÂN DÂN CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH NINH BÌNH Độc lập - Tự do - Hạnh phúc
Số: 963 /QĐ-UBND Ninh Bình, ngày 01 tháng 11 năm 2024
QUYẾT ĐỊNH
Ban hành Danh mục văn bản quy phạm pháp luật của
Ủy ban nhân dân tỉnh quy định chi tiết, hướng dẫn thi hành
Luật Đường bộ, Luật Trật tự an toàn giao thông đường bộ
CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH NINH BÌNH
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
Luật Sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức
chính quyền địa phương ngày 22 tháng 11 năm 2019;"""


def w(text: str, x0: int, x1: int, conf: float = 90.0, top: int = 100, bottom: int = 140) -> Word:
    return Word(text, x0, top, x1, bottom, conf)


# --- the choice rule ----------------------------------------------------------------------

def test_the_rule_is_the_measured_one():
    """asterocr is kept when 100 x its probability beats 50 + 0.5 x tesseract's confidence."""
    assert (CHOICE.intercept, CHOICE.tesseract_weight) == (50.0, 0.5)
    assert ocr.prefer_aster(0.96, 90.0, CHOICE)
    assert not ocr.prefer_aster(0.94, 90.0, CHOICE)
    assert not ocr.prefer_aster(0.95, 90.0, CHOICE)  # a tie keeps tesseract
    assert ocr.prefer_aster(0.80, 50.0, CHOICE) and not ocr.prefer_aster(0.70, 50.0, CHOICE)
    assert not ocr.prefer_aster(1.0, 100.0, CHOICE)


probability = st.floats(0, 1, allow_nan=False)
confidence = st.floats(0, 100, allow_nan=False)


@given(probability, probability, confidence, confidence)
def test_the_choice_is_monotone_in_both_confidences(a1, a2, t1, t2):
    """More sure asterocr, or less sure tesseract, never turns a kept asterocr reading back."""
    lo_a, hi_a = sorted((a1, a2))
    lo_t, hi_t = sorted((t1, t2))
    if ocr.prefer_aster(lo_a, hi_t, CHOICE):
        assert ocr.prefer_aster(hi_a, lo_t, CHOICE)
    if not ocr.prefer_aster(hi_a, lo_t, CHOICE):
        assert not ocr.prefer_aster(lo_a, hi_t, CHOICE)


@given(probability, confidence)
def test_a_kept_asterocr_run_scores_at_least_the_tesseract_words_it_replaced(a, t):
    score = ocr.aster_score(a, CHOICE)
    assert 0 <= score <= 100
    if ocr.prefer_aster(a, t, CHOICE):
        assert score >= t - 1e-9


def test_combine_keeps_per_run_the_engine_the_rule_prefers():
    left, right = [w("TÍNH", 0, 40, 80), w("NINH", 50, 90, 80)], [w("Độc", 300, 340, 95)]
    reads = [[RunRead(left, "TỈNH NINH", 0.99), RunRead(right, "Đọc", 0.9)]]
    [line] = ocr.combine(reads, CHOICE)
    assert [x.text for x in line] == ["TỈNH", "NINH", "Độc"]
    # same word count: tesseract's boxes; its confidence replaced by asterocr's on its scale
    assert [(x.x0, x.x1) for x in line] == [(0, 40), (50, 90), (300, 340)]
    assert line[0].conf == pytest.approx(ocr.aster_score(0.99, CHOICE)) and line[2].conf == 95
    # no choice: asterocr everywhere (the benchmark's "asterocr alone")
    assert [x.text for x in ocr.combine(reads, None)[0]] == ["TỈNH", "NINH", "Đọc"]
    # a run asterocr reads as nothing, and is preferred, leaves no line
    assert ocr.combine([[RunRead([w("ị", 0, 5, 10)], "", 1.0)]], CHOICE) == []


@given(st.lists(st.text("abcđêươ0123456789/:.,", min_size=1, max_size=8), min_size=1, max_size=6),
       st.integers(1, 6))
def test_asterocr_words_spread_over_the_run_in_order(toks, n_run):
    """A different word count than tesseract's: the words share the run's box, in order, each
    as wide as its characters; no box leaves the run."""
    run = [w(f"t{i}", 100 + 60 * i, 150 + 60 * i) for i in range(n_run)]
    got = ocr.aster_words(run, " ".join(toks), 70.0)
    assert [x.text for x in got] == toks
    if len(toks) == n_run:
        assert [(x.x0, x.x1) for x in got] == [(r.x0, r.x1) for r in run]
    assert all(100 <= x.x0 <= x.x1 <= run[-1].x1 for x in got)
    assert all(a.x1 <= b.x0 for a, b in zip(got, got[1:], strict=False))
    assert all((x.top, x.bottom, x.conf) == (100, 140, 70.0) for x in got)


def test_a_line_splits_into_runs_at_the_segment_gap():
    line = [w("CỘNG", 600, 700), w("ỦY", 100, 150), w("BAN", 160, 230), w("HOÀ", 710, 790)]
    runs = ocr.split_runs(line, 1.5)  # gap over 1.5 x 40 px
    assert [[x.text for x in run] for run in runs] == [["ỦY", "BAN"], ["CỘNG", "HOÀ"]]


def test_the_combined_reading_round_trips_through_the_cache_tsv():
    lines = [[w("Số:", 10, 50, 91.5), w("963/QĐ-UBND", 60, 200, 88.25)], [w("QUYẾT", 10, 90, 97)]]
    assert ocr.tsv_lines(ocr.lines_to_tsv(lines)) == lines
    page = ocr._page_from_tsv(1, ocr.lines_to_tsv(lines), scale=0.5, engine=ocr.COMBINED_LABEL)
    assert (page.text, page.words, page.engine) == ("Số: 963/QĐ-UBND\nQUYẾT", 3, "tesseract+asterocr")
    assert page.boxes[0][0] == ("Số:", 5, 50, 25, 70)


def test_a_run_wider_than_the_model_is_read_in_pieces():
    """The model takes at most 1024 pixels at 32 high: a long line of a small font is cut
    between words, and the pieces' texts joined."""
    from PIL import Image

    class Engine:
        seen: list[tuple[int, int]] = []

    reader = ocr.AsterReader(Engine(), "test")
    widths = []
    reader._infer = lambda crop: (widths.append(crop.size) or f"p{len(widths)}",  # type: ignore[method-assign]
                                  __import__("numpy").array([0.9, 0.7]))
    run = [w(f"word{i}", 10 + 110 * i, 110 + 110 * i, top=0, bottom=32) for i in range(20)]
    got = reader.read_run(Image.new("L", (2400, 40), 255), run, 0.1)
    assert all(cw <= ocr.ASTER_MAX_WIDTH for cw, _ in widths) and len(widths) == 3
    assert got.text == "p1 p2 p3" and got.conf == pytest.approx(0.8)


# --- the engine switch and the fallback ---------------------------------------------------

def test_tesseract_is_the_default_and_the_env_switch_picks_the_engine(monkeypatch):
    monkeypatch.setenv(ocr.ENGINE_ENV, "tesseract")
    assert ocr.second_reader() is None
    monkeypatch.setenv(ocr.ENGINE_ENV, "easyocr")
    with pytest.raises(OcrError, match=r"unknown OCR engine 'easyocr' \(PLAN_EXTRACT_OCR_ENGINE\)"):
        ocr.second_reader()
    monkeypatch.delenv(ocr.ENGINE_ENV)
    assert ocr.engine_choice() == "tesseract"
    monkeypatch.setenv(ocr.ENGINE_ENV, "Combined")
    assert ocr.engine_choice() == "combined"


@pytest.fixture
def no_asterocr(monkeypatch):
    """asterocr not installed: its import fails."""
    monkeypatch.setitem(sys.modules, "asterocr", None)
    ocr._load_aster.cache_clear()
    yield
    ocr._load_aster.cache_clear()


def test_without_asterocr_the_combined_engine_is_tesseract_alone(no_asterocr):
    assert ocr._load_aster() is None
    assert ocr.second_reader("combined") is None


@needs_tesseract
def test_without_asterocr_a_scan_is_read_as_before(no_asterocr, monkeypatch, tmp_path):
    monkeypatch.setenv(ocr.CACHE_ENV, str(tmp_path))
    [page] = ocr.ocr_pdf(SCAN.read_bytes(), dpi=100)
    assert page.engine == "tesseract" and page.words > 50
    assert [p.name.count("asterocr") for p in tmp_path.glob("*.tsv.gz")] == [0]


class FakeReader:
    """A second reader that reads every run as 'X' with full confidence."""

    tag = "fake1"

    def read_runs(self, img, lines):
        return [[RunRead(run, "X", 1.0) for run in ocr.split_runs(line, 1.5)] for line in lines]


@needs_tesseract
def test_the_combined_reading_is_cached_under_a_key_of_its_own(monkeypatch, tmp_path):
    monkeypatch.setenv(ocr.CACHE_ENV, str(tmp_path))
    monkeypatch.setattr(ocr, "_load_aster", lambda: FakeReader())
    [combined] = ocr.ocr_pdf(SCAN.read_bytes(), dpi=100, engine="combined")
    assert combined.engine == "tesseract+asterocr" and set(combined.text.split()) == {"X"}
    assert combined.confidence == 100
    keys = sorted(p.name for p in tmp_path.glob("*.tsv.gz"))
    # tesseract's TSV and the combined reading, each under its key
    assert len(keys) == 2 and sum(k.endswith("-fake1.tsv.gz") for k in keys) == 1

    def no_tesseract(*args, **kwargs):
        raise AssertionError("tesseract ran for a cached page")

    monkeypatch.setattr(ocr, "_run_tesseract", no_tesseract)
    [alone] = ocr.ocr_pdf(SCAN.read_bytes(), dpi=100, engine="tesseract")
    assert alone.engine == "tesseract" and "X" not in alone.text.split()
    assert ocr.ocr_pdf(SCAN.read_bytes(), dpi=100, engine="combined") == [combined]  # cached


# --- the real asterocr --------------------------------------------------------------------

@needs_tesseract
@needs_aster
def test_combined_reads_the_scan_header_no_worse_than_tesseract(tmp_path):
    """On the first 11 lines of the fixture page (the header, the title, the first citations),
    the combined reading's word error rate against the transcription is at most tesseract's."""
    import pypdfium2
    from PIL import Image

    sys.path.insert(0, str(REPO / "benchmarks"))
    from ocr_wer import edit_distance

    pdf = pypdfium2.PdfDocument(SCAN.read_bytes())
    pdf.init_forms()
    png = tmp_path / "page.png"
    pdf[0].render(scale=300 / 72, grayscale=True, may_draw_forms=True).to_pil().save(png)
    pdf.close()
    lines = ocr.tsv_lines(ocr._run_tesseract(png, "vie"))[:11]
    with Image.open(png) as img:
        combined = ocr.combine(ocr._load_aster().read_runs(img.convert("L"), lines), CHOICE)

    def errors(got: list[list[Word]]) -> int:
        text = "\n".join(ocr.fix_header_words(" ".join(x.text for x in line)) for line in got)
        return edit_distance(HEADER.split(), text.split())

    tess, both = errors(lines), errors(combined)
    print(f"header errors: tesseract {tess}, combined {both} of {len(HEADER.split())} words")
    assert both <= tess, (both, tess)
    assert both <= 3, both


@needs_tesseract
def test_the_ocr_warning_names_the_engine():
    from plan_extract.pipeline import extract_path

    doc = extract_path(SCAN)
    [warning] = [x for x in doc.warnings if x.code == "ocr"]
    engine = "tesseract+asterocr" if ocr.second_reader() is not None else "tesseract"
    assert warning.message.startswith(f"OCR ({engine}, vie) of page(s) with no text layer: page 1:")
