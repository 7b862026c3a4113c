"""Task tables (TT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian) as activities."""

from __future__ import annotations

from helpers import docx_paragraph, docx_table, extract_text, make_docx

from plan_extract.document import Source
from plan_extract.pipeline import extract_document
from plan_extract.readers import read_bytes

ROWS = [
    ["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện"],
    ["I", "Công tác tuyên truyền", "", "", ""],
    ["1", "Tổ chức hội nghị phổ biến Kế hoạch", "Sở Lao động - Thương binh và Xã hội",
     "Sở Nội vụ; Sở Tài chính", "Quý I/2025"],
    ["2", "Xây dựng chuyên mục về Cộng đồng ASEAN", "Đài Phát thanh và Truyền hình tỉnh",
     "Sở Văn hóa, Thể thao và Du lịch, Sở Ngoại vụ", "Hàng năm"],
]


def _html() -> bytes:
    rows = "".join("<tr>" + "".join(f"<td><p>{c}</p></td>" for c in r) + "</tr>" for r in ROWS)
    return ("<html><body><p>KẾ HOẠCH</p><p>Thực hiện nhiệm vụ năm 2025</p><p>I. NHIỆM VỤ</p>"
            "<p>1. Tổ chức tập huấn cho cán bộ.</p><p>PHỤ LỤC</p><p>DANH MỤC NHIỆM VỤ</p>"
            f"<table>{rows}</table></body></html>").encode()


def _check(doc) -> None:
    rows = [a for a in doc.activities if a.section_path == "PL"]
    assert [a.text for a in rows] == [ROWS[2][1], ROWS[3][1]]
    first, second = rows
    assert (first.label, first.agency, first.deadline) == ("1", ROWS[2][2], "Quý I/2025")
    assert first.partners == ["Sở Nội vụ", "Sở Tài chính"]
    assert second.partners == ["Sở Văn hóa, Thể thao và Du lịch", "Sở Ngoại vụ"]
    assert first.group == second.group == "Công tác tuyên truyền"
    for a in doc.activities:
        assert doc.text[a.span.start:a.span.end] == a.text
    assert [a.id for a in doc.activities] == list(range(1, len(doc.activities) + 1))


def test_html_task_table_rows_are_activities():
    data = _html()
    raw = read_bytes(data, Source(path="t.html", format="html", sha256="0", bytes=len(data)))
    _check(extract_document(raw))


def test_docx_task_table_rows_are_activities():
    body = (docx_paragraph("KẾ HOẠCH") + docx_paragraph("I. NHIỆM VỤ")
            + docx_paragraph("1. Tổ chức tập huấn cho cán bộ.") + docx_paragraph("PHỤ LỤC")
            + docx_table(ROWS))
    data = make_docx(body)
    raw = read_bytes(data, Source(path="t.docx", format="docx", sha256="0", bytes=len(data)))
    _check(extract_document(raw))


def test_a_table_without_a_lead_agency_column_gives_no_activities():
    rows = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>"
                   for r in [["TT", "Chỉ tiêu", "Năm 2025"], ["1", "Tỷ lệ hộ nghèo", "2%"]])
    data = f"<html><body><p>KẾ HOẠCH</p><table>{rows}</table></body></html>".encode()
    raw = read_bytes(data, Source(path="t.html", format="html", sha256="0", bytes=len(data)))
    assert extract_document(raw).activities == []


def test_appendix_with_group_rows_empty_cells_a_title_and_a_pointer():
    """An appendix task table: its title in capitals and the body's pointer to it are no
    activities; group rows name the group; an empty cell (spaces collapsed: '| |') is a cell."""
    from helpers import extract_text

    doc = extract_text(
        "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG TRỊ\nSố: 9/KH-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Quảng Trị, ngày 3 tháng 4 năm 2025\nKẾ HOẠCH\nChuyển đổi số năm 2025\n"
        "I. MỤC TIÊU\n1. Đạt 80%.\nII. NHIỆM VỤ\nCác nhiệm vụ cụ thể tại Phụ lục kèm theo.\n"
        "Phụ lục\nDANH MỤC NHIỆM VỤ\n"
        "TT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành\n"
        "I | Hạ tầng số | | |\n"
        "1 | Nâng cấp mạng truyền số liệu | Sở Khoa học và Công nghệ "
        "| - Sở Tài chính - Ủy ban nhân dân các xã | Năm 2025\n"
        "II | Dữ liệu số | | |\n"
        "1 | Số hóa hồ sơ | Sở Nội vụ | | 2025\n")
    got = [(a.section_path, a.group, a.text, a.agency, a.partners, a.deadline) for a in doc.activities]
    assert got == [
        ("PL", "Hạ tầng số", "Nâng cấp mạng truyền số liệu", "Sở Khoa học và Công nghệ",
         ["Sở Tài chính", "Ủy ban nhân dân các xã"], "Năm 2025"),
        ("PL", "Dữ liệu số", "Số hóa hồ sơ", "Sở Nội vụ", [], "2025")]


