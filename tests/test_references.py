"""Cited legal documents: numbered citations and laws by name, once each, in order."""

from __future__ import annotations

import pytest
from helpers import extract_text, normalized

from plan_extract.stages.references import cited_documents


def _refs(text, own_number=None):
    doc = normalized(text)
    return doc, cited_documents(doc.text, own_number)


def test_numbered_citation_with_date_issuer_and_title():
    doc, refs = _refs("Thực hiện Quyết định số 161/QĐ-TTg ngày 25/01/2016 của Thủ tướng Chính phủ "
                      "về phê duyệt Đề án xây dựng cộng đồng ASEAN;")
    assert len(refs) == 1
    r = refs[0]
    assert (r.doc_type, r.doc_number, r.issue_date, r.issuer) == (
        "Quyết định", "161/QĐ-TTg", "2016-01-25", "Thủ tướng Chính phủ")
    assert r.title.startswith("Phê duyệt Đề án")
    assert doc.text[r.span.start:r.span.end].startswith("Quyết định số 161/QĐ-TTg")


def test_date_in_words_and_issuer_from_the_number():
    _, refs = _refs("Theo Thông tư số 01/2024/TT-BLĐTBXH ngày 15 tháng 2 năm 2024 hướng dẫn thực hiện.")
    assert [(r.doc_type, r.doc_number, r.issue_date, r.issuer) for r in refs] == [
        ("Thông tư", "01/2024/TT-BLĐTBXH", "2024-02-15", "Bộ Lao động - Thương binh và Xã hội")]


def test_party_resolution_number_with_dash():
    _, refs = _refs("Nghị quyết số 22-NQ/TW ngày 10/4/2013 của Bộ Chính trị về hội nhập quốc tế;")
    assert [(r.doc_number, r.issue_date, r.issuer) for r in refs] == [
        ("22-NQ/TW", "2013-04-10", "Bộ Chính trị")]


def test_own_number_is_not_a_reference():
    _, refs = _refs("Kế hoạch số 45/KH-UBND ngày 3/3/2022 được ban hành theo Quyết định số 161/QĐ-TTg.",
                    own_number="45/KH-UBND")
    assert [r.doc_number for r in refs] == ["161/QĐ-TTg"]


def test_each_document_once_in_order_of_first_mention():
    _, refs = _refs("Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ;\n"
                    "Thực hiện Quyết định số 161/QĐ-TTg ngày 25/01/2016 của Thủ tướng Chính phủ;\n"
                    "Theo Nghị định 30/2020/NĐ-CP và Quyết định số 161/QĐ-TTg ngày 25/1/2016.\n")
    assert [r.doc_number for r in refs] == ["30/2020/NĐ-CP", "161/QĐ-TTg"]
    assert refs[0].issue_date == "2020-03-05"


def test_law_by_name_and_date():
    _, refs = _refs("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;")
    assert len(refs) == 1
    r = refs[0]
    assert r.doc_type == "Luật" and r.doc_number is None
    assert r.issuer == "Quốc hội"
    assert r.issue_date == "2015-06-19"
    assert r.title == "Luật Tổ chức chính quyền địa phương"


def test_amending_law_naming_two_laws_is_one_reference():
    _, refs = _refs("Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và "
                    "Luật Tổ chức chính quyền địa phương ngày 22/11/2019;")
    assert len(refs) == 1
    assert refs[0].issue_date == "2019-11-22"
    assert refs[0].title.startswith("Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ")


