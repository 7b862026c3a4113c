"""Activities per the gold SPEC: which items count, their group, label, path and agency."""

from __future__ import annotations

import pytest
from helpers import extract_text

DISTRICT_PLAN = """ỦY BAN NHÂN DÂN
HUYỆN MÊ LINH
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 272/KH-UBND
Mê Linh, ngày 29 tháng 10 năm 2018
KẾ HOẠCH
Thực hiện Đề án 161 trên địa bàn huyện
I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
- Nâng cao nhận thức về Cộng đồng ASEAN.
2. Yêu cầu
- Bảo đảm thiết thực, hiệu quả.
II. NỘI DUNG THỰC HIỆN
1. Tuyên truyền về Cộng đồng ASEAN
Nâng cao nhận thức của cán bộ và nhân dân:
- Tổ chức hội nghị quán triệt cho cán bộ chủ chốt, thực hiện hàng năm.
- Phát hành tài liệu tuyên truyền, hoàn thành trong Quý I/2019.
2. Phát triển văn hóa cơ sở
Xây dựng thiết chế văn hóa tại các xã, thị trấn.
Tổ chức liên hoan văn nghệ quần chúng.
3. Hợp tác quốc tế
a) Giao lưu văn hóa với các địa phương trong khu vực;
b) Tổ chức đón tiếp các đoàn khách ASEAN:
+ Đón tiếp đoàn cấp tỉnh;
+ Đón tiếp đoàn cấp huyện.
III. KINH PHÍ
- Kinh phí thực hiện từ ngân sách huyện.
IV. TỔ CHỨC THỰC HIỆN
1. Phòng Văn hóa và Thông tin
- Chủ trì, phối hợp với Phòng Giáo dục và Đào tạo, Phòng Y tế tổ chức các hoạt động tuyên truyền.
- Tổng hợp, báo cáo kết quả thực hiện.
2. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam huyện
- Vận động nhân dân tham gia các phong trào.
3. Phòng Tài chính - Kế hoạch bố trí kinh phí thực hiện Kế hoạch.
"""


def _activities(text=DISTRICT_PLAN):
    return extract_text(text).activities


def _by_start(acts, start):
    found = [a for a in acts if a.text.startswith(start)]
    assert len(found) == 1, (start, [a.text for a in acts])
    return found[0]


def test_purpose_requirements_and_funding_items_are_not_activities():
    texts = [a.text for a in _activities()]
    assert not any(t.startswith(("Nâng cao nhận thức về", "Bảo đảm thiết thực", "Kinh phí thực hiện"))
                   for t in texts)


def test_content_and_implementation_items_are_activities_in_order():
    assert [a.text[:30] for a in _activities()] == [
        "Tổ chức hội nghị quán triệt ch",
        "Phát hành tài liệu tuyên truyề",
        "Xây dựng thiết chế văn hóa tại",
        "Tổ chức liên hoan văn nghệ quầ",
        "Giao lưu văn hóa với các địa p",
        "Đón tiếp đoàn cấp tỉnh;",
        "Đón tiếp đoàn cấp huyện.",
        "Chủ trì, phối hợp với Phòng Gi",
        "Tổng hợp, báo cáo kết quả thực",
        "Vận động nhân dân tham gia các",
        "Phòng Tài chính - Kế hoạch bố ",
    ]


def test_group_heading_ending_in_colon_is_the_group_of_its_items():
    acts = _activities()
    first = _by_start(acts, "Tổ chức hội nghị quán triệt")
    second = _by_start(acts, "Phát hành tài liệu")
    assert first.group == second.group == "Nâng cao nhận thức của cán bộ và nhân dân"
    assert not any(a.text.startswith("Nâng cao nhận thức của cán bộ") for a in acts)
    assert _by_start(acts, "Giao lưu văn hóa").group is None


def test_paragraphs_of_a_heading_without_items_are_activities():
    acts = _activities()
    for start in ("Xây dựng thiết chế", "Tổ chức liên hoan"):
        a = _by_start(acts, start)
        assert (a.section_path, a.label) == ("II.2", None)


