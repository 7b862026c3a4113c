"""Regressions: behaviours real documents rely on that an earlier version got wrong."""

from __future__ import annotations

import json
import os
import stat

from helpers import extract_text, normalized

from plan_extract.document import Source
from plan_extract.errors import IngestError
from plan_extract.lexicon import agencies, dates
from plan_extract.readers import read_bytes
from plan_extract.readers.pdf.running_lines import strip_running_lines
from plan_extract.stages.outline import build_outline

HEADER = """ỦY BAN NHÂN DÂN
TỈNH AN GIANG
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 12/KH-UBND
An Giang, ngày 5 tháng 3 năm 2022
KẾ HOẠCH
Thực hiện các mục tiêu của Cộng đồng Văn hóa - Xã hội ASEAN năm 2022
"""


def test_recipients_and_signature_block_are_not_activities():
    doc = extract_text(HEADER + """I. NỘI DUNG
1. Tổ chức hội nghị tổng kết.
II. TỔ CHỨC THỰC HIỆN
1. Sở Tài chính
Bố trí kinh phí thực hiện Kế hoạch.
Nơi nhận:
- Như trên;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
NGUYỄN VĂN HẢI
""")
    texts = [a.text for a in doc.activities]
    assert texts == ["Tổ chức hội nghị tổng kết.", "Bố trí kinh phí thực hiện Kế hoạch."]
    assert doc.activities[1].agency == "Sở Tài chính"
    assert doc.metadata.signer == "Nguyễn Văn Hải"


def test_attached_plan_after_the_signature_block_is_read():
    decision = HEADER.replace("KẾ HOẠCH", "QUYẾT ĐỊNH").replace("KH-", "QĐ-")
    doc = extract_text(decision + """Điều 1. Ban hành kèm theo Quyết định này Kế hoạch.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Trần Văn Bình
KẾ HOẠCH
(Ban hành kèm theo Quyết định số 12/QĐ-UBND)
I. NHIỆM VỤ
1. Tuyên truyền về Cộng đồng ASEAN.
""")
    assert doc.kind == "decision"
    assert [(a.section_path, a.text) for a in doc.activities] == [
        ("I", "Tuyên truyền về Cộng đồng ASEAN.")]
    assert doc.metadata.effective_date == "2022-03-05"


def test_dotted_numbering_is_not_doubled_in_the_path():
    outline = build_outline(normalized("II. NHIỆM VỤ\n1. Tuyên truyền\n1.1. Trên báo chí\n- Đăng tin."))
    assert [s.path for s in outline.sections] == ["II", "II.1", "II.1.1"]


def test_news_line_starting_with_so_is_not_a_document_number():
    doc = extract_text("""Du lịch khởi sắc
Ngày đăng 12/04/2023
Ủy ban nhân dân tỉnh Quảng Ninh ban hành Kế hoạch số 120/KH-UBND về phát triển du lịch.
Số lượng du khách tăng 20% so với cùng kỳ.
""")
    assert doc.kind == "news"
    assert doc.metadata.doc_number == "120/KH-UBND"
    assert not any(w.code == "blank-number" for w in doc.warnings)


def test_laws_cited_with_a_number_keep_it():
    doc = extract_text("Căn cứ Luật Tổ chức Chính phủ số 63/2025/QH15;\n"
                       "Căn cứ Bộ luật Lao động số 45/2019/QH14 ngày 20 tháng 11 năm 2019;\n")
    refs = {r.doc_number: r for r in doc.references}
    assert set(refs) == {"63/2025/QH15", "45/2019/QH14"}
    assert refs["45/2019/QH14"].issue_date == "2019-11-20"
    assert refs["63/2025/QH15"].issuer == "Quốc hội"


def test_a_law_mentioned_again_without_its_date_is_cited_once():
    doc = extract_text("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;\n"
                       "Kinh phí bảo đảm theo Luật Tổ chức chính quyền địa phương.\n")
    assert [(r.title, r.issue_date) for r in doc.references] == [
        ("Luật Tổ chức chính quyền địa phương", "2015-06-19")]


def test_document_starting_with_its_title_is_a_plan():
    doc = extract_text("KẾ HOẠCH\nThực hiện nhiệm vụ năm 2022\nI. NHIỆM VỤ\n1. Tổ chức tập huấn.\n")
    assert doc.kind == "plan"
    assert doc.metadata.doc_type == "Kế hoạch"
    assert doc.metadata.period == [2022, 2022]


