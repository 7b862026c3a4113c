"""Builders shared by the tests: in-memory documents, small DOCX/PDF files, legacy bytes,
and hypothesis strategies for Vietnamese-looking text."""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import zipfile
from pathlib import Path

from hypothesis import strategies as st

from plan_extract.document import Document, Format, Source
from plan_extract.lexicon.textnorm import clean_chars
from plan_extract.pipeline import extract_document
from plan_extract.stages.normalize import normalize

REPO = Path(__file__).resolve().parent.parent
RAW_DIR = REPO / "corpus" / "raw"
GOLD_DIR = REPO / "corpus" / "gold"
EXTRA_DIR = REPO / "tests" / "fixtures" / "corpus-extra"
SEEDS = sorted(RAW_DIR.glob("*.txt"))
#: every document of the bundled corpus: the seeds and the adopted PDFs and DOCX, each with gold
CORPUS = sorted(p for p in RAW_DIR.iterdir() if p.suffix in (".txt", ".html", ".pdf", ".docx"))


def raw_document(text: str, fmt: Format = "txt") -> Document:
    """A document as a reader would give `text`."""
    data = text.encode("utf-8")
    source = Source(path=f"memory.{fmt}", format=fmt, sha256=hashlib.sha256(data).hexdigest(),
                    bytes=len(data))
    return Document.read(source, text)


def normalized(text: str):
    return normalize(raw_document(text))


def extract_text(text: str):
    return extract_document(raw_document(text))


def line_key(line: str) -> str:
    """What normalization promises to keep of an input line: clean characters, collapsed
    whitespace, no trailing table pipes."""
    collapsed = " ".join(clean_chars(line).split())
    return re.sub(r"(\s*\|\s*)+$", "", collapsed).strip()


# --- files built in memory ------------------------------------------------------------

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx_paragraph(*runs: str) -> str:
    return "<w:p>" + "".join(f'<w:r><w:t xml:space="preserve">{r}</w:t></w:r>' for r in runs) + "</w:p>"


def docx_table(rows: list[list[str]]) -> str:
    """A Word table; a cell's "\n" separates its paragraphs."""
    def cells(row: list[str]) -> str:
        return "".join(f"<w:tc>{''.join(docx_paragraph(p) for p in c.split(chr(10)))}</w:tc>"
                       for c in row)

    return "<w:tbl>" + "".join(f"<w:tr>{cells(r)}</w:tr>" for r in rows) + "</w:tbl>"


def make_docx(body_xml: str) -> bytes:
    """A minimal DOCX: just the archive entries Word's body lives in."""
    xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           f'<w:document xmlns:w="{_W}"><w:body>{body_xml}</w:body></w:document>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", xml)
    return buf.getvalue()


#: /Rotate -> (content matrix, first line's start) that draw the text upright as displayed
#: on an A4 page whose landscape view the viewer rotates into place
_ROTATED = {0: ("", "72 770"), 90: ("0 1 -1 0 0 0 cm", "72 -60"), 270: ("0 -1 1 0 0 842 cm", "72 535")}


#: text printed sideways on a portrait page, reading bottom to top (a turned landscape table)
_SIDEWAYS = ("0 1 -1 0 595 0 cm", "72 540")


def make_pdf(pages: list[list[str]], rotate: int = 0, sideways: bool = False) -> bytes:
    """A text PDF (Helvetica, so ASCII only), one text line per list entry, top to bottom;
    with `rotate`, each page carries /Rotate and its text is drawn so it displays upright;
    `sideways` draws the text turned a quarter left on an unrotated portrait page."""
    objs: list[bytes] = []

    def add(body: bytes) -> int:
        objs.append(body)
        return len(objs)

    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    pages_id = add(b"")
    kids = []
    for lines in pages:
        matrix, start = _SIDEWAYS if sideways else _ROTATED[rotate]
        ops = [matrix, "BT", "/F1 11 Tf", "14 TL", f"{start} Td"]
        for ln in lines:
            esc = ln.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append(f"({esc}) Tj T*")
        ops.append("ET")
        stream = "\n".join(ops).encode("latin-1")
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Rotate %d "
                        b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>"
                        % (pages_id, rotate, font, content)))
    objs[pages_id - 1] = (b"<< /Type /Pages /Kids [%s] /Count %d >>"
                          % (b" ".join(b"%d 0 R" % k for k in kids), len(kids)))
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += (b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
            % (len(objs) + 1, catalog, xref))
    return bytes(out)


