"""Documents as they come: Markdown conversions of legal-database pages, formats that cannot be
read, unusable PDF text layers, legacy glyphs (synthetic examples of each family)."""

from __future__ import annotations

import hashlib
import json

from helpers import make_pdf
from hypothesis import given, settings
from hypothesis import strategies as st

import plan_extract
from plan_extract.cli import app
from plan_extract.document import Source
from plan_extract.lexicon.textnorm import legacy_glyphs
from plan_extract.pipeline import extract_path
from plan_extract.readers import read_bytes
from plan_extract.readers.markdown import read_markdown, source_url
from plan_extract.readers.pdf.plausibility import image_cover, unusable_reason

MD_PLAN = """*Source: https://example.vn/van-ban/ke-hoach-12-kh-ubnd.aspx*

# Kế hoạch 12/KH-UBND năm 2025 về tuyên truyền

|
**ỦY BAN NHÂN DÂN**
TỈNH TIỀN GIANG
-------
|
**CỘNG HÒA XÃ HỘI
CHỦ NGHĨA VIỆT NAM**
Độc lập - Tự do - Hạnh phúc
---------------
|
|
Số: 12/KH-UBND
|
*Tiền Giang, ngày 15 tháng
6 năm 2025*
|

**KẾ HOẠCH**

**Tuyên truyền về Cộng đồng ASEAN năm 2025**

**I. MỤC ĐÍCH, YÊU CẦU**

Nâng cao nhận thức của cán bộ, công chức
và người dân về Cộng đồng ASEAN.

**II. NHIỆM VỤ**

1. Tổ chức hội nghị phổ biến thông tin
cho cán bộ chủ chốt các sở, ngành.

2. Đăng tin bài trên **Cổng thông tin điện tử** của tỉnh.

**III. TỔ CHỨC THỰC HIỆN**

| TT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian thực hiện |
|---|---|---|---|---|
| 1 | Biên soạn tài liệu tuyên truyền | Sở Ngoại vụ | Sở Thông tin và Truyền thông | Quý II/2025 |
| 2 | Tổ chức cuộc thi tìm hiểu | Sở Giáo dục và Đào tạo | Tỉnh đoàn | Quý III/2025 |
"""


def _md(text: str):
    data = text.encode("utf-8")
    src = Source(path="page.md", format="md", sha256=hashlib.sha256(data).hexdigest(), bytes=len(data))
    return read_bytes(data, src)


def test_markdown_paragraphs_are_lines_without_markup():
    lines = _md(MD_PLAN).text.split("\n")
    assert "Nâng cao nhận thức của cán bộ, công chức và người dân về Cộng đồng ASEAN." in lines
    assert "1. Tổ chức hội nghị phổ biến thông tin cho cán bộ chủ chốt các sở, ngành." in lines
    assert "2. Đăng tin bài trên Cổng thông tin điện tử của tỉnh." in lines
    assert not any("*" in line or line.startswith("#") for line in lines)


def test_a_wrapped_line_opening_with_a_heading_word_goes_on_its_sentence():
    """"Chương trình", "Mục tiêu" at the start of a wrapped line are words, not a "Chương I"
    or "Mục 2" heading: the paragraph stays one line; a numbered "Chương II" still breaks."""
    lines = _md("+ Báo cáo kết quả thực hiện\nChương trình, kết quả xử lý các vướng mắc.\n\n"
                "+ Rà soát việc thực hiện\nMục tiêu của Kế hoạch năm 2026.\n"
                "Chương II\nTỔ CHỨC THỰC HIỆN\n").text.split("\n")
    assert lines[:2] == ["+ Báo cáo kết quả thực hiện Chương trình, kết quả xử lý các vướng mắc.",
                         "+ Rà soát việc thực hiện Mục tiêu của Kế hoạch năm 2026."]
    assert "Chương II TỔ CHỨC THỰC HIỆN" in lines or "Chương II" in lines


