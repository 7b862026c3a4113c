"""Header metadata per the gold SPEC: national header, attribute table, signer, period, news."""

from __future__ import annotations

import pytest
from helpers import extract_text, normalized

from plan_extract.stages.header import doc_type_word, parse_header

PROVINCE_PLAN = """ỦY BAN NHÂN DÂN
TỈNH TIỀN GIANG
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Số: 52/KH-UBND
Tiền Giang, ngày 08 tháng 3 năm 2021
KẾ HOẠCH
Thực hiện chương trình chuyển đổi số GIAI ĐOẠN 2021-2025
I. NỘI DUNG
1. Nâng cấp mạng truyền số liệu chuyên dùng.
TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Nguyễn Văn Hải
"""


def _header(text):
    return parse_header(normalized(text))


def test_national_header_of_a_province_plan():
    res = _header(PROVINCE_PLAN)
    md = res.metadata
    assert res.kind == "plan"
    assert md.doc_type == "Kế hoạch"
    assert md.doc_number == "52/KH-UBND"
    assert md.issuer == "Ủy ban nhân dân tỉnh Tiền Giang"
    assert md.issuer_level == "province"
    assert md.province == "Tiền Giang"
    assert md.district is None
    assert md.issue_date == "2021-03-08"
    assert md.period == [2021, 2025]
    assert md.signer == "Nguyễn Văn Hải"
    assert md.published_date is None


def test_every_header_value_says_where_it_came_from():
    doc = normalized(PROVINCE_PLAN)
    res = parse_header(doc)
    prov = res.metadata_provenance
    assert prov["doc_number"].provenance == "header"
    assert doc.text[prov["doc_number"].span.start:prov["doc_number"].span.end] == "Số: 52/KH-UBND"
    assert prov["signer"].provenance == "signature"
    assert doc.text[prov["signer"].span.start:prov["signer"].span.end] == "Nguyễn Văn Hải"
    assert set(prov) >= {"doc_type", "issuer", "issue_date", "period"}


def test_district_issuer_with_blank_number_and_day():
    res = _header("""ỦY BAN NHÂN DÂN
HUYỆN MÊ LINH
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số:   /KH-UBND
Mê Linh, ngày   tháng 11 năm 2024
KẾ HOẠCH
Phát triển văn hóa cơ sở giai đoạn 2016 - 2020 và tầm nhìn đến năm 2025
""")
    md = res.metadata
    assert md.issuer == "Ủy ban nhân dân huyện Mê Linh"
    assert md.issuer_level == "district"
    assert md.district == "Mê Linh"
    assert md.province == "Hà Nội"
    assert md.doc_number is None
    assert md.issue_date == "2024-11"
    assert md.period == [2016, 2025]
    codes = {w.code for w in res.warnings}
    assert "blank-number" in codes and "partial-date" in codes


ATTRIBUTE_TABLE = """Quyết định 12/QĐ-UBND năm 2020 về Kế hoạch phát triển du lịch tỉnh Bình Định
Số hiệu | 12/QĐ-UBND |
Ngày ban hành | 05/02/2020 |
Ngày có hiệu lực | 05/02/2020 |
Loại văn bản | Quyết định |
Cơ quan ban hành | Tỉnh Bình Định |
Người ký | Phan Cao Thắng |
Lĩnh vực | Văn hóa - Xã hội |
QUYẾT ĐỊNH
Về việc ban hành Kế hoạch phát triển du lịch năm 2020
Điều 1. Ban hành kèm theo Quyết định này Kế hoạch phát triển du lịch năm 2020.
"""


def test_attribute_table_of_a_legal_database_page():
    res = _header(ATTRIBUTE_TABLE)
    md = res.metadata
    assert res.kind == "decision"
    assert md.doc_type == "Quyết định"
    assert md.doc_number == "12/QĐ-UBND"
    assert md.issue_date == "2020-02-05"
    assert md.effective_date == "2020-02-05"
    assert md.signer == "Phan Cao Thắng"
    assert md.field == "Văn hóa - Xã hội"
    # "Tỉnh Bình Định" names only the locality; the organ comes from the number ("…-UBND").
    assert md.issuer == "Ủy ban nhân dân tỉnh Bình Định"
    assert md.province == "Bình Định" and md.issuer_level == "province"
    assert res.metadata_provenance["doc_number"].provenance == "attribute-table"


