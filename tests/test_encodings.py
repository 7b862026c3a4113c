"""Reading documents in the charset they come in: declared charsets, guessed ones
(charset-normalizer, warning charset-guessed), and Vietnamese in the legacy font encodings
TCVN3 and VNI, as code points or as raw bytes (warning legacy-encoding). Synthetic sentences
only."""

from __future__ import annotations

import codecs
import tomllib
import unicodedata

import pytest
from helpers import cp1258_bytes
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from plan_extract import config
from plan_extract.document import Source
from plan_extract.errors import ConfigError
from plan_extract.lexicon.legacy import from_tcvn3, from_vni, is_tcvn3, is_vni, legacy_encoding
from plan_extract.readers import read_bytes
from plan_extract.readers.charsets import declared_charset, decode_html

SMALL = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
CAPITALS = SMALL.upper()
UNTONED_CAPITALS = "ĂÂĐÊÔƠƯ"  # the capitals TCVN3 has codes of its own for
OTHER = " .,;:-()0123456789"
#: the Vietnamese letters that are in Latin-1 (à á â ã è é ê ì í ò ó ô õ ù ú ý) and ASCII
LATIN1_VIETNAMESE = "".join(c for c in SMALL + CAPITALS if ord(c) <= 0xFF)

SENTENCES = [
    "Ban chỉ đạo của tỉnh ban hành Kế hoạch triển khai chương trình chuyển đổi số năm 2025.",
    "Các sở, ban, ngành chủ động phối hợp tuyên truyền, phổ biến pháp luật đến người dân.",
    "Đẩy mạnh ứng dụng công nghệ thông tin trong hoạt động của cơ quan nhà nước ở địa phương.",
    "Bảo đảm kinh phí thực hiện từ nguồn ngân sách và các nguồn vốn hợp pháp khác theo quy định.",
]
#: no toned capital in a mixed-case line (TCVN3 has no code for one: "Ủy" comes back "ủy")
PASSAGE = "\n".join(SENTENCES)
WESTERN = [
    "Le comité a approuvé le projet final; où est la réunion? Naïve façade, élève, garçon, été.",
    "Für Mädchen über Käse, Straße und Bäume; schön, Größe, Übung, während, Äpfel, Öl.",
    "Não há ações sem razão; informações, nações, coração, são João, mãe, irmão, pão.",
    "Søren og Åse bor i Ærøskøbing, hvor det blæser på øen; både, først, også, Køge.",
    "The committee's final report was approved on Monday, and the budget follows in May.",
    # a vowel and a VNI mark (goût, maïs, où), but marks after consonants too (été, là)
    "En août, le goût du maïs coûte cher : où, sinon là, goûter ce maïs ? L’été a été doux.",
]


# --- the legacy encodings' inverse tables, to write Vietnamese as they did ------------------

def _inverse(table: dict[str, str]) -> dict[str, str]:
    return {letter: code for code, letter in table.items()}


TCVN3_OF = _inverse(config.legacy_encodings().tcvn3)
VNI_OF = _inverse(config.legacy_encodings().vni)


def to_vni(text: str) -> str:
    return "".join(VNI_OF.get(c, c) for c in unicodedata.normalize("NFC", text))


def to_tcvn3(text: str) -> str:
    """Text as the ABC fonts type it: a toned capital has no code of its own and is typed with
    the small letter's code (in a capital font, so a line in capitals prints in capitals)."""
    out = []
    for c in unicodedata.normalize("NFC", text):
        out.append(TCVN3_OF.get(c) or TCVN3_OF.get(c.lower(), c))
    return "".join(out)


def _source(fmt: str) -> Source:
    return Source(path=f"memory.{fmt}", format=fmt, sha256="0" * 64, bytes=0)


def _codes(doc) -> list[str]:
    return [w.code for w in doc.warnings]


# --- the tables ------------------------------------------------------------------------------

def test_each_table_covers_every_vietnamese_letter_once():
    vni = config.legacy_encodings().vni
    assert set(vni.values()) == {c for c in SMALL + CAPITALS if not c.isascii()}
    assert len(set(vni.values())) == len(vni) == 134
    tcvn3 = config.legacy_encodings().tcvn3
    assert set(tcvn3.values()) == {c for c in SMALL if not c.isascii()} | set(UNTONED_CAPITALS)


