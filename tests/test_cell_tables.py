"""A task table printed one cell per line (the Official Gazette's text copies): rebuilt into
rows, each row one activity with its lead agency, partners and time."""

from __future__ import annotations

import textwrap

from helpers import extract_text
from hypothesis import given, settings
from hypothesis import strategies as st

from plan_extract.stages.normalize import cell_tables

HEADER = ["TT", "Nội dung nhiệm vụ", "Cơ quan", "chủ trì", "Cơ quan", "phối hợp", "Sản phẩm",
          "Thời hạn", "hoàn thành"]


def _gazette(body: list[str]) -> str:
    return "\n".join([
        "CÔNG BÁO/Số 101/Ngày 02-03-2026", "17",
        "THỦ TƯỚNG CHÍNH PHỦ", "Số: 45/QĐ-TTg", "Hà Nội, ngày 20 tháng 2 năm 2026",
        "QUYẾT ĐỊNH", "Ban hành Kế hoạch thực hiện Chương trình chuyển đổi số",
        "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch thực hiện Chương trình.",
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.",
        "", "CÔNG BÁO/Số 101/Ngày 02-03-2026", "18", "",
        "Phụ lục", "NHIỆM VỤ TRỌNG TÂM", *HEADER, *body])


BODY = [
    "I",
    "Hoàn thiện thể chế",
    "1",
    "Rà soát, sửa đổi các quy định về",
    "thủ tục hành chính trong lĩnh vực",
    "đầu tư.",
    "Bộ Tài chính",
    "Bộ Khoa học và",
    "Công nghệ;",
    "Ủy ban nhân dân các",
    "tỉnh, thành phố",
    "Nghị định được",
    "ban hành",
    "Quý IV/2026",
    "2",
    "Xây dựng cơ sở dữ liệu quốc gia về",
    "Bộ Khoa học và",
    "Các bộ, ngành",
    "Hệ thống được",
    "Năm 2027",
    "",
    "CÔNG BÁO/Số 101/Ngày 02-03-2026",
    "19",
    "",
    *HEADER,
    "doanh nghiệp công nghệ số và",
    "chuyển đổi số.",
    "Công nghệ",
    "vận hành",
    "II. Phát triển nguồn nhân lực số cho các cơ quan nhà nước và doanh nghiệp",
    "3",
    "Tổ chức đào tạo kỹ năng số cho",
    "cán bộ, công chức.",
    "Bộ Nội vụ",
    "Học viện Hành chính",
    "quốc gia",
    "Các khóa đào tạo",
    "Thường xuyên",
]


def _rows(doc):
    return [a for a in doc.activities if (a.section_path or "").startswith("PL")]


def test_a_table_printed_one_cell_per_line_gives_one_activity_per_row():
    doc = extract_text(_gazette(BODY))
    rows = _rows(doc)
    assert [a.label for a in rows] == ["1", "2", "3"]
    first, second, third = rows
    assert first.text == ("Rà soát, sửa đổi các quy định về thủ tục hành chính trong lĩnh vực "
                          "đầu tư.")
    assert first.agency == "Bộ Tài chính"
    assert first.partners == ["Bộ Khoa học và Công nghệ", "Ủy ban nhân dân các tỉnh, thành phố"]
    assert first.deadline == "Quý IV/2026"
    assert first.group == "Hoàn thiện thể chế"
    assert any(w.code == "cell-table-rebuilt" for w in doc.warnings)


def test_a_row_cut_by_the_page_break_is_joined_back_across_the_repeated_header():
    second = _rows(extract_text(_gazette(BODY)))[1]
    assert second.text == ("Xây dựng cơ sở dữ liệu quốc gia về doanh nghiệp công nghệ số và "
                           "chuyển đổi số.")
    assert second.agency == "Bộ Khoa học và Công nghệ"
    assert second.deadline == "Năm 2027"


def test_a_group_row_printed_across_the_table_heads_the_rows_below():
    third = _rows(extract_text(_gazette(BODY)))[2]
    assert third.group == ("Phát triển nguồn nhân lực số cho các cơ quan nhà nước và "
                           "doanh nghiệp")
    assert third.agency == "Bộ Nội vụ"
    assert third.partners == ["Học viện Hành chính quốc gia"]
    assert third.deadline == "Thường xuyên"