def test_attribute_table_wins_over_the_header():
    text = ("Số hiệu 179/KH-UBND\nNgày ban hành 15/06/2017\nLoại văn bản Kế hoạch\n"
            "ỦY BAN NHÂN DÂN\nTỈNH TIỀN GIANG\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Số:   /KH-UBND\nTiền Giang, ngày   tháng 6 năm 2017\nKẾ HOẠCH\nThực hiện Đề án\n")
    md = _header(text).metadata
    assert md.doc_number == "179/KH-UBND"
    assert md.issue_date == "2017-06-15"


def test_effective_on_signing():
    text = PROVINCE_PLAN.replace("I. NỘI DUNG", "Kế hoạch này có hiệu lực kể từ ngày ký.\nI. NỘI DUNG")
    assert _header(text).metadata.effective_date == "2021-03-08"


def test_decision_issuing_a_plan_is_a_decision():
    text = PROVINCE_PLAN.replace("Số: 52/KH-UBND", "Số: 1436/QĐ-UBND").replace(
        "KẾ HOẠCH\n", "QUYẾT ĐỊNH\nBan hành Kế hoạch thực hiện Đề án 161\n")
    res = _header(text)
    assert res.kind == "decision"
    assert res.metadata.doc_type == "Quyết định"
    assert res.metadata.doc_number == "1436/QĐ-UBND"


@pytest.mark.parametrize(("title", "period"), [
    ("GIAI ĐOẠN 2021-2025", [2021, 2025]),
    ("giai đoạn 2021 – 2025", [2021, 2025]),
    ("giai đoạn 2016 - 2020 và tầm nhìn đến năm 2025", [2016, 2025]),
    ("đến năm 2030", [2021, 2030]),  # from the year of issue (SPEC, project clarifications)
    # the vision of a document the plan implements, cited by its number, is that document's
    ("thực hiện Nghị quyết số 48/NQ-CP của Chính phủ về chiến lược biển đến năm 2030, tầm nhìn "
     "đến năm 2050", [2021, 2030]),
    # a Quy hoạch named without a number: its vision is the plan's horizon too
    ("thực hiện Quy hoạch mạng lưới cơ sở văn hóa thời kỳ 2021-2030, tầm nhìn đến năm 2045",
     [2021, 2045]),
])
def test_period_from_the_title(title, period):
    text = PROVINCE_PLAN.replace("GIAI ĐOẠN 2021-2025", title)
    assert _header(text).metadata.period == period


# A plan whose title states no period, its objectives part naming the year they run to.
OBJECTIVES = {
    "numbered": "II. MỤC TIÊU\n1. Mục tiêu chung\nNâng cao năng lực quản lý.\n"
                "2. Mục tiêu cụ thể đến năm 2030\n- 100% hồ sơ được số hóa.\n",
    "targets, bulleted": "II. MỘT SỐ CHỈ TIÊU CHỦ YẾU\n- Hàng năm, 100% cán bộ được tập huấn.\n"
                         "- Đến năm 2027, phấn đấu số hóa toàn bộ hồ sơ.\n",
    "vision, lettered": "I. MỤC ĐÍCH, YÊU CẦU\nPhấn đấu đến năm 2030, hoàn thành chuyển đổi.\n"
                        "c) Tầm nhìn đến năm 2045\nTrở thành tỉnh số.\n",
}


@pytest.mark.parametrize("objectives", OBJECTIVES.values(), ids=OBJECTIVES.keys())
def test_period_from_the_objectives_when_the_title_has_none(objectives):
    text = PROVINCE_PLAN.replace(" GIAI ĐOẠN 2021-2025", "").replace(
        "I. NỘI DUNG", objectives + "III. NHIỆM VỤ")
    expected = {"numbered": 2030, "targets, bulleted": 2027, "vision, lettered": 2045}
    end = next(v for k, v in expected.items() if OBJECTIVES[k] == objectives)
    assert _header(text).metadata.period == [2021, end]


@pytest.mark.parametrize("elsewhere", [
    # another document's horizon inside an objective sentence
    "I. MỤC ĐÍCH, YÊU CẦU\nTriển khai hiệu quả Chiến lược phát triển ngành đến năm 2030, tầm\n"
    "nhìn đến năm 2045 của Chính phủ.\n",
    # a wrapped line that starts with the year of another sentence
    "I. MỤC ĐÍCH, YÊU CẦU\nTriển khai Quy hoạch tỉnh thời kỳ 2021 - 2030, tầm nhìn\n"
    "đến năm 2050 được phê duyệt.\n",
    # the year in a task part, not the objectives part
    "I. MỤC ĐÍCH, YÊU CẦU\nNâng cao nhận thức.\nII. NHIỆM VỤ\n"
    "1. Phấn đấu đến năm 2030 hoàn thành số hóa.\n",
])
def test_no_period_from_a_year_the_objectives_do_not_run_to(elsewhere):
    text = PROVINCE_PLAN.replace(" GIAI ĐOẠN 2021-2025", "").replace("I. NỘI DUNG", elsewhere)
    assert _header(text).metadata.period is None