def test_a_number_the_fixed_width_wrap_put_at_a_line_start_is_no_item():
    """A converter wrapping at 80 columns can put a number of the sentence at a line's start
    ("… ưu tiên các địa bàn cấp độ" / "1. Cấp ngay mì tôm …"): the paragraph stays one line.
    The next item of the numbering ("5.") and a number after a clause's end still open items."""
    wrapped = "\n".join(["Hỗ trợ người dân vùng ngập lụt, khắc phục hậu quả thiên tai, bảo đảm đời"]
                        + [f"sống của Nhân dân tại các xã, phường ven biển số {i} trong đợt mưa lũ vừa qua"
                           for i in range(24)])
    text = ("4. Phương án tổ chức cấp phát\n\n"
            "- Giai đoạn khẩn cấp: Tổ chức lực lượng tiếp cận ngay các vùng ngập sâu, chia cắt,\n"
            "bằng ca nô, xuồng máy, phương tiện cơ động, ưu tiên các địa bàn có nguy cơ cấp độ\n"
            "1. Cấp ngay mì tôm, lương khô, nước uống cho Nhân dân.\n\n"
            + wrapped + "\nnhằm ổn định cuộc sống người dân trong vùng bị ảnh hưởng của mưa lũ lớn.\n"
            "5. Tổ chức kiểm tra, giám sát việc cấp phát nhu yếu phẩm cho người dân.\n")
    lines = _md(text).text.split("\n")
    assert any(line.startswith("- Giai đoạn khẩn cấp") and line.endswith("cấp độ 1. Cấp ngay mì tôm, "
               "lương khô, nước uống cho Nhân dân.") for line in lines)
    assert "5. Tổ chức kiểm tra, giám sát việc cấp phát nhu yếu phẩm cho người dân." in lines


def test_markdown_layout_cells_and_pipe_tables():
    lines = _md(MD_PLAN).text.split("\n")
    assert "Số: 12/KH-UBND" in lines  # a "|" line separates the header's cells
    assert "Tiền Giang, ngày 15 tháng 6 năm 2025" in lines  # a wrapped cell is one line
    assert ("1 | Biên soạn tài liệu tuyên truyền | Sở Ngoại vụ | Sở Thông tin và Truyền thông | "
            "Quý II/2025") in lines


def test_a_markdown_plan_extracts_like_the_page_it_came_from():
    doc = plan_extract.extract(MD_PLAN.encode("utf-8"), format="md", name="page.md")
    assert doc.source.url == "https://example.vn/van-ban/ke-hoach-12-kh-ubnd.aspx"
    md = doc.metadata
    assert (md.doc_number, md.issue_date, md.issuer) == (
        "12/KH-UBND", "2025-06-15", "Ủy ban nhân dân tỉnh Tiền Giang")
    by_text = {a.text: a for a in doc.activities}
    assert by_text["Biên soạn tài liệu tuyên truyền"].agency == "Sở Ngoại vụ"
    assert by_text["Tổ chức cuộc thi tìm hiểu"].deadline == "Quý III/2025"
    assert any(a.text.startswith("Tổ chức hội nghị phổ biến") and a.section_path == "II"
               for a in doc.activities)


def test_markdown_attribute_lines_are_the_attribute_table():
    page = ("Số hiệu: 45/KH-UBND\nNgày ban hành: 02/03/2024\nLoại văn bản: Kế hoạch\n"
            "Người ký: Nguyễn Văn An\n\nKẾ HOẠCH\n\nI. NHIỆM VỤ\n\n1. Tổ chức tập huấn cho cán bộ.\n")
    doc = plan_extract.extract(page.encode("utf-8"), format="md", name="a.md")
    assert doc.metadata.doc_number == "45/KH-UBND" and doc.metadata.signer == "Nguyễn Văn An"
    assert doc.metadata_provenance["doc_number"].provenance == "attribute-table"


