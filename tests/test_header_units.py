"""Header layouts of unseen plans: an issuing unit the organ list does not know, printed
under its parent organ; a number inside the organ's name; a term of office that is no period;
a place under a seal where the signer's name would be."""

from __future__ import annotations

import pytest
from helpers import extract_text, normalized

from plan_extract.lexicon.textnorm import fold
from plan_extract.stages.header import parse_header

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
BODY = "KẾ HOẠCH\nTổ chức hội thi năm 2025\nI. NỘI DUNG\n1. Tổ chức hội thi.\n"


def _meta(organ: str, number: str = "Số: 12/KH-BTC", date: str = "Bình An, ngày 3 tháng 4 năm 2025",
          tail: str = "") -> object:
    text = f"{organ}\n{number}\n{MOTTO}{date}\n{BODY}{tail}"
    return parse_header(normalized(text)).metadata


def test_a_dependent_body_is_named_with_its_parent_committee():
    md = _meta("ỦY BAN MTTQ VIỆT NAM\nXÃ HÒA BÌNH\nBAN THƯỜNG TRỰC",
               tail="Căn cứ hướng dẫn của Ủy ban MTTQ tỉnh Nghệ An.\n")
    assert fold(md.issuer) == fold("Ban thường trực Ủy ban Mặt trận Tổ quốc Việt Nam xã Hòa Bình")
    assert md.issuer_level == "commune"
    assert md.province == "Nghệ An"  # a commune's province: the one the text names


def test_a_subcommittee_under_a_committee_with_its_commune_on_one_line():
    md = _meta("ỦY BAN BẦU CỬ XÃ TÂN LẬP\nTIỂU BAN AN NINH, TRẬT TỰ")
    assert md.issuer == "Tiểu ban an ninh, trật tự Ủy ban bầu cử xã Tân Lập"
    assert md.issuer_level == "commune"


def test_an_institution_under_a_ministry_is_named_by_itself():
    md = _meta("BỘ Y TẾ\nBỆNH VIỆN ĐA KHOA\nTHÀNH PHỐ CẦN THƠ")
    assert md.issuer == "Bệnh viện đa khoa thành phố Cần Thơ"
    assert md.issuer_level == "central"
    assert md.province == "Cần Thơ"


def test_a_number_that_ends_the_organs_name_is_not_the_documents_number():
    md = _meta("SỞ TÀI CHÍNH\nĐOÀN KIỂM TRA\nTHEO QUYẾT ĐỊNH\nSỐ 77/QĐ-STC", number="Số: 15/KH-ĐKT")
    assert md.doc_number == "15/KH-ĐKT"
    assert md.issuer == "Đoàn kiểm tra theo quyết định số 77/QĐ-STC"


def test_a_known_organ_alone_stays_the_issuer():
    md = _meta("ỦY BAN NHÂN DÂN\nTỈNH QUẢNG TRỊ")
    assert md.issuer == "Ủy ban nhân dân tỉnh Quảng Trị"
    assert md.issuer_level == "province"


def test_site_lines_above_the_organ_are_not_part_of_it():
    md = _meta("Trang chủ | Văn bản\nỦY BAN NHÂN DÂN\nTỈNH QUẢNG TRỊ")
    assert md.issuer == "Ủy ban nhân dân tỉnh Quảng Trị"


@pytest.mark.parametrize("number, expected", [
    ("Số 07 -KH/BTC", "07-KH/BTC"),    # party numbering, a space before the hyphen
    ("Số: 52/KH-UBND", "52/KH-UBND"),
    ("Số: 1740 /QĐ-UBND", "1740/QĐ-UBND"),
])
def test_number_forms(number, expected):
    assert _meta("ỦY BAN NHÂN DÂN\nTỈNH QUẢNG TRỊ", number=number).doc_number == expected


def test_a_term_of_office_is_no_plan_period():
    text = (f"ỦY BAN BẦU CỬ XÃ TÂN LẬP\nSố: 02/KH-UBBC\n{MOTTO}Tân Lập, ngày 3 tháng 12 năm 2025\n"
            "KẾ HOẠCH\nTuyên truyền bầu cử đại biểu Hội đồng nhân dân nhiệm kỳ 2026 - 2031\n"
            "I. NỘI DUNG\n1. Tuyên truyền.\n")
    assert parse_header(normalized(text)).metadata.period is None


def test_in_force_from_the_day_of_issue():
    md = _meta("ỦY BAN NHÂN DÂN\nTỈNH QUẢNG TRỊ",
               tail="Điều 2. Quyết định này có hiệu lực kể từ ngày ban hành.\n")
    assert md.effective_date == "2025-04-03"


def test_a_place_under_the_seal_is_not_the_signer():
    tail = "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nTM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nQuang Tri\n"
    assert _meta("ỦY BAN NHÂN DÂN\nTỈNH QUẢNG TRỊ", tail=tail).signer is None


