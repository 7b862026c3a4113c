"""Activities written as blocks: a numbered event or task followed by attribute lines is one
activity, whose lines give its deadline and partners; attribute headings beside the items
they describe are no activities."""

from __future__ import annotations

import pytest
from helpers import extract_text

import plan_extract

HEAD = ("ỦY BAN NHÂN DÂN\nTỈNH QUẢNG TRỊ\nSố: 9/KH-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Quảng Trị, ngày 3 tháng 4 năm 2025\nKẾ HOẠCH\nTổ chức các sự kiện năm 2025\n")


def _acts(body: str):
    return extract_text(HEAD + body).activities


def test_an_event_with_attribute_lines_is_one_activity():
    acts = _acts(
        "I. NỘI DUNG\n"
        "1. Tổ chức hội thảo khoa học về chuyển đổi số\n"
        "- Thời gian dự kiến: Quý II/2025.\n"
        "- Địa điểm: Hội trường Ủy ban nhân dân tỉnh.\n"
        "- Đơn vị chủ trì: Sở Khoa học và Công nghệ.\n"
        "- Đơn vị phối hợp: Sở Nội vụ, Sở Tài chính.\n"
        "- Kinh phí: Ngân sách tỉnh.\n"
        "2. Tổ chức cuộc thi tìm hiểu pháp luật\n"
        "- Thời gian thực hiện: Tháng 8 năm 2025 và các năm tiếp theo.\n"
        "- Cơ quan thực hiện: Sở Tư pháp.\n")
    assert [(a.label, a.text[:20]) for a in acts] == [("1", "Tổ chức hội thảo kho"),
                                                      ("2", "Tổ chức cuộc thi tìm")]
    assert acts[0].deadline == "Quý II/2025"
    assert acts[0].partners == ["Sở Nội vụ", "Sở Tài chính"]
    assert acts[1].deadline == "Tháng 8 năm 2025 và các năm tiếp theo"
    assert all(a.section_path == "I" for a in acts)


def test_attribute_headings_beside_the_activities():
    acts = _acts(
        "I. NỘI DUNG\n"
        "1. Tuyên truyền về bầu cử\n"
        "a) Các hoạt động chủ yếu:\n"
        "- Treo băng rôn, khẩu hiệu tại trụ sở.\n"
        "- Phát thanh trên hệ thống loa truyền thanh.\n"
        "b) Phương thức thực hiện: trực tiếp và trên mạng xã hội.\n"
        "c) Thời gian thực hiện: tháng 3 năm 2026.\n")
    assert [a.text[:14] for a in acts] == ["Treo băng rôn,", "Phát thanh trê"]
    assert all(a.deadline == "tháng 3 năm 2026" for a in acts)


def test_items_that_merely_start_with_a_label_word_stay_activities():
    acts = _acts(
        "I. NHIỆM VỤ\n"
        "1. Nội dung tuyên truyền:\n"
        "- Tuyên truyền Luật Việc làm.\n"
        "- Tuyên truyền chính sách bảo hiểm thất nghiệp.\n"
        "2. Thời gian và địa điểm tổ chức các lớp tập huấn được bố trí hợp lý.\n")
    assert len(acts) == 3