def test_source_url_only_from_the_first_line():
    assert source_url("\n  Nguồn: https://a.vn/x  \nText") == ("https://a.vn/x", "\nText")
    assert source_url("Text\nSource: https://a.vn/x") == (None, "Text\nSource: https://a.vn/x")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet="abcdeđêôơư ÁÀẠ", min_size=1, max_size=30).map(str.strip)
                .filter(lambda w: w and w[0].isalpha()), min_size=1, max_size=8))
def test_every_word_of_plain_paragraphs_survives_markdown(paragraphs):
    text = "\n\n".join(paragraphs)
    out = read_markdown(text.encode("utf-8")).text
    assert out.split() == text.split()


def test_formats_that_cannot_be_read_are_one_error_line_each(tmp_path, runner):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0 not read")
    (folder / "sheet.xlsx").write_bytes(b"PK")
    (folder / "ok.txt").write_text("KẾ HOẠCH\nI. NHIỆM VỤ\n1. Tổ chức tập huấn cho cán bộ.\n", "utf-8")
    result = runner.invoke(app, ["extract", str(folder), "-o", str(tmp_path / "out"), "--quiet"])
    assert result.exit_code == 1
    errors = {json.loads(line)["path"].rsplit("/", 1)[-1]: json.loads(line)
              for line in (tmp_path / "out" / "errors.jsonl").read_text("utf-8").splitlines()}
    assert set(errors) == {"old.doc", "sheet.xlsx"}
    assert "save it as .docx" in errors["old.doc"]["message"]
    assert errors["old.doc"]["stage"] == "ingest" and "\n" not in errors["old.doc"]["message"]
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text("utf-8"))
    assert manifest["inputs"] == 3 == manifest["results"] + manifest["errors"]


def test_unusable_text_layers_are_told_from_vietnamese():
    good = ("Ủy ban nhân dân tỉnh ban hành kế hoạch thực hiện các mục tiêu của cộng đồng văn hóa "
            "xã hội trên địa bàn tỉnh trong giai đoạn tới và giao các sở ngành tổ chức thực hiện")
    assert unusable_reason(good) is None
    assert "glyph codes" in unusable_reason("(cid:72)(cid:101)(cid:3) " * 20 + good)
    assert "private-use" in unusable_reason("\ue001\ue002\ue003 " * 30 + good)
    latin1 = ("Uû ban nh©n d©n tØnh ban hµnh kÕ ho¹ch thùc hiÖn c¸c môc tiªu cña céng ®ång "
              "v¨n hãa x· héi trªn ®Þa bµn tØnh trong giai ®o¹n tíi vµ giao c¸c së ngµnh tæ chøc")
    assert "syllables" in unusable_reason(latin1)
    assert unusable_reason("12 | 34 | Sở Y tế") is None  # too few words to judge


def test_each_pdf_page_says_how_it_was_read(tmp_path):
    path = tmp_path / "p.pdf"
    path.write_bytes(make_pdf([["KE HOACH", "I. NHIEM VU", "1. To chuc tap huan cho can bo."],
                               ["2. Kiem tra, giam sat viec thuc hien."]]))
    doc = plan_extract.extract(path)
    assert [(p.page, p.method, p.confidence) for p in doc.source.pages] == [
        (1, "text-layer", None), (2, "text-layer", None)]


def test_legacy_glyphs_are_mapped_with_a_warning():
    assert legacy_glyphs("Trƣờng Ƣu tiên") == ("Trường Ưu tiên", 2)
    doc = plan_extract.extract("KẾ HOẠCH\nI. NHIỆM VỤ\n1. Tăng cƣờng tuyên truyền.\n".encode(),
                               format="txt")
    assert "Tăng cường tuyên truyền." in doc.text
    assert any(w.code == "legacy-glyphs" and "1 legacy" in w.message for w in doc.warnings)