def test_a_timetable_keeps_its_columns_across_empty_day_rows():
    """A work programme's "Ngày | Nội dung | Cơ quan chuẩn bị | Lãnh đạo chủ trì" table: the
    day is each row's time, and a day with no events (read as a bare "15") ends no table."""
    from helpers import extract_text

    doc = extract_text(
        "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG TRỊ\nVĂN PHÒNG\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Quảng Trị, ngày 31 tháng 1 năm 2018\nCHƯƠNG TRÌNH CÔNG TÁC THÁNG 02 NĂM 2018\n"
        "1. Lịch làm việc:\nNgày | Nội dung công việc | Cơ quan chuẩn bị | Chủ trì\n"
        "14 | Họp giao ban tuần | Văn phòng | Chủ tịch\n15\n16\n"
        "17 | Kiểm tra sản xuất sau Tết | Sở Nông nghiệp | Phó Chủ tịch\n")
    assert [(a.text, a.deadline) for a in doc.activities] == [
        ("Họp giao ban tuần", "14"), ("Kiểm tra sản xuất sau Tết", "17")]


BULLETED = [
    ["TT", "Nội dung công việc", "Lãnh đạo chủ trì", "Thời gian"],
    ["1", "- Hội nghị giao ban tháng 02/2018\n- Kiểm tra tình hình sản xuất vụ Xuân",
     "- Đ/c Vinh - PCT\n- Đ/c Thắng - PCT", "Sáng thứ Hai"],
]


def _bulleted_check(doc) -> None:
    row = next(a for a in doc.activities if a.label == "1" and a.agency)
    assert row.text == "Hội nghị giao ban tháng 02/2018; Kiểm tra tình hình sản xuất vụ Xuân"
    assert row.agency == "Đ/c Vinh - PCT; Đ/c Thắng - PCT"


def test_a_cell_written_as_a_bulleted_list_keeps_its_entries_apart_in_docx():
    """Names with a hyphen inside ("Đ/c Vinh - PCT") listed one per bullet stay separate
    entries; the bullets are not part of the task's text."""
    body = docx_paragraph("CHƯƠNG TRÌNH CÔNG TÁC") + docx_paragraph("PHỤ LỤC") + docx_table(BULLETED)
    data = make_docx(body)
    _bulleted_check(extract_document(read_bytes(data, Source(path="t.docx", format="docx",
                                                             sha256="0", bytes=len(data)))))


def test_a_cell_written_as_a_bulleted_list_keeps_its_entries_apart_in_word_html():
    def td(c: str) -> str:
        return "<td>" + "".join(f"<p>{p}</p>" for p in c.split("\n")) + "</td>"

    rows = "".join("<tr>" + "".join(td(c) for c in r) + "</tr>" for r in BULLETED)
    data = (f"<html><body><p>CHƯƠNG TRÌNH CÔNG TÁC</p><p>PHỤ LỤC</p><table>{rows}</table>"
            "</body></html>").encode()
    _bulleted_check(extract_document(read_bytes(data, Source(path="t.html", format="html",
                                                             sha256="0", bytes=len(data)))))