@pytest.mark.parametrize(("frame", "period"), [
    ("3. Thời gian thực hiện: Từ tháng 10/2025 đến khi tổ chức thành công Đại hội.\n", [2025, 2025]),
    ("III. THỜI GIAN THỰC HIỆN\nTừ ngày 01/3/2026 đến ngày 31/12/2027.\n", [2026, 2027]),
    ("2. Thời gian triển khai\n- Năm 2026: khảo sát, đánh giá.\n- Năm 2027: tổng kết.\n", [2026, 2027]),
])
def test_period_from_the_plans_own_time_frame(frame, period):
    """Family: a plan whose title and objectives state no period, its own time-frame heading
    printing the years it runs in (SPEC, project clarifications)."""
    text = PROVINCE_PLAN.replace(" GIAI ĐOẠN 2021-2025", "").replace(
        "I. NỘI DUNG", "I. MỤC ĐÍCH, YÊU CẦU\n1. Nâng cao nhận thức.\n" + frame + "II. NỘI DUNG")
    assert _header(text).metadata.period == period


@pytest.mark.parametrize("frame", [
    # an end event, no year printed
    "2. Thời gian thực hiện\nTừ ngày ban hành Kế hoạch đến khi tổng kết Đại hội.\n",
    # a task's own attribute line, lettered
    "1. Tổ chức hội nghị.\nc) Thời gian thực hiện: Hoàn thành trong năm 2026.\n",
    # a year inside a cited number only
    "2. Thời gian thực hiện: theo Nghị định số 45/2025/NĐ-CP.\n",
])
def test_no_period_from_a_time_frame_that_prints_none(frame):
    text = PROVINCE_PLAN.replace(" GIAI ĐOẠN 2021-2025", "").replace(
        "I. NỘI DUNG", "I. MỤC ĐÍCH, YÊU CẦU\n" + frame + "II. NỘI DUNG")
    assert _header(text).metadata.period is None


@pytest.mark.parametrize(("number", "doc_type", "kind"), [
    ("482/CTr-UBND", "Chương trình", "plan"), ("15/ĐA-UBND", "Đề án", "plan"),
    ("52/KH-UBND", "Kế hoạch", "plan"), ("7/QC-UBND", "Quy chế", "other"),
])
def test_a_title_word_lost_the_type_comes_from_the_numbers_code(number, doc_type, kind):
    """Family: a header whose type word was lost (a scan's damaged title, a copy without it):
    the number's code (Nghị định 30/2020, Phụ lục III) names the type."""
    text = PROVINCE_PLAN.replace("Số: 52/KH-UBND", f"Số: {number}").replace("KẾ HOẠCH\n", "")
    res = _header(text)
    assert (res.metadata.doc_type, res.kind) == (doc_type, kind)


def test_signer_whose_title_shares_the_recipients_row():
    """Family: a copy that joined the recipients' last line and the signature's first into
    one row ("- Lưu: VT, VLXD. | BỘ TRƯỞNG" over the name)."""
    text = PROVINCE_PLAN.replace("TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n",
                                 "Nơi nhận:\n- Như Điều 2;\n- Lưu: VT, VLXD. | CHỦ TỊCH\n")
    assert _header(text).metadata.signer == "Nguyễn Văn Hải"


def test_a_converters_note_first_gives_no_period():
    """Family: a text whose first line is a converter's note naming the file ("[Bản trích chữ
    tự động từ QD-836-…-2021-2030.docx]"): its years are no period (a page heading is one)."""
    text = ("[Bản trích chữ tự động từ QD-836-ke-hoach-2021-2030.docx — 87 đoạn]\n"
            + PROVINCE_PLAN.replace(" GIAI ĐOẠN 2021-2025", ""))
    assert _header(text).metadata.period is None


def test_signer_in_capitals_is_title_cased():
    text = PROVINCE_PLAN.replace("Nguyễn Văn Hải", "TRẦN THANH ĐỨC")
    assert _header(text).metadata.signer == "Trần Thanh Đức"


