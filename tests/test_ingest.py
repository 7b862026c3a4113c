"""Reading txt / HTML / DOCX / PDF into one block per line, or a clear IngestError."""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

import pytest
from helpers import cp1258_bytes, docx_paragraph, docx_table, make_docx, make_pdf

from plan_extract.document import Source
from plan_extract.errors import IngestError
from plan_extract.readers import read_bytes, read_document
from plan_extract.readers.pdf.running_lines import strip_running_lines

TEXT = "KẾ HOẠCH\nThực hiện các mục tiêu của Cộng đồng Văn hóa - Xã hội ASEAN\nỦy ban nhân dân tỉnh\n"


def _source(fmt: str) -> Source:
    return Source(path=f"memory.{fmt}", format=fmt, sha256="0" * 64, bytes=0)


@pytest.mark.parametrize(("name", "encode"), [
    ("utf8", lambda s: s.encode("utf-8")),
    ("utf8-bom", lambda s: b"\xef\xbb\xbf" + s.encode("utf-8")),
    ("utf16-le-bom", lambda s: b"\xff\xfe" + s.encode("utf-16-le")),
    ("utf16-be-bom", lambda s: b"\xfe\xff" + s.encode("utf-16-be")),
    ("utf16-le-no-bom", lambda s: s.encode("utf-16-le")),
])
def test_text_encodings_read_identically(tmp_path, name, encode):
    data = encode(TEXT)
    path = tmp_path / f"{name}.txt"
    path.write_bytes(data)
    raw = read_document(path)
    assert raw.text == TEXT
    assert raw.source.format == "txt"
    assert raw.source.bytes == len(data)
    assert raw.source.sha256 == hashlib.sha256(data).hexdigest()
    assert raw.source.path == str(path)


def test_windows_1258_text_is_read_with_a_warning(tmp_path):
    text = "Kế hoạch thực hiện Đề án 161 của Ủy ban nhân dân tỉnh"
    path = tmp_path / "cp1258.txt"
    path.write_bytes(cp1258_bytes(text))
    doc = read_document(path)
    assert doc.text == text
    assert [w.code for w in doc.warnings] == ["charset-guessed"]
    assert "windows-1258" in doc.warnings[0].message


@pytest.mark.parametrize("data", [
    ("Kế hoạch thực hiện Đề án 161 ".encode() + b"\xff") * 30,  # UTF-8 broken throughout
    bytes(random.Random(7).randrange(256) for _ in range(2000)),  # no charset's text
    b"\x8f\x90\x9d\xd7\x81" * 40,  # symbols and controls, no letters
], ids=["broken-utf8", "random-bytes", "symbols"])
def test_text_whose_charset_cannot_be_told_is_refused_with_advice(tmp_path, data):
    path = tmp_path / "unknown.txt"
    path.write_bytes(data)
    with pytest.raises(IngestError) as err:
        read_document(path)
    message = str(err.value)
    assert ("UTF-8" in message and "offset" in message) or message.startswith("binary data")


def test_unsupported_extension_is_refused(tmp_path):
    path = tmp_path / "ke-hoach.xyz"
    path.write_text(TEXT, encoding="utf-8")
    with pytest.raises(IngestError, match=r"unsupported file type '\.xyz'"):
        read_document(path)


def test_extension_is_case_insensitive(tmp_path):
    path = tmp_path / "KE-HOACH.TXT"
    path.write_text(TEXT, encoding="utf-8")
    assert read_document(path).text == TEXT


