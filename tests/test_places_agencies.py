"""Gazetteer look-ups and agency names: casing, level, district-to-province, abbreviations."""

from __future__ import annotations

import pytest
from helpers import extract_text, normalized

from plan_extract.document import Metadata
from plan_extract.lexicon import agencies, places
from plan_extract.stages.header import parse_header


def test_province_and_district_lookup():
    assert places.province("TIỀN GIANG").name == "Tiền Giang"
    me_linh = places.resolve("huyện", "Mê Linh")
    assert (me_linh.level, me_linh.province) == ("district", "Hà Nội")
    assert places.resolve("tỉnh", "Không Có Tỉnh Này") is None


def test_shared_district_name_is_settled_by_the_province_the_text_mentions():
    assert len({p.province for p in places.districts("Châu Thành")}) > 1
    assert places.resolve("huyện", "Châu Thành", "thực hiện tại tỉnh Bến Tre").province == "Bến Tre"
    assert places.resolve("huyện", "Châu Thành") is None


def test_header_of_a_shared_district_name_uses_the_province_in_the_text():
    md = parse_header(normalized(
        "ỦY BAN NHÂN DÂN\nHUYỆN CHÂU THÀNH\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 12/KH-UBND\n"
        "Châu Thành, ngày 5 tháng 3 năm 2020\nKẾ HOẠCH\nThực hiện Đề án\n"
        "Thực hiện Kế hoạch số 10/KH-UBND của Ủy ban nhân dân tỉnh Tiền Giang.\n")).metadata
    assert (md.issuer, md.issuer_level, md.province, md.district) == (
        "Ủy ban nhân dân huyện Châu Thành", "district", "Tiền Giang", "Châu Thành")


def test_place_names_in_capitals_get_proper_casing():
    assert places.title_name("THỪA THIÊN HUẾ") == "Thừa Thiên Huế"
    assert places.title_name("TÂN HỘI") == "Tân Hội"


@pytest.mark.parametrize(("heading", "expected"), [
    ("Sở Tài chính", True),
    ("Ủy ban nhân dân các huyện, thị xã, thành phố", True),
    ("Đề nghị Ban Tuyên giáo Tỉnh ủy", True),
    ("Tổ chức hội nghị tuyên truyền.", False),
    ("Kinh phí", False),
    # Establishments are agencies of their own tasks; their databases are not.
    ("Các cơ sở sản xuất giống, nuôi trồng thủy sản thương phẩm", True),
    ("Các cơ sở dữ liệu chuyên ngành", False),
    # A name with its sector, long as it is, against a task sentence of the same length.
    ("Các doanh nghiệp hoạt động trong lĩnh vực xây dựng, giao thông, vận tải, logistics và "
     "công nghệ thông tin trên địa bàn tỉnh", True),
    ("Sở Giáo dục và Đào tạo chủ trì, phối hợp với Sở Nông nghiệp và Môi trường, Ủy ban nhân "
     "dân các phường, xã, đặc khu", False),
    # A body's internal plan assigns tasks to persons by their post.
    ("Đồng chí Phó Trưởng phòng Văn hóa - Xã hội - Phó Trưởng tiểu ban Thường trực", True),
    ("Cán bộ phụ trách lĩnh vực giám sát và phản biện xã hội", True),
    ("Cán bộ, công chức được tập huấn nghiệp vụ.", False),
])
def test_agency_headings(heading, expected):
    assert agencies.is_agency_heading(heading) is expected


def test_agency_opening_a_sentence():
    assert agencies.agency_in_sentence(
        "Đề nghị Ban Tuyên giáo Tỉnh ủy phối hợp chỉ đạo các cơ quan báo, đài.") == "Ban Tuyên giáo Tỉnh ủy"
    assert agencies.agency_in_sentence("Tăng cường công tác tuyên truyền.") is None