DECISION = ("ỦY BAN NHÂN DÂN\nTỈNH QUẢNG TRỊ\nSố: 9/QĐ-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Quảng Trị, ngày 3 tháng 4 năm 2025\nQUYẾT ĐỊNH\nVề việc phê duyệt Kế hoạch kiểm tra\n"
            "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH\n"
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;\nQUYẾT ĐỊNH:\n")


def test_a_plan_inside_a_decisions_article_gives_its_steps():
    doc = extract_text(
        DECISION
        + "Điều 1. Phê duyệt Kế hoạch kiểm tra công tác cải cách hành chính năm 2025 như sau:\n"
        "1. Mục đích, yêu cầu: Đánh giá đúng thực trạng.\n"
        "2. Trình tự thực hiện:\n"
        "2.1. Các cơ quan tự kiểm tra, gửi báo cáo trước ngày 30/5/2025.\n"
        "2.2. Đoàn kiểm tra làm việc trực tiếp tại các cơ quan.\n"
        "- Kiểm tra hồ sơ, tài liệu.\n"
        "- Lập biên bản kiểm tra.\n"
        "3. Thời gian: Quý II năm 2025.\n"
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.\n"
        "Điều 3. Chánh Văn phòng và các cơ quan chịu trách nhiệm thi hành Quyết định này./.\n")
    assert [(a.section_path, a.text[:16]) for a in doc.activities] == [
        ("Điều 1.2", "Các cơ quan tự k"), ("Điều 1.2.2", "Kiểm tra hồ sơ, "),
        ("Điều 1.2.2", "Lập biên bản kiể")]
    assert doc.activities[0].deadline == "trước ngày 30/5/2025"


def test_an_article_that_only_approves_gives_no_activities():
    doc = extract_text(
        DECISION
        + "Điều 1. Phê duyệt Kế hoạch kiểm tra công tác cải cách hành chính năm 2025 "
        "(có Kế hoạch kèm theo).\n"
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.\n")
    assert doc.activities == []


def test_task_parts_named_by_their_topic():
    acts = _acts(
        "I. MỤC TIÊU\n1. Đến năm 2030 kinh tế số đạt 30% GRDP.\n"
        "II. PHÁT TRIỂN HẠ TẦNG SỐ\n1. Hạ tầng\na) Phủ sóng 5G toàn tỉnh.\nb) Nâng cấp mạng truyền số liệu.\n"
        "III. HÌNH THỨC TRIỂN KHAI\n1. Trực tiếp và trực tuyến.\n"
        "IV. TỔ CHỨC THỰC HIỆN\n1. Sở Khoa học và Công nghệ chủ trì theo dõi, tổng hợp.\n")
    assert [a.section_path for a in acts] == ["II.1", "II.1", "IV"]


def test_a_task_sentence_opening_with_a_part_name_is_a_task_of_its_agency():
    """"c) Tổ chức triển khai thực hiện các nội dung …" opens with "tổ chức triển khai", a
    part's name, but is a task sentence under "2. Công an tỉnh": it gets that agency."""
    acts = _acts(
        "I. MỤC ĐÍCH\n1. Kiềm chế ma túy.\nII. TỔ CHỨC THỰC HIỆN\n2. Công an tỉnh\n"
        "a) Chủ trì tham mưu Ủy ban nhân dân tỉnh xây dựng kế hoạch.\n"
        "b) Tổ chức triển khai thực hiện các nội dung, nhiệm vụ của các dự án thuộc Chương trình.\n"
        "- Dự án 1: Xây dựng xã, phường không ma túy.\n")
    assert [(a.section_path, a.agency) for a in acts] == [
        ("II.2", "Công an tỉnh"), ("II.2.b", "Công an tỉnh")]


def test_a_roadmap_part_bears_the_tasks_of_each_phase():
    acts = _acts(
        "I. MỤC TIÊU\n1. Đến năm 2035 đổi mới công nghệ toàn diện.\nII. LỘ TRÌNH THỰC HIỆN\n"
        "1. Giai đoạn 2025 - 2030\n- Rà soát, hoàn thiện các chính sách hỗ trợ doanh nghiệp.\n"
        "2. Giai đoạn 2031 - 2035\n- Mở rộng hạ tầng số, trung tâm dữ liệu.\n"
        "III. TỔ CHỨC THỰC HIỆN\n1. Sở Khoa học và Công nghệ chủ trì theo dõi, tổng hợp.\n")
    assert [a.section_path for a in acts] == ["II.1", "II.2", "III"]


def test_an_emulation_campaigns_criteria_and_awards_are_no_task_part():
    acts = _acts(
        "I. MỤC ĐÍCH, YÊU CẦU\n1. Tạo khí thế thi đua sôi nổi.\nII. NỘI DUNG THI ĐUA\n"
        "1. Thi đua hoàn thành vượt mức các chỉ tiêu kinh tế - xã hội.\n"
        "III. TIÊU CHÍ THI ĐUA VÀ HÌNH THỨC KHEN THƯỞNG\n1. Tiêu chí thi đua\n"
        "- Hoàn thành xuất sắc nhiệm vụ được giao.\n2. Hình thức khen thưởng\n"
        "- Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh.\n"
        "IV. TỔ CHỨC THỰC HIỆN\n1. Sở Nội vụ hướng dẫn, theo dõi Đợt thi đua.\n")
    assert [a.section_path for a in acts] == ["II", "IV"]


def test_parts_of_a_plan_inside_an_article_carry_the_article():
    doc = extract_text(
        DECISION
        + "Điều 1. Phê duyệt Đề án đào tạo cán bộ với các nội dung sau:\n"
        "I. MỤC TIÊU\n1. Đào tạo 500 cán bộ.\n"
        "II. NHIỆM VỤ VÀ GIẢI PHÁP\n1. Đào tạo trong nước\na) Mở các lớp bồi dưỡng ngắn hạn.\n"
        "b) Biên soạn tài liệu bồi dưỡng.\n"
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.\n")
    assert [a.section_path for a in doc.activities] == ["Điều 1.II.1", "Điều 1.II.1"]


def test_parts_under_a_lettered_part_carry_its_letter():
    acts = _acts(
        "A. MỤC ĐÍCH, YÊU CẦU\nNâng cao hiệu quả.\n"
        "B. NHIỆM VỤ\nI. Công tác tuyên truyền\n1. Tuyên truyền trên báo chí.\n"
        "2. Tuyên truyền trên mạng xã hội.\n")
    assert [a.section_path for a in acts] == ["B.I", "B.I"]


def test_agency_headings_in_a_task_part_give_their_items_agency():
    acts = _acts(
        "I. MỤC ĐÍCH\n1. Nâng cao chất lượng dân số.\n"
        "II. NỘI DUNG THỰC HIỆN\n1. Sở Y tế\na) Chủ trì kiểm tra việc thực hiện chính sách dân số.\n"
        "b) Tham mưu kiện toàn Ban Chỉ đạo.\n2. Sở Tài chính\na) Bố trí kinh phí thực hiện.\n"
        "3. Báo cáo kết quả\na) Tổng hợp số liệu hằng quý.\n")
    assert [a.agency for a in acts] == ["Sở Y tế", "Sở Y tế", "Sở Tài chính", None]


def test_a_lead_sentence_that_assigns_an_agency_heads_its_tasks():
    acts = _acts(
        "I. NHIỆM VỤ\n1. Tuyên truyền về phòng chống thiên tai.\n"
        "II. TỔ CHỨC THỰC HIỆN\n1. Giao Sở Nông nghiệp và Môi trường là cơ quan đầu mối, chủ trì "
        "hướng dẫn thực hiện Kế hoạch; tổ chức thực hiện các nhiệm vụ sau:\n"
        "- Điều phối chung, đôn đốc việc triển khai.\n- Tổng hợp, báo cáo kết quả.\n")
    assert [a.agency for a in acts[1:]] == ["Sở Nông nghiệp và Môi trường"] * 2


def test_numbered_attribute_headings_beside_the_content():
    """"1. Nội dung, biện pháp / 2. Cơ quan chủ trì, phối hợp / 3. Thời gian": the items
    under 1 are the activities; 2 and 3 are their attributes (partners, deadline)."""
    acts = _acts(
        "I. NHIỆM VỤ\n1. Nội dung, biện pháp\n"
        "a) Tổ chức hội nghị quán triệt kế hoạch.\nb) Xây dựng quy chế phối hợp.\n"
        "2. Cơ quan chủ trì, phối hợp\na) Cơ quan chủ trì\n- Sở Nội vụ.\n"
        "b) Cơ quan phối hợp\n- Sở Tài chính.\n- Sở Y tế.\n"
        "3. Thời gian: Năm 2025 và các năm tiếp theo.\n")
    assert [(a.section_path, a.label) for a in acts] == [("I.1", "a"), ("I.1", "b")]
    assert all(a.deadline == "Năm 2025 và các năm tiếp theo" for a in acts)
    assert all(a.partners == ["Sở Tài chính", "Sở Y tế"] for a in acts)


def test_starred_time_lines_under_items_are_no_activities():
    acts = _acts(
        "I. NỘI DUNG\n1. Kiểm tra công tác bầu cử, cụ thể:\n- Kiểm tra việc lập danh sách cử tri.\n"
        "- Kiểm tra việc niêm yết danh sách.\n* Thời gian thực hiện: từ ngày 01/3/2026 đến ngày 14/3/2026.\n")
    assert [a.text[:22] for a in acts] == ["Kiểm tra việc lập danh", "Kiểm tra việc niêm yết"]


def test_agency_headings_that_list_several_units_head_their_items():
    """"UBND các phường: A, B và UBND xã C", "Các huyện: …", several provinces on one line:
    one heading, its whole list the agency of the items under it."""
    acts = _acts(
        "I. MỤC ĐÍCH\n1. Nâng cao nhận thức.\nII. TỔ CHỨC THỰC HIỆN\n"
        "1. UBND các phường: Đông Hà, Đông Lễ và UBND xã Gio Linh\n"
        "- Tổ chức tuyên truyền về chuyển đổi số đến người dân.\n"
        "2. Các huyện: Hải Lăng, Triệu Phong, Cam Lộ\n- Rà soát hạ tầng viễn thông tại các thôn.\n"
        "3. Ủy ban nhân dân các tỉnh Quảng Trị, Quảng Bình, Thừa Thiên Huế\n"
        "- Phối hợp tổ chức diễn đàn chuyển đổi số vùng.\n")
    assert [a.agency for a in acts] == [
        "Ủy ban nhân dân các phường: Đông Hà, Đông Lễ và Ủy ban nhân dân xã Gio Linh",
        "Các huyện: Hải Lăng, Triệu Phong, Cam Lộ",
        "Ủy ban nhân dân các tỉnh Quảng Trị, Quảng Bình, Thừa Thiên Huế"]
    assert [a.section_path for a in acts] == ["II.1", "II.2", "II.3"]


def test_agency_colon_task_lines_are_activities_of_that_agency():
    acts = _acts(
        "I. NHIỆM VỤ\n1. Tuyên truyền về chuyển đổi số.\nII. TỔ CHỨC THỰC HIỆN\n"
        "1. Sở Y tế: Chủ trì, phối hợp với Sở Tài chính triển khai hồ sơ sức khỏe điện tử.\n"
        "2. Sở Nội vụ: Hướng dẫn các cơ quan thực hiện chế độ báo cáo.\n")
    assert [(a.text[:8], a.agency) for a in acts[1:]] == [("Sở Y tế:", "Sở Y tế"),
                                                          ("Sở Nội v", "Sở Nội vụ")]
    assert acts[1].partners == ["Sở Tài chính"]


def test_lettered_agency_sections_in_a_task_assignment_part():
    acts = _acts(
        "I. MỤC ĐÍCH\n1. Nâng cao nhận thức.\nII. PHÂN CÔNG NHIỆM VỤ\na) Sở Y tế\n"
        "- Triển khai hồ sơ sức khỏe điện tử cho người dân.\n- Kết nối dữ liệu khám chữa bệnh.\n"
        "b) Sở Tài chính\n- Bố trí kinh phí thực hiện Kế hoạch.\n")
    assert [(a.section_path, a.agency) for a in acts] == [
        ("II.a", "Sở Y tế"), ("II.a", "Sở Y tế"), ("II.b", "Sở Tài chính")]


PROGRAMME = (
    "PHẦN THỨ NHẤT\nTHỰC TRẠNG HOẠT ĐỘNG XÚC TIẾN ĐẦU TƯ NĂM 2025\nI. Những kết quả đạt được\n"
    "1. Tổ chức 05 hội nghị xúc tiến đầu tư tại các tỉnh phía Nam.\n"
    "II. Những hạn chế và nguyên nhân\n- Năng lực đào tạo của các cơ sở còn hạn chế.\n"
    "PHẦN THỨ HAI\nCHƯƠNG TRÌNH XÚC TIẾN ĐẦU TƯ NĂM 2026\nI. Quan điểm, mục tiêu\n"
    "1. Thu hút đầu tư có chọn lọc.\nII. Chương trình xúc tiến đầu tư\n"
    "1. Tổ chức hội nghị xúc tiến đầu tư tại Nhật Bản.\n"
    "1. Xây dựng cơ chế hỗ trợ nhà đầu tư.\n2. Đẩy mạnh cải cách thủ tục hành chính.\n"
    "PHẦN THỨ BA\nTỔ CHỨC THỰC HIỆN\n"
    "1. Sở Tài chính chủ trì theo dõi, đôn đốc thực hiện Chương trình.\n")


def test_parts_numbered_by_ordinal_words_hold_their_own_sections():
    """"Phần thứ nhất / thứ hai / thứ ba": a report part gives no activities; a part printed
    alone on its line is named by its title line ("TỔ CHỨC THỰC HIỆN": agencies); its Roman
    numbering starts afresh under its number (2.II), and a heading the text lost is restored
    inside it."""
    acts = _acts(PROGRAMME)
    assert [a.text[:20] for a in acts] == ["Tổ chức hội nghị xúc", "Xây dựng cơ chế hỗ t",
                                           "Đẩy mạnh cải cách th", "Sở Tài chính chủ trì"]
    assert [a.section_path for a in acts[:3]] == ["2.II", "2.III", "2.III"]
    assert acts[3].agency == "Sở Tài chính"


LABEL_OVER_TASKS = """KẾ HOẠCH
Phòng, chống ma túy
I. NHIỆM VỤ
1. Công an tỉnh
a) Chủ trì, phối hợp với các đơn vị tham mưu Ủy ban nhân dân tỉnh triển khai Chương trình.
b) Chủ trì, phối hợp
- Sở Tài chính và các đơn vị có liên quan tham mưu Ủy ban nhân dân tỉnh cân đối, bố trí ngân sách nhà nước.
- Sở Nội vụ và các cơ quan, đơn vị liên quan tham mưu Ủy ban nhân dân tỉnh quy định về phân cấp quản lý.
2. Chủ trì thực hiện
- Ban Chỉ đạo quốc gia.
- Tư lệnh các quân khu; Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương.
"""


def test_a_label_alone_over_task_sentences_heads_tasks_over_names_gives_a_value():
    """Family: a lettered "Chủ trì, phối hợp" (or "Hình thức") with whole task sentences under
    it groups tasks, each an activity; over a list of names ("Chủ trì thực hiện" / "- Ban Chỉ
    đạo quốc gia.") it is an attribute and its lines are no activities."""
    texts = [a.text for a in extract_text(LABEL_OVER_TASKS).activities]
    assert any(t.startswith("Sở Tài chính và các đơn vị") for t in texts)
    assert any(t.startswith("Sở Nội vụ và các cơ quan") for t in texts)
    assert not any(t.startswith(("Ban Chỉ đạo quốc gia", "Tư lệnh các quân khu")) for t in texts)


LABELS_AS_PARAGRAPHS = """KẾ HOẠCH
Nâng cao năng lực xây dựng pháp luật
III. NHIỆM VỤ, GIẢI PHÁP
4. Bồi dưỡng cán bộ
- Tổ chức bồi dưỡng kỹ năng soạn thảo.
5. Nghiên cứu giải pháp thu hút, tuyển dụng; đào tạo lại nguồn nhân lực xây dựng pháp luật.
- Nghiên cứu tham mưu UBND tỉnh ban hành cơ chế thu hút người có tài năng.
Đơn vị chủ trì tham mưu thực hiện: Sở Nội vụ.
Đơn vị phối hợp thực hiện: Sở Tư pháp.
_= Thời gian thực hiện: Giai đoạn 2026-2030.
- Các cơ quan, đơn vị ưu tiên chọn lựa cán bộ có kinh nghiệm.
"""


def test_attribute_lines_written_as_paragraphs_stay_under_the_item_s_heading():
    """Family: a task's attribute lines printed as paragraphs (italic labels in a Markdown
    copy, or OCR specks before them) under a numbered heading that ends in a period: they are
    the task's attributes, no activities, and the next task keeps the heading's path."""
    acts = extract_text(LABELS_AS_PARAGRAPHS).activities
    assert [(a.section_path, a.text[:20]) for a in acts] == [
        ("III.4", "Tổ chức bồi dưỡng kỹ"), ("III.5", "Nghiên cứu tham mưu "),
        ("III.5", "Các cơ quan, đơn vị ")]


NAMED_BLOCKS = """KẾ HOẠCH
Tháng hành động vì bình đẳng giới
III. NHIỆM VỤ
1. Truyền thông
a) Hoạt động 1
- Nội dung: Triển khai Tháng hành động và hưởng ứng Ngày Quốc tế xóa bỏ bạo lực.
- Cơ quan thực hiện: Sở Nội vụ chủ trì, phối hợp với các sở, ngành.
b) Hoạt động 2
- Nội dung: Tuyên truyền, giáo dục về phòng ngừa bạo lực trên cơ sở giới.
- Cơ quan thực hiện:
+ Sở Văn hóa và Thể thao chủ trì, phối hợp với các sở, ban, ngành.
+ Sở Xây dựng đăng tải thông điệp truyền thông trên bảng quang báo.
2. Mô hình
a) Hoạt động 1
- Nội dung:
+ Tổng kết Mô hình một cửa hỗ trợ phụ nữ và trẻ em.
+ Tập huấn nâng cao năng lực cho đội ngũ cán bộ.
- Cơ quan thực hiện: Sở Y tế chủ trì.
"""


def test_a_block_headed_by_its_name_is_the_task_its_content_line_gives():
    """Family: "a) Hoạt động 1" / "- Nội dung: …" / "- Cơ quan thực hiện: …": one activity,
    the content line's value (the agencies listed under "Cơ quan thực hiện:" are the block's
    lines); a "Nội dung:" with items under it heads those items, each an activity."""
    texts = [a.text for a in extract_text(NAMED_BLOCKS).activities]
    assert texts == ["Triển khai Tháng hành động và hưởng ứng Ngày Quốc tế xóa bỏ bạo lực.",
                     "Tuyên truyền, giáo dục về phòng ngừa bạo lực trên cơ sở giới.",
                     "Tổng kết Mô hình một cửa hỗ trợ phụ nữ và trẻ em.",
                     "Tập huấn nâng cao năng lực cho đội ngũ cán bộ."]


def test_a_risk_assessment_part_bears_no_activities():
    """A situation part may be an assessment ("ĐÁNH GIÁ NGUY CƠ …", "Bối cảnh"): its bulleted
    risks describe what the plan answers, and only the task part's items are activities."""
    acts = _acts(
        "I. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\n- Chủ động phòng, chống dịch bệnh.\n"
        "II. ĐÁNH GIÁ NGUY CƠ SAU THIÊN TAI\n1. Nguy cơ ô nhiễm môi trường\n"
        "- Rác thải và xác động vật chưa được xử lý.\na) Các bệnh lây truyền qua đường tiêu hóa\n"
        "- Tiêu chảy cấp, tả, lỵ trực khuẩn.\n"
        "III. NHIỆM VỤ, GIẢI PHÁP\n1. Xử lý môi trường\n"
        "- Thu gom, xử lý rác thải tại các khu dân cư bị ngập.\n"
        "- Khử khuẩn nguồn nước sinh hoạt của các hộ dân.\n")
    assert [(a.section_path, a.text[:12]) for a in acts] == [("III.1", "Thu gom, xử "),
                                                             ("III.1", "Khử khuẩn ng")]


def test_forecast_parts_bear_no_activities_but_their_solutions_do():
    """A budget or socio-economic plan forecasts before it acts ("II. DỰ BÁO CÁC CHỈ TIÊU …",
    "1. Dự báo những tác động …"): figures and risks, no tasks. The solutions under the same
    part are tasks, their heading long as it is ("Các giải pháp tổ chức thực hiện kế hoạch …"
    opens with a part noun, not a verb); forecasting as a task ("Dự báo, cảnh báo sớm …")
    keeps its items."""
    acts = _acts(
        "I. TÌNH HÌNH THỰC HIỆN DỰ TOÁN NGÂN SÁCH NĂM 2025\n- Thu ngân sách đạt 105% dự toán.\n"
        "II. DỰ BÁO CÁC CHỈ TIÊU KINH TẾ - XÃ HỘI 03 NĂM 2026 - 2028\n"
        "- Tổng sản phẩm trong tỉnh tăng khoảng 8%.\n- Kim ngạch xuất khẩu đạt 5 tỷ USD.\n"
        "III. DỰ BÁO NHỮNG TÁC ĐỘNG VÀ CÁC GIẢI PHÁP TỔ CHỨC THỰC HIỆN\n"
        "1. Dự báo những tác động đến thu, chi ngân sách\n"
        "- Nguồn thu từ đất chưa tương xứng với tiềm năng.\n"
        "2. Các giải pháp tổ chức thực hiện kế hoạch tài chính - ngân sách nhà nước 03 năm "
        "2026 - 2028\n- Tăng cường quản lý thu ngân sách nhà nước.\n"
        "IV. NHIỆM VỤ KHÁC\n1. Dự báo, cảnh báo sớm thiên tai\n"
        "- Nâng cấp hệ thống quan trắc khí tượng thủy văn.\n")
    assert [(a.section_path, a.text[:14]) for a in acts] == [("III.2", "Tăng cường quả"),
                                                             ("IV.1", "Nâng cấp hệ th")]


def test_footnote_bodies_after_the_text_are_no_activities():
    """Converted pages print footnote bodies at the end ("[1] Trong đó: …"), after the
    appendix rows; they annotate figures in the text and are no tasks."""
    acts = _acts(
        "I. MỤC TIÊU\n- Thu ngân sách tăng 10% mỗi năm.\n"
        "II. PHÁT TRIỂN HẠ TẦNG SỐ\n- Nâng cấp mạng truyền số liệu chuyên dùng [1].\n"
        "- Xây dựng trung tâm dữ liệu của tỉnh.\n"
        "[1] Trong đó: doanh nghiệp A nộp 30 tỷ đồng nợ năm trước.\n"
        "[2] Bao gồm chi tạo nguồn cải cách tiền lương.\n")
    assert [a.text[:12] for a in acts] == ["Nâng cấp mạn", "Xây dựng tru"]


def test_a_long_agency_heading_wrapped_over_lines_names_the_whole_agency():
    """A bold agency heading hard-wrapped over three lines ("7. Các doanh nghiệp hoạt động /
    trong lĩnh vực xây dựng, giao thông … / trên địa bàn tỉnh") names its tasks' agency whole:
    the sector's "xây dựng" is no verb that ends the name."""
    page = (HEAD + "**I. MỤC ĐÍCH**\n\n1. Nâng cao nhận thức.\n\n**II. TỔ CHỨC THỰC HIỆN**\n\n"
            "**1. Sở Xây dựng**\n\n- Chủ trì triển khai Kế hoạch.\n\n"
            "**2. Các doanh nghiệp hoạt động\ntrong lĩnh vực xây dựng, giao thông, vận tải, "
            "logistics và công nghệ thông tin\ntrên địa bàn tỉnh**\n\n"
            "- Ứng dụng công nghệ số trong quản lý, khai thác hạ tầng giao thông.\n")
    acts = plan_extract.extract(page.encode("utf-8"), format="md", name="plan.md").activities
    assert [a.agency for a in acts] == ["Sở Xây dựng", (
        "Các doanh nghiệp hoạt động trong lĩnh vực xây dựng, giao thông, vận tải, logistics và "
        "công nghệ thông tin trên địa bàn tỉnh")]


def test_a_task_written_as_lettered_attributes_over_lists_is_one_activity():
    """A monitoring or survey task names its place, time and parameters as lettered lines,
    each over a list of particulars ("b. Địa điểm, số điểm quan trắc" over "- Số điểm: 08
    điểm", "c. Thông số, tần suất quan trắc" over the parameters): one activity, timed by its
    "Thời gian" line. A "Nội dung" line over items of its own still heads tasks."""
    acts = _acts(
        "I. NỘI DUNG\n1. Quan trắc môi trường vùng nuôi\n"
        "1.1. Vùng nuôi tôm nước lợ\n"
        "a. Thời gian thực hiện: Từ tháng 3 đến tháng 11 hằng năm.\n"
        "b. Địa điểm, số điểm quan trắc\n- Địa điểm quan trắc: Đầm Cù Mông.\n"
        "- Số điểm quan trắc: 08 điểm.\n"
        "c. Thông số (chỉ tiêu), tần suất quan trắc môi trường nuôi tôm\n"
        "- Mẫu nước nguồn cấp:\n+ Nhiệt độ, oxy hòa tan, độ mặn, pH; tần suất: 2 đợt/tháng.\n"
        "+ Kim loại nặng (Cd, Hg, As và Pb); tần suất: 03 đợt/năm.\n"
        "1.2. Vùng nuôi cá nước ngọt\na. Thời gian thực hiện: Tháng 4 hằng năm.\n"
        "b. Số điểm quan trắc: 07 điểm.\n"
        "2. Kiểm tra các cơ sở nuôi\na) Đối tượng kiểm tra: Các cơ sở nuôi thương phẩm.\n"
        "b) Nội dung kiểm tra\n- Kiểm tra hồ sơ, giấy phép nuôi trồng.\n"
        "- Kiểm tra thực địa ao nuôi.\n")
    assert [(a.label, a.text[:14]) for a in acts[:2]] == [("1.1", "Vùng nuôi tôm "),
                                                          ("1.2", "Vùng nuôi cá n")]
    assert [a.text[:14] for a in acts[-2:]] == ["Kiểm tra hồ sơ", "Kiểm tra thực "]
    assert not any(a.text.startswith(("Nhiệt độ", "Số điểm", "Mẫu nước")) for a in acts)
    assert acts[0].deadline == "Từ tháng 3 đến tháng 11 hằng năm"


def test_a_task_written_as_dashed_or_plain_attribute_lines_over_lists_is_one_activity():
    """The same family with its attributes as dashed lines ("- Điểm quan trắc: …:" over '+'
    sampling sites, "- Thông số, tần suất, thời gian …:" over "+ Các thông số: …"), or as a
    plain label line ending in a colon with the sites dashed after it: one activity each."""
    acts = _acts(
        "I. NỘI DUNG\n1. Quan trắc môi trường nuôi trồng thủy sản\n"
        "a) Nguồn nước cấp vùng nuôi tôm\n"
        "Điểm quan trắc: Thực hiện quan trắc tại 03 cửa sông, lấy mẫu tại 04 vị trí như sau:\n"
        "- Cửa sông Hàn: Lấy mẫu 01 vị trí tại khu vực cấp nước chung.\n"
        "- Cửa sông Đáy: Lấy mẫu 03 vị trí gồm:\n+ 01 vị trí tại vùng nuôi Nam Điền;\n"
        "+ 02 vị trí tại vùng nuôi Bắc Điền.\n"
        "- Thông số, tần suất, thời gian và số lượng mẫu quan trắc:\n"
        "+ Các thông số: Độ mặn, pH, DO quan trắc với tần suất 2 lần/tháng.\n"
        "+ Các thông số: Kim loại nặng (Cd, Hg) quan trắc với tần suất 02 lần/năm.\n"
        "b) Môi trường ao nuôi cá\n"
        "- Điểm quan trắc: Thực hiện quan trắc tại 02 vùng nuôi, cụ thể như sau:\n"
        "+ Xã Thái Hòa: Lấy mẫu 01 vị trí.\n+ Xã Bình Minh: Lấy mẫu 01 vị trí.\n"
        "- Thông số, tần suất, thời gian và số lượng mẫu quan trắc: pH, độ mặn, 2 lần/tháng.\n"
        "2. Tuyên truyền nâng cao nhận thức\n"
        "- Tổ chức hội nghị hướng dẫn người nuôi.\n- In tài liệu cấp phát cho hợp tác xã.\n")
    assert [a.text for a in acts] == [
        "Nguồn nước cấp vùng nuôi tôm", "Môi trường ao nuôi cá",
        "Tổ chức hội nghị hướng dẫn người nuôi.", "In tài liệu cấp phát cho hợp tác xã."]


def test_agency_task_lines_under_a_lead_sentence_name_their_own_agencies():
    """"Các sở, ngành sau đây có trách nhiệm chủ trì …:" over "a) Sở Tài chính: …" lines: the
    lead announces the list, each line names the agency of its own task."""
    acts = _acts(
        "I. MỤC ĐÍCH\n1. Nâng cao nhận thức.\nII. TỔ CHỨC THỰC HIỆN\n"
        "1. Các sở, ngành sau đây có trách nhiệm chủ trì và phối hợp với Sở Thông tin và "
        "Truyền thông triển khai Kế hoạch:\n"
        "a) Sở Tài chính: Tổng hợp, trình cấp có thẩm quyền bố trí kinh phí.\n"
        "b) Sở Nội vụ: Xây dựng các giải pháp về tổ chức bộ máy.\n")
    assert [a.agency for a in acts] == ["Sở Tài chính", "Sở Nội vụ"]


def test_a_funding_item_written_as_a_task_inside_a_task_part_is_an_activity():
    """Family: "4. Về nguồn lực" / "4.1. Kinh phí thực hiện" inside NHIỆM VỤ, written as a task
    block ("a) Nhiệm vụ: Các đơn vị … lập dự toán …", "b) Cơ quan thực hiện:" over "- Đơn vị
    chủ trì: …"): a task with its lead, not the plan's budget; a funding part stays none."""
    acts = _acts(
        "I. NHIỆM VỤ\n1. Về nguồn lực\n1.1. Kinh phí thực hiện\n"
        "a) Nhiệm vụ: Các đơn vị được giao nhiệm vụ lập dự toán kinh phí thực hiện.\n"
        "b) Cơ quan thực hiện:\n- Đơn vị chủ trì: Các Sở, ban, ngành.\n"
        "- Đơn vị phối hợp: Sở Tài chính.\nc) Thời gian thực hiện: Hoàn thành trong năm 2025.\n"
        "II. KINH PHÍ THỰC HIỆN\n1. Kinh phí thực hiện từ ngân sách tỉnh.\n"
        "2. Nguồn xã hội hóa và các nguồn hợp pháp khác.\n")
    assert [a.text[:32] for a in acts] == ["Nhiệm vụ: Các đơn vị được giao n"]


@pytest.mark.parametrize(("heading", "agency"), [
    ("Đề nghị: Hiệp hội Doanh nghiệp tỉnh, Hội Nông dân tỉnh, Liên minh Hợp tác xã tỉnh",
     "Hiệp hội Doanh nghiệp tỉnh, Hội Nông dân tỉnh, Liên minh Hợp tác xã tỉnh"),
    ("Các chủ đầu tư xây dựng và kinh doanh hạ tầng khu công nghiệp",
     "Các chủ đầu tư xây dựng và kinh doanh hạ tầng khu công nghiệp"),
])
def test_associations_and_investors_head_their_tasks(heading, agency):
    """Family: an implementation part's headings naming associations ("Hiệp hội …", after a
    request with its colon, "Đề nghị: …") or investors ("Các chủ đầu tư …") give the agency of
    the items under them."""
    acts = _acts("I. MỤC TIÊU\n1. Phát triển hạ tầng số.\nII. TỔ CHỨC THỰC HIỆN\n"
                 f"1. {heading}\n- Tuyên truyền, vận động hội viên tham gia chuyển đổi số.\n"
                 "- Phối hợp với Sở Khoa học và Công nghệ đánh giá nhu cầu.\n")
    assert [a.agency for a in acts] == [agency, agency]


def test_an_agency_heading_listing_its_units_after_a_colon_in_a_task_part():
    """Family: in a task part ("IV. NHIỆM VỤ CỤ THỂ"), a heading that names units and lists
    them after a colon ("Ủy ban nhân dân các xã: Gia Thuận, Tân Điền, Gò Công Đông") heads its
    items; a heading with a task after the colon does not."""
    acts = _acts("I. MỤC TIÊU\n1. Bảo vệ môi trường biển.\nII. NHIỆM VỤ CỤ THỂ\n"
                 "1. Ủy ban nhân dân các xã: Gia Thuận, Tân Điền, Gò Công Đông\n"
                 "- Xây dựng kế hoạch cụ thể hóa các nhiệm vụ.\n"
                 "2. Sở Nông nghiệp và Môi trường: chủ trì tổ chức thực hiện\n"
                 "- Hướng dẫn các xã lập kế hoạch.\n")
    assert [a.agency for a in acts] == [
        "Ủy ban nhân dân các xã: Gia Thuận, Tân Điền, Gò Công Đông", None]


@pytest.mark.parametrize(("line", "deadline"), [
    ("Thời gian thực hiện sau khi Chiến lược được ban hành.", "sau khi Chiến lược được ban hành"),
    ("Thời hạn hoàn thành trong quý IV/2026.", "trong quý IV/2026"),
    ("Thời gian hằng năm.", "hằng năm"),
])
def test_a_time_line_without_its_colon_is_the_tasks_deadline(line, deadline):
    """Family: a task's time line printed without its colon, the label running straight into
    when ("Thời gian thực hiện sau khi …"): an attribute of the task above, no activity."""
    acts = _acts("I. NHIỆM VỤ\n1. Rà soát văn bản quy phạm pháp luật\n"
                 "2. Tổ chức triển khai thực hiện Chiến lược phát triển ngành\n"
                 f"{line}\n")
    assert [a.text[:22] for a in acts] == ["Rà soát văn bản quy ph", "Tổ chức triển khai thự"]
    assert acts[1].deadline == deadline
