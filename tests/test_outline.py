"""The section tree rebuilt from the numbering: nesting, paths, roles, lost headings."""

from __future__ import annotations

from collections import Counter

import pytest
from helpers import extract_text, normalized, vi_text
from hypothesis import given

from plan_extract.stages.outline import build_outline, from_roman, to_roman


def _walk(node):
    for child in node.children:
        yield child
        yield from _walk(child)


@given(vi_text())
def test_every_line_is_exactly_one_node(text):
    doc = normalized(text)
    outline = build_outline(doc)
    nodes = [n for n in _walk(outline.outline) if not n.inferred and n.kind not in ("root", "part", "end")]
    assert Counter(n.line_start for n in nodes) == Counter(ln.start for ln in doc.lines)
    starts = {ln.start: ln for ln in doc.lines}
    for node in nodes:
        line = starts[node.line_start]
        # The node's text is the line after its marker, nothing dropped or invented.
        assert doc.text[node.start:node.end] == node.text
        assert line.text.endswith(node.text) and node.end == line.end


@given(vi_text())
def test_sections_point_into_the_text_and_name_existing_parents(text):
    doc = normalized(text)
    sections = build_outline(doc).sections
    paths = set()
    for s in sections:
        assert 0 <= s.span.start <= s.span.end <= len(doc.text)
        assert s.parent is None or s.parent in paths
        paths.add(s.path)


PLAN = """KẾ HOẠCH
Thực hiện công tác chuyển đổi số năm 2023
I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
- Nâng cao nhận thức của cán bộ, công chức.
2. Yêu cầu
- Bảo đảm tiết kiệm, hiệu quả.
II. NHIỆM VỤ
1. Phát triển hạ tầng số
a) Nâng cấp mạng truyền số liệu chuyên dùng;
b) Tổ chức hội nghị phổ biến, gồm:
+ Hội nghị cấp tỉnh;
+ Hội nghị cấp huyện.
2. Kiểm tra, giám sát
- Kiểm tra định kỳ tại các địa phương.
III. TỔ CHỨC THỰC HIỆN
1. Sở Tài chính
- Thẩm định dự toán kinh phí."""


def _sections(text):
    return {s.path: s for s in build_outline(normalized(text)).sections}


def test_roman_number_letter_nesting_gives_section_paths():
    sections = _sections(PLAN)
    assert list(sections) == ["I", "I.1", "I.2", "II", "II.1", "II.1.b", "II.2", "III", "III.1"]
    assert sections["II.1"].parent == "II"
    assert sections["II.1.b"].parent == "II.1"
    assert sections["II"].heading == "NHIỆM VỤ"
    assert sections["II.1"].heading == "Phát triển hạ tầng số"
    assert sections["II.1"].marker == "1."
    assert not any(s.inferred for s in sections.values())


def test_heading_roles_come_from_the_heading_words():
    sections = _sections(PLAN)
    assert sections["I"].role == "purpose"
    assert sections["II"].role == "tasks"
    assert sections["III"].role == "organisation"


def test_sections_span_their_heading_line():
    doc = normalized(PLAN)
    sections = {s.path: s for s in build_outline(doc).sections}
    assert doc.text[sections["II.1"].span.start:sections["II.1"].span.end] == "1. Phát triển hạ tầng số"


LOST = """I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
- Nâng cao hiệu quả công tác phối hợp.
II. NỘI DUNG
1. Tổ chức tuyên truyền
- Biên soạn tài liệu tuyên truyền.
1. Kinh phí
Kinh phí thực hiện từ ngân sách tỉnh.
1. Sở Tài chính
- Thẩm định dự toán kinh phí.
2. Sở Nội vụ
- Hướng dẫn các đơn vị thực hiện."""


def test_lost_roman_heading_is_inferred_by_position_with_role_from_content():
    outline = build_outline(normalized(LOST))
    sections = {s.path: s for s in outline.sections}
    assert sections["III"].inferred and sections["III"].heading is None
    assert sections["III"].role == "funding"
    assert sections["III.1"].heading == "Kinh phí"
    assert sections["IV"].inferred
    assert sections["IV"].role == "organisation"
    assert [sections["IV.1"].heading, sections["IV.2"].heading] == ["Sở Tài chính", "Sở Nội vụ"]
    assert sum(w.code == "heading-inferred" for w in outline.warnings) == 2