@pytest.mark.parametrize(("sentence", "agency"), [
    ("Đề nghị Ban Thường vụ Tỉnh ủy, Thành ủy lãnh đạo, chỉ đạo việc sắp xếp thôn.",
     "Ban Thường vụ Tỉnh ủy, Thành ủy"),
    ("Các bộ, cơ quan ngang bộ theo chức năng, nhiệm vụ được giao hướng dẫn thực hiện.",
     "Các bộ, cơ quan ngang bộ"),
    ("Ban Chỉ đạo tỉnh theo dõi, đôn đốc thực hiện.", "Ban Chỉ đạo tỉnh"),
    # after the clause the work rests on, or the issuer's own request; at a passive
    ("Căn cứ nội dung Kế hoạch và tình hình thực tiễn, các sở, ngành và Ủy ban nhân dân các "
     "xã, phường được phân công chủ trì thực hiện nhiệm vụ.",
     "các sở, ngành và Ủy ban nhân dân các xã, phường"),
    ("Ủy ban nhân dân tỉnh yêu cầu các cơ quan, đơn vị, địa phương nghiêm túc triển khai.",
     "các cơ quan, đơn vị, địa phương"),
    # at what the work is about, or how it is done
    ("Các sở, ban, ngành tỉnh có liên quan tới việc khai thác tài nguyên biển.",
     "Các sở, ban, ngành tỉnh có liên quan"),
    ("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các Đoàn thể tỉnh bằng nhiều hình thức tuyên truyền.",
     "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các Đoàn thể tỉnh"),
    # "tổ chức" as a noun in a list of bodies, and as the verb after them
    ("Các sở, ngành, UBND các xã và các cơ quan, tổ chức có liên quan căn cứ Kế hoạch này.",
     "Các sở, ngành, UBND các xã và các cơ quan, tổ chức có liên quan"),
    ("Các sở, ngành, tổ chức chính trị - xã hội tuyên truyền.", "Các sở, ngành, tổ chức chính trị - xã hội"),
    ("Sở Y tế chủ trì, tổ chức hội nghị.", "Sở Y tế"),
    # a body named by its work; taking part; a time clause before the agency
    ("Đoàn kiểm tra trong quá trình kiểm tra nếu có vướng mắc báo cáo.", "Đoàn kiểm tra"),
    ("Ban tổ chức hội thi chủ trì chấm giải.", "Ban tổ chức hội thi"),
    ("Các tổ chức thành viên của Mặt trận tham gia kiểm tra, giám sát.",
     "Các tổ chức thành viên của Mặt trận"),
    ("Kết thúc cuộc bầu cử, Ban Thường trực Ủy ban MTTQ phường chịu trách nhiệm tổng hợp.",
     "Ban Thường trực Ủy ban MTTQ phường"),
    # a ministry's departments and office holders, listed; a clause on what the work rests on
    ("Giao Vụ Pháp chế là cơ quan tham mưu về chuyên ngành.", "Vụ Pháp chế"),
    ("Các Bộ trưởng, Thủ trưởng cơ quan ngang bộ, Thủ trưởng cơ quan thuộc Chính phủ, Chủ tịch "
     "Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương tập trung chỉ đạo thực hiện.",
     "Các Bộ trưởng, Thủ trưởng cơ quan ngang bộ, Thủ trưởng cơ quan thuộc Chính phủ, Chủ tịch "
     "Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương"),
    ("Trên cơ sở các nhiệm vụ trong Chương trình này, Bộ Tài chính chủ trì thực hiện.", "Bộ Tài chính"),
    ("Các cơ quan, đơn vị tổ chức hội nghị quán triệt.", "Các cơ quan, đơn vị"),
])
def test_an_agency_opening_a_sentence_ends_at_its_verb_or_qualifier(sentence, agency):
    """"lãnh đạo, chỉ đạo" and "theo chức năng …" follow the name; the capitalised "Chỉ đạo"
    of a steering committee's name is part of it."""
    assert agencies.agency_in_sentence(sentence) == agency


@pytest.mark.parametrize(("printed", "canonical"), [
    ("phòng Lao động Thương binh và xã hội", "Phòng Lao động - Thương binh và Xã hội"),
    ("Sở VHTTDL", "Sở Văn hóa, Thể thao và Du lịch"),
    ("UBND các huyện", "Ủy ban nhân dân các huyện"),
    ("Sở Văn hoá, Thể thao và Du lịch", "Sở Văn hóa, Thể thao và Du lịch"),
    ("văn phòng Ủy ban nhân dân tỉnh", "Văn phòng Ủy ban nhân dân tỉnh"),
    ("sở Y tế", "Sở Y tế"),
    ("các sở, ngành", "các sở, ngành"),
])
def test_canonical_agency_names(printed, canonical):
    assert agencies.canonical(printed) == canonical


def test_district_office_is_qualified_with_its_district():
    md = Metadata(issuer="Ủy ban nhân dân huyện Mê Linh", issuer_level="district", district="Mê Linh")
    assert agencies.canonical("Phòng Y tế", md) == "Phòng Y tế huyện Mê Linh"
    assert agencies.canonical("Sở Y tế", md) == "Sở Y tế"


def test_partners_split_between_agencies_only():
    assert agencies.partners("Chủ trì, phối hợp với Sở Văn hóa, Thể thao và Du lịch, Sở Y tế và "
                             "Ủy ban nhân dân các huyện tổ chức tuyên truyền.") == [
        "Sở Văn hóa, Thể thao và Du lịch", "Sở Y tế", "Ủy ban nhân dân các huyện"]
    assert agencies.partners("Chủ trì triển khai thực hiện.") == []


def test_partner_cell_written_as_a_bulleted_list_splits_at_bullets_before_agency_names():
    """A phối hợp cell printed as "- Sở A;" / "- Sở B" lines reaches the table reader as one
    line; hyphens inside a name ("Lao động - Thương binh") are no bullet."""
    from plan_extract.lexicon.agencies import split_agencies

    assert split_agencies("- Sở Tài chính; - Sở Nội vụ - UBND các huyện") == [
        "Sở Tài chính", "Sở Nội vụ", "UBND các huyện"]
    assert split_agencies("- Sở Lao động - Thương binh và Xã hội; - Sở Y tế") == [
        "Sở Lao động - Thương binh và Xã hội", "Sở Y tế"]