def test_group_rows_printed_as_lines_of_their_own_keep_the_table_going():
    """Family: a converter prints the table's group rows as lines ("I. NÂNG CAO NHẬN THỨC …"
    between the rows), which read as headings over the rows: each names its rows' group, and
    every row stays an activity of the appendix."""
    text = ("KẾ HOẠCH\nChuyển đổi số doanh nghiệp\nI. NHIỆM VỤ\n1. Tổ chức tập huấn cho cán bộ.\n"
            "PHỤ LỤC\nDANH MỤC CÁC NHIỆM VỤ TRỌNG TÂM\n"
            "STT | Tên nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành\n"
            "I. NÂNG CAO NHẬN THỨC VÀ ĐỔI MỚI TƯ DUY\n"
            "1 | Triển khai nền tảng đào tạo trực tuyến | Sở KH&CN | Các sở, ban, ngành | Thường xuyên\n"
            "2 | Biểu dương, khen thưởng doanh nghiệp | Sở Nội vụ | Sở KH&CN | Hằng năm\n"
            "II. HOÀN THIỆN CƠ CHẾ, CHÍNH SÁCH\n"
            "3 | Xây dựng Bộ tiêu chí đánh giá | Sở KH&CN | Các sở, ban, ngành | Năm 2026\n")
    rows = [a for a in extract_text(text).activities if a.section_path == "PL"]
    assert [(a.label, a.agency, a.group) for a in rows] == [
        ("1", "Sở KH&CN", "NÂNG CAO NHẬN THỨC VÀ ĐỔI MỚI TƯ DUY"),
        ("2", "Sở Nội vụ", "NÂNG CAO NHẬN THỨC VÀ ĐỔI MỚI TƯ DUY"),
        ("3", "Sở KH&CN", "HOÀN THIỆN CƠ CHẾ, CHÍNH SÁCH")]


def test_a_header_of_two_rows_names_its_columns_by_the_lower_row():
    """Family: a timetable whose header spans two rows, a merged cell over the lower row's
    names ("… | Thực hiện" over " |  |  | Đơn vị chủ trì | Đơn vị phối hợp"): the rows below are
    tasks, their lead the chủ trì column; stage rows ("I | GIAI ĐOẠN 1: …") are groups."""
    text = ("KẾ HOẠCH\nLập quy hoạch khoáng sản\nI. NỘI DUNG\n"
            "Thời gian | Nội dung công việc | Cơ quan chịu trách nhiệm quản lý nhà nước | Thực hiện\n"
            " |  |  | Đơn vị chủ trì | Đơn vị phối hợp\n"
            "I | GIAI ĐOẠN 1: LẬP NHIỆM VỤ\n"
            "10-11/2019 | Xây dựng khung định hướng quy hoạch | Cơ quan lập quy hoạch | "
            "Ban Quản lý quy hoạch | - Vụ Vật liệu xây dựng; - Vụ Pháp chế\n"
            "12/2019 | Trình phê duyệt nhiệm vụ lập quy hoạch | Cơ quan lập quy hoạch | "
            "Vụ Vật liệu xây dựng | Ban Quản lý quy hoạch\n")
    acts = extract_text(text).activities
    assert [(a.text, a.agency, a.deadline, a.group) for a in acts] == [
        ("Xây dựng khung định hướng quy hoạch", "Ban Quản lý quy hoạch", "10-11/2019",
         "GIAI ĐOẠN 1: LẬP NHIỆM VỤ"),
        ("Trình phê duyệt nhiệm vụ lập quy hoạch", "Vụ Vật liệu xây dựng", "12/2019",
         "GIAI ĐOẠN 1: LẬP NHIỆM VỤ")]
    assert acts[0].partners == ["Vụ Vật liệu xây dựng", "Vụ Pháp chế"]


def test_sub_rows_under_a_lead_merged_down_take_its_cells():
    """Family: a table naming the lead before the task ("STT | Cơ quan chủ trì | Cơ quan phối
    hợp | Nội dung nhiệm vụ | Thời hạn"), its STT, lead and partners merged down over several
    rows: each sub-row, printed with the cells from the task on, is a task of that lead."""
    text = ("KẾ HOẠCH\nKhắc phục ô nhiễm không khí\nI. NHIỆM VỤ\n1. Kiểm soát nguồn thải.\n"
            "Phụ lục I\nSTT | Cơ quan chủ trì | Cơ quan phối hợp | Nội dung nhiệm vụ | Thời hạn hoàn thành\n"
            "1 | Bộ Nông nghiệp và Môi trường | Bộ Xây dựng | Hoàn thiện Nghị định xử phạt. | Quý I/2026\n"
            "Rà soát hướng dẫn kỹ thuật kiểm kê khí thải. | Giai đoạn 2026 - 2027\n"
            "2 | Bộ Y tế | Bộ Tài chính | Nghiên cứu tác động sức khỏe. | Năm 2027\n")
    rows = [a for a in extract_text(text).activities if a.section_path == "PL1"]
    assert [(a.text, a.agency, a.deadline, a.label) for a in rows] == [
        ("Hoàn thiện Nghị định xử phạt.", "Bộ Nông nghiệp và Môi trường", "Quý I/2026", "1"),
        ("Rà soát hướng dẫn kỹ thuật kiểm kê khí thải.", "Bộ Nông nghiệp và Môi trường",
         "Giai đoạn 2026 - 2027", "1"),
        ("Nghiên cứu tác động sức khỏe.", "Bộ Y tế", "Năm 2027", "2")]