REPEATED = """I. MỤC TIÊU
Nâng cao năng lực.
II. NHIỆM VỤ
1. Hạ tầng
- Nâng cấp mạng.
2. Ứng dụng
- Triển khai phần mềm.
2. Nguồn nhân lực
- Đào tạo cán bộ.
III. TỔ CHỨC THỰC HIỆN
1. Sở Nội vụ
- Hướng dẫn thực hiện."""


def test_a_repeated_item_number_is_a_typo_not_a_lost_heading():
    """Family: a typist (or OCR) repeats a number ("2." after "2."): the item stays under its
    Roman heading; only a number below the last one, or "1." again, says a heading was lost."""
    outline = build_outline(normalized(REPEATED))
    assert not any(s.inferred for s in outline.sections)
    headings = [s.heading for s in outline.sections if s.parent == "II"]
    assert headings == ["Hạ tầng", "Ứng dụng", "Nguồn nhân lực"]
    lost = build_outline(normalized(REPEATED.replace("2. Nguồn nhân lực", "1. Nguồn nhân lực")))
    assert any(s.inferred for s in lost.sections)


def test_no_roman_heading_is_invented_in_a_text_without_roman_numerals():
    outline = build_outline(normalized("1. Mục đích\n- Nâng cao nhận thức.\n1. Sở Y tế\n- Khám bệnh."))
    assert not any(s.inferred for s in outline.sections)
    assert not outline.warnings


DECISION = """QUYẾT ĐỊNH:
Điều 1. Phạm vi điều chỉnh
Quy chế này quy định việc phối hợp giữa các sở.
Điều 2. Nhiệm vụ của các cơ quan
1. Sở Nội vụ có trách nhiệm:
a) Hướng dẫn các đơn vị xây dựng kế hoạch;
b) Tổng hợp báo cáo kết quả thực hiện.
2. Sở Tài chính bố trí kinh phí thực hiện."""


def test_articles_are_one_path_component():
    sections = _sections(DECISION)
    assert sections["Điều 1"].kind == "article"
    assert sections["Điều 2"].heading == "Nhiệm vụ của các cơ quan"
    assert sections["Điều 2.1"].parent == "Điều 2"
    assert sections["Điều 2.1"].kind == "number"


def test_attached_plan_restarts_numbering():
    text = ("Điều 1. Ban hành kèm theo Quyết định này Kế hoạch.\n"
            "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.\n"
            "(Kèm theo Quyết định số 12/QĐ-UBND ngày 05/02/2020 của Ủy ban nhân dân tỉnh)\n"
            "I. NỘI DUNG\n1. Tổ chức tuyên truyền\n- In tài liệu.\n")
    sections = _sections(text)
    assert "I" in sections and "I.1" in sections
    assert not any(s.inferred for s in sections.values())


def test_roman_numerals_round_trip():
    for n in range(1, 40):
        assert from_roman(to_roman(n)) == n
    assert to_roman(4) == "IV" and to_roman(9) == "IX" and to_roman(14) == "XIV"


LETTERED_PARTS = """A. KẾT QUẢ THỰC HIỆN NĂM 2023
I. KẾT QUẢ ĐẠT ĐƯỢC
1. Tuyên truyền về Cộng đồng ASEAN đạt kết quả tốt.
B. KẾ HOẠCH NĂM 2024
I. MỤC ĐÍCH, YÊU CẦU
1. Triển khai hiệu quả Đề án 161.
II. NHIỆM VỤ
1. Sở Thông tin và Truyền thông
a) Tổ chức tuyên truyền về Cộng đồng ASEAN.
b) Hướng dẫn các cơ quan báo chí đưa tin."""


def test_upper_case_lettered_headings_are_parts_over_the_roman_ones():
    outline = build_outline(normalized(LETTERED_PARTS))
    parts = [s for s in outline.sections if s.kind == "part"]
    assert [(s.path, s.marker, s.heading) for s in parts] == [
        ("A", "A.", "KẾT QUẢ THỰC HIỆN NĂM 2023"), ("B", "B.", "KẾ HOẠCH NĂM 2024")]
    romans = [(s.path, s.parent, s.heading) for s in outline.sections if s.kind == "roman"]
    # A lettered part is a level of the numbering path (SPEC: the enclosing headings): B.II.
    assert romans == [("A.I", "A", "KẾT QUẢ ĐẠT ĐƯỢC"), ("B.I", "B", "MỤC ĐÍCH, YÊU CẦU"),
                      ("B.II", "B", "NHIỆM VỤ")]
    assert not any(s.inferred for s in outline.sections)  # no Roman heading invented by the restart


