"""Normalization: portal chrome and scraper repeats go, nothing of the document is lost
silently, hard-wrapped lines are joined."""

from __future__ import annotations

import pytest
from helpers import line_key, normalized, raw_document, vi_text
from hypothesis import given

from plan_extract.stages.normalize import normalize


def _removed(doc) -> list[str]:
    return [line for w in doc.warnings for line in w.removed]


@given(vi_text())
def test_normalize_never_loses_a_line_silently(text):
    doc = normalize(raw_document(text))
    removed = set(_removed(doc))
    kept = " ".join(doc.text.split())  # a glued item split off its line keeps its words
    for line in text.split("\n"):
        key = line_key(line)
        if key:
            assert key in kept or key in removed, key


@given(vi_text())
def test_lines_index_the_text(text):
    doc = normalize(raw_document(text))
    assert doc.text == "\n".join(ln.text for ln in doc.lines)
    for ln in doc.lines:
        assert doc.text[ln.start:ln.end] == ln.text
        assert ln.text and ln.text == ln.text.strip()


def test_portal_toolbar_and_visitor_counters_are_removed_and_reported():
    doc = normalized("Tăng cỡ chữ\nGiảm cỡ chữ\nUBND tỉnh ban hành Kế hoạch số 12/KH-UBND.\n"
                     "Tổng truy cập 3.471.334\nTruy cập hiện tại 34.022\n")
    assert doc.text == "UBND tỉnh ban hành Kế hoạch số 12/KH-UBND."
    assert {"Tăng cỡ chữ", "Giảm cỡ chữ", "Tổng truy cập 3.471.334",
            "Truy cập hiện tại 34.022"} <= set(_removed(doc))


def test_link_list_after_its_header_is_removed_up_to_the_article():
    doc = normalized("Liên kết website\nChính phủ\nCác Bộ, Ngành ở TW\nSở, Ban, Ngành\n"
                     "Tỉnh tổ chức hội nghị triển khai Kế hoạch năm 2022.\n")
    assert doc.text == "Tỉnh tổ chức hội nghị triển khai Kế hoạch năm 2022."
    assert {"Liên kết website", "Chính phủ", "Các Bộ, Ngành ở TW", "Sở, Ban, Ngành"} <= set(
        _removed(doc))


HEADER = """ỦY BAN NHÂN DÂN
TỈNH BÌNH ĐỊNH
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 45/KH-UBND
Bình Định, ngày 3 tháng 3 năm 2022
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
Căn cứ Quyết định số 161/QĐ-TTg ngày 25/01/2016 của Thủ tướng Chính phủ về phê duyệt Đề án;"""


def test_header_block_repeated_by_a_scraper_is_kept_once():
    text = f"{HEADER}\nKẾ HOẠCH\nI. MỤC ĐÍCH\n{HEADER}\n1. Mục đích\n- Nâng cao nhận thức.\n"
    doc = normalized(text)
    for line in HEADER.splitlines():
        assert doc.text.count(line) == 1, line
    assert doc.text.endswith("I. MỤC ĐÍCH\n1. Mục đích\n- Nâng cao nhận thức.")
    repeated = [w for w in doc.warnings if w.code == "repeated-block-removed"]
    assert repeated and repeated[0].removed == HEADER.splitlines()


def test_short_repeated_lines_are_normal_text():
    text = "1. Sở Y tế\n- Tổ chức thực hiện.\n2. Sở Nội vụ\n- Tổ chức thực hiện.\n"
    assert normalized(text).text.count("- Tổ chức thực hiện.") == 2


def test_teaser_paragraph_that_prefixes_the_next_is_dropped():
    teaser = "Ủy ban nhân dân tỉnh vừa ban hành Kế hoạch triển khai"
    full = teaser + " các mục tiêu của Cộng đồng Văn hóa - Xã hội ASEAN năm 2022."
    doc = normalized(f"{teaser}\n\n{full}\n")
    assert doc.text == full
    assert teaser in _removed(doc)