def test_same_law_cited_twice_with_its_date_once():
    _, refs = _refs("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;\n"
                    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;\n")
    assert len(refs) == 1


def test_text_without_citations_has_no_references():
    _, refs = _refs("Tổ chức hội nghị tuyên truyền về Cộng đồng ASEAN năm 2022.\n"
                    "Luật pháp được thực thi nghiêm.\n")
    assert refs == []


def test_news_does_not_cite_the_plan_it_reports():
    doc = extract_text("Bình Định triển khai kế hoạch chuyển đổi số\nNgày cập nhật 18/08/2021\n"
                       "Ngày 11 tháng 8 năm 2021, Ủy ban nhân dân tỉnh Bình Định ban hành Kế hoạch số "
                       "259/KH-UBND về chuyển đổi số, thực hiện Quyết định số 749/QĐ-TTg ngày 03/6/2020 "
                       "của Thủ tướng Chính phủ.\n")
    assert doc.kind == "news" and doc.metadata.doc_number == "259/KH-UBND"
    assert [r.doc_number for r in doc.references] == ["749/QĐ-TTg"]


def test_a_submission_cited_with_its_number_is_a_reference():
    _, refs = _refs("Theo đề nghị của Giám đốc Sở Y tế tại Tờ trình số 45/TTr-SYT ngày 03/4/2025 "
                 "và Văn bản số 12/BC-HH ngày 01/4/2025 của Hội Nông dân tỉnh.")
    assert [(r.doc_type, r.doc_number, r.issue_date) for r in refs] == [
        ("Tờ trình", "45/TTr-SYT", "2025-04-03"), ("Văn bản", "12/BC-HH", "2025-04-01")]


def test_a_short_recitation_is_the_same_reference():
    _, refs = _refs("Thực hiện Chỉ thị số 20/CT-TTg ngày 12/6/2024 của Thủ tướng Chính phủ. "
                 "Theo Chỉ thị số 20, các sở triển khai; Quyết định 161 được tiếp tục thực hiện.")
    assert [r.doc_number for r in refs] == ["20/CT-TTg"]


def test_a_typo_variant_of_a_number_is_the_same_reference():
    _, refs = _refs("Căn cứ Thông tư số 12/2021/TT-BTC ngày 3/2/2021 của Bộ Tài chính; "
                 "theo Thông tư số 12/2021/TTBTC, kinh phí bảo đảm.")
    assert [r.doc_number for r in refs] == ["12/2021/TT-BTC"]


def test_a_number_broken_across_a_line_is_one_number():
    _, refs = _refs("Căn cứ Quyết định số 1234/QĐ-\nUBND ngày 5/6/2024 của Ủy ban nhân dân tỉnh;")
    assert [r.doc_number for r in refs] == ["1234/QĐ-UBND"]


def test_a_space_the_unwrap_left_after_the_hyphen_stays_inside_the_number():
    """"227/QĐ- TTg": a line broken after the "-" and joined with a space is one number; a
    dash between a number and a lower-case word is not."""
    _, refs = _refs("Căn cứ Quyết định số 227/QĐ- TTg ngày 12/3/2024 của Thủ tướng Chính phủ; "
                    "Tờ trình số 9512/TTr- SNN-CCTL ngày 23 tháng 10 năm 2025; Kế hoạch số 5/KH - "
                    "của tỉnh.")
    assert [r.doc_number for r in refs][:2] == ["227/QĐ-TTg", "9512/TTr-SNN-CCTL"]


def test_a_law_cited_by_its_name_alone_ends_where_its_known_title_does():
    _, refs = _refs("Căn cứ Luật Thi đua, khen thưởng; Luật Khoa học, công nghệ và đổi mới sáng tạo;\n"
                    "Triển khai Luật Việc làm trên địa bàn thành phố, bảo đảm Luật Việc làm được thực hiện.")
    assert [r.title for r in refs] == ["Luật Thi đua, khen thưởng",
                                       "Luật Khoa học, công nghệ và đổi mới sáng tạo", "Luật Việc làm"]
    assert all(r.doc_number is None and r.issuer == "Quốc hội" for r in refs)


def test_two_laws_under_one_date_and_a_short_recitation():
    """"Luật A và Luật B ngày …" cites two laws, the date the second's; an amending law's
    title that names two laws is one law; "Luật A năm 2015" later is the same Luật A, and
    gives it its year (as the annotator of bcr_mttq_kh_ktgs_baucu read it)."""
    _, refs = _refs(
        "Căn cứ Luật Bầu cử đại biểu Quốc hội và đại biểu Hội đồng nhân dân và Luật sửa đổi, bổ sung "
        "một số điều của Luật Bầu cử đại biểu Quốc hội và đại biểu Hội đồng nhân dân ngày 24/6/2025;\n"
        "Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính "
        "quyền địa phương ngày 22/11/2019;\n"
        "Theo Điều 21 của Luật Bầu cử năm 2015, các tổ bầu cử được thành lập.")
    assert [r.issue_date for r in refs] == ["2015", "2025-06-24", "2019-11-22"]
    assert refs[0].title.endswith("đại biểu Hội đồng nhân dân")
    assert refs[1].title.startswith("Luật sửa đổi") and refs[2].title.endswith("chính quyền địa phương")


def test_a_law_cited_with_its_year_has_that_year_as_its_date():
    _, refs = _refs("Triển khai Luật Cán bộ, công chức năm 2025, Luật Viên chức năm 2025 và các "
                    "văn bản hướng dẫn; thực hiện Luật Đê điều.")
    assert [(r.title, r.issue_date) for r in refs] == [("Luật Cán bộ, công chức", "2025"),
                                                       ("Luật Viên chức", "2025"),
                                                       ("Luật Đê điều", None)]


def test_a_law_cited_again_with_its_year_is_the_same_law():
    _, refs = _refs("Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;\n"
                    "Theo lộ trình quy định tại Luật Tổ chức Chính phủ năm 2025, các bộ thực hiện.")
    assert [(r.title, r.issue_date) for r in refs] == [("Luật Tổ chức Chính phủ", "2025-02-18")]


def test_numbers_listed_after_one_type_word_are_each_a_reference():
    """"các Quyết định: số 36/QĐ-TTg … và số 1668/QĐ-TTg" and "Kết luận liên ngành … số
    23/KL-…": a document number after "số" is a citation with no type word right before it;
    the list's type word or the number's code gives its type. A form's number is none."""
    _, refs = _refs("Thủ tướng Chính phủ phê duyệt tại các Quyết định: số 36/QĐ-TTg ngày "
                    "11/01/2024 và số 1668/QĐ-TTg ngày 27/12/2024; thực hiện Kết luận liên ngành "
                    "Tư pháp Trung ương số 23/KL-LNTPTW ngày 21/11/2024; Nghị quyết số 71/NQ -CP "
                    "ngày 01/4/2025; báo cáo theo Mẫu số 01/BC-UBND.")
    assert [(r.doc_type, r.doc_number) for r in refs] == [
        ("Quyết định", "36/QĐ-TTg"), ("Quyết định", "1668/QĐ-TTg"), ("Kết luận", "23/KL-LNTPTW"),
        ("Nghị quyết", "71/NQ-CP")]
    assert refs[1].issue_date == "2024-12-27"


def test_a_laws_clause_ends_before_another_documents_type_word():
    """"Luật A và Nghị định số 80/…": the number is the decree's; the law is cited by name."""
    _, refs = _refs("Thực hiện theo Điều 59 Luật Ban hành văn bản quy phạm pháp luật và Nghị định "
                    "số 80/2025/NĐ-CP ngày 01/4/2025.")
    assert [(r.title, r.doc_number) for r in refs] == [
        ("Luật Ban hành văn bản quy phạm pháp luật", None), (None, "80/2025/NĐ-CP")]


def test_an_amending_law_cited_by_its_title_is_one_law():
    _, refs = _refs("Triển khai thi hành Luật sửa đổi, bổ sung một số điều của Luật Tiêu chuẩn và "
                    "quy chuẩn kỹ thuật trên địa bàn tỉnh; rà soát theo Luật Tiêu chuẩn và quy chuẩn "
                    "kỹ thuật.")
    assert [r.title for r in refs] == [
        "Luật sửa đổi, bổ sung một số điều của Luật Tiêu chuẩn và quy chuẩn kỹ thuật",
        "Luật Tiêu chuẩn và quy chuẩn kỹ thuật"]


def test_the_laws_a_numbered_amending_law_amends_are_no_references_of_their_own():
    """Family: "Luật số 97/2025/QH15 … về sửa đổi, bổ sung một số điều của Luật A, Luật B": A
    and B are named in the amending law's title, not cited; a law cited after the clause is."""
    text = ("Căn cứ Luật số 97/2025/QH15 ngày 27/6/2025 về sửa đổi, bổ sung một số điều của Luật Mặt "
            "trận Tổ quốc Việt Nam, Luật Công đoàn, Luật Thanh niên; Luật Đầu tư công ngày 29/11/2024;")
    refs = cited_documents(text, None)
    assert [r.doc_number or r.title for r in refs] == ["97/2025/QH15", "Luật Đầu tư công"]


def test_a_law_named_before_its_number_takes_that_title_and_its_re_mention_is_no_new_one():
    """Family: "Luật Bầu cử … số 85/2015/QH13" then "Luật Bầu cử …" alone: one reference, titled."""
    text = ("Căn cứ Luật Bầu cử đại biểu Quốc hội và đại biểu Hội đồng nhân dân số 85/2015/QH13, ngày "
            "25/6/2015;\nTheo quy định của Luật Bầu cử đại biểu Quốc hội và đại biểu Hội đồng nhân dân.")
    refs = cited_documents(text, None)
    assert len(refs) == 1
    assert refs[0].title == "Luật Bầu cử đại biểu Quốc hội và đại biểu Hội đồng nhân dân"


@pytest.mark.parametrize(("text", "title"), [
    ("Tuyên truyền Hiến pháp năm 2013 và các luật.", "Hiến pháp năm 2013"),
    ("Góp ý dự thảo Luật Giáo dục nghề nghiệp (sửa đổi) theo kế hoạch.",
     "Luật Giáo dục nghề nghiệp (sửa đổi)"),
    ("Thực hiện Luật Tổ chức chính quyền địa phương (sửa đổi), Luật Đất đai.",
     "Luật Tổ chức chính quyền địa phương (sửa đổi)"),
])
def test_a_constitution_by_its_year_and_a_law_under_revision_keep_those_words(text, title):
    """Families: the Constitution is named by its year; a law being revised is cited with
    "(sửa đổi)", which is part of its name."""
    assert cited_documents(text, None)[0].title == title


def test_a_law_under_revision_after_the_law_itself_is_the_same_reference():
    """Family: "Luật Phòng, chống ma túy số 73/2021/QH14 …" then "Luật Phòng, chống ma túy
    (sửa đổi)": the revision of a law already cited adds no reference."""
    text = ("Căn cứ Luật Phòng, chống ma túy số 73/2021/QH14 ngày 30/3/2021;\n"
            "Triển khai Luật Phòng, chống ma túy (sửa đổi) khi được thông qua.")
    assert [r.doc_number for r in cited_documents(text, None)] == ["73/2021/QH14"]


def test_an_amending_law_with_a_typist_s_slip_in_its_title_is_one_law():
    """Family: "Luật sử đổi, bổ sung một số điều của Luật A" (a dropped letter) is the
    amending law, one reference, as with "sửa đổi"."""
    text = "Tuyên truyền Luật sử đổi, bổ sung một số điều của Luật Tổ chức Quốc hội và các văn bản."
    refs = cited_documents(text, None)
    assert [r.title for r in refs] == ["Luật sử đổi, bổ sung một số điều của Luật Tổ chức Quốc hội"]


def test_a_department_code_with_an_ampersand_is_part_of_the_number():
    """Family: codes that join two offices with "&" ("BNV-CTTN&BĐG", "SKH&ĐT")."""
    text = "Thực hiện Công văn số 8935/BNV-CTTN&BĐG ngày 03/11/2025 của Bộ Nội vụ."
    assert [r.doc_number for r in cited_documents(text, None)] == ["8935/BNV-CTTN&BĐG"]


def test_an_amending_law_whose_title_lists_the_laws_it_amends_is_one_law():
    """Family: "Luật sửa đổi, bổ sung một số điều của Luật A, Luật B … và Luật C ngày …": one law,
    its title the whole list (numbers in it the amended laws'), the date its own; "Luật Sửa đổi"
    capitalised is the same, and its re-citation no new law; a law "được sửa đổi, bổ sung … tại"
    it is amended by it, and cited."""
    text = ("Căn cứ Luật Quy hoạch ngày 24 tháng 11 năm 2017 được sửa đổi, bổ sung một số điều tại "
            "Luật sửa đổi, bổ sung một số điều của Luật Quy hoạch, Luật Đầu tư, Luật Đầu tư theo "
            "phương thức đối tác công tư và Luật Đấu thầu ngày 29 tháng 11 năm 2024;\n"
            "Căn cứ Luật Sửa đổi, bổ sung một số điều của Luật Đất đai số 31/2024/QH15, Luật Nhà ở "
            "số 27/2023/QH15 và Luật Các tổ chức tín dụng số 32/2024/QH15;\n"
            "Căn cứ Nghị định số 66/2021/NĐ-CP quy định chi tiết Luật Sửa đổi, bổ sung một số điều "
            "của Luật Quy hoạch, Luật Đầu tư, Luật Đầu tư theo phương thức đối tác công tư và Luật "
            "Đấu thầu;")
    refs = cited_documents(text, None)
    laws = [(r.title, r.issue_date) for r in refs if r.doc_type == "Luật" and not r.doc_number]
    # the amended laws printed with their numbers are cited by those numbers
    assert {r.doc_number for r in refs if r.doc_number} == {
        "31/2024/QH15", "27/2023/QH15", "32/2024/QH15", "66/2021/NĐ-CP"}
    assert laws == [
        ("Luật Quy hoạch", "2017-11-24"),
        ("Luật sửa đổi, bổ sung một số điều của Luật Quy hoạch, Luật Đầu tư, Luật Đầu tư theo "
         "phương thức đối tác công tư và Luật Đấu thầu", "2024-11-29"),
        ("Luật Sửa đổi, bổ sung một số điều của Luật Đất đai số 31/2024/QH15, Luật Nhà ở số "
         "27/2023/QH15 và Luật Các tổ chức tín dụng số 32/2024/QH15", None)]


def test_numbers_cited_together_before_one_date_share_it():
    """Family: "Các Công điện: số 007/CĐ-UBND ngày 17/11/2025, số 008/CĐ-UBND và số 009/CĐ-UBND
    ngày 19/11/2025": 008 is dated with 009; a number with a date of its own keeps it, and one
    of another type before a dated one ("Quyết định số 5/QĐ-UBND và Kế hoạch số 7/KH-UBND
    ngày …") does not take the plan's date."""
    _, refs = _refs("Căn cứ các Công điện: số 007/CĐ-UBND ngày 17/11/2025, số 008/CĐ-UBND và số "
                    "009/CĐ-UBND ngày 19/11/2025 của UBND tỉnh; Quyết định số 5/QĐ-UBND và Kế hoạch "
                    "số 7/KH-UBND ngày 02/3/2025 của UBND tỉnh; Phương án 02600/PA-UBND ngày 18/8/2025.")
    assert [(r.doc_number, r.issue_date) for r in refs] == [
        ("007/CĐ-UBND", "2025-11-17"), ("008/CĐ-UBND", "2025-11-19"), ("009/CĐ-UBND", "2025-11-19"),
        ("5/QĐ-UBND", None), ("7/KH-UBND", "2025-03-02"), ("02600/PA-UBND", "2025-08-18")]
    assert refs[-1].doc_type == "Phương án"


def test_how_a_law_was_passed_is_no_part_of_its_title():
    """Family: "Luật Bảo vệ dữ liệu cá nhân được Quốc hội khóa XV thông qua tại kỳ họp thứ 9 ngày
    26 tháng 6 năm 2025": the law is "Luật Bảo vệ dữ liệu cá nhân" of that date, and a later
    mention with its date is the same law."""
    refs = cited_documents("Căn cứ Luật Bảo vệ dữ liệu cá nhân ngày 26 tháng 6 năm 2025;\nLuật Bảo vệ "
                           "dữ liệu cá nhân được Quốc hội khóa XV thông qua tại kỳ họp thứ 9 ngày 26 "
                           "tháng 6 năm 2025, có hiệu lực từ ngày 01/01/2026.", None)
    assert [(r.title, r.issue_date) for r in refs] == [("Luật Bảo vệ dữ liệu cá nhân", "2025-06-26")]


def test_a_year_printed_bare_after_a_laws_name_is_part_of_its_name():
    """Family: "Luật An ninh mạng 2025" names the law of that year (it replaced the one of
    2018): its title as printed, no date; "Luật Viên chức năm 2025" keeps the year as its date."""
    refs = cited_documents("Thực hiện theo Luật An ninh mạng 2025. Căn cứ Luật Viên chức năm 2025;",
                           None)
    assert [(r.title, r.issue_date) for r in refs] == [("Luật An ninh mạng 2025", None),
                                                       ("Luật Viên chức", "2025")]


@pytest.mark.parametrize(("text", "laws"), [
    # the revision to be drafted, named before the law in force: the law in force is cited
    ("Hoàn thành hồ sơ Dự án Luật Khoáng sản (sửa đổi) trình Chính phủ. Tổng kết 10 năm thực "
     "hiện Luật Khoáng sản năm 2010.", [("Luật Khoáng sản", "2010")]),
    # a law named with its year after the word "năm" the bare name stops at
    ("Thực hiện Luật Quy hoạch năm 2017 và các văn bản hướng dẫn.", [("Luật Quy hoạch", "2017")]),
    # a short form with its year dates the law first cited undated, once for all its mentions
    ("Căn cứ Luật Bầu cử đại biểu Quốc hội và đại biểu Hội đồng nhân dân và Luật Tổ chức chính "
     "quyền địa phương ngày 19/6/2025;\nTheo Điều 21 của Luật Bầu cử năm 2015. Điều 28 của Luật "
     "Bầu cử năm 2015.", [("Luật Bầu cử đại biểu Quốc hội và đại biểu Hội đồng nhân dân", "2015"),
                          ("Luật Tổ chức chính quyền địa phương", "2025-06-19")]),
])
def test_a_law_named_by_its_year_is_the_law_in_force(text, laws):
    """Family: a law cited by its name and year ("Luật Khoáng sản năm 2010") next to its
    revision being drafted ("Luật Khoáng sản (sửa đổi)") or a longer name cited undated."""
    assert [(r.title, r.issue_date) for r in _refs(text)[1] if r.doc_type == "Luật"] == laws


@pytest.mark.parametrize("text, numbers", [
    ("Căn cứ Quyết định số 9, 10, 11/COP19 của Hội nghị các bên;", ["9/COP19", "10/COP19", "11/COP19"]),
    ("Thực hiện Nghị định số 15, 16 và 17/2020/NĐ-CP của Chính phủ;",
     ["15/2020/NĐ-CP", "16/2020/NĐ-CP", "17/2020/NĐ-CP"]),
    ("theo Quyết định số 1234/QĐ-UBND, 2 năm", ["1234/QĐ-UBND"]),   # a number after it is no list
])
def test_numbers_listed_before_one_symbol_are_each_a_document(text, numbers):
    """Family: several documents cited under one symbol ("Quyết định số 9, 10, 11/COP19"):
    each number listed before the last shares its symbol, type, date and issuer."""
    assert [r.doc_number for r in cited_documents(text, None)] == numbers