_SHAPE_MARKS = {"\u0302", "\u0306", "\u031b"}  # circumflex, breve, horn: part of the letter


def cp1258_bytes(text: str) -> bytes:
    """Text as Windows-1258 writes it: base letter, then the tone as a combining byte."""
    out = b""
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize(
            "NFC", parts[0] + "".join(c for c in parts[1:] if c in _SHAPE_MARKS))
        tones = "".join(c for c in parts[1:] if c not in _SHAPE_MARKS)
        out += (base + tones).encode("cp1258")
    return out


# --- hypothesis strategies ------------------------------------------------------------

LETTERS = ("aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXY"
           "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
           "ÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬÈÉẺẼẸỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌỒỐỔỖỘỜỚỞỠỢÙÚỦŨỤỪỨỬỮỰỲÝỶỸỴ")
WORDS = ["Ủy", "Uỷ", "ban", "nhân", "dân", "tỉnh", "huyện", "hoá", "hóa", "thuỷ", "quý", "Sở",
         "Kế", "hoạch", "KẾ", "HOẠCH", "thực", "hiện", "nhiệm", "vụ", "NỘI", "DUNG", "MỤC",
         "ĐÍCH", "TỔ", "CHỨC", "THỰC", "HIỆN", "Kinh", "phí", "Luật", "Quyết", "định", "số",
         "161/QĐ-TTg", "ngày", "25/01/2016", "tháng", "năm", "2025", "giai", "đoạn", "2021-2025",
         "của", "về", "và", "phối", "hợp", "với", "chủ", "trì", "UBND", "Độc", "lập", "-",
         "Tự", "do", "|", "…", "(", ")", "\u00a0", "Ho\u0301a"]
MARKERS = ["", "", "", "I. ", "II. ", "IV. ", "1. ", "2. ", "1.2. ", "3) ", "a) ", "b) ", "đ) ",
           "c. ", "- ", "+ ", "• ", "Điều 1. ", "Điều 2. ", "Phụ lục ", "PHỤ LỤC II ", "Chương I ",
           "Số: ", "Số:   /KH-UBND ", "TM. ", "KT. ", "(Kèm theo Quyết định số 12/QĐ-UBND) ",
           "Căn cứ ", "Thực hiện ", "Ngày cập nhật 18/08/2021 ", "Hà Nội, ngày 5 tháng 3 năm 2020 "]
FIXED_LINES = ["", "", " ", "\u00a0", "|", "[...]", "(…)", "Tăng cỡ chữ", "Liên kết website",
               "Tổng truy cập 3.471.334", "Các tin khác", "CÔNG BÁO/Số 12/Ngày 05-03-2020", "12",
               "Người ký: Nguyễn Văn A", "Email: a@b.vn", "Cơ quan: Ủy ban nhân dân tỉnh",
               "Thời gian ký: 05.03.2020 10:00:00 +07:00", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
               "ỦY BAN NHÂN DÂN", "TỈNH TIỀN GIANG", "Nơi nhận:", "QUYẾT ĐỊNH:", "Số hiệu | 1/KH-UBND |"]

_word = st.one_of(st.sampled_from(WORDS), st.text(alphabet=LETTERS + "0123456789/.,-", min_size=1,
                                                   max_size=8))
_spacer = st.sampled_from([" ", " ", " ", "  ", "\u00a0", "\t"])


@st.composite
def vi_line(draw) -> str:
    if draw(st.integers(0, 5)) == 0:
        return draw(st.sampled_from(FIXED_LINES))
    words = draw(st.lists(_word, min_size=1, max_size=12))
    body = "".join(w + draw(_spacer) for w in words).rstrip(" ")
    end = draw(st.sampled_from(["", "", ".", ":", ";", ".../.", " |", "|"]))
    if draw(st.booleans()):
        body = body.upper() if draw(st.booleans()) else body.lower()
    return draw(st.sampled_from(MARKERS)) + body + end


@st.composite
def vi_text(draw) -> str:
    """Lines of plan-like text; sometimes a run of them repeated (as scrapers do)."""
    lines = draw(st.lists(vi_line(), min_size=0, max_size=30))
    if len(lines) >= 3 and draw(st.booleans()):
        i = draw(st.integers(0, len(lines) - 3))
        j = draw(st.integers(i + 3, len(lines)))
        lines = lines + lines[i:j]
    if lines and draw(st.booleans()):
        i = draw(st.integers(0, len(lines) - 1))
        lines.insert(i, lines[i][: draw(st.integers(0, len(lines[i])))])  # a teaser copy
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    return newline.join(lines)
