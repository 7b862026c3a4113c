"""Inputs that are not what their name says, damaged, hostile or huge (issue 14, "Wrong text
accepted silently" and "Limits"): each is read as what it is, or is one clear ingest error
that says what is wrong; none passes as garbage, none takes the machine."""

from __future__ import annotations

import io
import json
import random
import struct
import zipfile
from pathlib import Path

import pytest
from helpers import docx_paragraph, make_docx, make_pdf

from plan_extract import config
from plan_extract.document import Source
from plan_extract.errors import IngestError, StageError
from plan_extract.pipeline import extract_path
from plan_extract.readers import read_bytes, read_document
from plan_extract.readers.pdf import repair

VI = "Kế hoạch triển khai chương trình chuyển đổi số năm 2025 của Ủy ban nhân dân tỉnh."
PLAN = "\n".join(["ỦY BAN NHÂN DÂN TỈNH NINH BÌNH", "Số: 12/KH-UBND", "KẾ HOẠCH",
                  "Triển khai chuyển đổi số năm 2025", "I. MỤC ĐÍCH", VI])
_RNG = random.Random(14)
RANDOM = bytes(_RNG.randrange(256) for _ in range(4000))


def _source(fmt: str) -> Source:
    return Source(path=f"memory.{fmt}", format=fmt, sha256="0" * 64, bytes=0)


def _read(data: bytes, fmt: str):
    return read_bytes(data, _source(fmt))


def _codes(doc) -> list[str]:
    return [w.code for w in doc.warnings]


def _html(body: str) -> bytes:
    return f"<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>{body}</body></html>".encode()


def _limits(monkeypatch, **changes) -> None:
    """The data file's limits with `changes`, for this test."""
    data = config.formats()
    patched = data.model_copy(update={"limits": data.limits.model_copy(update=changes)})
    monkeypatch.setattr(config, "formats", lambda: patched)


# --- the format is what the bytes are -----------------------------------------------------

PDF = make_pdf([["Ke hoach so 12/KH-UBND", "Trien khai chuyen doi so nam 2025"]])
DOCX = make_docx(docx_paragraph("Kế hoạch số 12/KH-UBND") + docx_paragraph(VI))


@pytest.mark.parametrize("claimed", ["html", "txt", "md", "docx"])
def test_pdf_bytes_are_read_as_a_pdf_whatever_the_name(claimed):
    doc = _read(PDF, claimed)
    assert doc.source.format == "pdf" and "Ke hoach so 12/KH-UBND" in doc.text
    notice = next(w for w in doc.warnings if w.code == "format-sniffed")
    assert claimed in notice.message and "PDF" in notice.message


@pytest.mark.parametrize("claimed", ["html", "txt", "md", "pdf"])
def test_docx_bytes_are_read_as_a_docx_whatever_the_name(claimed):
    doc = _read(DOCX, claimed)
    assert doc.source.format == "docx" and VI in doc.text and "format-sniffed" in _codes(doc)


@pytest.mark.parametrize("suffix", [".doc", ".odt", ".xyz", ""])
def test_a_pdf_or_docx_under_a_suffix_no_reader_takes_is_read_by_its_bytes(tmp_path, suffix):
    for data, fmt in ((PDF, "pdf"), (DOCX, "docx")):
        path = tmp_path / f"ke-hoach-{fmt}{suffix}"
        path.write_bytes(data)
        doc = read_document(path)
        assert doc.source.format == fmt and "format-sniffed" in _codes(doc)


def test_a_text_under_a_suffix_no_reader_takes_is_still_refused(tmp_path):
    path = tmp_path / "ke-hoach.doc"
    path.write_text(PLAN, "utf-8")
    with pytest.raises(IngestError, match=r"old Word binary format \(\.doc\)"):
        read_document(path)


@pytest.mark.parametrize("claimed", ["html", "txt", "md"])
def test_random_bytes_are_binary_data_under_any_text_name(claimed):
    with pytest.raises(IngestError, match="^binary data, not a document: .* control byte"):
        _read(RANDOM, claimed)


@pytest.mark.parametrize(("data", "claimed"), [(PLAN.encode(), "pdf"), (_html(f"<p>{VI}</p>"), "pdf"),
                                               (PLAN.encode(), "docx")])
