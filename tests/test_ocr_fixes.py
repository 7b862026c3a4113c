"""OCR misreadings of scanned headers, fixed in OCRed lines only: tone marks of header
capitals, look-alike glyphs in numbers, specks read as one-character lines or words."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plan_extract import config
from plan_extract.lexicon.textnorm import strip_diacritics
from plan_extract.readers.pdf.ocr import (
    drop_specks,
    drop_stamp,
    fix_header_words,
    is_speck,
    restore_capitals,
    restore_roman_markers,
)


@pytest.mark.parametrize("read, printed", [
    ("ỦY BAN NHÂN DẦN", "ỦY BAN NHÂN DÂN"),
    ("THÀNH PHÓ HÒ CHÍ MINH", "THÀNH PHỐ HỒ CHÍ MINH"),
    ("CỌNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    ("TỈNH QUANG TRI", "TỈNH QUẢNG TRỊ"),
    ("BÔ CÔNG THƯƠNG", "BỘ CÔNG THƯƠNG"),
    ("- KÉ HOẠCH:", "- KẾ HOẠCH:"),  # punctuation around the words is kept
])
def test_header_capitals_with_misread_tones_are_restored(read, printed):
    assert fix_header_words(read) == printed


@pytest.mark.parametrize("line", [
    "Thành phó Hồ Chí Minh",    # not in capitals: a sentence, left alone
    "HA",                        # one word alone is ambiguous
    "BAN HÀNH KÈM THEO",         # capitals that spell no header phrase
])
def test_other_lines_are_left_alone(line):
    assert restore_capitals(line) == line


@pytest.mark.parametrize("read, printed", [
    ("Số: 1105⁄KH-ĐKT", "Số: 1105/KH-ĐKT"),
    ("Số: 17 /QĐÐ-UBND", "Số: 17 /QĐ-UBND"),
    ("Sô 07 -KH/BTC", "Số 07 -KH/BTC"),
    ("Hà Tĩnh, ngày 24 thắng 6 năm 2016", "Hà Tĩnh, ngày 24 tháng 6 năm 2016"),
    ("Quyết định này có hiệu lực kế từ ngày ký.", "Quyết định này có hiệu lực kể từ ngày ký."),
    ("TỈNH HÀ TĨNH ị", "TỈNH HÀ TĨNH"),
    ("KẾ HOẠCH .", "KẾ HOẠCH"),
    ("- NỘI DUNG", "- NỘI DUNG"),  # an item marker is no speck
    ("Nơi nhân: | TRƯỞNG BAN", "Nơi nhận: | TRƯỞNG BAN"),  # asterocr, sl_btc_kh_07
    ("Nơi nhân", "Nơi nhận"),
    ("Nơi nhân dân sinh sống", "Nơi nhân dân sinh sống"),  # not the closing block's label
    # specks of a page's margin before a bullet (family: scans with a binding edge)
    ("ị - Tuyên truyền nâng cao nhận thức", "- Tuyên truyền nâng cao nhận thức"),
    ("Ì - Tổ chức tập huấn", "- Tổ chức tập huấn"),
    ("ì _ - Hướng dẫn sử dụng", "- Hướng dẫn sử dụng"),
    ("-_ Tiếp tục hỗ trợ", "- Tiếp tục hỗ trợ"),
    ("- Tiếp tục hỗ trợ", "- Tiếp tục hỗ trợ"),
    ("a - b là hai cạnh", "a - b là hai cạnh"),  # a letter that is a word stays
    ("Ì -", "Ì -"),
])
def test_numbers_dates_and_specks(read, printed):
    assert fix_header_words(read) == printed


@pytest.mark.parametrize("text, speck", [("ị", True), ("'", True), ("_", True), ("", True),
                                         ("-", False), ("+", False), ("A", False), ("7", False)])
def test_speck_lines(text, speck):
    assert is_speck(text) is speck


PHRASES = config.ocr_fixes().capitals.phrases


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(PHRASES), st.randoms(use_true_random=False))
def test_any_tone_misreading_of_a_header_phrase_is_restored(phrase, rnd: random.Random):
    """OCR drops or changes tone marks at random: any mix of kept and stripped letters
    spells the phrase without diacritics, and is put back as printed."""
    if len(phrase.split()) < config.ocr_fixes().capitals.min_words:
        return
    read = "".join(c if rnd.random() < 0.5 else strip_diacritics(c) for c in phrase)
    assert restore_capitals(read) == phrase


NAMES = [*config.ocr_fixes().capitals.names, "Sở Tài nguyên và Môi trường", "Bộ Y tế"]


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(NAMES), st.randoms(use_true_random=False))
def test_any_tone_misreading_of_an_agency_name_in_the_body_is_restored(phrase, rnd: random.Random):
    """Family: scans whose agency names lost or changed tone marks in sentence case ("Ủy ban
    nhân đân các huyện"): cased as printed, the name is put back, the words around it kept."""
    read = "".join(c if rnd.random() < 0.5 else strip_diacritics(c) for c in phrase)
    assert restore_capitals(f"- {read} chủ trì, phối hợp.") == f"- {phrase} chủ trì, phối hợp."


@pytest.mark.parametrize("line", [
    "ủy ban nhân dân",                 # cased otherwise than the name: a sentence's words
    "Ủy Ban Nhân Dân",
])
def test_a_name_cased_otherwise_is_left_alone(line):
    assert restore_capitals(line) == line


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="abcdeghiklmnopqrstuvxyàáạăâđêôơư ", min_size=1, max_size=60))
def test_lower_case_text_is_never_changed(text):
    assert restore_capitals(text) == text


