"""PDF pages laid out by character coordinates (readers/pdf/layout.py, readers/pdf.read_pdf).

On the laid-out fixture (scripts/make_pdf_fixtures.py) and three real e-signed PDFs: the
two-column header and the signature block come out column by column, ruled tables as one
" | " line per row continued across pages, wrapped lines joined, running lines listed, and
no character of the page is lost. The unit tests drive `continue_tables` and `join_wrapped`
with hand-made lines.
"""

from __future__ import annotations

import re
import string
from collections import Counter
from functools import cache

import pdfplumber
import pytest
from helpers import EXTRA_DIR, REPO, make_pdf
from hypothesis import given, settings
from hypothesis import strategies as st

from plan_extract.document import Document, ExtractedDocument, Source
from plan_extract.errors import IngestError
from plan_extract.pipeline import extract_path
from plan_extract.readers import read_bytes, read_document
from plan_extract.readers.pdf.layout import LayoutStats, Line, continue_tables, join_wrapped

FIXTURE = "kh_task_table"
REAL = ["nb_qd_808", "nb_qd_963", "hn_tb_453"]
ALL = [FIXTURE, *REAL]
PATHS = {FIXTURE: REPO / "tests" / "fixtures" / "pdf" / "kh_task_table.pdf",
         **{name: EXTRA_DIR / "pdf" / f"{name}.pdf" for name in REAL}}


@cache
def raw(name: str) -> Document:
    return read_document(PATHS[name])


@cache
def extracted(name: str) -> ExtractedDocument:
    return extract_path(PATHS[name])


@cache
def lines(name: str) -> tuple[str, ...]:
    return tuple(raw(name).text.split("\n"))


def warning(name: str, code: str):
    found = [w for w in raw(name).warnings if w.code == code]
    assert len(found) == 1, f"{name}: expected one {code!r} warning, got {raw(name).warnings}"
    return found[0]


def table_lines(name: str) -> list[str]:
    return [ln for ln in lines(name) if " | " in ln]


# --- 1. the two-column header --------------------------------------------------------------

HEADERS = {
    FIXTURE: ("TỈNH KON TUM", "Số: /KH-UBND", "Kon Tum, ngày tháng 11 năm 2024"),
    "nb_qd_808": ("TỈNH NINH BÌNH", "Số: 808 /QĐ-UBND", "Ninh Bình, ngày 04 tháng 11 năm 2024"),
    "nb_qd_963": ("TỈNH NINH BÌNH", "Số: 963 /QĐ-UBND", "Ninh Bình, ngày 01 tháng 11 năm 2024"),
    "hn_tb_453": ("THÀNH PHỐ HÀ NỘI", "Số: 453 /TB-UBND", "Hà Nội, ngày 29 tháng 4 năm 2026"),
}
MOTTO = re.compile(r"CỘNG H(?:ÒA|OÀ) XÃ HỘI")


@pytest.mark.parametrize("name", ALL)
def test_header_is_read_column_by_column(name):
    province, number, date = HEADERS[name]
    text = lines(name)
    assert text[:3] == ("ỦY BAN NHÂN DÂN", province, number)
    # The right column follows, its lines in order (a motto wrapped by a narrow cell may
    # take two lines), and ends with the place and date.
    end = text.index(date)
    right = " ".join(text[3:end]).replace("HOÀ", "HÒA").replace("–", "-")
    assert right == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc"
    assert not [ln for ln in text if "ỦY BAN NHÂN DÂN" in ln and MOTTO.search(ln)]


PIPELINE_HEADERS = {
    "nb_qd_808": ("Ủy ban nhân dân tỉnh Ninh Bình", "808/QĐ-UBND", "2024-11-04", "Nguyễn Cao Sơn"),
    "nb_qd_963": ("Ủy ban nhân dân tỉnh Ninh Bình", "963/QĐ-UBND", "2024-11-01", "Nguyễn Cao Sơn"),
    "hn_tb_453": ("Ủy ban nhân dân thành phố Hà Nội", "453/TB-UBND", "2026-04-29", "Võ Tuấn Anh"),
}


@pytest.mark.parametrize("name", REAL)
def test_header_metadata_of_real_pdfs(name):
    md = extracted(name).metadata
    assert (md.issuer, md.doc_number, md.issue_date, md.signer) == PIPELINE_HEADERS[name]