def test_a_word_layout_table_gives_each_cells_lines_and_a_data_table_rows():
    page = ("<html><body><table><tr><td><p>ỦY BAN NHÂN DÂN</p><p>XÃ AN BÌNH</p><p>Số: 12/KH-UBND</p></td>"
            "<td><p>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p><p>Độc lập - Tự do - Hạnh phúc</p>"
            "<p>An Bình, ngày 05 tháng 3 năm 2025</p></td></tr></table><p>KẾ HOẠCH</p>"
            "<table><tr><td>TT</td><td>Nhiệm vụ</td><td>Cơ quan chủ trì</td></tr>"
            "<tr><td>1</td><td>Tuyên truyền</td><td>Văn phòng</td></tr></table></body></html>")
    doc = plan_extract.extract(page.encode("utf-8"), format="html", name="p.htm")
    lines = doc.text.split("\n")
    assert lines[:6] == ["ỦY BAN NHÂN DÂN", "XÃ AN BÌNH", "Số: 12/KH-UBND",
                         "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                         "An Bình, ngày 05 tháng 3 năm 2025"]
    assert "1 | Tuyên truyền | Văn phòng" in lines
    assert doc.metadata.issue_date == "2025-03-05" and doc.metadata.doc_number == "12/KH-UBND"


def test_a_scan_with_a_stamps_text_over_it_is_a_scan():
    class Page:  # what image_cover reads of a pdfplumber page
        width, height = 595, 842
        images = [{"x0": 0, "x1": 595, "top": 0, "bottom": 842}]

    stamp = "Ký bởi: Ủy ban nhân dân tỉnh Hà Tĩnh\nThời gian ký: 24.06.2016 10:21"
    assert image_cover(Page()) == 1.0
    assert "a scanned page" in unusable_reason(stamp, image_cover(Page()))
    assert unusable_reason(stamp, 0.0) is None  # a short text page without an image is text


def test_stray_emphasis_markers_are_removed_but_footnote_marks_stay():
    page = "**Điều 2. **Quyết định này có hiệu lực kể từ ngày ký.\n\n* *\n\nTheo mẫu (*) kèm theo.\n"
    lines = _md(page).text.split("\n")
    assert lines == ["Điều 2. Quyết định này có hiệu lực kể từ ngày ký.", "Theo mẫu (*) kèm theo."]


def test_a_signature_block_joined_into_one_line_gives_its_signer():
    text = ("ỦY BAN NHÂN DÂN\nTỈNH AN GIANG\nSố: 5/KH-UBND\nKẾ HOẠCH\nI. NHIỆM VỤ\n"
            "1. Tổ chức tập huấn cho cán bộ.\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n"
            "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Thị Ngọc Điệp\nPHỤ LỤC\n")
    doc = plan_extract.extract(text.encode("utf-8"), format="txt")
    assert doc.metadata.signer == "Nguyễn Thị Ngọc Điệp"
    no_name = text.replace(" Nguyễn Thị Ngọc Điệp", "")
    assert plan_extract.extract(no_name.encode("utf-8"), format="txt").metadata.signer is None


TCVN3_PLAN = ("KÕ HO¹CH\nI. NHIÖM Vô\n1. Th\u00adêng xuyªn tæ chøc tuyªn truyÒn vÒ Céng ®ång ASEAN "
              "cho c¸n bé, c«ng chøc vµ ng\u00adêi d©n trªn ®Þa bµn tØnh.\n")


def test_tcvn3_text_read_as_latin1_is_mapped_back_with_a_warning():
    doc = plan_extract.extract(TCVN3_PLAN.encode("utf-8"), format="txt")
    assert doc.text.split("\n")[:2] == ["KẾ HOẠCH", "I. NHIỆM VỤ"]
    assert ("1. Thường xuyên tổ chức tuyên truyền về Cộng đồng ASEAN cho cán bộ, công chức và "
            "người dân trên địa bàn tỉnh.") in doc.text
    assert any(w.code == "legacy-encoding" for w in doc.warnings)
    assert [a.section_path for a in doc.activities] == ["I"]


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọ"
                        "ồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ .,", min_size=30))