def test_roman_numerals_ocr_misread_are_restored_in_sequence():
    """Family: a scan's part headings whose numerals OCR misread ("ILMỤC TIÊU", "IH. NỘI
    DUNG") get the numeral due after the last one read; words, lines in lower case and
    numerals read right are left alone."""
    lines = ["I. MỞ ĐẦU CHUNG", "ILMỤC TIÊU CHUNG", "1. Mục tiêu chung", "IH. NỘI DUNG",
             "LIÊN KẾT VÙNG MIỀN", "HỘI ĐỒNG NHÂN DÂN", "IV. KINH PHÍ THỰC HIỆN",
             "1l. tổ chức thực hiện", "V1 TỔ CHỨC THỰC HIỆN"]
    assert restore_roman_markers(lines) == {1: "II. MỤC TIÊU CHUNG", 3: "III. NỘI DUNG",
                                            8: "VI. TỔ CHỨC THỰC HIỆN"}


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["I. MỞ ĐẦU", "II. NỘI DUNG", "III. KINH PHÍ", "- Tổ chức hội nghị.",
                                 "1. Sở Y tế", "LỘ TRÌNH THỰC HIỆN", "LIÊN KẾT VÙNG"]), max_size=12))
def test_headings_read_right_are_never_changed(lines):
    """Property: lines with numerals read right, and words that open like numerals, stay."""
    assert restore_roman_markers(lines) == {}


def test_a_misread_numeral_reads_as_the_next_one_when_it_spells_none():
    """When the first heading was not read at a line's start, the token's own reading ("IL"
    is II) wins over the count; a token that spells no numeral due takes the next one."""
    assert restore_roman_markers(["ILMỤC TIÊU CHUNG", "IH. NỘI DUNG"]) == {
        0: "II. MỤC TIÊU CHUNG", 1: "III. NỘI DUNG"}
    assert restore_roman_markers(["I. MỞ ĐẦU", "II. MỤC TIÊU", "1H. KINH PHÍ"]) == {2: "III. KINH PHÍ"}


def _row(top: float, *runs: tuple[float, str]) -> list[tuple[str, float, float, float, float]]:
    """A line of word boxes: each run of words starts at its x, words 6 points per letter."""
    words = []
    for x, text in runs:
        for word in text.split():
            words.append((word, x, top, x + 6 * len(word), top + 12))
            x += 6 * len(word) + 4
    return words


_BODY = [_row(400 + 16 * i, (90, "Tăng cường ứng dụng công nghệ thông tin trong các cơ quan nhà nước"))
         for i in range(12)]


def test_an_e_signature_stamp_in_the_scans_margin_is_no_text():
    """Family: the VGCA stamp printed in a scan's left margin ("Người ký: … / Email: … / Cơ
    quan: … / Thời gian ký: … 11:16:00 +07:00") is read into the lines beside it; its words,
    left of the text column, go, and the text beside them stays."""
    page = [
        _row(198, (6, "Người ký:"), (116, "thông tin nhằm cải thiện")),
        _row(222, (6, "Email:"), (125, "I. MỤC ĐÍCH, YÊU CẦU")),
        _row(246, (6, "Cơ quan: Tỉnh"), (125, "- Quán triệt sâu sắc")),
        _row(270, (6, "Thời gian ký:"), (90, "tiêu, nhiệm vụ")),
        _row(294, (6, "11:16:00"), (90, "đẩy mạnh ứng dụng")),
        *_BODY,
    ]
    kept, removed = drop_stamp(page)
    assert removed == ["Người ký:", "Email:", "Cơ quan: Tỉnh", "Thời gian ký:", "11:16:00"]
    texts = [" ".join(w[0] for w in row) for row in kept]
    assert texts[:5] == ["thông tin nhằm cải thiện", "I. MỤC ĐÍCH, YÊU CẦU", "- Quán triệt sâu sắc",
                         "tiêu, nhiệm vụ", "đẩy mạnh ứng dụng"]
    assert len(kept) == len(page)


def test_label_words_inside_the_text_column_are_text():
    """A label word where the text's lines start ("Email: …" as a line of the plan, "Cơ quan
    chủ trì: …") is the document's own: nothing is dropped."""
    page = [_row(198, (90, "Email: vanthu@tinh.gov.vn")), _row(222, (90, "Cơ quan chủ trì: Sở Nội vụ")),
            *_BODY]
    assert drop_stamp(page) == (page, [])