@pytest.mark.parametrize(("first", "second"), [
    ("Phần thứ nhất", "Phần thứ hai"), ("PHẦN THỨ NHẤT", "PHẦN THỨ HAI"), ("Phần I", "Phần II"),
    ("Phần thứ 1", "Phần thứ 2"),
])
def test_a_numbered_part_leads_the_paths_of_its_roman_parts(first, second):
    """Family: "Phần thứ nhất" / "Phần thứ hai" over Roman parts that start again at I in each
    Phần: the Phần's number leads their paths (2.II.1), as a lettered part's letter does."""
    text = (f"{first}\nTHỰC TRẠNG NĂM 2016\nI. KẾT QUẢ ĐẠT ĐƯỢC\n1. Thu hút đầu tư tăng.\n"
            f"{second}\nNỘI DUNG CHƯƠNG TRÌNH NĂM 2017\nI. MỤC TIÊU\n1. Thu hút 100 dự án.\n"
            "II. NHIỆM VỤ\n1. Xây dựng cơ sở dữ liệu\n- Cập nhật danh mục dự án kêu gọi đầu tư.\n")
    romans = [s.path for s in build_outline(normalized(text)).sections if s.kind == "roman"]
    assert romans == ["1.I", "2.I", "2.II"]
    assert [a.section_path for a in extract_text("KẾ HOẠCH\n" + text).activities] == ["2.II.1"]


def test_a_lettered_sentence_is_no_part():
    """Forms list "A. Hồ sơ gồm …": only an upper-case heading makes a part."""
    outline = build_outline(normalized("I. THỦ TỤC\nA. Hồ sơ gồm tờ khai và bản sao giấy tờ."))
    assert [s.kind for s in outline.sections] == ["roman"]


def test_lettered_parts_give_no_activities_and_keep_the_task_paths():
    doc = extract_text("KẾ HOẠCH\nThực hiện Đề án 161 năm 2024\n" + LETTERED_PARTS)
    texts = [a.text for a in doc.activities]
    assert not any(t.startswith(("KẾT QUẢ THỰC HIỆN", "KẾ HOẠCH NĂM")) for t in texts)
    tasks = [(a.section_path, a.label) for a in doc.activities if a.section_path == "B.II.1"]
    assert tasks == [("B.II.1", "a"), ("B.II.1", "b")]


def test_a_numbered_appendix_with_a_long_title_holds_its_rows():
    """"Phụ lục II" is PL2 (as "Phụ lục 2"), and a title of several upper-case lines between
    the heading and its "(Kèm theo …)" line starts no attached part of its own."""
    doc = extract_text(
        "KẾ HOẠCH\nThực hiện chuyển đổi số\nI. NHIỆM VỤ\n1. Tổ chức tập huấn.\n"
        "Phụ lục II\nDANH MỤC NHIỆM VỤ TRIỂN KHAI CHƯƠNG TRÌNH\nCHUYỂN ĐỔI SỐ CỦA TỈNH\n"
        "GIAI ĐOẠN 2026 - 2030\n(Kèm theo Kế hoạch số 5/KH-UBND ngày 3 tháng 4 năm 2026)\n"
        "TT | Nhiệm vụ | Cơ quan chủ trì | Thời gian\n1 | Xây dựng cơ sở dữ liệu | Sở Nội vụ | 2026\n")
    rows = [a for a in doc.activities if a.label == "1" and a.agency]
    assert [(a.section_path, a.agency) for a in rows] == [("PL2", "Sở Nội vụ")]