def test_signer_beside_the_recipient_list():
    text = PROVINCE_PLAN.replace(
        "TM. ỦY BAN NHÂN DÂN", "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nTM. ỦY BAN NHÂN DÂN")
    assert _header(text).metadata.signer == "Nguyễn Văn Hải"


NEWS = ("""Quảng Trị triển khai kế hoạch phát triển du lịch cộng đồng
Ngày cập nhật 18/08/2021
Ngày 05 tháng 8 năm 2021, Ủy ban nhân dân tỉnh Quảng Trị ban hành Kế hoạch số 120/KH-UBND """
        """về phát triển du lịch cộng đồng giai đoạn 2021-2025.
Theo đó, tỉnh tập trung xây dựng các sản phẩm du lịch đặc trưng gắn với bản sắc văn hóa địa phương.
Minh Anh
""")


def test_news_article_describes_the_plan_it_reports():
    res = _header(NEWS)
    md = res.metadata
    assert res.kind == "news"
    assert md.published_date == "2021-08-18"
    assert md.doc_type == "Kế hoạch"
    assert md.doc_number == "120/KH-UBND"
    assert md.issue_date == "2021-08-05"
    assert md.issuer == "Ủy ban nhân dân tỉnh Quảng Trị"
    assert md.issuer_level == "province" and md.province == "Quảng Trị"
    assert md.period == [2021, 2025]
    assert md.signer is None


def test_news_issuer_named_by_its_district_abbreviation():
    text = ("Huyện Đông Anh triển khai kế hoạch\nNgày đăng 29/10/2018 | 09:40\n"
            "Ngày 29/10/2018, UBND huyện Đông Anh ban hành Kế hoạch số 272/KH-UBND về văn hóa cơ sở.\n")
    md = _header(text).metadata
    assert md.published_date == "2018-10-29"
    assert md.issuer == "Ủy ban nhân dân huyện Đông Anh"
    assert md.issuer_level == "district"
    assert md.district == "Đông Anh" and md.province == "Hà Nội"
    assert md.issue_date == "2018-10-29"


def test_a_footnote_mark_glued_to_the_type_word_is_not_part_of_it():
    """Gazette consolidated texts print "THÔNG TƯ1" (footnote 1 on the title)."""
    assert doc_type_word("THÔNG TƯ1") == "Thông tư"
    assert doc_type_word("NGHỊ ĐỊNH12") == "Nghị định"
    assert doc_type_word("KẾ HOẠCH") == "Kế hoạch"
    assert doc_type_word("THÔNG TƯX") is None


def test_news_issuance_without_a_number_takes_it_from_the_plan_cited_later():
    res = _header("Tiền Giang triển khai kế hoạch phát triển du lịch\nNgày đăng: 18/08/2021\n"
                  "Mới đây, UBND tỉnh ban hành Kế hoạch triển khai phát triển du lịch, theo đó tỉnh "
                  "đặt mục tiêu đón 2 triệu lượt khách.\n"
                  "Kế hoạch số 179/KH-UBND ngày 15/6/2021 của UBND tỉnh Tiền Giang nêu rõ các nhiệm vụ.\n")
    md = res.metadata
    assert res.kind == "news"
    assert (md.doc_number, md.issue_date, md.issuer) == (
        "179/KH-UBND", "2021-06-15", "Ủy ban nhân dân tỉnh Tiền Giang")
    assert md.published_date == "2021-08-18"


def test_the_texts_own_effective_clause_beats_a_cited_laws():
    """Family: an attached plan's preamble says when the law it implements takes effect ("Luật …
    có hiệu lực thi hành từ ngày 01 tháng 01 năm 2026"); the decision's own clause ("Quyết định
    này có hiệu lực thi hành từ ngày ký ban hành") gives its effective date."""
    text = PROVINCE_PLAN.replace(
        "I. NỘI DUNG",
        "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch.\nĐiều 2. Quyết định này có hiệu lực thi "
        "hành từ ngày ký ban hành.\nI. NỘI DUNG\nLuật Dữ liệu được Quốc hội thông qua, có hiệu lực "
        "thi hành từ ngày 01 tháng 01 năm 2026.").replace("KẾ HOẠCH\n", "QUYẾT ĐỊNH\n")
    assert _header(text).metadata.effective_date == "2021-03-08"