@pytest.mark.parametrize("until", ["từ nay đến năm 2030", "đến năm 2030",
                                   "đến năm 2030, tầm nhìn đến năm 2045"])
def test_a_period_stated_by_its_end_starts_in_the_year_of_issue(until):
    """Family: a plan whose title gives only the last year ("… đến năm 2030"): it runs from
    the year it is issued (SPEC, project clarifications)."""
    text = (f"ỦY BAN NHÂN DÂN\nTỈNH QUẢNG TRỊ\nSố: 5/QĐ-UBND\n{MOTTO}Quảng Trị, ngày 21 tháng 11 năm 2025\n"
            f"QUYẾT ĐỊNH\nBan hành Kế hoạch nâng cao nhận thức cộng đồng {until}\n"
            "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch.\n")
    end = 2045 if "2045" in until else 2030
    assert parse_header(normalized(text)).metadata.period == [2025, end]


def test_an_end_before_the_year_of_issue_keeps_no_start():
    """A copy issued after the end year it names (a report on a past horizon): no start is made up."""
    text = (f"ỦY BAN NHÂN DÂN\nTỈNH QUẢNG TRỊ\nSố: 5/QĐ-UBND\n{MOTTO}Quảng Trị, ngày 21 tháng 11 năm 2025\n"
            "QUYẾT ĐỊNH\nBan hành Kế hoạch tổng kết chương trình đến năm 2020\n"
            "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch.\n")
    assert parse_header(normalized(text)).metadata.period == [None, 2020]


def test_a_national_body_without_a_number_line_or_a_known_organ():
    """No "Số:" line: the organ is the capitals above the motto; a rule under it is no part of
    its name; a national body is central and has no province (Hà Nội is where it sits)."""
    text = (f"BAN CHỈ ĐẠO QUỐC GIA VỀ PHÒNG CHỐNG THIÊN TAI -------\n{MOTTO}"
            "Hà Nội, ngày 11 tháng 11 năm 2013\nKẾ HOẠCH\nDiễn tập năm 2014\nI. NHIỆM VỤ\n1. Diễn tập.\n")
    md = parse_header(normalized(text)).metadata
    assert fold(md.issuer) == fold("Ban chỉ đạo quốc gia về phòng chống thiên tai")
    assert (md.issuer_level, md.province) == ("central", None)


def test_a_unit_under_its_parent_without_a_number_line():
    text = (f"ỦY BAN NHÂN DÂN\nTỈNH QUẢNG TRỊ\nVĂN PHÒNG\n{MOTTO}Quảng Trị, ngày 31 tháng 1 năm 2018\n"
            "CHƯƠNG TRÌNH CÔNG TÁC THÁNG 02 NĂM 2018\n1. Các công việc cần tập trung chỉ đạo.\n")
    md = parse_header(normalized(text)).metadata
    assert fold(md.issuer) == fold("Văn phòng Ủy ban nhân dân tỉnh Quảng Trị")
    assert md.issuer_level == "province"


@pytest.mark.parametrize("title, period", [
    ("Lập Quy hoạch tỉnh thời kỳ 2021 - 2030, tầm nhìn đến năm 2050", None),
    ("Thực hiện Quy hoạch tỉnh thời kỳ 2021 - 2030, tầm nhìn đến năm 2050", [2021, 2050]),
    ("Tổ chức hội thi năm 2026", [2026, 2026]),
])
def test_the_plans_own_period_not_that_of_a_document_it_prepares(title, period):
    text = (f"ỦY BAN NHÂN DÂN\nTỈNH QUẢNG TRỊ\nSố: 5/KH-UBND\n{MOTTO}Quảng Trị, ngày 2 tháng 1 năm 2026\n"
            f"KẾ HOẠCH\n{title}\nI. NHIỆM VỤ\n1. Triển khai.\n")
    assert parse_header(normalized(text)).metadata.period == period


def test_a_signer_whose_name_is_also_a_districts():
    tail = "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nTM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH Mai Sơn\n"
    assert _meta("ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH", tail=tail).signer == "Mai Sơn"


def test_a_letter_whose_subject_opens_v_v_is_a_cong_van_with_no_plan_tasks():
    """A Công văn prints no type word; its "V/v" subject line says what it is. It is a letter,
    not a plan: its numbered requests and its closing responsibility clause are no activities."""
    doc = extract_text(
        "ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI\nSố: 7/UBND-XD\nV/v triển khai thực hiện Quyết định số "
        "10/QĐ-BXD\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Lào Cai, ngày 21 tháng 7 năm 2026\nKính gửi: Các sở, ban, ngành thuộc tỉnh.\n"
        "Để triển khai Quyết định số 10/QĐ-BXD, Ủy ban nhân dân tỉnh yêu cầu:\n"
        "1. Sở Xây dựng\nChủ trì hướng dẫn các cơ sở rà soát giải pháp an toàn.\n"
        "2. Tổ chức thực hiện\nThủ trưởng các sở, ban, ngành chịu trách nhiệm tổ chức triển khai "
        "thực hiện nghiêm túc các nội dung nêu trên./.\n")
    assert (doc.metadata.doc_type, doc.kind) == ("Công văn", "other")
    assert doc.activities == []