def test_unicode_vietnamese_is_never_taken_for_tcvn3(text):
    from plan_extract.lexicon.legacy import is_tcvn3

    letters = [c for c in text if c.isalpha()]
    if any(ord(c) > 0xFF for c in letters):  # Unicode Vietnamese as it is written
        assert not is_tcvn3(text)


BOUNDARY_TABLE = """KẾ HOẠCH
Phát triển hạ tầng số
I. NHIỆM VỤ
1. Phát triển hạ tầng.

**PHỤ LỤC**

|
**TT**
|
**Nội dung/nhiệm vụ**
|
**Cơ quan chủ trì**
|
**Cơ quan phối hợp**
|
**Thời gian thực hiện**
|
|
1
|
Tổ chức điều chỉnh, bổ sung
quy hoạch hạ tầng viễn thông
|
Ban Quản lý các khu công nghệ cao
|
Sở Khoa học và Công nghệ
Sở Công Thương
|
Quý III/2026
|
|
2
|
Quản lý, vận hành hệ thống thông tin
|
Sở Tài chính
|
Các sở, ngành
|
Quý IV/2026
|
|
Thực hiện sao lưu dữ liệu
|
Sở Khoa học và Công nghệ
|
Sở Tài chính
|

Trên đây là Kế hoạch.
"""


def test_a_table_written_one_cell_per_block_between_pipe_lines_gives_its_rows(tmp_path):
    """Family: converters that write a Word table one cell per block between lines holding
    only "|" (a row ends where two meet): each row is a task; a wrapped cell is one cell,
    agencies one per line a list; "Nội dung/nhiệm vụ" is the task column; a row under a
    merged TT cell starts at its task."""
    path = tmp_path / "plan.md"
    path.write_text(BOUNDARY_TABLE, encoding="utf-8")
    rows = [a for a in extract_path(path).activities if a.section_path == "PL"]
    assert [(a.label, a.text, a.agency) for a in rows] == [
        ("1", "Tổ chức điều chỉnh, bổ sung quy hoạch hạ tầng viễn thông",
         "Ban Quản lý các khu công nghệ cao"),
        ("2", "Quản lý, vận hành hệ thống thông tin", "Sở Tài chính"),
        (None, "Thực hiện sao lưu dữ liệu", "Sở Khoa học và Công nghệ")]
    assert rows[0].partners == ["Sở Khoa học và Công nghệ", "Sở Công Thương"]
    assert rows[0].deadline == "Quý III/2026"


def test_a_bold_heading_cut_into_two_bold_paragraphs_is_one_heading(tmp_path):
    """Family: a converter cuts a bold numbered heading into two bold paragraphs ("**3. Sở
    Văn hóa, Thể thao**" / "**và Du lịch tỉnh**"): one heading; a bold part title and a
    bold numbered heading after it stay two lines."""
    text = ("KẾ HOẠCH\n\nTổ chức hội thi\n\n**I. NHIỆM VỤ**\n\n**1. Tổ chức hội thi**\n\n"
            "- Tổ chức hội thi.\n\n"
            "**II. TỔ CHỨC THỰC HIỆN**\n\n**1. Sở Văn hóa, Thể\nthao và Du lịch, Đài Phát thanh**\n\n"
            "**Truyền hình tỉnh**\n\n- Chủ trì tổ chức hội thi.\n")
    path = tmp_path / "plan.md"
    path.write_text(text, encoding="utf-8")
    acts = extract_path(path).activities
    assert [a.agency for a in acts if a.section_path == "II.1"] == [
        "Sở Văn hóa, Thể thao và Du lịch, Đài Phát thanh Truyền hình tỉnh"]
    assert [a.section_path for a in acts] == ["I.1", "II.1"]


