"""Lay out PDF pages from their characters' coordinates: lines, two-column blocks, tables.

A plain text dump of a Vietnamese administrative PDF interleaves the issuing body with the
national motto and the recipients ("Nơi nhận") with the signature, scrambles task tables
and breaks every paragraph at each line end. Reading coordinates instead puts each
column's lines together, turns ruled tables into " | " rows (continued across pages, with
repeated header rows dropped and split cells rejoined), and joins lines that wrap.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal

from ... import config
from ...lexicon.textnorm import fold

LineKind = Literal["body", "column", "table", "ocr"]


@dataclass
class Line:
    """One visual line (or one table row) with the geometry that joining needs."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    page: int
    kind: LineKind = "body"
    #: table rows: the cells, so that rows continued on the next page can be rejoined
    cells: list[str] | None = None
    #: body lines: width of the first word (does it fit at the end of the line above?)
    first_word: float = 0.0
    #: body lines: (x0, x1, text) of each run of words separated by a wide gap
    parts: list[tuple[float, float, str]] = field(default_factory=list)


@dataclass
class LayoutStats:
    columns: int = 0
    tables: int = 0
    rows: int = 0
    joined: int = 0
    continued: int = 0
    repeated_headers: list[str] = field(default_factory=list)
    #: "page N by D°" for pages whose text was printed sideways and read turned upright
    turned: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Settings:
    """data/readers/pdf_layout.toml with its patterns compiled."""

    segment_gap: float
    line_tolerance: float
    indent: float
    paragraph_gap: float
    turn_below_upright: float
    recipients: re.Pattern[str]
    signature_titles: re.Pattern[str]
    item_start: re.Pattern[str]
    table_settings: dict[str, Any]


@cache
def _settings() -> _Settings:
    d = config.pdf_layout()
    return _Settings(d.segment_gap, d.line_tolerance, d.indent, d.paragraph_gap,
                     d.turn_below_upright, re.compile(d.recipients), re.compile(d.signature_titles),
                     re.compile(config.items().item_start), dict(d.table_settings))


# --- one page ---------------------------------------------------------------------------

def upright_page(pdf, page, page_no: int, stats: LayoutStats):
    """The page turned so its text reads left to right. A landscape table printed on a
    portrait page runs bottom to top as displayed; pdfplumber lays characters out as
    displayed, so such a page is read with its /Rotate changed by the text's angle."""
    from pdfplumber.page import Page

    chars = page.chars
    sideways = [c for c in chars if not c.get("upright", True) and c["text"].strip()]
    if not chars or len(sideways) <= _settings().turn_below_upright * len(chars):
        return page
    angles = Counter(round(math.degrees(math.atan2(c["matrix"][1], c["matrix"][0])) / 90) * 90
                     for c in sideways)
    angle = angles.most_common(1)[0][0] % 360
    if angle == 0:
        return page
    # pdfminer lays out by `rotate`, pdfplumber sizes the page by the /Rotate attribute
    page.page_obj.rotate = page.page_obj.attrs["Rotate"] = (page.rotation + angle) % 360
    stats.turned.append(f"page {page_no + 1} by {angle}°")
    return Page(pdf, page.page_obj, page_number=page.page_number, initial_doctop=page.initial_doctop)


def page_lines(page, extra_chars: list[dict], page_no: int, stats: LayoutStats) -> list[Line]:
    """The page's lines in reading order: text lines, two-column blocks, table rows."""
    tables = _tables(page)
    cells = [cell for table in tables for cell in table.cells if cell]

    def in_cell(c: dict) -> bool:
        cx, cy = (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2
        return any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in cells)

    chars = [c for c in list(page.chars) + extra_chars if c["text"].strip() or c["text"] == " "]
    lines = _text_lines([c for c in chars if not in_cell(c)], page_no)
    for table in tables:
        rows = table.extract()
        stats.tables += 1
        for row, cells_text in zip(table.rows, rows, strict=False):
            texts = [" ".join((t or "").split()) for t in cells_text]
            if not any(texts):
                continue
            x0, top, x1, bottom = row.bbox
            lines.append(Line(" | ".join(texts), x0, x1, top, bottom, 0.0, page_no, "table", texts))
            stats.rows += 1
    lines.sort(key=lambda ln: ln.top)
    return _columns(lines, page_no, float(page.width) / 2, stats)