def test_a_header_repeated_without_its_tt_cell_keeps_the_table_going():
    """Family: a long appendix table whose header is printed again further down without its
    TT cell ("Nội dung | Đơn vị thực hiện | …", the TT column merged): the rows under it keep
    the table's columns, their TT cell first."""
    text = ("KẾ HOẠCH\nPhát triển kinh tế số\nI. NHIỆM VỤ\n1. Phát triển hạ tầng số.\nPhụ lục\n"
            "TT | Nội dung | Đơn vị thực hiện | Đơn vị phối hợp | Thời gian thực hiện\n"
            "1.1 | Rà soát quy định pháp luật | Sở Tư pháp | Các sở | 2026\n"
            "II | Phát triển kinh tế số nông nghiệp\n"
            "Nội dung | Đơn vị thực hiện | Đơn vị phối hợp | Thời gian thực hiện\n"
            "2.1 | Triển khai nền tảng dữ liệu số nông nghiệp | Sở Nông nghiệp và Môi trường | "
            "Sở Tài chính | 2027\n")
    rows = [a for a in extract_text(text).activities if a.section_path == "PL"]
    assert [(a.label, a.text, a.agency) for a in rows] == [
        ("1.1", "Rà soát quy định pháp luật", "Sở Tư pháp"),
        ("2.1", "Triển khai nền tảng dữ liệu số nông nghiệp", "Sở Nông nghiệp và Môi trường")]


def test_activities_of_a_group_column_table_under_merged_cells_keep_their_columns():
    """Family: a table with a group column before the task ("TT | Nhóm hoạt động | Hoạt động |
    Cơ quan chủ trì | …"): the rows under the merged TT and group cells print empty cells
    there (a copy drops them), an activity opens with a bullet ("+", or "." under a "+" item
    ending in ":", itself a group line of the table), and each keeps its lead and partners."""
    md = ("KẾ HOẠCH\n\nI. NHIỆM VỤ\n\n1. Bảo vệ rừng.\n\nPHỤ LỤC\n\n"
          "| TT | Nhóm hoạt động | Hoạt động | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian |\n"
          "| --- | --- | --- | --- | --- | --- |\n"
          "| a) | Nhóm hoạt động nhằm hạn chế mất rừng |\n"
          "| - | Rà soát quy hoạch rừng | + Hỗ trợ lập quy hoạch sử dụng đất. | "
          "Bộ Tài nguyên và Môi trường | Ủy ban nhân dân tỉnh | 2017 - 2020 |\n"
          "|  |  | + Quản lý chặt chẽ việc chuyển đổi rừng. | Bộ Nông nghiệp và Phát triển nông thôn | "
          "Bộ Công an |  |\n"
          "|  |  | + Thực hiện các hoạt động can thiệp sau: |  |  |  |\n"
          "|  |  | . Tiếp tục hỗ trợ các mô hình liên kết. | Bộ Nông nghiệp và Phát triển nông thôn | "
          "Ủy ban nhân dân tỉnh | 2017 - 2020 |\n")
    data = md.encode()
    doc = extract_document(read_bytes(data, Source(path="t.md", format="md", sha256="0", bytes=len(data))))
    rows = [a for a in doc.activities if a.section_path == "PL"]
    assert [(a.text, a.agency, a.partners) for a in rows] == [
        ("Hỗ trợ lập quy hoạch sử dụng đất.", "Bộ Tài nguyên và Môi trường", ["Ủy ban nhân dân tỉnh"]),
        ("Quản lý chặt chẽ việc chuyển đổi rừng.", "Bộ Nông nghiệp và Phát triển nông thôn", ["Bộ Công an"]),
        ("Tiếp tục hỗ trợ các mô hình liên kết.", "Bộ Nông nghiệp và Phát triển nông thôn",
         ["Ủy ban nhân dân tỉnh"])]
    assert rows[-1].group and rows[-1].group.startswith("Thực hiện các hoạt động can thiệp sau")
