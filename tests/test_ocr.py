"""OCR of scanned PDFs with the system tesseract; one page OCR'd once (about 6 s) for the module."""

from __future__ import annotations

import unicodedata

import pdfplumber
import pytest
from helpers import REPO

from plan_extract.readers.pdf import ocr
from plan_extract.readers.pdf.ocr import OcrError, OcrPage, available, ocr_pdf

SCAN = REPO / "tests" / "fixtures" / "scanned" / "nb_qd_963_scan.pdf"

needs_tesseract = pytest.mark.skipif(
    available() is not None,
    reason=f"OCR unavailable ({available()}); apt-get install tesseract-ocr tesseract-ocr-vie",
)


@pytest.fixture(scope="module")
def scan_page() -> OcrPage:
    [page] = ocr_pdf(SCAN.read_bytes())
    return page


def test_fixture_has_no_text_layer():
    with pdfplumber.open(SCAN) as pdf:
        assert len(pdf.pages) == 1
        assert pdf.pages[0].chars == []


@needs_tesseract
def test_scan_reads_the_decision_header(scan_page):
    lines = scan_page.text.splitlines()
    assert scan_page.page == 1
    # Rows of the two-column header stay on one line, as the text-layer reader gives them.
    assert "ỦY BAN NHÂN DÂN" in lines[0] and "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM" in lines[0]
    # Number and date come from the e-signature widget, drawn like on the printed copy.
    assert any("963" in line and "QĐ-UBND" in line and "Ninh Bình" in line for line in lines[:4])
    # Tesseract reads the bold title as "QUYÉT"; the body's "Quyết định" keeps its accents.
    assert "Quyết định này" in scan_page.text
    assert "Luật Đường bộ, Luật Trật tự an toàn giao thông đường bộ" in lines
    assert unicodedata.is_normalized("NFC", scan_page.text)


@needs_tesseract
def test_scan_confidence_and_word_count(scan_page):
    assert 50 <= scan_page.confidence <= 100
    assert scan_page.words > 50


@needs_tesseract
def test_corrupted_pdf_raises_ocr_error():
    with pytest.raises(OcrError, match="cannot open PDF"):
        ocr_pdf(b"%PDF-1.7\n this is not a PDF body \n%%EOF")


@needs_tesseract
def test_page_out_of_range_raises_ocr_error():
    with pytest.raises(OcrError, match="out of range"):
        ocr_pdf(SCAN.read_bytes(), pages=[1])


@needs_tesseract
def test_timeout_raises_ocr_error(monkeypatch):
    monkeypatch.setenv(ocr.CACHE_ENV, "off")
    monkeypatch.setattr(ocr, "PAGE_TIMEOUT", 0.001)
    with pytest.raises(OcrError, match="took over"):
        ocr_pdf(SCAN.read_bytes(), dpi=30)


@needs_tesseract
def test_a_page_read_once_is_not_read_again(monkeypatch, tmp_path):
    """A rerun over a batch of scans takes each page from the cache, keyed by the PDF's
    bytes and the OCR settings; other settings are read afresh."""
    monkeypatch.setenv(ocr.CACHE_ENV, str(tmp_path))
    first = ocr_pdf(SCAN.read_bytes(), dpi=100)
    assert list(tmp_path.glob("*.tsv.gz"))

    def no_tesseract(*args, **kwargs):
        raise AssertionError("tesseract ran for a cached page")

    monkeypatch.setattr(ocr, "_run_tesseract", no_tesseract)
    assert ocr_pdf(SCAN.read_bytes(), dpi=100) == first
    with pytest.raises(AssertionError, match="cached page"):
        ocr_pdf(SCAN.read_bytes(), dpi=101)