def test_labels_and_section_paths():
    acts = _activities()
    assert (_by_start(acts, "Tổ chức hội nghị quán triệt").label,
            _by_start(acts, "Tổ chức hội nghị quán triệt").section_path) == ("-", "II.1")
    assert (_by_start(acts, "Giao lưu văn hóa").label,
            _by_start(acts, "Giao lưu văn hóa").section_path) == ("a", "II.3")
    plus = _by_start(acts, "Đón tiếp đoàn cấp tỉnh")
    assert plus.label == "+" and plus.section_path == "II.3.b"
    numbered = _by_start(acts, "Phòng Tài chính - Kế hoạch")
    assert (numbered.label, numbered.section_path) == ("3", "IV")


def test_agency_comes_from_the_agency_heading_of_the_implementation_part():
    acts = _activities()
    assert _by_start(acts, "Chủ trì, phối hợp").agency == "Phòng Văn hóa và Thông tin huyện Mê Linh"
    assert _by_start(acts, "Tổng hợp, báo cáo").agency == "Phòng Văn hóa và Thông tin huyện Mê Linh"
    # "Đề nghị" asks a body outside the issuer's command; the agency is the body itself.
    assert _by_start(acts, "Vận động nhân dân").agency == "Ủy ban Mặt trận Tổ quốc Việt Nam huyện"
    # A numbered task with no heading names its agency at the start of the sentence.
    assert _by_start(acts, "Phòng Tài chính - Kế hoạch").agency == "Phòng Tài chính - Kế hoạch huyện Mê Linh"


def test_items_outside_the_implementation_part_have_no_agency():
    acts = _activities()
    assert all(a.agency is None for a in acts if a.section_path and a.section_path.startswith("II"))


def test_partners_and_deadlines_as_printed():
    acts = _activities()
    assert _by_start(acts, "Chủ trì, phối hợp").partners == ["Phòng Giáo dục và Đào tạo", "Phòng Y tế"]
    assert _by_start(acts, "Tổ chức hội nghị quán triệt").deadline == "hàng năm"
    assert _by_start(acts, "Phát hành tài liệu").deadline == "Quý I/2019"


def test_department_names_are_spelled_canonically():
    text = DISTRICT_PLAN.replace("IV. TỔ CHỨC THỰC HIỆN\n1. Phòng Văn hóa và Thông tin",
                                 "IV. TỔ CHỨC THỰC HIỆN\n1. Phòng Lao động Thương binh và xã hội")
    act = _by_start(_activities(text), "Chủ trì, phối hợp")
    assert act.agency == "Phòng Lao động - Thương binh và Xã hội huyện Mê Linh"


def test_lost_implementation_heading_still_gives_agencies():
    text = ("KẾ HOẠCH\nThực hiện nhiệm vụ năm 2023\nI. MỤC ĐÍCH\n1. Mục đích\n- Nâng cao nhận thức.\n"
            "II. NHIỆM VỤ\n1. Tuyên truyền\n- In tài liệu.\n"
            "1. Sở Tài chính\n- Thẩm định dự toán kinh phí.\n"
            "2. Sở Nội vụ\n- Hướng dẫn các đơn vị thực hiện.\n")
    acts = _activities(text)
    assert [(a.text, a.section_path, a.agency) for a in acts] == [
        ("In tài liệu.", "II.1", None),
        ("Thẩm định dự toán kinh phí.", "III.1", "Sở Tài chính"),
        ("Hướng dẫn các đơn vị thực hiện.", "III.2", "Sở Nội vụ"),
    ]


NEWS = ("""Quảng Trị triển khai kế hoạch phát triển du lịch cộng đồng
Ngày cập nhật 18/08/2021
Ngày 05 tháng 8 năm 2021, Ủy ban nhân dân tỉnh Quảng Trị ban hành Kế hoạch số 120/KH-UBND """
        """về phát triển du lịch cộng đồng giai đoạn 2021-2025.
Theo đó, tỉnh tập trung xây dựng các sản phẩm du lịch đặc trưng gắn với bản sắc văn hóa địa phương.
Ảnh: Du khách tham quan làng văn hóa
Các địa phương tăng cường quảng bá, xúc tiến du lịch trên các nền tảng số.
Minh Anh
""")