@pytest.mark.parametrize("caption", [
    "(Kèm theo Quyết định số 1422/QĐ-TTg\nNgày 19 tháng 11 năm 2024 của Thủ tướng Chính phủ)",
    "(Ban hành kèm theo Quyết định số 1422/QĐ-TTg ngày 19/11/2024 của Thủ tướng Chính phủ)",
])
def test_a_plan_printed_without_its_decision_takes_the_decisions_number_and_date(caption):
    """Family: the attached plan alone, its caption naming the decision that issued it, no
    "Số:" of its own; the caption is its identity, not a document it cites."""
    text = ("THỦ TƯỚNG CHÍNH PHỦ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
            f"KẾ HOẠCH QUỐC GIA\nThích ứng với biến đổi khí hậu giai đoạn 2021 - 2030\n{caption}\n"
            "I. MỤC TIÊU\nGiảm thiểu rủi ro.\nII. NHIỆM VỤ\n- Rà soát quy hoạch.")
    md = _header(text).metadata
    assert (md.doc_number, md.issue_date) == ("1422/QĐ-TTg", "2024-11-19")
    doc = extract_text(text)
    assert "1422/QĐ-TTg" not in [r.doc_number for r in doc.references]


def test_a_plan_with_its_own_number_keeps_it_over_the_decisions():
    text = ("ỦY BAN NHÂN DÂN\nTỈNH TIỀN GIANG\nSố: 52/KH-UBND\nTiền Giang, ngày 8 tháng 3 năm 2021\n"
            "KẾ HOẠCH\nThực hiện Đề án\n(Kèm theo Quyết định số 12/QĐ-UBND ngày 01/3/2021)\n"
            "I. MỤC ĐÍCH\nNâng cao.")
    assert _header(text).metadata.doc_number == "52/KH-UBND"


@pytest.mark.parametrize("organ, issuer, level, province, district", [
    ("TỈNH UỶ LÀO CAI", "Tỉnh ủy Lào Cai", "province", "Lào Cai", None),
    ("THÀNH ỦY HÀ NỘI", "Thành ủy Hà Nội", "province", "Hà Nội", None),
])
def test_a_party_committees_header(organ, issuer, level, province, district):
    """Family: a party committee's document (Hướng dẫn 36-HD/VPTW): the Party's name where the
    State's motto stands, the committee and its locality's bare name, "Số 12-KH/TU" (no colon;
    left blank in an unsigned copy), the title's type line in capitals over a sentence-case
    subtitle, "T/M BAN THƯỜNG VỤ" over the signer."""
    text = (f"{organ}\n*\nSố 12-KH/TU\nĐẢNG CỘNG SẢN VIỆT NAM\n{province}, ngày 30 tháng 8 năm 2026\n"
            "KẾ HOẠCH\nthực hiện Kết luận số 75-KL/TW ngày 28/7/2026 của Bộ Chính trị\n"
            "I. MỤC ĐÍCH, YÊU CẦU\n- Quán triệt sâu sắc.\nII. NHIỆM VỤ\n- Tổ chức học tập.\n"
            "Nơi nhận:\n- Ban Bí thư Trung ương Đảng,\n- Lưu Văn phòng.\nT/M BAN THƯỜNG VỤ\nBÍ THƯ\n"
            "Hoàng Giang")
    res = _header(text)
    md = res.metadata
    assert res.kind == "plan" and md.doc_type == "Kế hoạch"
    assert (md.doc_number, md.issue_date, md.signer) == ("12-KH/TU", "2026-08-30", "Hoàng Giang")
    assert (md.issuer, md.issuer_level, md.province, md.district) == (issuer, level, province, district)
    blank = _header(text.replace("Số 12-KH/TU", "Số         -KH/TU")).metadata
    assert blank.doc_number is None and blank.issuer == issuer


def test_a_speck_dot_inside_a_quoted_title_does_not_end_it():
    """Family: a scan's title whose quoted name runs over two lines, OCR reading a speck as a
    "." at the first line's end: the title (and the period it states) goes on."""
    text = ("THỦ TƯỚNG CHÍNH PHỦ\nSố: 749/QĐ-TTg\nHà Nội, ngày 3 tháng 6 năm 2020\nQUYẾT ĐỊNH\n"
            "Phê duyệt “Chương trình Chuyển đổi số quốc gia.\nđến năm 2025, định hướng đến năm 2030”\n"
            "Căn cứ Luật Tổ chức Chính phủ;\nQUYẾT ĐỊNH:\nĐiều 1. Phê duyệt\nI. MỤC TIÊU\n- Nâng cao.")
    assert _header(text).metadata.period == [2020, 2030]