def test_an_article_the_wrap_put_at_a_line_start_stays_in_its_sentence():
    """"… khoản 2 Điều 3;" / "Điều 6; khoản 5 Điều 9 …" in a hard-wrapped Markdown paragraph is
    one line: a cited article opens no paragraph."""
    lines = _md("- Nội dung: quy định chi tiết khoản 2 Điều 3;\nĐiều 6; khoản 5 Điều 9 của Luật.\n"
                "\nĐiều 2. Quyết định này có hiệu lực.\n").text.split("\n")
    assert "- Nội dung: quy định chi tiết khoản 2 Điều 3; Điều 6; khoản 5 Điều 9 của Luật." in lines
    assert "Điều 2. Quyết định này có hiệu lực." in lines


PIPE_TEXT = ("| ỦY BAN NHÂN DÂN TỈNH TIỀN GIANG ------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM "
             "Độc lập - Tự do - Hạnh phúc --------------- |\n") + """| --- | --- |
| Số: 12/KH-UBND | *Tiền Giang, ngày 15 tháng 6 năm 2025* |
KẾ HOẠCH
Thông tin, tuyên truyền về Cộng đồng ASEAN năm 2025
I. NHIỆM VỤ
1. Tổ chức hội nghị phổ biến thông tin cho cán bộ chủ chốt.
2. Đăng tin bài trên Cổng thông tin điện tử của tỉnh.
* *
| *Nơi nhận:* - Như trên; - Lưu: VT. | TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Văn Hải |
| --- | --- |
"""


def test_a_plain_text_with_pipe_tables_reads_its_rows_and_keeps_its_lines():
    """Family: a plain text a converter gave Markdown pipe tables (the header and signature as
    "| … | … |" rows over "| --- | --- |"): the rows read as in a .md file, each other line stays
    a line (not joined into a paragraph), and markup alone ("* *", a delimiter row) is no line."""
    doc = plan_extract.extract(PIPE_TEXT.encode("utf-8"), format="txt", name="plan.txt")
    md = doc.metadata
    assert (md.doc_number, md.issue_date, md.signer) == ("12/KH-UBND", "2025-06-15", "Nguyễn Văn Hải")
    assert [a.text for a in doc.activities] == [
        "Tổ chức hội nghị phổ biến thông tin cho cán bộ chủ chốt.",
        "Đăng tin bài trên Cổng thông tin điện tử của tỉnh."]
    plain = plan_extract.extract(b"KE HOACH\n| not a table |\n1. Mot dong.\n2. Hai dong.\n",
                                 format="txt", name="plain.txt")
    assert not any(w.code == "markdown" for w in plain.warnings)


def test_a_sites_page_laid_out_in_one_table_reads_its_text_as_lines():
    """Family: a legal-database page converted with its layout table's "|" boundary lines and
    no blank lines, the document's whole text in one "cell": that cell is no cell, its lines
    are the text (parts, items), and the small cells beside it stay a row."""
    body = ["**KẾ HOẠCH**", "Thực hiện Nghị định về phòng thủ dân sự", "**I. MỤC ĐÍCH**",
            "1. Nâng cao nhận thức.", "**II. NỘI DUNG**"]
    body += [f"{n}. Tổ chức diễn tập phòng thủ dân sự đợt {n} tại các xã." for n in range(1, 70)]
    page = "\n".join(["|", "**Số hiệu:**", "|", "12/KH-UBND", "|", "|", "**Loại văn bản:**", "|",
                      "Kế hoạch", "|", "|", "Số: 12/KH-UBND", "|", "Nghệ An, ngày 18 tháng 11 năm 2025",
                      "|", *body, "|", "|"]) + "\n"
    doc = plan_extract.extract(page.encode("utf-8"), format="md", name="page.md")
    assert len([a for a in doc.activities if a.section_path == "II"]) == 69
    assert doc.metadata.doc_number == "12/KH-UBND"