def test_news_activities_are_reporting_paragraphs_only():
    doc = extract_text(NEWS)
    assert doc.kind == "news"
    assert [a.text[:30] for a in doc.activities] == ["Theo đó, tỉnh tập trung xây dự",
                                                     "Các địa phương tăng cường quản"]
    assert all(a.section_path is None and a.label is None for a in doc.activities)


_UNTITLED_PARTS = """
Số: 12/{number}

{title}

I. PHẠM VI
1. Áp dụng cho các cơ quan, đơn vị trên địa bàn tỉnh.
II. QUY ĐỊNH CỤ THỂ
1. Các cơ quan rà soát văn bản hiện hành.
2. Các đơn vị báo cáo kết quả định kỳ.
"""


def test_provisions_of_a_normative_text_are_no_activities():
    """A Thông tư (or a Quyết định issuing a list) without NHIỆM VỤ / TỔ CHỨC THỰC HIỆN parts:
    its numbered items are provisions, not activities."""
    text = _UNTITLED_PARTS.format(number="2026/TT-BTC", title="THÔNG TƯ\nQuy định về X")
    doc = extract_text("BỘ TÀI CHÍNH" + text)
    assert doc.metadata.doc_type == "Thông tư"
    assert doc.activities == []


def test_a_plan_or_directive_without_task_headings_keeps_its_items():
    for number, title in (("KH-UBND", "KẾ HOẠCH\nThực hiện Đề án 161"), ("CT-UBND", "CHỈ THỊ\nVề việc X")):
        doc = extract_text("ỦY BAN NHÂN DÂN TỈNH" + _UNTITLED_PARTS.format(number=number, title=title))
        assert [a.section_path for a in doc.activities] == ["II", "II"], number


def test_a_normative_text_assigns_work_only_in_its_implementation_part():
    """In a Thông tư, "Hoạt động …" / "Thực hiện …" items are provisions; the articles of
    Tổ chức thực hiện assign the work."""
    text = """BỘ TÀI CHÍNH
Số: 06/2022/TT-BTC

THÔNG TƯ
Hướng dẫn công tác giám sát

Điều 3. Hoạt động giám sát
1. Thực hiện giám sát giao dịch hằng ngày.
2. Thực hiện kiểm tra định kỳ.
Điều 9. Tổ chức thực hiện
1. Ủy ban Chứng khoán Nhà nước hướng dẫn các đơn vị thực hiện Thông tư này.
2. Sở giao dịch chứng khoán báo cáo kết quả hằng năm."""
    doc = extract_text(text)
    assert doc.metadata.doc_type == "Thông tư"
    assert [a.section_path for a in doc.activities] == ["Điều 9", "Điều 9"]


def test_a_text_whose_type_is_unread_keeps_its_tasks():
    """A plan whose header the scrape damaged (no number, type not read) is not treated as a
    normative text: its NHIỆM VỤ items are still activities."""
    doc = extract_text("ỦY BAN NHÂN DÂN TỈNH X\nKẾ HOẠCH\nThực hiện Đề án 161\nI. NHIỆM VỤ\n"
                       "1. Tuyên truyền về Cộng đồng ASEAN.\n2. Tổ chức hội nghị tập huấn.")
    assert doc.metadata.doc_type is None
    assert [a.section_path for a in doc.activities] == ["I", "I"]


def test_blanks_of_a_form_are_no_activities():
    text = ("KẾ HOẠCH\nThực hiện Đề án 161\nI. NHIỆM VỤ\n1. Tuyên truyền về Cộng đồng ASEAN.\n"
            "2. ……………………\n3. ______________\n4. Tổ chức hội nghị.")
    doc = extract_text(text)
    assert [a.label for a in doc.activities] == ["1", "4"]


def test_a_closing_sentence_that_only_names_the_plan_is_no_activity():
    """Family: "Trên đây là Kế hoạch …./." alone closes the text; with a request after it
    ("Trong quá trình thực hiện … đề nghị …") it is an instruction, an activity."""
    body = "KẾ HOẠCH\nHội nghị cử tri\nI. NỘI DUNG\n1. Tổ chức hội nghị cử tri.\nII. TỔ CHỨC THỰC HIỆN\n"
    alone = body + "Trên đây là Kế hoạch tổ chức hội nghị cử tri của Ban Thường trực./.\n"
    asks = body + ("Trên đây là Kế hoạch tổ chức hội nghị cử tri. Trong quá trình thực hiện, nếu có "
                   "vướng mắc, đề nghị các đơn vị phản ánh về Ban Thường trực.\n")
    assert not any(a.text.startswith("Trên đây") for a in extract_text(alone).activities)
    assert any(a.text.startswith("Trên đây") for a in extract_text(asks).activities)