def _tables(page) -> list:
    """Ruled tables with three or more filled cells in some row; a table inside another
    (pdfplumber also reports a ruled header cell's inner grid) is part of the outer one."""
    found = page.find_tables(table_settings=dict(_settings().table_settings))

    def inside(a, b) -> bool:
        return a is not b and a.bbox[0] >= b.bbox[0] - 1 and a.bbox[1] >= b.bbox[1] - 1 \
            and a.bbox[2] <= b.bbox[2] + 1 and a.bbox[3] <= b.bbox[3] + 1

    outer = [t for t in found if not any(inside(t, other) for other in found)]
    return [t for t in outer
            if max((sum(1 for c in row if c and c.strip()) for row in t.extract()), default=0) >= 3]


def _text_lines(chars: list[dict], page_no: int) -> list[Line]:
    """Words (pdfplumber's word extractor) grouped into visual lines, top to bottom."""
    from pdfplumber.utils.text import WordExtractor

    settings = _settings()
    words = WordExtractor(x_tolerance=3, y_tolerance=3).extract_words(chars, return_chars=True)
    for word in words:
        word["size"] = max(c.get("size", 0.0) for c in word.pop("chars"))
    rows: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (w["top"], w["x0"])):
        tolerance = settings.line_tolerance * word["size"]
        if rows and abs(word["top"] - rows[-1][0]["top"]) <= tolerance:
            rows[-1].append(word)
        else:
            rows.append([word])
    lines = []
    for row in rows:
        row.sort(key=lambda w: w["x0"])
        lines.append(_line(row, max(w["size"] for w in row), page_no))
    return lines