def test_empty_document_is_refused(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text(" \n\n", encoding="utf-8")
    with pytest.raises(IngestError, match="no text"):
        read_document(path)


# --- HTML ------------------------------------------------------------------------------

HTML = """<html><head><title>Kế hoạch 12/KH-UBND</title>
<style>p { color: red }</style><script>var toolbar = "Tăng cỡ chữ";</script></head>
<body>
<p>Đoạn <b>thứ</b> nhất.</p><p>Đoạn thứ hai.</p>
<div>Khối một<br>Khối hai</div>
<table>
<tr><td>Số hiệu</td><td>12/KH-UBND</td></tr>
<tr><th>TT</th><th>Nhiệm vụ</th><th>Cơ quan chủ trì</th></tr>
</table>
<ul><li>Mục một</li><li>Mục hai</li></ul>
<!-- a comment -->
</body></html>"""


def test_html_blocks_become_lines_and_cells_are_joined():
    lines = read_bytes(HTML.encode("utf-8"), _source("html")).text.split("\n")
    assert "Đoạn thứ nhất." in lines
    assert "Đoạn thứ hai." in lines
    assert lines.index("Khối một") + 1 == lines.index("Khối hai")
    assert "Số hiệu | 12/KH-UBND" in lines
    assert "TT | Nhiệm vụ | Cơ quan chủ trì" in lines
    assert lines[-2:] == ["Mục một", "Mục hai"]


def test_html_scripts_styles_and_comments_are_dropped():
    text = read_bytes(HTML.encode("utf-8"), _source("html")).text
    assert "toolbar" not in text and "color" not in text and "comment" not in text


def test_html_main_content_container_is_kept_alone():
    body = "Nội dung văn bản quy định việc phối hợp. " * 20
    html = (f"<html><body><nav>Trang chủ | Tin tức</nav><div class='menu'>Giới thiệu</div>"
            f"<div id='toanvancontent'><p>{body}</p><p>Điều 1. Ban hành</p></div>"
            f"<div>Chân trang</div></body></html>")
    raw = read_bytes(html.encode("utf-8"), _source("html"))
    assert raw.text.split("\n") == [body.strip(), "Điều 1. Ban hành"]
    assert any(w.code in ("html-main-content", "site-adapter") for w in raw.warnings)


# --- DOCX ------------------------------------------------------------------------------

def test_docx_paragraphs_and_table_cells_are_kept_in_order():
    body = (docx_table([["ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]])
            + docx_paragraph("KẾ HOẠCH")
            + docx_paragraph("Thực hiện ", "Đề án 161")
            + docx_table([["1", "Tổ chức hội nghị tuyên truyền"]])
            + docx_paragraph("Trên đây là Kế hoạch."))
    text = read_bytes(make_docx(body), _source("docx")).text
    lines = [ln for ln in text.split("\n") if ln.strip()]
    assert "Thực hiện Đề án 161" in lines
    order = ["ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "KẾ HOẠCH",
             "Thực hiện Đề án 161", "Tổ chức hội nghị tuyên truyền", "Trên đây là Kế hoạch."]
    positions = [text.index(s) for s in order]
    assert positions == sorted(positions)


def test_docx_line_break_inside_a_paragraph_starts_a_new_line():
    body = ('<w:p><w:r><w:t>Dòng một</w:t><w:br/><w:t>Dòng hai</w:t></w:r></w:p>')
    assert read_bytes(make_docx(body), _source("docx")).text.split("\n") == ["Dòng một", "Dòng hai"]


def test_docx_that_is_not_an_archive_is_refused():
    with pytest.raises(IngestError, match="not a valid DOCX"):
        read_bytes(b"PK\x03\x04 not really a zip", _source("docx"))


# --- PDF -------------------------------------------------------------------------------

def test_pdf_text_layer_is_read_without_running_headers_and_page_numbers():
    pages = [
        ["UY BAN NHAN DAN TINH NINH BINH", "Ke hoach so 12/KH-UBND", "Noi dung trang mot.", "Trang 1"],
        ["UY BAN NHAN DAN TINH NINH BINH", "Noi dung trang hai.", "Trang 2"],
        ["UY BAN NHAN DAN TINH NINH BINH", "Noi dung trang ba.", "Trang 3"],
    ]
    raw = read_bytes(make_pdf(pages), _source("pdf"))
    assert raw.text.split("\n") == ["Ke hoach so 12/KH-UBND", "Noi dung trang mot.",
                                    "Noi dung trang hai.", "Noi dung trang ba."]
    assert any(w.code == "running-lines-removed" for w in raw.warnings)


def test_pdf_without_text_layer_says_so_when_ocr_is_off(monkeypatch):
    monkeypatch.setenv("PLAN_EXTRACT_NO_OCR", "1")
    with pytest.raises(IngestError, match=r"no text layer \(scanned PDF\); OCR is not available: OCR dis"):
        read_bytes(make_pdf([[], []]), _source("pdf"))


def test_blank_pdf_is_an_error_even_with_ocr():
    with pytest.raises(IngestError, match="no text layer"):
        read_bytes(make_pdf([[], []]), _source("pdf"))


def test_broken_pdf_is_refused():
    with pytest.raises(IngestError, match="cannot open PDF"):
        read_bytes(b"%PDF-1.4 truncated", _source("pdf"))


def test_running_lines_on_most_pages_are_dropped():
    pages = [
        ["CÔNG BÁO/Số 302/Ngày 02-06-2026", "44", "Điều 1. Phạm vi điều chỉnh", "Nội dung một."],
        ["CÔNG BÁO/Số 302/Ngày 02-06-2026", "45", "Nội dung hai.", "Điều 2. Đối tượng áp dụng"],
        ["Bộ Tài chính - Trang 3", "Nội dung ba.", "Nội dung bốn.", "- 3 -"],
        ["Bộ Tài chính - Trang 4", "Nội dung năm.", "- 4 -"],
        ["Bộ Tài chính - Trang 5", "Nội dung sáu.", "5"],
    ]
    text, warnings = strip_running_lines(pages)
    assert text.split("\n") == ["Điều 1. Phạm vi điều chỉnh", "Nội dung một.", "Nội dung hai.",
                                "Điều 2. Đối tượng áp dụng", "Nội dung ba.", "Nội dung bốn.",
                                "Nội dung năm.", "Nội dung sáu."]
    assert warnings and "removed 10 " in warnings[0].message


def test_edge_lines_that_do_not_repeat_are_kept():
    pages = [["KẾ HOẠCH", "Nội dung một.", "Kết thúc trang một."],
             ["Mở đầu trang hai.", "Nội dung hai.", "Kết thúc trang hai."]]
    text, warnings = strip_running_lines(pages)
    assert text.split("\n") == [ln for page in pages for ln in page]
    assert warnings == []


# --- e-signed PDFs ------------------------------------------------------------------------

ESIGNED = Path(__file__).parent / "fixtures" / "corpus-extra" / "pdf"


@pytest.mark.parametrize(("name", "number", "date"), [
    ("nb_qd_808.pdf", "808/QĐ-UBND", "2024-11-04"),
    ("hn_tb_453.pdf", "453/TB-UBND", "2026-04-29"),
])
def test_number_and_day_drawn_in_signature_widgets_are_read_where_drawn(name, number, date):
    """The text layer says "Số:   /QĐ-UBND" and "ngày   tháng   năm"; the rendered page shows
    the number and the day, drawn by the signing software's widgets."""
    from plan_extract.pipeline import extract_path

    doc = extract_path(ESIGNED / name)
    assert (doc.metadata.doc_number, doc.metadata.issue_date) == (number, date)
    assert doc.metadata_provenance["doc_number"].provenance == "signature-widget"
    assert doc.metadata_provenance["issue_date"].provenance == "signature-widget"
    assert any(w.code == "signature-widget" for w in doc.warnings)