def test_a_heading_lost_inside_an_article_is_restored_there():
    """A decision's article with the plan's Roman parts under it: a lost "III." comes back
    inside the article, with the rank its siblings have, so the later "IV." is not nested
    under it."""
    doc = extract_text(
        "ỦY BAN NHÂN DÂN\nTỈNH HÀ TĨNH\nSố: 18/QĐ-UBND\nQUYẾT ĐỊNH\nPhê duyệt Đề án phát triển "
        "lâm sản\nĐiều 1. Phê duyệt Đề án phát triển lâm sản với các nội dung sau:\n"
        "I. Mục tiêu\n1. Nâng cao giá trị lâm sản.\n2. Tăng thu nhập cho người dân.\n"
        "II. Nhiệm vụ\n1. Điều tra nguồn lâm sản ngoài gỗ.\n2. Xây dựng vùng trồng tập trung.\n"
        "1. Giải pháp về quy hoạch vùng trồng.\n2. Giải pháp về thị trường tiêu thụ.\n"
        "IV. Tổ chức thực hiện\n1. Sở Nông nghiệp chủ trì hướng dẫn thực hiện Đề án.\n"
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.\n")
    paths = {s.path for s in doc.sections}
    assert {"Điều 1.I", "Điều 1.II", "Điều 1.III", "Điều 1.IV"} <= paths
    assert "Điều 1.III.IV" not in paths and "III.IV" not in paths


def test_items_numbered_in_parentheses_are_items():
    """"(1)", "(2)" like "(i)", "(ii)": a list inside an item, its marker not part of the
    item's text."""
    doc = extract_text("KẾ HOẠCH\nTrợ giúp xã hội năm 2025\nI. NHIỆM VỤ\n"
                       "1. Chi trả trợ cấp không dùng tiền mặt, phấn đấu:\n"
                       "(1) 100% số người hưởng trợ cấp có tài khoản.\n"
                       "(2) Ít nhất 85% người hưởng trợ cấp nhận qua tài khoản.\n")
    acts = [a for a in doc.activities if a.label in ("1", "2")]
    assert [(a.label, a.text[:4]) for a in acts] == [("1", "100%"), ("2", "Ít n")]
    assert {a.section_path for a in acts} == {"I.1"}


@pytest.mark.parametrize(("heading", "role"), [
    ("TÔ CHỨC THỰC HIỆN", "organisation"),   # OCR read Ổ as Ô
    ("NHIẸM VỤ", "tasks"),                   # OCR read Ệ as Ẹ
    ("Kinh phí thực hiện (Có phụ lục danh mục dự án và kinh phí kèm theo)", "funding"),
    ("Kinh phí thực hiện các nhiệm vụ được giao cho các sở ngành và địa phương trong năm tới", None),
])
def test_a_part_heading_misread_in_a_tone_mark_or_with_a_note_keeps_its_role(heading, role):
    """Families: a scan's part heading OCR misread in one tone mark is still that part; a
    trailing note in parentheses does not make a heading a sentence; a long sentence-case
    line that opens with a part's words still is one."""
    text = f"I. MỤC TIÊU\nNâng cao năng lực.\nII. {heading}\n1. Sở Y tế\n- Khám bệnh."
    sections = {s.path: s for s in build_outline(normalized(text)).sections}
    assert sections["II"].role == role


@pytest.mark.parametrize("heading", ["Nguồn lực và việc sử dụng nguồn lực để thực hiện quy hoạch",
                                     "Nguồn vốn thực hiện"])
def test_a_means_heading_is_funding(heading):
    """Family: a plan's means ("Nguồn lực …", "Nguồn vốn …") is its funding part: the lines
    under it ("Ngân sách trung ương: …") are no tasks."""
    text = (f"I. NHIỆM VỤ\n1. Tổ chức hội nghị\n- Tổ chức hội nghị.\n2. {heading}\n"
            "- Ngân sách trung ương: 90%.")
    sections = {s.path: s for s in build_outline(normalized(text)).sections}
    assert sections["I.2"].role == "funding"
    assert sections["I.1"].role is None


@pytest.mark.parametrize(("printed", "paths"), [
    (["I", "II", "III", "IV", "IV"], ["I", "II", "III", "IV", "V"]),  # printed twice
    (["I", "II", "III", "VI", "V"], ["I", "II", "III", "IV", "V"]),  # out of sequence
    (["I", "II", "IV", "V"], ["I", "II", "IV", "V"]),  # a jump the next part continues
    (["I", "II", "I", "II"], ["I", "II", "I", "II"]),  # numbering that starts again
])
def test_a_misprinted_part_numeral_takes_its_place(printed, paths):
    """SPEC (project clarifications): two parts never share a path; a numeral printed twice
    or out of sequence is numbered by its place, a deliberate jump or restart as printed."""
    parts = ["MỤC ĐÍCH", "NỘI DUNG", "NHIỆM VỤ", "KINH PHÍ", "TỔ CHỨC THỰC HIỆN"]
    body = "".join(f"{r}. {parts[i]}\n{i + 1}. Thực hiện nhiệm vụ số {i + 1}.\n"
                   for i, r in enumerate(printed))
    doc = extract_text("ỦY BAN NHÂN DÂN\nTỈNH QUẢNG TRỊ\nSố: 9/KH-UBND\nKẾ HOẠCH\n"
                       "Thực hiện nhiệm vụ năm 2025\n" + body)
    assert [s.path for s in doc.sections if s.kind == "roman"] == paths


@pytest.mark.parametrize("line", ["Điều 6; khoản 5 Điều 9; khoản 3 Điều 17 của Luật.",
                                  "Điều 3 của Luật Bảo vệ dữ liệu cá nhân."])
def test_an_article_a_sentence_cites_at_a_line_start_is_no_article(line):
    """Family: a wrap puts a cited article at a line's start ("… khoản 2 Điều 3;" / "Điều 6;
    khoản 5 Điều 9 …"): it is no article heading, and the part it stands in goes on."""
    text = ("KẾ HOẠCH\nTriển khai Luật\nI. NỘI DUNG\n1. Xây dựng Nghị định\n"
            "- Nội dung: quy định chi tiết khoản 2 Điều 3;\n" + line + "\n"
            "2. Tổ chức tập huấn\n- Tập huấn nghiệp vụ cho cán bộ.\n")
    paths = [a.section_path for a in extract_text(text).activities]
    assert paths[0] == "I.1" and paths[-1] == "I.2"
    assert not any(p.startswith("Điều") for p in paths)


def test_an_article_heading_is_still_an_article():
    text = ("QUYẾT ĐỊNH\nĐiều 1. Ban hành kèm theo Quyết định này Kế hoạch.\n"
            "Điều 2. Trách nhiệm thi hành\n1. Sở Nội vụ tổ chức triển khai.\n")
    assert "Điều 2" in {s.path for s in build_outline(normalized(text)).sections}


def test_an_attached_list_without_its_appendix_word_is_an_appendix():
    """Family: a task list attached after the signature with its title and "(Kèm theo …)" line
    but no "Phụ lục" ("DANH MỤC" / "CÁC NHIỆM VỤ CHỦ YẾU …"): an appendix, its rows in PL."""
    text = ("KẾ HOẠCH\nThực hiện Nghị quyết số 10-NQ/TW\nI. NHIỆM VỤ\n1. Tuyên truyền Nghị quyết.\n"
            "KT. THỦ TƯỚNG\nPHÓ THỦ TƯỚNG\nLê Văn Thành\nDANH MỤC\nCÁC NHIỆM VỤ CHỦ YẾU\n"
            "(Kèm theo Chương trình hành động của Chính phủ)\n"
            "TT | Nội dung công việc | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian\n"
            "1 | Hoàn thành hồ sơ dự án Luật | Bộ Tài nguyên và Môi trường | Bộ Tư pháp | 2022\n")
    doc = extract_text(text)
    assert [(a.section_path, a.agency) for a in doc.activities] == [
        ("I", None), ("PL", "Bộ Tài nguyên và Môi trường")]
    # a title that names no list, over the attached plan itself, opens no appendix
    plan = extract_text("QUYẾT ĐỊNH\nĐiều 1. Ban hành Kế hoạch.\nKT. CHỦ TỊCH\nNguyễn Văn A\n"
                        "KẾ HOẠCH\nTRIỂN KHAI NGHỊ ĐỊNH\n(Kèm theo Quyết định số 12/QĐ-UBND)\n"
                        "I. NHIỆM VỤ\n1. Tuyên truyền Nghị định.\n")
    assert [a.section_path for a in plan.activities] == ["I"]


@pytest.mark.parametrize("heading", ["CÁC GIAI ĐOẠN THỰC HIỆN", "GIÁM SÁT VÀ ĐÁNH GIÁ",
                                     "Giám sát, đánh giá"])
def test_a_roadmaps_phases_and_a_monitoring_part_are_task_parts(heading):
    """Family: a national plan's phases ("CÁC GIAI ĐOẠN THỰC HIỆN": what is done in each) and its
    monitoring part assign work, as a "LỘ TRÌNH" or a reporting part does."""
    text = f"I. MỤC TIÊU\nNâng cao năng lực.\nII. {heading}\n1. Giai đoạn 2021 - 2025\n- Rà soát cơ chế."
    sections = {s.path: s for s in build_outline(normalized(text)).sections}
    assert sections["II"].role == "tasks"


def test_one_phase_as_a_time_scope_stays_a_scope():
    text = "I. MỤC TIÊU\nNâng cao năng lực.\nII. THỜI GIAN, GIAI ĐOẠN THỰC HIỆN\nTừ năm 2021 đến năm 2025."
    sections = {s.path: s for s in build_outline(normalized(text)).sections}
    assert sections["II"].role == "scope"