def test_bare_numbers_away_from_the_gazette_header_are_the_tables_own():
    doc = extract_text(_gazette(BODY))
    assert "17" not in doc.text.split("\n") and "19" not in doc.text.split("\n")
    assert [a.label for a in _rows(doc)] == ["1", "2", "3"]


def test_text_that_is_no_table_is_left_alone():
    lines = ["TT", "Họ và tên", "Chức vụ", "1", "Nguyễn Văn A", "Giám đốc"]
    assert cell_tables.rebuild(lines) == (lines, 0)


AGENCIES = ["Bộ Tài chính", "Bộ Khoa học và Công nghệ", "Bộ Văn hóa, Thể thao và Du lịch",
            "Ủy ban nhân dân tỉnh Hà Tĩnh", "Ngân hàng Nhà nước Việt Nam", "Bộ Công Thương"]
TIMES = ["Quý IV/2026", "Năm 2027", "Thường xuyên", "Hằng năm", "2026-2030"]
WORDS = ["xây", "dựng", "triển", "khai", "hỗ", "trợ", "doanh", "nghiệp", "số", "đào", "tạo",
         "nguồn", "nhân", "lực", "thị", "trường", "quốc", "tế"]


@st.composite
def _table(draw):
    rows = []
    for n in range(1, draw(st.integers(1, 5)) + 1):
        task = "Nghiên cứu " + " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=2,
                                                        max_size=14))) + "."
        lead, partner = draw(st.lists(st.sampled_from(AGENCIES), min_size=2, max_size=2,
                                      unique=True))
        rows.append((str(n), task, lead, partner, draw(st.sampled_from(TIMES))))
    return rows, draw(st.integers(14, 40))


@settings(max_examples=150, deadline=None)
@given(_table())
def test_rows_wrapped_at_any_column_width_come_back_whole(table):
    """The property of the family: however narrow the columns, each row's task, lead,
    partner and time cells come back as printed."""
    rows, width = table
    lines = ["TT", "Nhiệm vụ", "Cơ quan", "chủ trì", "Cơ quan", "phối hợp", "Thời gian"]
    for row in rows:
        lines.append(row[0])
        for cell in row[1:]:
            lines.extend(textwrap.wrap(cell, width, break_on_hyphens=False))
    rebuilt, tables = cell_tables.rebuild(lines)
    assert tables == 1
    assert rebuilt[1:] == [" | ".join(row) for row in rows]


def test_a_sub_row_numbered_on_its_tasks_first_line_starts_a_row():
    lines = ["TT", "Nhiệm vụ", "Cơ quan", "chủ trì", "Thời gian", "1", "Sắp xếp các đơn vị",
             "sự nghiệp công lập.", "Bộ Nội vụ", "Quý III/2026",
             "1.1 Theo dõi, tổng hợp việc sắp xếp", "đơn vị sự nghiệp.", "Bộ Y tế", "Thường xuyên"]
    rebuilt, _ = cell_tables.rebuild(lines)
    assert rebuilt[1:] == ["1 | Sắp xếp các đơn vị sự nghiệp công lập. | Bộ Nội vụ | Quý III/2026",
                           "1.1 | Theo dõi, tổng hợp việc sắp xếp đơn vị sự nghiệp. | Bộ Y tế | "
                           "Thường xuyên"]