def test_article_date_is_not_taken_from_the_body():
    doc = extract_text("Tin địa phương\n"
                       "Ngày 05/8/2021, Ủy ban nhân dân tỉnh Quảng Nam ban hành Kế hoạch số "
                       "11/KH-UBND về thực hiện các mục tiêu.\n")
    assert doc.metadata.published_date is None
    assert doc.metadata.issue_date == "2021-08-05"


def test_partners_when_the_item_opens_with_phoi_hop():
    assert agencies.partners("Phối hợp với Sở Y tế tổ chức tuyên truyền.") == ["Sở Y tế"]


def test_unplaced_district_issuer_still_has_district_level():
    doc = extract_text("ỦY BAN NHÂN DÂN\nHUYỆN CHÂU THÀNH\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                       "Số: 5/KH-UBND\nKẾ HOẠCH\nThực hiện năm 2023\n")
    assert doc.metadata.issuer_level == "district"
    assert doc.metadata.district == "Châu Thành"


def test_zero_day_is_not_a_date():
    assert dates.parse_date("00/01/2020") is None


def test_html_cell_wrapped_in_paragraphs_stays_in_its_row():
    html = ("<html><body><table><tr><td><p>1</p></td><td><p>Tổ chức hội nghị</p></td>"
            "<td><div>Sở Nội vụ</div></td></tr></table></body></html>").encode()
    raw = read_bytes(html, Source(path="t.html", format="html", sha256="0", bytes=len(html)))
    assert "1 | Tổ chức hội nghị | Sở Nội vụ" in raw.text.splitlines()


def test_docx_with_broken_xml_is_an_ingest_error():
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("word/document.xml", "<w:document><w:body>")
    data = buf.getvalue()
    try:
        read_bytes(data, Source(path="b.docx", format="docx", sha256="0", bytes=len(data)))
    except IngestError as exc:
        assert "XML" in str(exc)
    else:
        raise AssertionError("broken DOCX was accepted")


def test_pdf_running_line_removal_lists_the_removed_lines():
    pages = [["CÔNG BÁO/Số 1/Ngày 01-01-2024", "Điều 1. Nội dung", "1"],
             ["CÔNG BÁO/Số 1/Ngày 01-01-2024", "Điều 2. Hiệu lực", "2"]]
    text, warnings = strip_running_lines(pages)
    assert text.splitlines() == ["Điều 1. Nội dung", "Điều 2. Hiệu lực"]
    assert sorted(warnings[0].removed) == sorted(
        ["CÔNG BÁO/Số 1/Ngày 01-01-2024"] * 2 + ["1", "2"])


def test_an_input_named_manifest_does_not_lose_its_output(tmp_path, runner):
    from plan_extract.cli import app

    src = tmp_path / "in"
    src.mkdir()
    (src / "manifest.txt").write_text(HEADER + "I. NHIỆM VỤ\n1. Tập huấn.\n", "utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(src), "-o", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert manifest["results"] == 1
    produced = manifest["documents"][0]["output"]
    assert produced != "manifest.json" and (out / produced).exists()
    mode = stat.S_IMODE(os.stat(out / produced).st_mode)
    assert mode & stat.S_IRGRP and mode & stat.S_IROTH, oct(mode)


def test_parenthesised_roman_sub_items_are_items_of_their_letter():
    doc = extract_text("KẾ HOẠCH\nThực hiện năm 2024\nI. NHIỆM VỤ\n1. Tuyên truyền\n"
                       "a) Nội dung tuyên truyền gồm:\n(i) Giới thiệu về Cộng đồng ASEAN.\n"
                       "(ii) Quảng bá hình ảnh của tỉnh.\nb) Tổ chức hội thi tìm hiểu về ASEAN.\n")
    assert [(a.section_path, a.label, a.text) for a in doc.activities] == [
        ("I.1.a", "i", "Giới thiệu về Cộng đồng ASEAN."),
        ("I.1.a", "ii", "Quảng bá hình ảnh của tỉnh."),
        ("I.1", "b", "Tổ chức hội thi tìm hiểu về ASEAN."),
    ]