def test_marks_of_a_seal_in_a_scans_header_are_no_lines():
    """Family: a scan whose seal or signature leaves marks in the header read as lines ("%C A",
    "| 32", "Ø"): above the title they are dropped; words and the number line stay, and with no
    title found nothing is dropped."""
    from plan_extract.readers.pdf.ocr import header_specks
    texts = ["ỦY BAN NHÂN DÂN", "TỈNH HÀ TĨNH", "%C A", "| 32", "Số:", "4+2Ÿ/KH-UBND", "Ø",
             "Hà Tĩnh, ngày 30 tháng 12 năm 2016", "KẾ HOẠCH", "Ứng dụng công nghệ", "| 32"]
    assert header_specks(texts) == [2, 3, 6]
    assert header_specks(["ỦY BAN NHÂN DÂN", "%C A", "Ứng dụng công nghệ"]) == []


def test_item_markers_misread_inside_a_run_of_letters_are_put_back_in_sequence():
    from plan_extract.readers.pdf.ocr import restore_item_markers
    lines = ["1. Nhóm nhiệm vụ", "a) Xây dựng", "D) Tổ chức", "e) Phổ biến", "d) Rà soát",
             "đ) Hỗ trợ", "e) Tập huấn", "8) Tuyên truyền", "h) Biên soạn", "¡) Sưu tầm", "2, Nhóm giải pháp",
             "a) Ban hành"]
    assert restore_item_markers(lines) == {2: "b) Tổ chức", 3: "c) Phổ biến", 7: "g) Tuyên truyền",
                                           9: "i) Sưu tầm", 10: "2. Nhóm giải pháp"}


@pytest.mark.parametrize("lines", [
    ["6) Sáu", "7) Bảy", "8) Tám", "9) Chín"],           # a run of numbers: "8)" is eight
    ["a) Một", "b) Hai", "c) Ba", "e) Năm"],            # "e)" where "d)" is due: no look-alike of d
    ["1. Một", "3, Ba, bốn"],                           # "3," where 2 is due: a number in a sentence
    ["2. Hai", "3, các nội dung"],                       # lower case after it: no item
])
def test_markers_read_right_or_out_of_sequence_are_left_alone(lines):
    from plan_extract.readers.pdf.ocr import restore_item_markers
    assert restore_item_markers(lines) == {}


def test_a_roman_numeral_read_twice_in_a_row_is_the_next_one():
    assert restore_roman_markers(["I. QUAN ĐIỂM", "II. MỤC TIÊU", "II. CÁC NHIỆM VỤ", "IV. GIẢI PHÁP"]) \
        == {2: "III. CÁC NHIỆM VỤ"}
    assert restore_roman_markers(["I. MỤC ĐÍCH", "II. NỘI DUNG", "I. DANH MỤC"]) == {}  # a restart


@pytest.mark.parametrize("read, printed", [
    ("--« Thời gian thực hiện: Năm 2018", "- Thời gian thực hiện: Năm 2018"),
    (":.- = Thời gian thực hiện", "- Thời gian thực hiện"),
    (".- Nguồn kinh phí: Ngân sách tỉnh.", "- Nguồn kinh phí: Ngân sách tỉnh."),
    ("__+ Dó trầm 800 ha", "+ Dó trầm 800 ha"),
    ("| l - Cơ quan chủ trì: Sở Y tế", "- Cơ quan chủ trì: Sở Y tế"),
    (". Căn cứ nhiệm vụ được phân công", "Căn cứ nhiệm vụ được phân công"),
    ("ˆ ` Nguồn kinh phí", "Nguồn kinh phí"),
    ("“Tư vấn hỗ trợ pháp lý”", "“Tư vấn hỗ trợ pháp lý”"),   # a quote is text
    ("- Tổ chức hội nghị", "- Tổ chức hội nghị"),
])
def test_marks_a_scans_margin_leaves_before_the_first_word_are_no_text(read, printed):
    assert drop_specks(read) == printed


@pytest.mark.parametrize("read, printed", [
    ("c©) Mở rộng kết nối Internet", "c) Mở rộng kết nối Internet"),
    ("__©) Nghiên cứu, phát triển", "c) Nghiên cứu, phát triển"),
    ("_b) Xây dựng cơ chế hợp tác", "b) Xây dựng cơ chế hợp tác"),
    ("Bản quyền © 2020", "Bản quyền © 2020"),
])
def test_a_lettered_markers_specks_and_look_alikes_are_put_right(read, printed):
    assert fix_header_words(read) == printed


def test_a_handwritten_month_read_as_a_mark_leaves_the_year():
    from plan_extract.lexicon.dates import parse_date
    assert parse_date("Hà Nội, ngày|à tháng § năm 2020") == "2020"
    assert parse_date("ngày 5 tháng 1l năm 2020") is None  # a digit misread: no date made up