@pytest.mark.parametrize(("vni", "unicode"), [
    ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
    ("ÑOÄC LAÄP - TÖÏ DO - HAÏNH PHUÙC", "ĐỘC LẬP - TỰ DO - HẠNH PHÚC"),
    ("Chæ thò soá 05/CT-UBND veà taêng cöôøng quaûn lyù", "Chỉ thị số 05/CT-UBND về tăng cường quản lý"),
    ("ngöôøi daân, ñòa baøn, khuyeán khích, hoïc sinh", "người dân, địa bàn, khuyến khích, học sinh"),
])
def test_vni_as_its_fonts_type_it_is_mapped_letter_by_letter(vni, unicode):
    """Spellings as VNI-Windows documents show when read as Windows-1252 (the well-known
    "Vieät Nam" look), checked against the Unicode they stand for."""
    assert from_vni(vni) == unicode
    assert to_vni(unicode) == vni


def test_a_vni_sequence_longer_than_a_vowel_and_its_mark_fails_at_load():
    raw = tomllib.loads((config.DATA_DIR / "lexicon/legacy_encodings.toml").read_text("utf-8"))
    raw["vni"]["aùa"] = "á"
    with pytest.raises(ConfigError, match=r"vni"):
        config.validated(config.LegacyEncodingsData, raw, "data/lexicon/legacy_encodings.toml")
    raw = tomllib.loads((config.DATA_DIR / "lexicon/legacy_encodings.toml").read_text("utf-8"))
    raw["vni_detect"]["min_pairs"] = 3
    with pytest.raises(ConfigError, match=r"vni_detect.min_pairs"):
        config.validated(config.LegacyEncodingsData, raw, "data/lexicon/legacy_encodings.toml")


def test_charsets_file_names_only_codecs_python_has():
    raw = tomllib.loads((config.DATA_DIR / "readers/charsets.toml").read_text("utf-8"))
    raw["aliases"]["x-mac-vietnamese"] = "no-such-codec"
    with pytest.raises(ConfigError, match=r"aliases.x-mac-vietnamese.*no-such-codec"):
        config.validated(config.CharsetsData, raw, "data/readers/charsets.toml")


# --- round trips (hypothesis) ----------------------------------------------------------------

@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=SMALL + CAPITALS + OTHER + "\n"))
def test_vietnamese_written_in_vni_comes_back_as_it_was(text):
    assert from_vni(to_vni(text)) == unicodedata.normalize("NFC", text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=SMALL + UNTONED_CAPITALS + "BCDGHKLMNPQT" + OTHER + "\n"))
def test_vietnamese_written_in_tcvn3_comes_back_as_it_was(text):
    """Mixed case, capitals only where TCVN3 has them: the ABC fonts type a toned capital with
    the small letter's code, so only a line in capitals gets its toned capitals back."""
    for line in text.split("\n"):
        ascii_letters = [c for c in line if c.isascii() and c.isalpha()]
        assume(len(ascii_letters) < 2 or sum(c.isupper() for c in ascii_letters) < 0.8 * len(ascii_letters))
    assert from_tcvn3(to_tcvn3(text)) == text


#: a line in capitals with two ASCII capitals at least (how from_tcvn3 tells a capital line)
CAPITAL_LINE = st.builds(lambda before, ascii, after: before + ascii + after,
                         st.text(alphabet=CAPITALS + OTHER), st.text(alphabet="BCDGHKLMNT", min_size=2),
                         st.text(alphabet=CAPITALS + OTHER))


@settings(max_examples=200, deadline=None)
@given(st.lists(CAPITAL_LINE, min_size=1, max_size=4))
def test_lines_in_capitals_come_back_in_capitals_from_tcvn3(lines):
    text = "\n".join(lines)
    assert from_tcvn3(to_tcvn3(text)) == text


# --- detection -------------------------------------------------------------------------------

@pytest.mark.parametrize("sentence", SENTENCES)
def test_each_sentence_in_either_legacy_encoding_is_told_apart(sentence):
    assert legacy_encoding(to_tcvn3(sentence)) == "tcvn3"
    assert legacy_encoding(to_vni(sentence)) == "vni"
    assert not is_vni(to_tcvn3(sentence)) and not is_tcvn3(to_vni(sentence))
    assert legacy_encoding(sentence) is None


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=SMALL + CAPITALS + OTHER + "\n", min_size=1))
def test_unicode_vietnamese_is_never_taken_for_a_legacy_encoding(text):
    assert legacy_encoding(text) is None


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=LATIN1_VIETNAMESE + OTHER, min_size=20))
def test_vietnamese_without_letters_beyond_latin1_is_never_taken_for_vni(text):
    """The hard case: no ạ, ư, đ to say Unicode, and "toàn", "hoà", "khoá" are a vowel and a
    VNI mark. No Vietnamese letter is one of VNI's own marks (ø û ï å ä ë ü)."""
    assert legacy_encoding(text) is None