def test_hard_wrapped_lowercase_continuation_is_joined():
    doc = normalized("Tăng cường công tác tuyên truyền về Cộng đồng ASEAN trên\n"
                     "địa bàn tỉnh và các huyện, thị xã.\nTổ chức hội nghị.\n")
    assert [ln.text for ln in doc.lines] == [
        "Tăng cường công tác tuyên truyền về Cộng đồng ASEAN trên địa bàn tỉnh và các huyện, thị xã.",
        "Tổ chức hội nghị.",
    ]


def test_lines_are_not_joined_after_a_sentence_end_a_blank_line_or_before_an_item():
    doc = normalized("Kết thúc câu.\ntiếp theo viết thường\n\nsau dòng trống\n"
                     "Các nội dung gồm\na) Nội dung thứ nhất")
    assert [ln.text for ln in doc.lines] == [
        "Kết thúc câu.", "tiếp theo viết thường", "sau dòng trống", "Các nội dung gồm",
        "a) Nội dung thứ nhất"]


def test_cut_off_copy_is_reported_as_truncated_and_kept():
    doc = normalized("4. Triển khai các hoạt động xây dựng cộng đồng tự lực\n[...]\n")
    assert "[...]" in doc.text
    truncated = [w for w in doc.warnings if w.code == "truncated"]
    assert len(truncated) == 1
    assert doc.text[truncated[0].span.start:truncated[0].span.end] == "[...]"


def test_characters_whitespace_and_trailing_pipes_are_cleaned():
    doc = normalized("Văn\u00a0hoá   xã\thội |\r\nSố hiệu | 179/KH-UBND |\r\n")
    assert [ln.text for ln in doc.lines] == ["Văn hóa xã hội", "Số hiệu | 179/KH-UBND"]


def test_e_signature_stamp_is_removed():
    doc = normalized("Nguyễn Văn Hải\nNgười ký: Ủy ban nhân dân tỉnh Ninh Bình\n"
                     "Email: ubnd@ninhbinh.gov.vn\nCơ quan: Tỉnh Ninh Bình\n"
                     "Thời gian ký: 05.03.2022 10:00:00 +07:00\nNơi nhận:\n")
    assert doc.text == "Nguyễn Văn Hải\nNơi nhận:"
    assert "Email: ubnd@ninhbinh.gov.vn" in _removed(doc)


def _wrapped_lines(tail: list[str]) -> list[str]:
    """The normalized lines of a text wrapped at a fixed width (twenty full lines running on
    into lower case, so the wrap width is detected), ending with `tail`."""
    filler = "các cơ quan, đơn vị triển khai thực hiện kế hoạch này"
    body = [f"{filler} thứ {i} và" for i in range(10, 30)]
    return [ln.text for ln in normalized("\n".join(body + tail)).lines]


def test_a_name_cut_by_a_fixed_width_wrap_is_joined():
    """Gazette and PDF texts wrapped at a fixed width: a full-width line ending in a
    capitalised word runs on into a line opening with one; elsewhere a capitalised line
    still starts a new paragraph."""
    lines = _wrapped_lines(["Huy động chuyên gia trong nước, chuyên gia quốc tế và người Việt",
                            "Nam ở nước ngoài tham gia xây dựng chương trình đào tạo.",
                            "Ứng dụng công nghệ thông tin trong cơ quan nhà nước năm 2017",
                            "Người ký: Trung tâm Công báo"])
    assert any(ln.endswith("người Việt Nam ở nước ngoài tham gia xây dựng chương trình đào tạo.")
               for ln in lines)
    assert "Người ký: Trung tâm Công báo" in lines