def test_a_column_name_with_its_note_in_parentheses_under_it_is_one_column():
    """Family: a header cell's note printed on the line under its name ("Đơn vị phối hợp" /
    "(Bộ/ngành/địa phương)"), and a time column named "Tiến độ" / "thực hiện": the header
    keeps every column, so the rows under it are read."""
    header = ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Đơn vị phối hợp", "(Bộ/ngành/địa phương)",
              "Cấp phê duyệt", "Tiến độ", "thực hiện"]
    assert cell_tables._header([*header, "1", "Điều tra nhu cầu"], 0) == (
        ["number", "task", "lead", "partners", "other", "deadline"],
        ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Đơn vị phối hợp (Bộ/ngành/địa phương)",
         "Cấp phê duyệt", "Tiến độ thực hiện"], len(header))
    text = _gazette([]).replace("\n".join(HEADER), "\n".join(header)) + "\n" + "\n".join([
        "1", "Điều tra, đánh giá nhu cầu đào", "tạo, bồi dưỡng nhân lực.", "Bộ Khoa học và",
        "Công nghệ", "Các bộ, ngành và", "địa phương", "Bộ trưởng Bộ", "Khoa học và",
        "Công nghệ", "Hằng năm"])
    rows = _rows(extract_text(text))
    assert [(a.text, a.agency, a.deadline) for a in rows] == [
        ("Điều tra, đánh giá nhu cầu đào tạo, bồi dưỡng nhân lực.", "Bộ Khoa học và Công nghệ",
         "Hằng năm")]


def test_a_header_printed_as_one_row_over_cells_one_per_line_and_lettered_sub_rows():
    """Family: a converter printing a task table's header as one " | " row (its last name
    left on a line of its own) and every cell after it on its own line, a numbered group row
    over lettered sub-rows ("1" / "Tổ chức tuyên truyền" / "a)" / …): each sub-row is a row."""
    lines = ["TT | Nội dung hoạt động | Cơ quan chủ trì | Cơ quan phối hợp", "Thời gian thực hiện",
             "1", "Tổ chức tuyên truyền, phổ biến Nghị định", "a)", "Tổ chức Hội nghị phổ biến Nghị định.",
             "Cục Lâm nghiệp và Kiểm lâm", "Vụ Pháp chế", "Quý III/2026", "b)",
             "Tổ chức các hội thảo chuyên đề.", "Sở Nông nghiệp và Môi trường", "Các cơ quan liên quan",
             "Thường xuyên"]
    rows, tables = cell_tables.rebuild(lines)
    assert tables == 1
    assert rows[0] == "TT | Nội dung hoạt động | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian thực hiện"
    assert [r.split(" | ")[0] for r in rows[1:]] == ["1", "a)", "b)"]
    assert rows[2].split(" | ")[1:] == ["Tổ chức Hội nghị phổ biến Nghị định.", "Cục Lâm nghiệp và Kiểm lâm",
                                        "Vụ Pháp chế", "Quý III/2026"]
    # a whole table of " | " rows is read as rows already, not rebuilt
    piped = ["TT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian",
             "1 | Rà soát | Sở Tư pháp | Các sở | 2026"]
    assert cell_tables.rebuild(piped) == (piped, 0)


def test_a_header_one_name_per_line_over_rows_already_in_cells_is_one_row():
    """Family: a page whose layout table held a task table's header as lines ("TT" / "Nội dung
    thực" / "hiện" / …) over rows already in " | " cells: the header becomes one row."""
    lines = ["TT", "Nội dung thực", "hiện", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn",
             "thành", "I | KIỆN TOÀN BỘ MÁY", "1 | Tổ chức lại Ban Chỉ huy | Bộ Chỉ huy Quân sự tỉnh | "
             "Sở Nội vụ | 2025"]
    rows, tables = cell_tables.rebuild(lines)
    assert tables == 1
    assert rows == ["TT | Nội dung thực hiện | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành",
                    *lines[7:]]


def test_a_column_name_wrapped_past_every_known_name_stays_one_column():
    """Family: a header name no list knows whole, wrapped ("Thuộc nhóm nhiệm" / "vụ, hành
    động[1]", a footnote mark after it) inside the header: one column, the header goes on."""
    lines = ["STT", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thuộc nhóm nhiệm", "vụ, hành động[1]",
             "Nội dung nhiệm", "vụ", "Thời hạn hoàn thành", "A. | BỘ Y TẾ"]
    head = cell_tables._header(lines, 0)
    assert head is not None
    assert head[1] == ["STT", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thuộc nhóm nhiệm vụ, hành động[1]",
                       "Nội dung nhiệm vụ", "Thời hạn hoàn thành"]