#: Vietnamese words with no letter beyond Latin-1 and no VNI mark after a consonant: some are a
#: vowel and a VNI mark ("oà" in "toàn" reads ồ in VNI), some plain ASCII
LATIN1_WORDS = ["toàn", "hoàn", "ngoài", "khoá", "toán", "hoá", "xoá", "loá", "oà", "hoà", "toà",
                "cho", "ban", "tin", "mua", "hoa", "thi", "con", "ai", "ta", "quy", "hai", "bao"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(LATIN1_WORDS), min_size=5))
def test_latin1_vietnamese_words_rich_in_vowel_mark_pairs_are_not_vni(words):
    assert legacy_encoding(" ".join(words)) is None


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E)))
def test_ascii_text_is_never_taken_for_a_legacy_encoding(text):
    assert legacy_encoding(text) is None


@pytest.mark.parametrize("text", WESTERN)
def test_western_european_text_is_not_taken_for_a_legacy_encoding(text):
    assert legacy_encoding(text * 3) is None


# --- reading: code points in UTF-8, raw bytes ------------------------------------------------

@pytest.mark.parametrize(("encoding", "name"), [("tcvn3", "TCVN3"), ("vni", "VNI")])
def test_legacy_text_stored_as_utf8_code_points_is_mapped_with_a_warning_naming_it(encoding, name):
    legacy = (to_tcvn3 if encoding == "tcvn3" else to_vni)(PASSAGE)
    doc = read_bytes(legacy.encode("utf-8"), _source("txt"))
    assert doc.text == PASSAGE
    assert _codes(doc) == ["legacy-encoding"]
    assert name in doc.warnings[0].message


@pytest.mark.parametrize(("encoding", "name"), [("tcvn3", "TCVN3"), ("vni", "VNI")])
@pytest.mark.parametrize("fmt", ["txt", "html"])
def test_raw_legacy_bytes_are_read_as_windows_1252_and_mapped(encoding, name, fmt):
    legacy = (to_tcvn3 if encoding == "tcvn3" else to_vni)(PASSAGE).encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        legacy.decode("utf-8")
    if fmt == "html":  # Word's "Web Page": a long head of styles, no charset
        styles = "".join(f"p.Mso{i} {{margin:0cm; font-family:'.VnTime'}}\n" for i in range(200))
        legacy = (b"<html><head><style>" + styles.encode() + b"</style></head><body>"
                  + b"".join(b"<p>" + line + b"</p>" for line in legacy.split(b"\n")) + b"</body></html>")
    doc = read_bytes(legacy, _source(fmt))
    assert doc.text == PASSAGE
    assert _codes(doc) == ["charset-guessed", "legacy-encoding"]
    assert "windows-1252" in doc.warnings[0].message and name in doc.warnings[0].message


def test_word_html_declaring_windows_1252_with_tcvn3_text_is_mapped_without_a_guess():
    body = to_tcvn3(PASSAGE).encode("cp1252").replace(b"\n", b"</p><p>")
    page = (b'<html><head><meta http-equiv=Content-Type content="text/html; charset=windows-1252">'
            b"<meta name=Generator content=\"Microsoft Word 11\"></head><body><p>" + body
            + b"</p></body></html>")
    doc = read_bytes(page, _source("html"))
    assert doc.text == PASSAGE
    assert _codes(doc) == ["legacy-encoding"]


# --- reading: charsets -----------------------------------------------------------------------

def _page(body: bytes, head: bytes = b"") -> bytes:
    return (b"<html><head>" + head + b"<title>Th\xf4ng b\xe1o</title><style>p { margin: 0 }</style>"
            b"</head><body>" + b"".join(b"<p>" + line + b"</p>" for line in body.split(b"\n"))
            + b"</body></html>")


def test_a_windows_1258_page_without_a_declared_charset_is_decoded_right():
    page = _page(cp1258_bytes(PASSAGE))
    doc = read_bytes(page, _source("html"))
    assert doc.text.split("\n")[1:] == SENTENCES  # the first line is the title
    assert _codes(doc) == ["charset-guessed"]
    assert "windows-1258" in doc.warnings[0].message and "declares no charset" in doc.warnings[0].message


@pytest.mark.parametrize("text", [
    "Le comité a approuvé le « projet final » : l’événement aura lieu à Genève — réunion très "
    "attendue, déjà prévue pour l’été.",
    "The committee’s “final report” was approved — the plan’s budget is €2 million, as agreed.",
])
def test_a_windows_1252_page_without_a_declared_charset_is_decoded_right(text):
    doc = read_bytes(_page(text.encode("cp1252")), _source("html"))
    assert doc.text.split("\n")[-1] == text
    assert _codes(doc) == ["charset-guessed"] and "windows-1252" in doc.warnings[0].message