@pytest.mark.parametrize("opener", ["Thực hiện hướng dẫn của Bộ Thông tin và Truyền thông,",
                                    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;"])
def test_a_preamble_clause_after_a_full_width_title_starts_its_own_line(opener):
    """Family: a scan's title at the full width ("… tỉnh Hà Tĩnh năm 2017") with the preamble
    after it ("Thực hiện hướng dẫn …", "Căn cứ …"): a wrap would leave those words in lower
    case, so the title is not run on into them."""
    lines = _wrapped_lines(["Ứng dụng công nghệ thông tin trong hoạt động của cơ quan nhà nước năm",
                            opener])
    assert opener in lines


def test_a_sentence_cut_by_a_gazette_page_break_is_joined():
    text = ("Điều 1. Các bộ, ngành phối hợp chặt chẽ với chính quyền địa phương trong việc\n \n"
            "CÔNG BÁO/Số 12/Ngày 02-03-2026\n41\n \n \nrà soát, sắp xếp thôn, tổ dân phố.\n")
    doc = normalized(text)
    assert doc.text == ("Điều 1. Các bộ, ngành phối hợp chặt chẽ với chính quyền địa phương "
                        "trong việc rà soát, sắp xếp thôn, tổ dân phố.")


def test_a_fixed_width_line_runs_on_into_a_capitalised_word_but_not_into_an_item():
    """A full-width line that ends no clause runs on into a capitalised word ("… sự đồng" /
    "Nhân dân về …"); a label ("Cụ thể:") or a numbered item after it starts its own line."""
    lines = _wrapped_lines(["để tạo sự thống nhất trong toàn Đảng, hệ thống chính trị và sự đồng",
                            "Nhân dân về triển khai thực hiện sắp xếp thôn, tổ dân phố.",
                            "tổ chức thực hiện các nhiệm vụ, giải pháp nêu trong Đề án phù hợp",
                            "Cụ thể: rà soát các thôn, tổ dân phố.",
                            "tổ chức thực hiện các nhiệm vụ, giải pháp nêu trong Đề án phù hợp",
                            "2. Rà soát số hộ gia đình của từng thôn, tổ dân phố."])
    assert any(ln.endswith("và sự đồng Nhân dân về triển khai thực hiện sắp xếp thôn, tổ dân phố.")
               for ln in lines)
    assert "Cụ thể: rà soát các thôn, tổ dân phố." in lines
    assert "2. Rà soát số hộ gia đình của từng thôn, tổ dân phố." in lines


def test_a_clause_ending_in_a_semicolon_goes_on_into_a_lower_case_line():
    """In a fixed-width text, "… trước khi ban hành;" / "hoàn thành trước ngày …" is one
    sentence; an item after a semicolon opens with its marker and stays apart."""
    lines = _wrapped_lines(["báo cáo cấp ủy cùng cấp trước khi ban hành;",
                            "hoàn thành trước ngày 10 tháng 6 năm 2026.",
                            "rà soát các thôn, tổ dân phố theo quy định;",
                            "b) Chỉ đạo Ủy ban nhân dân cấp xã rà soát."])
    assert any(ln.endswith("trước khi ban hành; hoàn thành trước ngày 10 tháng 6 năm 2026.")
               for ln in lines)
    assert "b) Chỉ đạo Ủy ban nhân dân cấp xã rà soát." in lines


@pytest.mark.parametrize(("text", "joined"), [
    ("- Phối hợp tổ chức chính trị\n- xã hội tại địa phương tuyên truyền.",
     "- Phối hợp tổ chức chính trị - xã hội tại địa phương tuyên truyền."),
    ("b) Xây dựng Nền tảng dạy - học\n- thi trực tuyến, bảo đảm kết nối.",
     "b) Xây dựng Nền tảng dạy - học - thi trực tuyến, bảo đảm kết nối."),
])
def test_a_dash_a_wrap_put_first_continues_the_sentence(text, joined):
    """Family: a fixed-width wrap that cuts before a dash inside a sentence ("chính trị - xã
    hội"): a dash line in lower case after a line that ends no clause is that sentence."""
    assert [ln.text for ln in normalized(text).lines] == [joined]


@pytest.mark.parametrize("text", [
    "1. Nhiệm vụ:\n- tổ chức hội nghị;\n- tập huấn cán bộ.",        # after a clause end
    "- Tổ chức hội nghị\n- Tập huấn cán bộ",                         # items open in capitals
    "Danh mục văn bản\n- https://vbpl.vn/TW/Pages/vbpq-toanvan.aspx",  # a link list
])
def test_list_items_stay_items(text):
    assert len(normalized(text).lines) == len(text.split("\n"))


def _wrapped(last: str, nxt: str) -> str:
    """A fixed-width wrapped text (a gazette's) with `last` / `nxt` at its end."""
    filler = [f"- Tổ chức thực hiện nhiệm vụ số {i} của kế hoạch, bảo đảm tiến độ và chất" for i in range(24)]
    body = "\n".join(f"{ln}\nlượng theo quy định." for ln in filler)
    return f"{body}\n{last}\n{nxt}"


@pytest.mark.parametrize(("last", "nxt"), [
    ("c) Nghiên cứu xây dựng và triển khai chính sách phiếu hỗ trợ tài chính",
     "(voucher) từ các quỹ để hỗ trợ doanh nghiệp."),
    ("g) Chịu trách nhiệm về nội dung báo cáo tại Tờ trình số 72/TTr-BKHCN và Văn bản số",
     "3374/BKHCN-CNCNTT ngày 21 tháng 5 năm 2026."),
    ("b) Nghiên cứu, sửa đổi, bổ sung chức năng về cơ chế tài chính cho Quỹ",
     "Đầu tư mạo hiểm quốc gia về hỗ trợ hoạt động."),
])
def test_a_gazette_wrap_into_a_parenthesis_a_number_or_a_name_is_one_sentence(last, nxt):
    """Family: a fixed-width wrap before "(voucher) …", before a document number, or before a
    capitalised name on a line nearly full: the sentence goes on."""
    lines = [ln.text for ln in normalized(_wrapped(last, nxt)).lines]
    assert lines[-1] == f"{last} {nxt}"


@pytest.mark.parametrize("nxt", ["(a) Tổ chức hội nghị.", "(2) Tập huấn cán bộ.", "2. Sở Y tế"])
def test_an_item_after_a_wrapped_line_stays_an_item(nxt):
    last = "b) Nghiên cứu, sửa đổi, bổ sung chức năng về cơ chế tài chính cho Quỹ đầu tư"
    lines = [ln.text for ln in normalized(_wrapped(last, nxt)).lines]
    assert lines[-1] == nxt


def test_an_item_glued_to_the_end_of_the_item_before_opens_its_own_line():
    text = ("3. Tổ chức các hoạt động giáo dục\n"
            "a) Cập nhật chương trình giảng dạy.\n"
            "f) Triển khai Chương trình theo Đề án được duyệt.4. Tổ chức các hoạt động tư vấn\n"
            "a) Thành lập tổ tư vấn.\n")
    doc = normalize(raw_document(text))
    lines = [ln.text for ln in doc.lines]
    assert "f) Triển khai Chương trình theo Đề án được duyệt." in lines
    assert "4. Tổ chức các hoạt động tư vấn" in lines
    assert any(w.code == "glued-item-split" for w in doc.warnings)


@pytest.mark.parametrize("line", [
    "a) Thực hiện theo Nghị định số 12.3. Tổ chức hội nghị.",  # not the next item's number
    "b) Ban hành văn bản.4. tổ chức",  # no capital: not an item
    "Đ.4. Tổ chức hội nghị sơ kết.",  # too little before it to be an item of its own
])
def test_a_number_in_a_sentence_is_no_glued_item(line):
    doc = normalize(raw_document("3. Nhiệm vụ\n" + line + "\n"))
    assert [ln.text for ln in doc.lines] == ["3. Nhiệm vụ", line]


@pytest.mark.parametrize("cut", [
    "- Tổ chức quán triệt Kết luận số 132-KL/TW ngày 18/3/2025 của Bộ Chính trị về tiếp tục thực hiện "
    "Chỉ thị số 36-CT/TW của Ban\n\nThường vụ Tỉnh ủy đến toàn bộ cán bộ, đảng viên.",
    "- Tổ chức quán triệt Kết luận của Bộ Chính trị về tiếp tục thực hiện Chỉ thị số 36-CT/TW ngày\n\n"
    "16/8/2019 đến toàn bộ cán bộ, đảng viên.",
])
def test_a_sentence_a_blank_line_cut_goes_on_across_it(cut):
    """Family: a copy whose blank line cuts a sentence after a word no sentence ends with
    ("… ngày", "… của") or an agency's bare head ("… của Ban" / "Thường vụ Tỉnh ủy …")."""
    assert len(normalized(cut).lines) == 1


@pytest.mark.parametrize("text", [
    "- Tổ chức quán triệt Kết luận số 132-KL/TW của Bộ Chính trị về thực hiện Chỉ thị số 36-CT/TW.\n\n"
    "Thường vụ Tỉnh ủy chỉ đạo.",                                       # the sentence ended
    "- Tổ chức quán triệt Kết luận số 132-KL/TW của Bộ Chính trị về thực hiện các nhiệm vụ theo\n\n"
    "2. Tổ chức tập huấn.",                                                # an item opens
    "KẾ HOẠCH của\n\nỦy ban nhân dân tỉnh",                                # a short line
])
def test_a_blank_line_after_a_whole_line_still_parts_paragraphs(text):
    assert len(normalized(text).lines) == 2


@pytest.mark.parametrize("chrome", [
    "Bản dịch này thuộc quyền sở hữu của THƯ VIỆN PHÁP LUẬT. Mọi hành vi sao chép là vi phạm.",
    "Địa chỉ: | 17 Nguyễn Gia Thiều, TP.HCM | Điện thoại: | (028) 3930 3279 | E-mail: | info@x.vn",
    "TP. HCM, ngày 31/05/2021 Thưa Quý khách, Đúng 14 tháng trước, theo Nghị định 13/2023/NĐ-CP …",
])
def test_a_legal_database_sites_own_lines_are_chrome(chrome):
    """Family: a legal-database page copied with the site's copyright notice and footer row."""
    lines = [ln.text for ln in normalized(f"{chrome}\nI. NHIỆM VỤ\n1. Tổ chức tập huấn.").lines]
    assert lines == ["I. NHIỆM VỤ", "1. Tổ chức tập huấn."]


def _pdf_text_with_page_numbers() -> str:
    """Family: a PDF's text extraction keeps each page's number alone on a line, mid-sentence
    where the page turned (synthetic: three pages of a plan)."""
    body = [f"- Nhiệm vụ số {k}: tổ chức thực hiện các nội dung của kế hoạch năm 2026." for k in range(1, 60)]
    return "\n".join([*body[:18], "- Tăng cường công tác phòng chống thiên tai, nâng cao năng",
                      "                       2", "lực ứng phó của cộng đồng dân cư.", *body[18:36],
                      "                       3", "II. TỔ CHỨC THỰC HIỆN", *body[36:],
                      "                       4", "1. Sở Tài chính bố trí kinh phí."])


def test_page_numbers_of_a_pdfs_text_are_dropped_and_the_sentence_they_cut_joined():
    doc = normalized(_pdf_text_with_page_numbers())
    texts = [ln.text for ln in doc.lines]
    assert not any(t.strip() in {"2", "3", "4"} for t in texts)
    assert ("- Tăng cường công tác phòng chống thiên tai, nâng cao năng lực ứng phó của cộng đồng "
            "dân cư.") in texts
    assert any(w.code == "page-numbers-removed" for w in doc.warnings)


def test_a_tables_tt_cells_are_no_page_numbers():
    cells = "\n".join(f"{k}\nTổ chức hội nghị lần {k}\nSở Nội vụ" for k in range(1, 12))
    texts = [ln.text for ln in normalized("PHỤ LỤC\nTT\nNội dung\nĐơn vị\n" + cells).lines]
    assert not any(w.code == "page-numbers-removed" for w in normalized(cells).warnings)
    assert "Tổ chức hội nghị lần 11" in " ".join(texts)