def test_partners_end_at_the_verb_of_the_task():
    from plan_extract.lexicon import agencies

    assert agencies.partners("Chủ trì, phối hợp với Sở Tài chính bố trí kinh phí thực hiện.") == [
        "Sở Tài chính"]
    assert agencies.partners("Phối hợp với Sở Giáo dục và Đào tạo tổng hợp kết quả.") == [
        "Sở Giáo dục và Đào tạo"]


@pytest.mark.parametrize(("printed", "agency"), [
    ("Ban Thường trực Ủy ban MTTQ Việt Nam xã", "Ban Thường trực Ủy ban MTTQ Việt Nam xã"),
    ("Sở KHĐT", "Sở KHĐT"),
    ("UBND các huyện", "Ủy ban nhân dân các huyện"),
    ("Sở Tài chính (cơ quan chủ trì)", "Sở Tài chính"),  # a role noted after the name
])
def test_an_activity_agency_keeps_the_abbreviations_it_is_printed_with(printed, agency):
    """Family: agency headings written with abbreviations (MTTQ, KHĐT): gold copies them as
    printed, and only UBND (equal to its full form by SPEC) is spelt out; an issuer is
    always spelt out."""
    text = (f"KẾ HOẠCH\nTổ chức hội nghị\nI. NỘI DUNG\n1. Tổ chức hội nghị.\nII. TỔ CHỨC THỰC HIỆN\n"
            f"1. {printed}\n- Chủ trì tổ chức hội nghị cử tri.\n")
    doc = extract_text(text)
    assert [a.agency for a in doc.activities if a.section_path == "II.1"] == [agency]
    assert agencies.canonical("Ủy ban MTTQ Việt Nam tỉnh") == "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"


@pytest.mark.parametrize(("heading", "name"), [
    ("Đề nghị Ủy ban nhân dân xã phối hợp", "Ủy ban nhân dân xã"),
    ("Sở Y tế thực hiện:", "Sở Y tế"),
    ("Các tổ chức cung cấp dịch vụ chi trả", "Các tổ chức cung cấp dịch vụ chi trả"),
    ("Các doanh nghiệp viễn thông, tổ chức, cá nhân có liên quan",
     "Các doanh nghiệp viễn thông, tổ chức, cá nhân có liên quan"),
    ("Ban chỉ đạo", "Ban chỉ đạo"),
])
def test_an_agency_heading_ends_before_a_closing_verb(heading, name):
    """Family: an agency heading that asks the agency to act ("Đề nghị UBND xã phối hợp"):
    the verb that ends it is no part of the name; verbs inside a name stay."""
    assert agencies.heading_name(heading) == name


def test_a_department_spelt_canonically_keeps_the_comma_after_it():
    """Family: a list of agencies whose first is a department ("Sở Văn hoá, Thể thao và Du
    lịch, Đài Phát thanh …"): the canonical spelling keeps the list's comma."""
    assert agencies.canonical("Sở Văn hoá, Thể thao và Du lịch, Đài Phát thanh và Truyền hình tỉnh") == \
        "Sở Văn hóa, Thể thao và Du lịch, Đài Phát thanh và Truyền hình tỉnh"


TASKS_BY_MEMBER = """QUYẾT ĐỊNH
Ban hành Kế hoạch tổng kiểm kê tài sản công
IV. NHIỆM VỤ CỤ THỂ
1. Nhiệm vụ của thành viên Ban Chỉ đạo
1.1. Trưởng Ban Chỉ đạo
- Chỉ đạo triển khai tổng kiểm kê.
1.2. Sở Tài chính - Cơ quan thường trực Ban Chỉ đạo
- Tham mưu thành lập Ban Chỉ đạo.
1.3. Các cơ quan tham mưu quản lý ngành (gồm các Sở: Xây dựng, Công Thương)
- Phối hợp hướng dẫn kiểm kê, trong đó:
+ Sở Xây dựng: hướng dẫn kiểm kê nhà ở công vụ.
+ Sở Công Thương phối hợp hướng dẫn kiểm kê tài sản điện.
1.4. Trách nhiệm của đối tượng thực hiện kiểm kê:
- Thành lập Tổ kiểm kê.
"""


def test_member_roles_role_notes_own_agencies_and_responsibility_headings():
    """Families: a heading naming an office ("Trưởng Ban Chỉ đạo"); an agency with its role
    after a dash ("Sở Tài chính - Cơ quan thường trực Ban Chỉ đạo") or a note in parentheses;
    an item under an agency heading that opens with an agency of its own ("+ Sở Xây dựng:
    …"); a "Trách nhiệm của X" heading, whose items are X's."""
    agency = {a.text[:20]: a.agency for a in extract_text(TASKS_BY_MEMBER).activities}
    assert agency == {"Chỉ đạo triển khai t": "Trưởng Ban Chỉ đạo",
                      "Tham mưu thành lập B": "Sở Tài chính",
                      "Sở Xây dựng: hướng d": "Sở Xây dựng",
                      "Sở Công Thương phối ": "Sở Công Thương",
                      "Thành lập Tổ kiểm kê": "Đối tượng thực hiện kiểm kê"}