@pytest.mark.parametrize(("type_word", "kind"), [("CHƯƠNG TRÌNH", "plan"), ("CHỈ THỊ", "plan"),
                                                 ("ĐỀ ÁN", "plan"), ("NGHỊ QUYẾT", "decision"),
                                                 ("THÔNG BÁO", "other")])
def test_programmes_and_directives_are_plans_resolutions_decisions(type_word, kind):
    doc = extract_text(f"ỦY BAN NHÂN DÂN\nTỈNH HÀ TĨNH\nSố: 4/UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA "
                       f"VIỆT NAM\nHà Tĩnh, ngày 2 tháng 3 năm 2026\n{type_word}\nVề chuyển đổi số\n"
                       "1. Tổ chức tập huấn cho cán bộ.\n")
    assert doc.kind == kind


@pytest.mark.parametrize("title", [
    "Kế hoạch thực hiện Chỉ thị số 27/CT-TTg ngày 15 tháng 8 năm 2024 của Thủ tướng Chính phủ",
    "Chương trình hành động thực hiện Kết luận số 210-KL/TW ngày 12/11/2025 của Ban Chấp hành",
])
def test_the_date_of_a_cited_document_in_the_title_is_no_period(title):
    """Family: a title that implements a dated document: that date's year is not the plan's
    period; a year the title states for the plan itself still is."""
    text = (f"ỦY BAN NHÂN DÂN\nTỈNH QUẢNG TRỊ\nSố: 5/KH-UBND\n{MOTTO}Quảng Trị, ngày 21 tháng 11 năm 2025\n"
            f"KẾ HOẠCH\n{title}\n" + BODY.split("\n", 2)[2])
    assert parse_header(normalized(text)).metadata.period is None
    dated_year = text.replace(title, title + " năm 2026")
    assert parse_header(normalized(dated_year)).metadata.period == [2026, 2026]


def test_with_its_organ_lines_lost_the_number_and_the_place_give_the_issuer():
    """An OCR copy kept "Số 70/KH-UBND" and "Cần Thơ, ngày …" but not the organ lines: the
    number's UBND and the place of the date (a province, or a district only one province
    has) name the issuing People's Committee; a code naming no committee names nothing."""
    doc = parse_header(normalized("Số 70/KH-UBND\nCần Thơ, ngày 15 tháng 9 năm 2025\nKẾ HOẠCH\n"
                                  "Thực hiện công tác dân vận năm 2025\n"))
    md = doc.metadata
    assert (md.issuer, md.issuer_level, md.province) == (
        "Ủy ban nhân dân thành phố Cần Thơ", "province", "Cần Thơ")
    other = parse_header(normalized("Số 12/KH-BCĐ\nCần Thơ, ngày 15 tháng 9 năm 2025\nKẾ HOẠCH\n"
                                    "Thực hiện công tác dân vận năm 2025\n"))
    assert other.metadata.issuer is None


def test_a_plan_copied_without_its_header_issues_itself():
    """A web copy of a plan starts with its subject and its own issuing sentence ("…, Trường
    Đại học X ban hành Kế hoạch … cụ thể như sau:"): a plan of that issuer, not a news article;
    a news article reporting an issuance stays news."""
    plan = extract_text(
        "Tăng cường giáo dục đạo đức cho sinh viên\n"
        "Thực hiện Quyết định số 585/QĐ-BGDĐT ngày 28/02/2022 của Bộ Giáo dục và Đào tạo, "
        "Trường Đại học Sư phạm ban hành Kế hoạch “Tăng cường giáo dục đạo đức cho sinh viên” "
        "(sau đây gọi tắt là Kế hoạch) cụ thể như sau:\n"
        "I. MỤC ĐÍCH, YÊU CẦU\n1. Nâng cao nhận thức của sinh viên.\n"
        "II. TỔ CHỨC THỰC HIỆN\n1. Phòng Công tác Sinh viên\n- Chủ trì triển khai Kế hoạch.\n")
    assert (plan.kind, plan.metadata.doc_type, plan.metadata.issuer) == (
        "plan", "Kế hoạch", "Trường Đại học Sư phạm")
    assert [a.agency for a in plan.activities] == ["Phòng Công tác Sinh viên"]
    news = extract_text(
        "Tỉnh triển khai chuyển đổi số\nNgày 12/3/2025, UBND tỉnh vừa ban hành Kế hoạch số "
        "12/KH-UBND về chuyển đổi số năm 2025.\nTheo đó, các sở, ngành triển khai nhiệm vụ.\n")
    assert news.kind == "news"