@pytest.mark.parametrize(("closing", "is_task"), [
    ("Ủy ban nhân dân tỉnh yêu cầu các cơ quan, đơn vị, địa phương nghiêm túc triển khai thực "
     "hiện./.", False),
    ("Đề nghị các sở, ban, ngành tổ chức thực hiện Kế hoạch này.", False),
    ("Yêu cầu các sở, ngành nghiêm túc triển khai thực hiện; định kỳ trước ngày 15/12 hằng năm "
     "báo cáo kết quả về Sở Nội vụ.", True),
])
def test_a_closing_request_to_carry_the_plan_out_is_no_activity(closing, is_task):
    """Family: the closing "… yêu cầu các cơ quan … nghiêm túc triển khai thực hiện./." only
    asks for the plan to be carried out; with a task after it (a report, a date) it is one."""
    body = "KẾ HOẠCH\nHội nghị cử tri\nI. NỘI DUNG\n1. Tổ chức hội nghị cử tri.\nII. TỔ CHỨC THỰC HIỆN\n"
    acts = extract_text(body + "1. Sở Nội vụ chủ trì tổng hợp kết quả.\n" + closing + "\n").activities
    assert any(a.text == closing for a in acts) is is_task


EMULATION = """KẾ HOẠCH
Phát động phong trào thi đua
I. MỤC ĐÍCH, YÊU CẦU
1. Động viên cán bộ.
II. NỘI DUNG THI ĐUA
1. Thi đua tuyên truyền bầu cử.
III. SỐ LƯỢNG ĐỀ NGHỊ KHEN THƯỞNG
1. Ban Chỉ đạo bầu cử của tỉnh: Không quá 05 cá nhân;
IV. THỦ TỤC, HỒ SƠ VÀ THỜI GIAN KHEN THƯỞNG
1. Tờ trình đề nghị khen thưởng của các cơ quan.
V. TỔ CHỨC THỰC HIỆN
1. Sở Nội vụ: Hướng dẫn, theo dõi phong trào thi đua.
Trên đây là kế hoạch tổ chức phong trào thi đua của Ủy ban nhân dân tỉnh./.
"""


def test_the_award_procedure_parts_of_an_emulation_plan_bear_no_tasks():
    """Family: an emulation campaign's quotas and award procedure ("SỐ LƯỢNG ĐỀ NGHỊ KHEN
    THƯỞNG", "THỦ TỤC, HỒ SƠ … KHEN THƯỞNG") are no task parts; its contest and its
    organisation are; a closing "Trên đây là kế hoạch …" in lower case is none either."""
    texts = [a.text for a in extract_text(EMULATION).activities]
    assert texts == ["Thi đua tuyên truyền bầu cử.", "Sở Nội vụ: Hướng dẫn, theo dõi phong trào thi đua."]


def test_attribute_headings_beside_a_long_list_are_looked_for_once(monkeypatch):
    """1 million short lines took 118 s (issue 14): each item scanned all its siblings for
    attribute headings. The work now grows with the list, not with its square."""
    from helpers import extract_text

    from plan_extract.stages import activities

    calls = []
    real = activities._beside
    monkeypatch.setattr(activities, "_beside", lambda n: calls.append(1) or real(n))
    n = 2000
    doc = extract_text("KẾ HOẠCH\nTổ chức các hội nghị\n1. Nhóm hội nghị\n"
                       + "".join(f"- Tổ chức hội nghị số {i};\n" for i in range(n)))
    assert len(doc.activities) >= n
    assert len(calls) < 10 * n