def test_cache_location(monkeypatch, tmp_path):
    monkeypatch.setenv(ocr.CACHE_ENV, "off")
    assert ocr.cache_dir() is None
    monkeypatch.delenv(ocr.CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert ocr.cache_dir() == tmp_path / "plan-extract" / "ocr"


@needs_tesseract
def test_missing_language_data_is_reported():
    assert available("xx_nonexistent") == "tesseract has no 'xx_nonexistent' language data"


def test_env_var_disables_ocr(monkeypatch):
    monkeypatch.setenv("PLAN_EXTRACT_NO_OCR", "1")
    assert available() == "OCR disabled by PLAN_EXTRACT_NO_OCR"
    with pytest.raises(OcrError, match="disabled"):
        ocr_pdf(SCAN.read_bytes())


def test_missing_binary_is_reported(monkeypatch):
    monkeypatch.delenv("PLAN_EXTRACT_NO_OCR", raising=False)
    monkeypatch.setattr(ocr.shutil, "which", lambda name: None)
    ocr._probe.cache_clear()
    try:
        assert available() == "tesseract not installed"
    finally:
        ocr._probe.cache_clear()


def test_tsv_words_grouped_into_lines():
    header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    rows = [
        "1\t1\t0\t0\t0\t0\t0\t0\t100\t100\t-1\t",
        "5\t1\t1\t1\t1\t1\t0\t0\t10\t10\t90\tSố:",
        "5\t1\t1\t1\t1\t2\t0\t0\t10\t10\t80\t963/QĐ-UBND",
        "5\t1\t1\t1\t2\t1\t0\t0\t10\t10\t70\t" + unicodedata.normalize("NFD", "QUYẾT"),
        "5\t1\t1\t1\t2\t2\t0\t0\t10\t10\t95\t ",
        "5\t1\t2\t1\t1\t1\t0\t0\t10\t10\t60\tĐỊNH",
    ]
    page = ocr._page_from_tsv(3, "\n".join([header, *rows]), scale=0.5)
    assert (page.page, page.text, page.confidence, page.words) == (
        3, "Số: 963/QĐ-UBND\nQUYẾT\nĐỊNH", 75.0, 4)
    assert page.boxes == [[("Số:", 0, 0, 5, 5), ("963/QĐ-UBND", 0, 0, 5, 5)],
                          [("QUYẾT", 0, 0, 5, 5)], [("ĐỊNH", 0, 0, 5, 5)]]


def test_an_ocred_two_column_header_reads_column_by_column():
    """Tesseract reads the header row by row across the gutter; the layout code splits each
    line at the wide gap and puts the left column's lines before the right column's."""
    from plan_extract.readers.pdf.layout import LayoutStats, ocr_page_lines

    def line(top, *runs):  # runs: (x0, words...)
        words = []
        for x0, *texts in runs:
            for t in texts:
                words.append((t, x0, top, x0 + 8 * len(t), top + 12))
                x0 += 8 * len(t) + 4
        return words

    boxes = [line(50, (60, "ỦY", "BAN", "NHÂN", "DÂN"), (330, "CỘNG", "HÒA", "XÃ", "HỘI")),
             line(66, (60, "TỈNH", "AN", "GIANG"), (330, "Độc", "lập", "-", "Tự", "do")),
             line(90, (60, "Số:", "12/KH-UBND"), (330, "An", "Giang,", "ngày", "5", "tháng", "3")),
             line(130, (262, "KẾ", "HOẠCH"))]  # centred on the page
    lines = ocr_page_lines(boxes, 0, 595.0, LayoutStats())
    assert [ln.text for ln in lines] == [
        "ỦY BAN NHÂN DÂN", "TỈNH AN GIANG", "Số: 12/KH-UBND",
        "CỘNG HÒA XÃ HỘI", "Độc lập - Tự do", "An Giang, ngày 5 tháng 3", "KẾ HOẠCH"]


@needs_tesseract
def test_scanned_pdf_goes_through_the_pipeline_with_its_ocr_marked():
    """A scanned decision gives its number, date and issuer; the output says which pages
    were OCRed and how sure tesseract was, and lists the lines whose header words were fixed."""
    from plan_extract.pipeline import extract_path

    doc = extract_path(SCAN)
    assert doc.metadata.doc_number == "963/QĐ-UBND"
    assert doc.metadata.issue_date == "2024-11-01"
    assert doc.metadata.issuer == "Ủy ban nhân dân tỉnh Ninh Bình"
    assert [p.page for p in doc.source.ocr] == [1] and 50 < doc.source.ocr[0].confidence <= 100
    codes = {w.code for w in doc.warnings}
    assert "ocr" in codes


def test_scanned_pdf_without_ocr_is_a_clear_error(monkeypatch):
    from plan_extract.errors import IngestError
    from plan_extract.readers import read_document

    monkeypatch.setenv("PLAN_EXTRACT_NO_OCR", "1")
    with pytest.raises(IngestError, match=r"^no text layer \(scanned PDF\)"):
        read_document(SCAN)
