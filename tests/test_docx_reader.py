"""DOCX through python-docx: body order, layout tables as cell lines, task tables as " | " rows
with merged cells resolved, and a clear IngestError for anything unreadable."""

from __future__ import annotations

import io
import zipfile
from collections import Counter
from collections.abc import Callable

import pytest
from docx import Document
from docx.oxml import OxmlElement
from helpers import EXTRA_DIR, LETTERS, docx_paragraph, make_docx
from hypothesis import given, settings
from hypothesis import strategies as st

from plan_extract.errors import IngestError
from plan_extract.readers.docx import read_docx

REAL_DOCX = EXTRA_DIR / "docx" / "ld_qd_dieu_le_hiep_hoi.docx"
TASK_HEADER = ["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện"]


def build(fill: Callable) -> bytes:
    """A DOCX saved by python-docx after `fill(document)`, as Word would hand it over."""
    document = Document()
    fill(document)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def lines_of(data: bytes) -> list[str]:
    return read_docx(data)[0].split("\n")


def add_rows(document, rows: list[list[str]]):
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    return table


def with_entry(data: bytes, name: str, content: bytes | None) -> bytes:
    """`data` with archive entry `name` replaced (or dropped when `content` is None)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for entry in src.namelist():
            if entry != name:
                dst.writestr(entry, src.read(entry))
        if content is not None:
            dst.writestr(name, content)
    return out.getvalue()


# --- order and paragraphs ----------------------------------------------------------------

def test_paragraphs_and_tables_keep_body_order():
    def fill(d):
        d.add_paragraph("Mở đầu")
        add_rows(d, [["ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]])
        d.add_paragraph("KẾ HOẠCH")
        add_rows(d, [TASK_HEADER, ["1", "Tuyên truyền", "Sở Nội vụ", "Các sở", "Quý I"]])
        d.add_paragraph("Trên đây là Kế hoạch.")

    assert [ln for ln in lines_of(build(fill)) if ln] == [
        "Mở đầu", "ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "KẾ HOẠCH",
        " | ".join(TASK_HEADER), "1 | Tuyên truyền | Sở Nội vụ | Các sở | Quý I", "Trên đây là Kế hoạch.",
    ]


def test_line_break_starts_a_new_line_and_tab_is_a_space():
    def fill(d):
        run = d.add_paragraph().add_run("Số: 12/KH-UBND\tHà Nội")
        run.add_break()
        run.add_text("Dòng hai")

    assert lines_of(build(fill)) == ["Số: 12/KH-UBND Hà Nội", "Dòng hai"]


def test_content_control_text_is_read_and_page_header_is_not():
    def fill(d):
        d.sections[0].header.paragraphs[0].text = "Tiêu đề trang lặp lại"
        d.add_paragraph("Trước")
        inner = d.add_paragraph("Trong ô nội dung")
        sdt, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
        inner._p.addprevious(sdt)
        sdt.append(content)
        content.append(inner._p)
        d.add_paragraph("Sau")

    assert lines_of(build(fill)) == ["Trước", "Trong ô nội dung", "Sau"]


# --- tables ------------------------------------------------------------------------------

def test_layout_table_gives_each_cells_lines_left_then_right():
    def fill(d):
        table = add_rows(d, [["ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
                             ["Nơi nhận:", "KT. CHỦ TỊCH"]])
        table.cell(0, 0).add_paragraph("TỈNH BÌNH THUẬN")
        table.cell(0, 1).add_paragraph("Độc lập - Tự do - Hạnh phúc")
        table.cell(1, 0).add_paragraph("- Như Điều 3;")
        table.cell(1, 1).add_paragraph("Nguyễn Hồng Hải")

    text, warnings = read_docx(build(fill))
    assert text.split("\n") == [
        "ỦY BAN NHÂN DÂN", "TỈNH BÌNH THUẬN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
        "Nơi nhận:", "- Như Điều 3;", "KT. CHỦ TỊCH", "Nguyễn Hồng Hải",
    ]
    assert warnings == []


def test_task_table_fills_vertical_merges_down_and_gives_horizontal_merges_once():
    def fill(d):
        table = add_rows(d, [
            TASK_HEADER,
            ["I", "Nhiệm vụ chung", "", "", ""],
            ["1", "Tuyên   truyền\nĐề án", "Sở Nội vụ", "Các sở", "Quý I"],
            ["2", "Tập huấn", "", "UBND cấp huyện", "Quý II"],
            ["3", "Kiểm tra", "", "", "Năm 2025"],
        ])
        table.cell(1, 1).merge(table.cell(1, 4))  # a section row spanning the task columns
        table.cell(2, 2).merge(table.cell(4, 2))  # one lead agency for three tasks
        table.cell(3, 3).merge(table.cell(4, 3))

    text, warnings = read_docx(build(fill))
    assert text.split("\n") == [
        " | ".join(TASK_HEADER),
        "I | Nhiệm vụ chung",
        "1 | Tuyên truyền Đề án | Sở Nội vụ | Các sở | Quý I",
        "2 | Tập huấn | Sở Nội vụ | UBND cấp huyện | Quý II",
        "3 | Kiểm tra | Sở Nội vụ | UBND cấp huyện | Năm 2025",
    ]
    assert [(w.stage, w.code, w.removed) for w in warnings] == [("ingest", "docx-merged-cells", [])]
    assert "3 vertically merged" in warnings[0].message


def test_merged_cells_of_a_layout_table_are_not_repeated():
    def fill(d):
        table = add_rows(d, [["Nơi nhận:", "KT. CHỦ TỊCH"], ["", "Nguyễn Hồng Hải"]])
        table.cell(0, 0).merge(table.cell(1, 0))

    text, warnings = read_docx(build(fill))
    assert [ln for ln in text.split("\n") if ln] == ["Nơi nhận:", "KT. CHỦ TỊCH", "Nguyễn Hồng Hải"]
    assert warnings == []


def test_nested_table_is_flattened_into_its_cell():
    def fill(d):
        table = add_rows(d, [TASK_HEADER, ["1", "Hội nghị", "Sở Tư pháp", "", "Quý III"]])
        inner = table.cell(1, 3).add_table(rows=2, cols=1)
        inner.cell(0, 0).text = "Sở Nội vụ"
        inner.cell(1, 0).text = "Công an tỉnh"

    assert lines_of(build(fill))[1] == "1 | Hội nghị | Sở Tư pháp | Sở Nội vụ Công an tỉnh | Quý III"


# --- unreadable input --------------------------------------------------------------------

NO_BODY = b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'


def _valid() -> bytes:
    return build(lambda d: d.add_paragraph("Nội dung"))


@pytest.mark.parametrize(("data", "message"), [
    (b"PK\x03\x04 not really a zip", "not a valid DOCX archive: "),
    (b"", "not a valid DOCX archive: "),
    (with_entry(_valid(), "word/document.xml", None), "not a valid DOCX archive: "),
    (with_entry(_valid(), "word/document.xml", b"<w:document><w:body>"),
     "DOCX has broken XML in word/document.xml: "),
    (with_entry(_valid(), "word/document.xml", NO_BODY), "DOCX has no document body"),
])
def test_unreadable_docx_is_an_ingest_error_with_a_clear_message(data, message):
    with pytest.raises(IngestError, match=f"^{message}"):
        read_docx(data)


def test_broken_styles_part_does_not_lose_the_text():
    """python-docx parses styles.xml too; the body text does not depend on it."""
    assert lines_of(with_entry(_valid(), "word/styles.xml", b"<w:styles")) == ["Nội dung"]


def test_bare_archive_with_only_the_body_part_is_read():
    """Generators that write just [Content_Types].xml and word/document.xml (python-docx
    refuses those packages; the old reader accepted them)."""
    assert lines_of(make_docx(docx_paragraph("Dòng ", "một"))) == ["Dòng một"]


# --- the real file -----------------------------------------------------------------------

def test_real_decision_reads_with_header_and_signer():
    text, warnings = read_docx(REAL_DOCX.read_bytes())
    for expected in ("ỦY BAN NHÂN DÂN", "1424/QĐ-UBND", "Nguyễn Hồng Hải"):
        assert expected in text
    assert warnings == []


# --- property ----------------------------------------------------------------------------

_cell_text = st.text(alphabet=LETTERS + "0123456789/.,-:;() ", max_size=20)
_table = st.integers(1, 5).flatmap(
    lambda cols: st.lists(st.lists(_cell_text, min_size=cols, max_size=cols), min_size=1, max_size=4))
_blocks = st.lists(st.one_of(_cell_text, _table), max_size=6)


@settings(max_examples=40)
@given(_blocks)
def test_every_written_character_is_read_back(blocks):
    def fill(d):
        for block in blocks:
            if isinstance(block, str):
                d.add_paragraph(block)
            else:
                add_rows(d, block)

    written = "".join(b if isinstance(b, str) else "".join(c for row in b for c in row) for b in blocks)
    text, _ = read_docx(build(fill))
    assert Counter(text.replace("|", "").replace(" ", "").replace("\n", "")) == Counter(
        written.replace(" ", ""))


def test_footnotes_are_read_after_the_body_and_their_citations_count():
    import io
    import zipfile

    from helpers import docx_paragraph, make_docx

    import plan_extract

    body = (docx_paragraph("Số: 5/KH-UBND") + docx_paragraph("KẾ HOẠCH") +
            docx_paragraph("Căn cứ các văn bản của Trung ương") +
            docx_paragraph("I. NHIỆM VỤ") + docx_paragraph("1. Tổ chức tập huấn cho cán bộ."))
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    notes = (f'<w:footnotes xmlns:w="{w}">'
             '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:t>----</w:t></w:r></w:p></w:footnote>'
             '<w:footnote w:id="1"><w:p><w:r><w:t>Nghị quyết số 10-NQ/TW ngày 10/02/2022 của Bộ Chính trị'
             '</w:t></w:r></w:p></w:footnote></w:footnotes>')
    buf = io.BytesIO(make_docx(body))
    with zipfile.ZipFile(buf, "a") as zf:
        zf.writestr("word/footnotes.xml", notes)
    doc = plan_extract.extract(buf.getvalue(), format="docx", name="kh.docx")
    assert doc.text.split("\n")[-1] == "Nghị quyết số 10-NQ/TW ngày 10/02/2022 của Bộ Chính trị"
    assert "----" not in doc.text
    assert [r.doc_number for r in doc.references] == ["10-NQ/TW"]
    assert any(w.code == "docx-footnotes" for w in doc.warnings)