def test_a_plan_of_action_under_a_scope_part_heads_tasks():
    """Family: a relief plan's "III. PHẠM VI, ĐỐI TƯỢNG, NHU CẦU, PHƯƠNG ÁN HỖ TRỢ" describes the
    area and the needs, but its "4. Phương án tổ chức cấp phát" lays out what is done, phase by
    phase: those items are activities, the scope and needs lines are not."""
    text = ("KẾ HOẠCH\nHỗ trợ nhu yếu phẩm\nI. MỤC TIÊU\n1. Bảo đảm đời sống Nhân dân.\n"
            "II. PHẠM VI, ĐỐI TƯỢNG, NHU CẦU, PHƯƠNG ÁN HỖ TRỢ\n1. Phạm vi: Các xã ven biển.\n"
            "2. Nhu cầu hỗ trợ cấp bách\n- Gạo, mì tôm, nước uống.\n"
            "3. Phương án tổ chức cấp phát\n"
            "- Giai đoạn khẩn cấp: Tổ chức lực lượng tiếp cận ngay các vùng ngập sâu.\n"
            "- Giai đoạn sau 72 giờ: Hỗ trợ vật liệu sửa nhà cho các hộ dân.\n"
            "III. TỔ CHỨC THỰC HIỆN\n1. Sở Công Thương: Bảo đảm nguồn hàng.\n")
    texts = [a.text[:22] for a in extract_text(text).activities]
    assert texts == ["Giai đoạn khẩn cấp: Tổ", "Giai đoạn sau 72 giờ: ", "Sở Công Thương: Bảo đả"]


@pytest.mark.parametrize("heading", ["CHẾ ĐỘ BÁO CÁO", "CHẾ ĐỘ THÔNG TIN, BÁO CÁO"])
def test_the_items_of_a_reporting_part_are_activities(heading):
    """Family: a reporting part after the implementation part ("V. CHẾ ĐỘ BÁO CÁO") assigns the
    reports: its items are activities, as four of five annotators read them."""
    text = ("KẾ HOẠCH\nXuất khẩu hàng hóa\nI. MỤC TIÊU\n1. Tăng kim ngạch xuất khẩu.\n"
            "II. TỔ CHỨC THỰC HIỆN\n1. Sở Công Thương: Chủ trì triển khai Kế hoạch.\n"
            f"III. {heading}\n"
            "1. Các sở, ngành định kỳ 6 tháng báo cáo kết quả thực hiện về Sở Công Thương.\n"
            "2. Sở Công Thương tổng hợp báo cáo Ủy ban nhân dân tỉnh trước ngày 15/12 hằng năm.\n")
    assert [a.section_path for a in extract_text(text).activities] == ["II", "III", "III"]


def test_a_plan_saying_what_it_replaces_is_no_activity():
    """Family: "Kế hoạch này thay thế Kế hoạch số 371/KH-UBND …" states the text's standing, as
    "… có hiệu lực" does: no task."""
    text = ("KẾ HOẠCH\nBảo vệ môi trường biển\nI. NHIỆM VỤ\n1. Rà soát các khu bảo tồn biển.\n"
            "II. TỔ CHỨC THỰC HIỆN\n1. Sở Nông nghiệp và Môi trường chủ trì triển khai.\n"
            "Kế hoạch này thay thế Kế hoạch số 371/KH-UBND ngày 31/7/2023 của UBND tỉnh.\n")
    assert [a.text[:18] for a in extract_text(text).activities] == ["Rà soát các khu bả",
                                                                    "Sở Nông nghiệp và "]


@pytest.mark.parametrize("heading", ["Chủ đề thi đua", "Khẩu hiệu"])
def test_a_campaigns_theme_is_no_activity(heading):
    """Family: an emulation campaign's "2. Chủ đề thi đua" (or "Khẩu hiệu") over its slogan
    ("“Lập thành tích chào mừng Đại hội …”") states what it stands for; the contents after
    it are the tasks."""
    text = ("KẾ HOẠCH\nPhát động thi đua\nI. MỤC ĐÍCH\n1. Động viên cán bộ.\nII. NỘI DUNG THI ĐUA\n"
            f"1. {heading}\n“Lập thành tích chào mừng Đại hội; tăng tốc, bứt phá, hoàn thành thắng "
            "lợi nhiệm vụ”.\n2. Nội dung thi đua\na) Đẩy mạnh cải cách hành chính.\n")
    assert [a.text for a in extract_text(text).activities] == ["Đẩy mạnh cải cách hành chính."]