@pytest.mark.parametrize("head", [
    b'<meta charset="windows-1258">',
    b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1258">',
])
def test_a_declared_charset_is_read_without_a_warning(head):
    doc = read_bytes(_page(cp1258_bytes(PASSAGE), head), _source("html"))
    assert doc.text.split("\n")[1:] == SENTENCES
    assert _codes(doc) == []


def test_a_declared_charset_is_honoured_over_a_guess():
    """The same Windows-1258 bytes, declared Windows-1252: read as declared, not as the guess
    would (the guess, undeclared, is the Vietnamese above)."""
    data = cp1258_bytes(PASSAGE)
    doc = read_bytes(_page(data, b'<meta charset="windows-1252">'), _source("html"))
    assert doc.text.split("\n")[1:] == data.decode("cp1252").split("\n")
    assert doc.text.split("\n")[1:] != SENTENCES
    assert _codes(doc) == []
    # an XML declaration (XHTML, Word's filtered HTML) declares too
    xhtml = b'<?xml version="1.0" encoding="windows-1252"?>\n' + _page(data)
    assert read_bytes(xhtml, _source("html")).text.split("\n")[1:] == data.decode("cp1252").split("\n")


def test_a_bom_is_honoured_over_a_declaration():
    page = codecs.BOM_UTF8 + _page(PASSAGE.encode("utf-8"), b'<meta charset="windows-1252">').replace(
        b"Th\xf4ng b\xe1o", "Thông báo".encode())
    decoded = decode_html(page)
    assert decoded.charset == "utf-8" and SENTENCES[0] in decoded.text and not decoded.warnings


def test_a_declaration_the_bytes_break_is_a_guess_that_says_so():
    doc = read_bytes(_page(cp1258_bytes(PASSAGE), b'<meta charset="utf-8">'), _source("html"))
    assert doc.text.split("\n")[1:] == SENTENCES
    assert _codes(doc) == ["charset-guessed"]
    assert "declares utf-8" in doc.warnings[0].message


def test_broken_utf8_in_a_page_is_read_as_utf8_with_the_broken_bytes_replaced():
    page = _page(PASSAGE.encode("utf-8").replace(b"\n", b"\xff\n", 1)).replace(b"Th\xf4ng b\xe1o", b"Tin")
    doc = read_bytes(page, _source("html"))
    assert doc.text.split("\n")[2:] == SENTENCES[1:] and doc.text.split("\n")[1].startswith(SENTENCES[0])
    assert _codes(doc) == ["charset-guessed"] and "broken bytes replaced" in doc.warnings[0].message


def test_an_unknown_declared_label_falls_back_to_what_the_bytes_are():
    doc = read_bytes(_page(PASSAGE.encode("utf-8"), b'<meta charset="x-no-such">').replace(
        b"Th\xf4ng b\xe1o", b"Tin"), _source("html"))
    assert doc.text.split("\n")[1:] == SENTENCES
    assert _codes(doc) == ["charset-guessed"] and "x-no-such" in doc.warnings[0].message


def test_latin1_labels_are_read_as_windows_1252_as_browsers_do():
    page = _page("The plan’s “budget”".encode("cp1252"), b'<meta charset="ISO-8859-1">')
    assert declared_charset(page) == ("iso-8859-1", "its <meta> charset")
    assert decode_html(page).text.count("’") == 1


def test_a_meta_in_the_body_is_no_declaration():
    assert declared_charset(b"<html><head></head><body><meta charset='koi8-r'></body>") is None


def test_valid_utf8_without_a_declaration_is_utf8_without_a_warning():
    doc = read_bytes(_page(PASSAGE.encode("utf-8")).replace(b"Th\xf4ng b\xe1o", b"Tin"), _source("html"))
    assert doc.text.split("\n")[1:] == SENTENCES and _codes(doc) == []


def test_a_windows_1258_text_file_is_read_with_a_warning():
    doc = read_bytes(cp1258_bytes(PASSAGE), _source("txt"))
    assert doc.text == PASSAGE
    assert _codes(doc) == ["charset-guessed"] and "windows-1258" in doc.warnings[0].message


def test_a_markdown_file_in_windows_1258_is_read_with_the_warning():
    doc = read_bytes(cp1258_bytes("# Kế hoạch\n\n" + SENTENCES[0]), _source("md"))
    assert SENTENCES[0] in doc.text
    assert "charset-guessed" in _codes(doc)