# --- 2. the closing block: recipients, then the signature ---------------------------------

# name: (signature title lines, signer, number of "- " recipient lines)
CLOSINGS = {
    FIXTURE: (["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], "Y Ngọc", 5),
    "nb_qd_808": (["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], "Nguyễn Cao Sơn", 4),
    "nb_qd_963": (["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], "Nguyễn Cao Sơn", 13),
    "hn_tb_453": (["TL. CHỦ TỊCH", "KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"], "Võ Tuấn Anh", 11),
}
TITLE_START = re.compile(r"^(?:TM|KT|TL)\.")
TITLE_WORDS = re.compile(r"\b(?:TM|KT|TL)\.|CHỦ TỊCH|CHÁNH VĂN PHÒNG|ỦY BAN NHÂN DÂN")


@pytest.mark.parametrize("name", ALL)
def test_recipients_come_before_the_signature(name):
    titles, signer, recipients = CLOSINGS[name]
    text = lines(name)
    assert text.count("Nơi nhận:") == 1
    start, end = text.index("Nơi nhận:"), text.index(signer)
    block = text[start:end + 1]
    first_title = next(i for i, ln in enumerate(block) if TITLE_START.match(ln))
    assert list(block[first_title:-1]) == titles
    left = block[1:first_title]
    assert sum(ln.startswith("- ") for ln in left) == recipients
    assert left[0].startswith("- ") and left[-1].startswith(("- Lưu", "vmh_", "ĐL_"))
    assert not [ln for ln in left if TITLE_WORDS.search(ln) or signer in ln]
    assert not [ln for ln in text if "Nơi nhận" in ln and (TITLE_WORDS.search(ln) or signer in ln)]


# --- 3. an unsigned copy -------------------------------------------------------------------

def test_unsigned_copy_has_no_number_and_a_partial_date():
    doc = extracted(FIXTURE)
    assert doc.metadata.doc_number is None
    assert doc.metadata.issue_date == "2024-11"
    assert doc.metadata.issuer == "Ủy ban nhân dân tỉnh Kon Tum"
    assert doc.metadata.signer == "Y Ngọc"
    codes = {w.code for w in doc.warnings if w.stage == "header"}
    assert {"blank-number", "partial-date"} <= codes


# --- 4. tables -----------------------------------------------------------------------------

TASK_HEADER = "TT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian thực hiện"
ROW_8 = ("8 | Mở rộng bảo hiểm y tế và bảo hiểm xã hội tự nguyện cho lao động phi chính thức, "
         "chú trọng lao động nữ, lao động cao tuổi và người có thu nhập thấp ở khu vực nông "
         "thôn, bảo đảm lưới an sinh cho mọi người dân khi gặp rủi ro; kiểm tra, đôn đốc việc "
         "đóng bảo hiểm tại các doanh nghiệp và hợp tác xã; tổng hợp, báo cáo kết quả thực hiện "
         "hằng quý về Ủy ban nhân dân tỉnh | Bảo hiểm xã hội tỉnh | Sở Lao động - Thương binh và "
         "Xã hội; Sở Y tế | Hằng quý")


def test_task_table_is_one_line_per_row_with_the_repeated_header_dropped():
    rows = table_lines(FIXTURE)
    assert rows[0] == TASK_HEADER
    assert rows.count(TASK_HEADER) == 1
    assert [r.split(" | ")[0] for r in rows[1:]] == \
        ["I", "1", "2", "II", "3", "4", "III", "5", "6", "IV", "7", "8", "V", "9", "10"]
    assert all(len(r.split(" | ")) == 5 for r in rows)
    assert ROW_8 in rows
    text = lines(FIXTURE)
    start = text.index(TASK_HEADER)
    assert list(text[start:start + len(rows)]) == rows  # the rows of both pages, in one run
    assert warning(FIXTURE, "pdf-layout").removed == [TASK_HEADER]


def test_task_table_rows_are_activities():
    acts = [a for a in extracted(FIXTURE).activities if (a.section_path or "").startswith("PL")]
    assert [a.label for a in acts] == [str(n) for n in range(1, 11)]
    by_label = {a.label: a for a in acts}
    first = by_label["1"]
    assert first.text.startswith("Tổ chức tuyên truyền về Cộng đồng ASEAN")
    assert first.agency == "Sở Thông tin và Truyền thông"
    # The phối hợp cell "Các sở, ban, ngành; Ủy ban nhân dân các huyện, thành phố", split.
    assert first.partners == ["Các sở, ban, ngành", "Ủy ban nhân dân các huyện, thành phố"]
    assert first.deadline == "Hằng năm"
    assert first.group == "Trụ cột A: Cộng đồng gắn kết và mang lại lợi ích cho người dân"
    assert by_label["6"].partners == ["Sở Xây dựng", "Ủy ban nhân dân các huyện, thành phố"]
    assert by_label["8"].agency == "Bảo hiểm xã hội tỉnh"
    assert by_label["8"].partners == ["Sở Lao động - Thương binh và Xã hội", "Sở Y tế"]
    assert by_label["8"].deadline == "Hằng quý"
    assert by_label["8"].text.endswith("báo cáo kết quả thực hiện hằng quý về Ủy ban nhân dân tỉnh")
    assert by_label["8"].group == "Trụ cột D: Cộng đồng tự cường"
    # Group rows head the rows below them; they are no activities themselves.
    everything = extracted(FIXTURE).activities
    assert not [a for a in everything if a.label in {"I", "II", "III", "IV", "V"}
                or a.text.startswith("Trụ cột")]


LAND_HEADER = "TT | Loại đất | Diện tích (m2) | Tỷ lệ (%)"


def test_land_use_table_continues_on_the_next_page():
    rows = table_lines("nb_qd_808")
    assert rows[0] == LAND_HEADER and rows.count(LAND_HEADER) == 1
    assert [r.split(" | ")[0] for r in rows[1:]] == \
        ["1", "1.1", "1.2", "1.3", "2", "3", "4", "4.1", "4.2",  # page 2
         "4.3", "5", "6", "7", "8", "9", ""]  # page 3
    assert rows[-1] == " | Tổng cộng | 257.897,0 | 100,00"
    text = lines("nb_qd_808")
    start = text.index(LAND_HEADER)
    assert list(text[start:start + len(rows)]) == rows
    assert warning("nb_qd_808", "pdf-layout").removed == [LAND_HEADER]


def test_land_use_table_yields_no_activities():
    doc = extracted("nb_qd_808")
    table = {ln for ln in doc.text.split("\n") if " | " in ln}
    assert len(table) == 17  # the table did reach the outline
    for act in doc.activities:
        line_start = doc.text.rfind("\n", 0, act.span.start) + 1
        line_end = doc.text.find("\n", act.span.start)
        assert doc.text[line_start:line_end if line_end >= 0 else None] not in table, act


# --- 5. tables continued across pages (unit) -----------------------------------------------

def _row(page: int, top: float, *cells: str) -> Line:
    return Line(" | ".join(cells), 50.0, 550.0, top, top + 20.0, 0.0, page, "table", list(cells))


def _body(page: int, top: float, text: str) -> Line:
    return Line(text, 85.0, 300.0, top, top + 14.0, 14.0, page)


def test_continued_table_drops_the_repeated_header_and_rejoins_the_cut_row():
    header = ("TT", "Nhiệm vụ", "Chủ trì")
    page1 = [_body(0, 50, "Phụ lục"), _row(0, 100, *header), _row(0, 120, "1", "Việc một", "Sở A"),
             _row(0, 140, "2", "Việc hai phần đầu", "Sở B")]
    page2 = [_row(1, 40, *header), _row(1, 60, "", "phần cuối", "và Sở C"),
             _row(1, 80, "3", "Việc ba", "Sở D")]
    page3 = [_row(2, 40, "", "Cột", "khác", "hẳn"), _row(2, 60, "1", "a", "b", "c")]
    stats = LayoutStats()
    continue_tables([page1, page2, page3], stats)
    assert stats.repeated_headers == ["TT | Nhiệm vụ | Chủ trì"]
    assert stats.continued == 1
    assert page1[-1].cells == ["2", "Việc hai phần đầu phần cuối", "Sở B và Sở C"]
    assert page1[-1].text == "2 | Việc hai phần đầu phần cuối | Sở B và Sở C"
    assert [ln.text for ln in page2] == ["3 | Việc ba | Sở D"]
    # A table with another column count starts afresh: nothing merged, nothing dropped.
    assert [ln.text for ln in page3] == [" | Cột | khác | hẳn", "1 | a | b | c"]


def test_table_after_text_on_the_next_page_is_not_continued():
    page1 = [_row(0, 100, "TT", "Nhiệm vụ", "Chủ trì"), _row(0, 120, "1", "Việc một", "Sở A")]
    page2 = [_body(1, 30, "Văn bản xen giữa."), _row(1, 60, "", "không nối", "")]
    stats = LayoutStats()
    continue_tables([page1, page2], stats)
    assert stats.continued == 0
    assert page1[-1].text == "1 | Việc một | Sở A"
    assert len(page2) == 2


# --- 6. wrapped lines ----------------------------------------------------------------------

ITEM = ("- Đẩy mạnh công tác thông tin, tuyên truyền về Cộng đồng Văn hóa - Xã hội ASEAN cho cán "
        "bộ, công chức, viên chức và nhân dân trên địa bàn tỉnh bằng nhiều hình thức phù hợp với "
        "từng đối tượng.")


def test_item_wrapped_before_a_dash_is_one_line():
    text = lines(FIXTURE)
    assert ITEM in text
    assert not [ln for ln in text if ln.startswith("- Xã hội")]


BASIS_808 = [
    "Căn cứ Luật Quy hoạch đô thị ngày 17 tháng 6 năm 2009; Luật sửa đổi, bổ sung một số điều của "
    "37 Luật có liên quan đến Quy hoạch ngày 20 tháng 11 năm 2018;",
    "Căn cứ Luật Xây dựng ngày 18 tháng 6 năm 2014; Luật Sửa đổi, bổ sung một số điều của Luật Xây "
    "dựng ngày 17 tháng 6 năm 2020;",
    "Căn cứ Nghị định số 72/2019/NĐ-CP ngày 30 tháng 8 năm 2019 của Chính phủ sửa đổi, bổ sung một số "
    "điều của Nghị định số 37/2010/NĐ-CP ngày 07 tháng 4 năm 2010 về lập, thẩm định, phê duyệt và quản "
    "lý quy hoạch đô thị và Nghị định số 44/2015/NĐ-CP ngày 06 tháng 5 năm 2015 quy định chi tiết một "
    "số nội dung về quy hoạch xây dựng;",
    "Căn cứ Quyết định số 1266/QĐ-TTg ngày 28 tháng 7 năm 2014 của Thủ tướng Chính phủ về việc phê "
    "duyệt Quy hoạch chung xây dựng đô thị Ninh Bình đến năm 2030, tầm nhìn đến năm 2050;",
    "Căn cứ Thông báo kết luận Hội nghị giao ban Lãnh đạo Ủy ban nhân dân tỉnh ngày 18 tháng 10 năm "
    "2024;",
    "Theo đề nghị của Giám đốc Sở Xây dựng tại Tờ trình số 3100/TTr-SXD ngày 25 tháng 9 năm 2024.",
]


def test_basis_paragraphs_of_808_are_one_line_each():
    text = lines("nb_qd_808")
    start = text.index(BASIS_808[0])
    assert list(text[start:start + len(BASIS_808)]) == BASIS_808


@pytest.mark.parametrize("name", ["nb_qd_808", "nb_qd_963"])
def test_every_basis_paragraph_is_one_line(name):
    """Each "Căn cứ …" paragraph is one line, so the lines between the first of them and
    "Theo đề nghị" all start with "Căn cứ"."""
    text = lines(name)
    start = next(i for i, ln in enumerate(text) if ln.startswith("Căn cứ"))
    end = next(i for i, ln in enumerate(text) if ln.startswith("Theo đề nghị"))
    assert [ln for ln in text[start:end] if not ln.startswith("Căn cứ")] == []


# The body runs from its first paragraph to "Nơi nhận:" (the centred title above it is not
# justified, so its wrapped lines stay as printed; the closing block is two columns).
BODY_START = {FIXTURE: "Thực hiện Quyết định", "nb_qd_808": "Căn cứ", "nb_qd_963": "Căn cứ",
              "hn_tb_453": "Nhân dịp"}

@pytest.mark.parametrize("name", [FIXTURE, "nb_qd_808", "nb_qd_963", "hn_tb_453"])
def test_no_body_line_is_cut_mid_sentence(name):
    """No line of the body starts in lower case after a line that ends in a letter or digit:
    a wrapped line that was not joined."""
    text = lines(name)
    start = next(i for i, ln in enumerate(text) if ln.startswith(BODY_START[name]))
    end = text.index("Nơi nhận:")
    body = [ln for ln in text[start:end] if " | " not in ln]
    cut = [(a, b) for a, b in zip(body, body[1:], strict=False)
           if a[-1:].isalnum() and b[:1].islower()]
    assert cut == []


LEFT, RIGHT = 85.0, 539.0
SIZE = 14.0
MARGINS = {0: (LEFT, RIGHT)}


def _text(x0: float, x1: float, top: float, text: str) -> Line:
    """A body line; its first word is 30 pt wide (it would not fit after a full line)."""
    return Line(text, x0, x1, top, top + SIZE, SIZE, 0, first_word=30.0)


def _join(*lines: Line) -> list[str]:
    return join_wrapped(list(lines), MARGINS, LayoutStats())


def test_full_line_followed_by_a_margin_line_is_joined():
    stats = LayoutStats()
    out = join_wrapped([_text(121, 538.5, 100, "Căn cứ Luật Ban hành văn bản quy phạm pháp luật ngày 22"),
                        _text(LEFT, 539, 121, "tháng 6 năm 2015; Luật Sửa đổi, bổ sung một số điều"),
                        _text(LEFT, 380, 142, "của Luật năm 2020;")], MARGINS, stats)
    assert out == ["Căn cứ Luật Ban hành văn bản quy phạm pháp luật ngày 22 tháng 6 năm 2015; "
                   "Luật Sửa đổi, bổ sung một số điều của Luật năm 2020;"]
    assert stats.joined == 2


def test_line_ending_a_clause_is_not_joined_to_an_upper_case_margin_line():
    first = _text(LEFT, 538.5, 100, "thi hành Luật Ban hành văn bản quy phạm pháp luật;")
    assert _join(first, _text(LEFT, 400, 121, "Nghị định số 154/2020/NĐ-CP ngày 31 tháng 12")) == \
        [first.text, "Nghị định số 154/2020/NĐ-CP ngày 31 tháng 12"]
    # ... while a lower-case margin line continues it (the ";" is inside the sentence).
    assert _join(first, _text(LEFT, 400, 121, "của Chính phủ")) == [first.text + " của Chính phủ"]


def test_indented_next_line_starts_a_new_paragraph():
    first = _text(LEFT, 538.5, 100, "đảm bảo khớp nối các khu vực dân cư và hệ thống hạ tầng")
    assert _join(first, _text(121, 400, 121, "kỹ thuật hiện trạng.")) == \
        [first.text, "kỹ thuật hiện trạng."]


def test_letter_item_is_not_joined_even_left_of_the_line_above():
    # The line above starts further in than the next one, so the next line counts as "at
    # the margin"; only its "a) " marker keeps it apart.
    first = _text(160, 538.5, 100, "Nội dung gồm các việc sau đây được giao cho các sở, ngành")
    assert _join(first, _text(121, 400, 121, "a) Rà soát các văn bản")) == \
        [first.text, "a) Rà soát các văn bản"]
    assert _join(first, _text(121, 400, 121, "và rà soát các văn bản")) == \
        [first.text + " và rà soát các văn bản"]


def test_dash_at_the_margin_under_an_indented_item_continues_it():
    first = _text(119, 538.5, 100, "- Đẩy mạnh công tác thông tin, tuyên truyền về Cộng đồng Văn hóa")
    assert _join(first, _text(LEFT, 400, 121, "- Xã hội ASEAN cho cán bộ.")) == \
        [first.text + " - Xã hội ASEAN cho cán bộ."]
    # An item at the same indent as the one above is the next item.
    assert _join(first, _text(119, 400, 121, "- Biên soạn tài liệu.")) == \
        [first.text, "- Biên soạn tài liệu."]


def test_line_after_a_short_line_is_not_joined():
    first = _text(121, 300, 100, "1. Quy hoạch hệ thống giao thông")
    assert _join(first, _text(LEFT, 538.5, 121, "kết nối thuận tiện giữa các khu chức năng")) == \
        [first.text, "kết nối thuận tiện giữa các khu chức năng"]


# --- 7. running lines ----------------------------------------------------------------------

@pytest.mark.parametrize(("name", "pages"), [(FIXTURE, 4), ("nb_qd_808", 7)])
def test_page_numbers_are_removed_and_listed(name, pages):
    assert warning(name, "running-lines-removed").removed == [str(n) for n in range(2, pages + 1)]
    assert not [ln for ln in lines(name) if re.fullmatch(r"\s*-?\s*\d{1,3}\s*-?\s*", ln)]


# --- 8. no character is lost ---------------------------------------------------------------

def _chars(text: str) -> Counter[str]:
    return Counter(ch for ch in text if not ch.isspace())


@cache
def source_chars(name: str) -> Counter[str]:
    """Every character on the pages (pdfplumber's page.chars, duplicates included)."""
    with pdfplumber.open(PATHS[name]) as pdf:
        return sum((_chars("".join(c["text"] for c in page.chars)) for page in pdf.pages), Counter())


@pytest.mark.parametrize("name", ALL)
def test_no_character_is_lost(name):
    doc = raw(name)
    source = source_chars(name) + _chars(doc.attributes.get("signature_widgets", "").replace(" | ", " "))
    assert source["|"] == 0  # so every "|" of the output is a cell separator the layout added
    removed = [ln for w in doc.warnings for ln in w.removed]
    out = _chars(doc.text) + sum((_chars(ln) for ln in removed), Counter())
    out["|"] -= sum(s.count(" | ") for s in [doc.text, *removed])
    assert +out == +source
    assert all(n >= 0 for n in out.values())
    if name in REAL:
        assert doc.attributes["signature_widgets"]  # the number and day drawn by the signature


ASCII = string.ascii_letters + string.digits + string.punctuation
# Helvetica without an /Encoding is StandardEncoding: ' and ` are drawn as curly quotes.
DRAWN = str.maketrans({"'": "\u2019", "`": "\u2018"})
_page = st.lists(st.text(alphabet=ASCII + "  ", max_size=70), min_size=1, max_size=8) \
    .filter(lambda page: any(ln.strip() for ln in page))  # a blank page would go to OCR


@settings(max_examples=40, deadline=None)
@given(st.lists(_page, min_size=1, max_size=3))
def test_synthetic_pdf_loses_no_character(pages):
    source = Source(path="memory.pdf", format="pdf", sha256="0" * 64, bytes=0)
    try:
        doc = read_bytes(make_pdf(pages), source)
    except IngestError:
        return  # e.g. every line a running line: refused with a message, not lost silently
    expected = _chars("".join(ln for page in pages for ln in page).translate(DRAWN))
    removed = [ln for w in doc.warnings for ln in w.removed]
    assert _chars(doc.text) + sum((_chars(ln) for ln in removed), Counter()) == expected



@pytest.mark.parametrize("rotate", [90, 270])
def test_a_page_turned_by_rotate_reads_as_displayed(rotate):
    """/Rotate with text drawn to display upright (how producers store landscape pages):
    the same lines, in the same order, as the unrotated page."""
    page = ["UY BAN NHAN DAN TINH X", "KE HOACH", "I. NHIEM VU",
            "1. Tuyen truyen ve Cong dong ASEAN tren dia ban tinh nam 2025.", "2. To chuc hoi nghi."]
    source = Source(path="memory.pdf", format="pdf", sha256="0" * 64, bytes=0)
    upright = read_bytes(make_pdf([page]), source).text
    assert read_bytes(make_pdf([page], rotate=rotate), source).text == upright
    assert upright.splitlines() == page


def test_text_printed_sideways_is_read_turned_upright():
    """A landscape table or page printed turned on a portrait page (text running bottom to
    top): read as if turned upright, and the warning says which pages were turned."""
    first = ["UY BAN NHAN DAN TINH X", "KE HOACH", "I. NHIEM VU",
             "1. Tuyen truyen ve Cong dong ASEAN tren dia ban tinh nam 2025."]
    second = ["II. TO CHUC THUC HIEN", "1. So Ngoai vu chu tri, phoi hop voi cac so, nganh."]
    source = Source(path="memory.pdf", format="pdf", sha256="0" * 64, bytes=0)
    doc = read_bytes(make_pdf([first, second], sideways=True), source)
    assert doc.text.splitlines() == first + second
    layout = next(w for w in doc.warnings if w.code == "pdf-layout")
    assert "sideways text read turned: page 1 by 90°, page 2 by 90°" in layout.message
    upright = read_bytes(make_pdf([first, second]), source)
    assert "turned" not in next(w for w in upright.warnings if w.code == "pdf-layout").message