def ocr_page_lines(boxes: list[list[tuple[str, float, float, float, float]]], page_no: int,
                   width: float, stats: LayoutStats) -> list[Line]:
    """An OCRed page's lines, laid out like a text layer's: tesseract's own lines (robust to a
    skewed scan), each split into runs at wide gaps, then two-column blocks put column by
    column, so a scanned header and signature block read as a text layer's do. A word's size
    is the line's median box height (a scan has no font size), which the tolerances scale
    with."""
    lines = []
    for line_boxes in boxes:
        words = sorted(({"text": t, "x0": x0, "top": top, "x1": x1, "bottom": bottom}
                        for t, x0, top, x1, bottom in line_boxes if t.strip()), key=lambda w: w["x0"])
        if words:
            size = sorted(w["bottom"] - w["top"] for w in words)[len(words) // 2]
            lines.append(_line(words, size, page_no))
    lines.sort(key=lambda ln: ln.top)
    return _columns(lines, page_no, width / 2, stats)


def _line(row: list[dict], size: float, page_no: int) -> Line:
    """One visual line of words (left to right), its words split into runs where a gap is
    wider than `segment_gap` sizes."""
    gap = _settings().segment_gap * size
    segments: list[list[dict]] = [[row[0]]]
    for word in row[1:]:
        if word["x0"] - segments[-1][-1]["x1"] > gap:
            segments.append([word])
        else:
            segments[-1].append(word)
    return Line(" ".join(w["text"] for w in row), row[0]["x0"], row[-1]["x1"],
                min(w["top"] for w in row), max(w["bottom"] for w in row), size, page_no,
                first_word=row[0]["x1"] - row[0]["x0"],
                parts=[(seg[0]["x0"], seg[-1]["x1"], " ".join(w["text"] for w in seg)) for seg in segments])


def _columns(lines: list[Line], page_no: int, center: float, stats: LayoutStats) -> list[Line]:
    """Put two-column blocks column by column: the header at the top of the first page
    (issuing body | motto, number | place and date) and the closing block whose first line
    has "Nơi nhận" on the left or a signature title ("TM.", "KT. CHỦ TỊCH") on the right.

    The gutter starts at the widest gap of that first line; each later word run must fall
    left or right of it (the gutter narrows as runs are placed). A run across the gutter —
    a body line, or a title centred on the page — or a table row ends the block.
    """
    settings = _settings()
    out: list[Line] = []
    header_tried = page_no != 0
    i = 0
    while i < len(lines):
        line = lines[i]
        block = None
        if line.kind == "body" and len(line.parts) >= 2:
            closing = settings.recipients.match(line.parts[0][2]) or \
                settings.signature_titles.match(line.parts[-1][2])
            if closing or not header_tried:
                block = _block(lines, i, center, start=i if closing else 0)
            header_tried = True
        if block is None:
            out.append(line)
            i += 1
            continue
        start, end, left, right = block
        del out[len(out) - (i - start):]
        out += left + right
        stats.columns += 1
        i = end
    return out


def _block(lines: list[Line], anchor: int, center: float, start: int
           ) -> tuple[int, int, list[Line], list[Line]] | None:
    """Lines start..end-1 split into left and right column lines, or None when a line
    between `start` and the anchor does not keep to one side."""
    parts = lines[anchor].parts
    k = max(range(len(parts) - 1), key=lambda j: parts[j + 1][0] - parts[j][1])
    gutter = [parts[k][1], parts[k + 1][0]]
    left: list[Line] = []
    right: list[Line] = []

    def place(line: Line) -> bool:
        sides = [_side(x0, x1, gutter, center, line.size) for x0, x1, _ in line.parts]
        if line.kind != "body" or None in sides:
            return False
        for (x0, x1, text), side in zip(line.parts, sides, strict=True):
            (left if side == "left" else right).append(
                Line(text, x0, x1, line.top, line.bottom, line.size, line.page, "column"))
            if side == "left":
                gutter[0] = max(gutter[0], x1)
            else:
                gutter[1] = min(gutter[1], x0)
        return True

    for line in lines[start:anchor]:
        if not place(line):
            return None
    end = anchor
    while end < len(lines) and place(lines[end]):
        end += 1
    return (start, end, left, right) if end > anchor else None


def _side(x0: float, x1: float, gutter: list[float], center: float, size: float) -> str | None:
    if x0 < center < x1 and abs((x0 + x1) / 2 - center) < 1.5 * size:
        return None  # a title centred on the page
    can_left, can_right = x1 < gutter[1], x0 > gutter[0]
    if can_left and can_right:
        return "left" if x0 + x1 < sum(gutter) else "right"
    return "left" if can_left else "right" if can_right else None


# --- the document -----------------------------------------------------------------------

def continue_tables(pages: list[list[Line]], stats: LayoutStats) -> None:
    """A table that ends one page and starts the next with as many columns is one table:
    a repeated header row is dropped; a first row with an empty first cell (TT) is the
    rest of the row cut by the page break, and its cells are appended to that row's."""
    for prev, page in zip(pages, pages[1:], strict=False):
        if not prev or not page or prev[-1].kind != "table" or page[0].kind != "table":
            continue
        last, first = prev[-1], page[0]
        if len(last.cells or []) != len(first.cells or []):
            continue
        start = len(prev) - 1
        while start > 0 and prev[start - 1].kind == "table":
            start -= 1
        header = prev[start]
        stats.continued += 1
        while page and page[0].kind == "table" and fold(page[0].text) == fold(header.text):
            stats.repeated_headers.append(page.pop(0).text)
        if page and page[0].kind == "table" and not page[0].cells[0] and last.cells[0] \
                and len(page[0].cells) == len(last.cells):
            cont = page.pop(0)
            last.cells = [" ".join(filter(None, (a, b))) for a, b in zip(last.cells, cont.cells,
                                                                       strict=True)]
            last.text = " | ".join(last.cells)


def join_wrapped(lines: list[Line], margins: dict[int, tuple[float, float]],
                 stats: LayoutStats) -> list[str]:
    """Join a body line to the one above when the line above is full — the next line's
    first word would not have fitted on it — and the next line starts at the margin (not
    a first-line indent) with no item marker. A line ending in . ; : ! ? is continued
    only by a line starting in lower case or, in a paragraph that opened with a first-line
    indent, by a line at the margin; otherwise a sentence ending exactly at the margin keeps
    its line break, which loses nothing."""
    settings = _settings()
    out: list[str] = []
    prev: Line | None = None
    for line in lines:
        if prev is not None and _continues(prev, line, margins, settings):
            out[-1] = out[-1] + " " + line.text
            stats.joined += 1
            prev = Line(out[-1], prev.x0, line.x1, line.top, line.bottom, line.size, line.page,
                        first_word=prev.first_word)
            continue
        out.append(line.text)
        prev = line
    return out


def _continues(prev: Line, line: Line, margins: dict[int, tuple[float, float]],
               settings: dict[str, Any]) -> bool:
    if prev.kind != "body" or line.kind != "body":
        return False
    left, right = margins[line.page]
    _, prev_right = margins[prev.page]
    size = line.size or 12.0
    indent = settings.indent * size
    # "- Xã hội" at the margin under an indented "- Đẩy mạnh … Văn hóa" is the rest of
    # "Văn hóa - Xã hội": where items are indented, a marker at the margin is no item.
    if settings.item_start.match(line.text) and not (prev.x0 > left + indent >= line.x0):
        return False
    # A line ending in . ; : ends its paragraph unless the next starts in lower case, or the
    # paragraph opened with a first-line indent and the next line starts at the margin
    # ("Căn cứ Luật … năm 2015;" / "Luật Sửa đổi …" is one paragraph).
    indented_paragraph = prev.x0 > left + indent >= line.x0
    if prev.text.rstrip().endswith((".", ";", ":", "!", "?")) and not (
            line.text[:1].islower() or indented_paragraph):
        return False
    full = prev.x1 + 0.3 * size + line.first_word > prev_right - 0.2 * size
    at_margin = line.x0 <= left + indent or line.x0 < prev.x0 - indent
    near = line.page != prev.page or line.top - prev.bottom <= settings.paragraph_gap * size
    return full and at_margin and near


def document_margins(pages: list[list[Line]]) -> dict[int, tuple[float, float]]:
    """Margins per page; a page with too few full lines to show its right margin (a short
    last page) takes the median right margin of the pages that show one."""
    found = {n: margins(lines) for n, lines in enumerate(pages)}
    rights = sorted(r for _, r in found.values() if r != float("inf"))
    if rights:
        median = rights[len(rights) // 2]
        found = {n: (left, median if right == float("inf") else right) for n, (left, right) in found.items()}
    return found


def margins(lines: list[Line]) -> tuple[float, float]:
    """Left and right text margins of a page: the smallest start and a high percentile of
    the ends of body lines (one overlong line should not move the margin). A page where
    fewer than three lines reach the right margin shows no justified margin to wrap at;
    its right margin is infinite, so nothing on it is joined."""
    body = [ln for ln in lines if ln.kind == "body" and len(ln.text) > 20] or \
        [ln for ln in lines if ln.kind == "body"]
    if not body:
        return 0.0, float("inf")
    ends = sorted(ln.x1 for ln in body)
    right = ends[int(0.9 * (len(ends) - 1))]
    if sum(1 for end in ends if end >= right - 2.0) < 3:
        right = float("inf")
    return min(ln.x0 for ln in body), right