def test_text_under_a_pdf_or_docx_name_is_refused_saying_what_it_is(data, claimed):
    with pytest.raises(IngestError, match=f"^not a {claimed.upper()}: the file is (plain text|an HTML page)"):
        _read(data, claimed)


@pytest.mark.parametrize(("data", "message"), [
    (bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 500, r"old Office binary file \(\.doc"),
    (bytes.fromhex("d0cf11e0a1b11ae1") + "EncryptedPackage".encode("utf-16-le"), "password-protected"),
    (b"{\\rtf1\\ansi " + PLAN.encode(), "an RTF file"),
    (b"\x89PNG\r\n\x1a\n" + RANDOM, "a PNG image"),
    (b"\x1f\x8b\x08" + RANDOM, "gzip"),
])
def test_other_kinds_of_file_are_refused_with_what_to_do(data, message):
    for claimed in ("docx", "html", "txt"):
        with pytest.raises(IngestError, match=message):
            _read(data, claimed)


def _deflated(docx: bytes) -> bytes:
    """The archive compressed, as Word writes it (`make_docx` stores its parts)."""
    with zipfile.ZipFile(io.BytesIO(docx)) as zf:
        return _zip({name: zf.read(name) for name in zf.namelist()})


def _zip(parts: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in parts.items():
            zf.writestr(name, content)
    return buf.getvalue()


@pytest.mark.parametrize(("parts", "message"), [
    ({"xl/workbook.xml": b"<workbook/>"}, r"an Excel workbook \(\.xlsx\).*not a DOCX"),
    ({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"}, "OpenDocument"),
    ({"notes.txt": PLAN.encode()}, "ZIP archive without word/document.xml"),
])
def test_a_zip_archive_that_is_no_docx_says_what_it_is(parts, message):
    with pytest.raises(IngestError, match=message):
        _read(_zip(parts), "docx")


def test_an_html_page_named_txt_is_read_as_html():
    doc = _read(_html(f"<h1>KẾ HOẠCH</h1><p>{VI}</p><script>var x = 1;</script>"), "txt")
    assert doc.source.format == "html" and doc.text.split("\n") == ["KẾ HOẠCH", VI]
    assert "format-sniffed" in _codes(doc)


def test_a_file_named_html_without_any_markup_is_read_as_text():
    doc = _read(PLAN.encode(), "html")
    assert doc.source.format == "txt" and doc.text == PLAN and "format-sniffed" in _codes(doc)


def test_markdown_with_a_tag_in_it_stays_markdown():
    doc = _read(f"# KẾ HOẠCH\n\n<b>{VI}</b>\n".encode(), "md")
    assert doc.source.format == "md" and "format-sniffed" not in _codes(doc)


def test_a_page_named_html_with_markup_but_no_doctype_is_html():
    doc = _read(f"<p>{VI}</p><p>Số: 12/KH-UBND</p>".encode(), "html")
    assert doc.source.format == "html" and doc.text.split("\n") == [VI, "Số: 12/KH-UBND"]
    assert "format-sniffed" not in _codes(doc)


# --- wrong text: NUL, broken bytes, charsets ---------------------------------------------------

@pytest.mark.parametrize(("data", "fmt"), [
    ((PLAN[:40] + "\x00" * 5000 + PLAN[40:] + "\x00" * 300).encode(), "txt"),
    (f"# KẾ HOẠCH\n\n{VI}\x00\x00\x00\n".encode(), "md"),
    (_html(f"<p>{VI}\x00\x00</p><p>\x00Số: 12</p>"), "html"),
])
def test_runs_of_nul_are_removed_with_a_warning(data, fmt):
    doc = _read(data, fmt)
    assert "\x00" not in doc.text and "nul-removed" in _codes(doc)
    if fmt == "txt":
        assert doc.text == PLAN
        notice = next(w for w in doc.warnings if w.code == "nul-removed")
        assert "5300 NUL character(s) in 2 run(s)" in notice.message


def test_utf16_without_bom_holding_only_ascii_is_read_as_utf16():
    text = "Ke hoach so 12/KH-UBND\nTrien khai chuyen doi so nam 2025\n"
    assert _read(text.encode("utf-16-le"), "txt").text == text


@pytest.mark.parametrize("where", [0, 500, -1])
def test_one_bad_byte_in_a_utf8_text_is_replaced_with_a_warning(where):
    good = (PLAN + "\n") * 10
    data = good.encode()
    at = len(data) - 1 if where == -1 else where
    data = data[:at] + b"\xff" + data[at:]
    doc = _read(data, "txt")
    notice = next(w for w in doc.warnings if w.code == "invalid-bytes-replaced")
    assert f"0xff at offset {at}" in notice.message and "1 broken byte sequence" in notice.message
    assert doc.text.replace("\ufffd", "") == good.strip("\n") or doc.text.replace("\ufffd", "") == good
    assert doc.text.count("\ufffd") == 1


def test_a_utf8_text_with_many_bad_bytes_is_refused():
    data = b"".join(line.encode() + b"\xff\n" for line in [VI] * 30)
    with pytest.raises(IngestError, match="not UTF-8 or UTF-16 text"):
        _read(data, "txt")


def test_a_utf8_page_without_a_charset_and_one_bad_byte_stays_utf8():
    page = f"<html><body><p>{VI}</p><p>Số: 12/KH-UBND</p></body></html>".encode()
    at = page.index("Số".encode())
    doc = _read(page[:at] + b"\xa0" + page[at:], "html")
    assert VI in doc.text and "Số: 12/KH-UBND" in doc.text
    assert all(c not in doc.text for c in "áº¿Ã")  # not read as Windows-125x


def _tcvn3(text: str) -> str:
    inverse = {letter: code for code, letter in config.legacy_encodings().tcvn3.items()}
    return "".join(inverse.get(c, c) for c in text)


def test_tcvn3_text_in_a_docx_with_vn_fonts_is_mapped_to_unicode():
    run = ('<w:r><w:rPr><w:rFonts w:ascii=".VnTime" w:hAnsi=".VnTime"/></w:rPr>'
           '<w:t xml:space="preserve">{}</w:t></w:r>')
    lines = ["Ban chỉ đạo của tỉnh ban hành kế hoạch triển khai chương trình chuyển đổi số.",
             "Các sở, ban, ngành chủ động phối hợp tuyên truyền, phổ biến pháp luật đến người dân."]
    body = "".join(f"<w:p>{run.format(_tcvn3(line))}</w:p>" for line in lines)
    doc = _read(make_docx(body), "docx")
    assert doc.text.split("\n") == lines and "legacy-encoding" in _codes(doc)


def _vni(text: str) -> str:
    inverse = {letter: code for code, letter in config.legacy_encodings().vni.items()}
    return "".join(inverse.get(c, c) for c in text)


def _run(text: str, font: str = "") -> str:
    props = f'<w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}"/></w:rPr>' if font else ""
    return f'<w:r>{props}<w:t xml:space="preserve">{text}</w:t></w:r>'


def test_runs_in_legacy_fonts_inside_a_unicode_docx_are_mapped_by_their_font():
    """Old text pasted into a new document keeps its font: the whole text is Unicode, so
    only the runs' fonts tell."""
    body = "".join(f"<w:p>{runs}</w:p>" for runs in [
        _run("ỦY BAN NHÂN DÂN TỈNH NINH BÌNH"),
        _run(_tcvn3("kế hoạch"), ".VnTimeH"),
        _run("Triển khai ") + _run(_tcvn3("chương trình chuyển đổi số"), ".VnTime") + _run(" năm 2025"),
        _run(_vni("Các sở, ban, ngành phối hợp"), "VNI-Times"),
        _run("Đã là Unicode", ".VnTime"),  # a Unicode run in a .Vn font is not mapped again
    ])
    doc = _read(make_docx(body), "docx")
    assert doc.text.split("\n") == ["ỦY BAN NHÂN DÂN TỈNH NINH BÌNH", "KẾ HOẠCH",
                                    "Triển khai chương trình chuyển đổi số năm 2025",
                                    "Các sở, ban, ngành phối hợp", "Đã là Unicode"]
    notices = [w.message for w in doc.warnings if w.code == "legacy-encoding"]
    assert notices == ["2 run(s) typed in TCVN3 (ABC, .Vn fonts) mapped to Unicode by their font "
                       "(data/readers/formats.toml [legacy_fonts])",
                       "1 run(s) typed in VNI (VNI-Windows fonts) mapped to Unicode by their font "
                       "(data/readers/formats.toml [legacy_fonts])"]


# --- deep nesting -----------------------------------------------------------------------------

@pytest.mark.parametrize(("opening", "closing", "depth"), [
    ("<div>", "</div>", 1000), ("<b>", "</b>", 3000), ("<table><tr><td>", "</td></tr></table>", 1000),
    ("<ul><li>", "</li></ul>", 1000),
])
def test_html_nested_a_thousand_deep_is_read(opening, closing, depth):
    page = _html(opening * depth + VI + closing * depth + "<p>Số: 12/KH-UBND</p>")
    doc = _read(page, "html")
    assert VI in doc.text and "Số: 12/KH-UBND" in doc.text and "html-too-deep" in _codes(doc)


def test_a_deep_page_goes_through_the_whole_pipeline(tmp_path):
    path = tmp_path / "sau.html"
    path.write_bytes(_html("<div>" * 2000 + "<br>".join(PLAN.split("\n")) + "</div>" * 2000))
    doc = extract_path(path)
    assert doc.metadata.doc_number == "12/KH-UBND"


def test_a_page_of_normal_depth_is_not_flattened():
    assert "html-too-deep" not in _codes(_read(_html("<div>" * 100 + VI + "</div>" * 100), "html"))


# --- limits -------------------------------------------------------------------------------------

def test_an_input_over_the_size_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    _limits(monkeypatch, max_input_bytes=1000)
    path = tmp_path / "lon.txt"
    path.write_text(PLAN * 20, "utf-8")
    with pytest.raises(IngestError,
                       match=r"^input too large: .* limit \(extract --max-bytes; limits.max_input_bytes"):
        read_document(path)
    with pytest.raises(IngestError, match="^input too large"):
        _read(path.read_bytes(), "txt")


def test_a_docx_unpacking_past_the_limit_is_refused(monkeypatch):
    _limits(monkeypatch, max_docx_unpacked_bytes=2**20)
    bomb = _deflated(make_docx(docx_paragraph(VI) + "<w:p/>" * 400_000))  # 2.4 MB of XML
    assert len(bomb) < 100_000
    with pytest.raises(IngestError, match=r"^DOCX unpacks to 2.3 MiB, over the 1 MiB limit "
                                          r"\(a zip bomb\?; extract --max-docx-bytes\)"):
        _read(bomb, "docx")


def test_a_docx_xml_part_past_its_limit_is_refused(monkeypatch):
    _limits(monkeypatch, max_docx_xml_part_bytes=2**20)
    with pytest.raises(IngestError, match=r"^DOCX part word/document.xml unpacks to 2.3 MiB, over the 1 MiB "
                                          r"limit of a part \(a zip bomb\?; extract --max-docx-part-bytes\)"):
        _read(_deflated(make_docx(docx_paragraph(VI) + "<w:p/>" * 400_000)), "docx")


def test_a_docx_that_lies_about_its_sizes_is_refused():
    """An archive declaring a part smaller than it unpacks to would pass a check of the
    declared sizes, and zipfile would inflate all of it before cutting it short."""
    data = bytearray(_deflated(make_docx(docx_paragraph(VI) + "<w:p/>" * 50_000)))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        struct.pack_into("<I", data, zf.getinfo("word/document.xml").header_offset + 22, 4096)
    at = data.find(b"PK\x01\x02")  # the central directory's entries
    while at >= 0:
        name_len = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46:at + 46 + name_len] == b"word/document.xml":
            struct.pack_into("<I", data, at + 24, 4096)
        at = data.find(b"PK\x01\x02", at + 46 + name_len)
    with pytest.raises(IngestError, match="document.xml unpacks to more than the 4096 bytes it declares"):
        _read(bytes(data), "docx")


def test_a_docx_listing_too_many_parts_is_refused_before_they_are_listed(monkeypatch):
    _limits(monkeypatch, max_docx_parts=50)
    parts = {"word/document.xml": make_docx_xml()} | {f"word/media/{i}.xml": b"<x/>" for i in range(60)}
    with pytest.raises(IngestError, match="^DOCX archive lists 61 parts, over the limit of 50"):
        _read(_zip(parts), "docx")


def make_docx_xml() -> bytes:
    with zipfile.ZipFile(io.BytesIO(DOCX)) as zf:
        return zf.read("word/document.xml")


def test_a_docx_whose_zip_directory_points_before_the_file_names_the_problem():
    data = bytearray(DOCX)
    end = data.rfind(b"PK\x05\x06")
    offset = struct.unpack_from("<I", data, end + 16)[0]
    struct.pack_into("<I", data, end + 16, offset + 100)  # once "negative seek value" at stage unknown
    with pytest.raises(IngestError, match="^not a valid DOCX archive: ValueError: negative seek value"):
        _read(bytes(data), "docx")


# --- PDFs: encrypted, damaged, self-referencing -------------------------------------------------

def _pdf(objects: list[bytes], trailer: bytes | None = b"/Root 5 0 R", xref: bool = True) -> bytes:
    """A PDF of `objects` (1-based), with a cross-reference table and `trailer` (entries of
    the trailer dictionary) unless left out."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    start = len(out)
    if xref:
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
        out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    if trailer is not None:
        out += b"trailer\n<< /Size %d %s >>\n" % (len(objects) + 1, trailer)
    if xref:
        out += b"startxref\n%d\n" % start
    return bytes(out + b"%%EOF\n")


def _page(annots: bytes = b"") -> list[bytes]:
    stream = b"BT /F1 11 Tf 72 770 Td (Ke hoach so 12/KH-UBND nam 2025) Tj ET"
    return [b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
            b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 1 0 R >> >> "
            b"/Contents 3 0 R %s >>" % annots,
            b"<< /Type /Catalog /Pages 2 0 R >>"]


def test_an_encrypted_pdf_says_it_needs_its_password():
    encrypt = b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P -4 >>" % (b"11" * 32, b"22" * 32)
    data = _pdf([*_page(), encrypt], b"/Root 5 0 R /Encrypt 6 0 R /ID [<%s> <%s>]" % (b"ab" * 16, b"ab" * 16))
    with pytest.raises(IngestError) as err:
        _read(data, "pdf")
    assert str(err.value) == repair.ENCRYPTED and str(err.value).startswith("encrypted PDF (password")


@pytest.mark.parametrize("cut", ["no-xref-no-trailer", "cut-before-xref"])
def test_a_pdf_without_its_cross_reference_table_is_repaired_and_read(cut):
    data = _pdf(_page(), trailer=None, xref=False) if cut == "no-xref-no-trailer" else \
        _pdf(_page()).split(b"xref")[0]
    doc = _read(data, "pdf")
    assert "Ke hoach so 12/KH-UBND nam 2025" in doc.text
    notice = next(w for w in doc.warnings if w.code == "pdf-repaired")
    assert notice.message.startswith("cannot open PDF: ") and "read from a copy" in notice.message


def test_a_pdf_cut_before_its_catalog_is_a_clear_error():
    with pytest.raises(IngestError, match="^cannot open PDF: PDFNoValidXRef: "):
        _read(_pdf(_page())[:300], "pdf")


def test_a_pdf_whose_annotation_refers_to_itself_in_a_loop_is_read():
    """pdfplumber's page.annots recurses without end on such a signature dictionary (six
    real PDFs of corpus-extra/plans-2026-12); the widget reader falls back to the rectangles."""
    objects = _page(b"/Annots [6 0 R]") + [
        b"<< /Type /Annot /Subtype /Widget /FT /Sig /Rect [100 100 200 120] /V 7 0 R >>",
        b"<< /Type /Sig /Next 8 0 R >>", b"<< /Back 7 0 R >>"]
    assert "Ke hoach so 12/KH-UBND nam 2025" in _read(_pdf(objects), "pdf").text


# --- every error: one line, stage ingest ---------------------------------------------------------

def test_a_read_error_is_one_line():
    assert str(IngestError("cannot open PDF:\n  Traceback\n\tdetail")) == "cannot open PDF: Traceback detail"
    assert str(IngestError("")) == "the file cannot be read"


@pytest.mark.parametrize(("name", "data"), [
    ("ngau-nhien.html", RANDOM), ("hong.docx", DOCX[: len(DOCX) // 2]), ("mat.pdf", b"%PDF-1.4\n%%EOF"),
    ("sau.txt", b"\x00" * 100),
])
def test_each_failure_is_an_ingest_stage_error_with_a_message(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(StageError) as err:
        extract_path(path)
    assert err.value.stage == "ingest" and isinstance(err.value.cause, IngestError)
    assert "\n" not in str(err.value.cause) and len(str(err.value.cause)) > 15


@pytest.mark.parametrize("sidecar", ['["https://x.gov.vn"]', '{"url": 12}', '"x"', "{broken"])
def test_a_malformed_fetch_sidecar_is_ignored(tmp_path, sidecar):
    path = tmp_path / "ke-hoach.txt"
    path.write_text(PLAN, "utf-8")
    Path(f"{path}.meta.json").write_text(sidecar, "utf-8")
    doc = read_document(path)
    assert doc.text == PLAN and doc.source.url is None


def test_a_well_formed_fetch_sidecar_gives_the_url(tmp_path):
    path = tmp_path / "ke-hoach.txt"
    path.write_text(PLAN, "utf-8")
    (tmp_path / "ke-hoach.meta.json").write_text(json.dumps({"url": "https://x.gov.vn/a"}), "utf-8")
    assert read_document(path).source.url == "https://x.gov.vn/a"


def test_an_html_page_with_more_tags_than_the_limit_is_refused_before_it_is_parsed(monkeypatch):
    _limits(monkeypatch, max_html_tags=1000)
    with pytest.raises(IngestError, match=r"^HTML page with about 1\d\d\d tags, over the limit of 1000"):
        _read(_html("<p>Số: 12/KH-UBND</p>" * 1010), "html")


# --- long inputs: the same reading, memory held per piece ---------------------------------------

MARKDOWN = "\n".join([
    "*Source: https://thuvienphapluat.vn/van-ban/ke-hoach-12.aspx*", "",
    "Số hiệu: 12/KH-UBND", "Ngày ban hành: 05/01/2025", "",
    "# KẾ HOẠCH", "Triển khai chuyển đổi số", "năm 2025", "",
    "| STT | Nhiệm vụ | Cơ quan chủ trì |", "|---|---|---|",
    "| 1 | Tổ chức hội nghị | Sở Tư pháp |", "| 2 | Tuyên truyền | Sở Thông tin |", "",
    "```", "khối mã", "", "vẫn trong khối", "```", "",
    "**Điều 2. **Quyết định này có hiệu lực.", "1. Mục một;", "a) ý một;", "- gạch đầu dòng", "",
    "> trích dẫn", "", "    thụt lề", "", "    vẫn thụt lề", "",
])


def test_a_long_markdown_file_is_read_piece_by_piece_as_it_would_be_whole(monkeypatch):
    from plan_extract.readers import markdown

    data = "\n".join([MARKDOWN] * 30).encode()
    whole = markdown.read_markdown(data).text
    monkeypatch.setattr(markdown, "_PIECE_CHARS", 300)
    text, _ = markdown.decode_text(data)
    assert len(markdown.pieces(text, 300)) > 30
    assert markdown.read_markdown(data).text == whole


def test_the_main_content_container_is_the_one_select_one_finds():
    from bs4 import BeautifulSoup

    from plan_extract.readers.html import _MAIN_SELECTORS, first_matches

    rng = random.Random(5)
    for _ in range(300):
        parts = []
        for _ in range(rng.randrange(1, 10)):
            attrs = rng.choice(["", ' id="content"', ' class="content x"', ' class="fulltext"',
                                ' id="toanvancontent"', ' class="toanvancontent content"', ' id="Content"'])
            parts.append(f"<{rng.choice(['div', 'article', 'main', 'p', 'span'])}{attrs}>t")
        soup = BeautifulSoup("<html><body>" + "".join(parts) + "</body></html>", "lxml")
        found = first_matches(soup, _MAIN_SELECTORS)
        assert all(soup.select_one(s) is found.get(s) for s in _MAIN_SELECTORS)


def test_a_damaged_pdf_does_not_fill_the_terminal_with_pdfminer_warnings(capsys, caplog):
    """pdfminer logs a warning per broken operator (here a gray level that is a string)."""
    data = make_pdf([["Ke hoach so 12/KH-UBND"] * 20]).replace(b"BT\n", b"BT\n(x) g (y) g\n")
    assert "Ke hoach so 12/KH-UBND" in _read(data, "pdf").text
    assert not [r for r in caplog.records if r.name.startswith("pdfminer") and r.levelno >= 30]
    assert "gray level" not in capsys.readouterr().err
