"""Markdown (.md, .markdown), as legal-document sites' pages come converted: rendered as
CommonMark with pipe tables (markdown-it-py), then read like an HTML page.

A paragraph's hard-wrapped lines are one line (Markdown's soft breaks), headings and emphasis
lose their markup, a pipe table row is one " | " line, so task tables work as in HTML. Two
habits of the converters are undone first: a line holding only "|" (a layout table's cell
boundary, as some converters write Word tables) separates paragraphs, and the site's
attribute lines ("Số hiệu: 179/KH-UBND", "Ngày ban hành: …") stay one line each, so the header
stage reads them as the attribute table. A first line "Source: <url>" is the page's address.
"""

from __future__ import annotations

import re

from .. import config
from ..document import Warning
from ..errors import ReadError
from ..lexicon import agencies
from ..lexicon.attributes import label_line
from ..lexicon.textnorm import wrap_width
from .markup import DATA_TABLE_CELLS, cell_text, html_lines
from .registry import Reading, reader
from .text import decode_text

# Markdown is rendered in pieces of about this many characters (`pieces`); a document of
# the corpus is one piece (the largest, 69 kB).
_PIECE_CHARS = 1 << 20
_CELL_BOUNDARY = re.compile(r"(?m)^[ \t]*\|[ \t]*$")
_SOURCE = re.compile(r"^\W*(?:source|nguồn)\s*:\s*(?P<url>https?://\S+?)\W*$|^\W*(?P<bare>https?://\S+?)\W*$",
                     re.IGNORECASE)
_MARKUP = re.compile(r"^[\s>#*_\-+]+|[*_]+")
_MARKUP_LEAD = re.compile(r"^[\s>*_]+")
_BULLET_LINE = re.compile(r"^\s*[-–•+]\s+")
# Emphasis markers CommonMark leaves as text: "**Điều 2. **Quyết định …" (a space before the
# closing run), "* *" (emphasis of nothing). Legal texts use no asterisks of their own but a
# footnote's "(*)", which is not next to a space and stays.
_STRAY_EMPHASIS = re.compile(r"(?:(?<=\s)|^)\*{1,3}|\*{1,3}(?=\s|$)")


@reader("md", suffixes=(".md", ".markdown"), media_types=("text/markdown",))
def read_markdown(data: bytes) -> Reading:
    text, warnings = decode_text(data)
    return render(text, warnings)


def render(text: str, warnings: list[Warning], breaks: bool = False) -> Reading:
    """`text` rendered as Markdown, read as lines. `breaks`: each line of the text is a line
    (a plain text that a converter gave pipe tables: its lines are not wrapped paragraphs)."""
    from bs4 import BeautifulSoup
    from markdown_it import MarkdownIt

    cells, most = table_cells(text), config.limits().max_markdown_cells
    if cells > most:
        raise ReadError(f"Markdown with about {cells:,} pipe-table cells, over the limit of {most:,} (a "
                        "plan's tables have a few thousand; limits.max_markdown_cells in "
                        "data/readers/formats.toml)")
    url, text = source_url(text)
    text = _CELL_BOUNDARY.sub("", "\n".join(cell_line_tables(text.split("\n"))))
    text = "\n".join(_break_before_items(_keep_attribute_lines(_join_split_headings(text.split("\n")))))
    # Lists are not parsed: "1." and "-" are the outline's markers and stay in the text.
    md = MarkdownIt("commonmark", {"html": False, "breaks": breaks}).enable("table").disable("list")
    lines = []
    for piece in pieces(text, _PIECE_CHARS):
        soup = BeautifulSoup(md.render(piece), "lxml")
        # A line of markup alone (a table's delimiter row a paragraph swallowed, "* *") is no text.
        lines += [line for raw in html_lines(soup.body or soup)
                  if (line := _STRAY_EMPHASIS.sub("", raw).strip()) and _WORD.search(line)]
    done = "each line kept" if breaks else "paragraphs joined"
    notice = Warning(stage="ingest", code="markdown",
                     message=f"read as Markdown: markup removed, {done}, pipe tables as rows"
                             + (f"; source URL {url}" if url else ""))
    return Reading("\n".join(lines), [*warnings, notice], url=url)


_WORD = re.compile(r"\w")
_DELIMITER_ROW = re.compile(r"(?m)^[ \t]*\|(?:[ \t]*:?-{3,}:?[ \t]*\|)+[ \t]*$")


def has_pipe_tables(text: str) -> bool:
    """Whether `text` holds a Markdown pipe table (a delimiter row "| --- | --- |")."""
    return _DELIMITER_ROW.search(text) is not None


def table_cells(text: str) -> int:
    """About how many pipe-table cells the text holds: the "|" of its lines that open with one."""
    return sum(line.count("|") - 1 for line in text.split("\n") if line.lstrip().startswith("|"))


def pieces(text: str, size: int) -> list[str]:
    """`text` cut into pieces of about `size` characters, each cut at a blank line before an
    unindented line outside a code fence, where no Markdown block continues (lists and raw
    HTML are off): a long file is rendered piece by piece, so the parse tree of one piece at
    a time is held, not that of a million paragraphs. A text under `size` is one piece."""
    if len(text) <= size:
        return [text]
    out: list[str] = []
    start = length = 0
    fence = False
    lines = text.split("\n")
    for n, line in enumerate(lines):
        if line.lstrip().startswith(("```", "~~~")):
            fence = not fence
        elif (length >= size and not fence and n and not lines[n - 1].strip() and line[:1].strip()
              and not line.startswith("|")):
            out.append("\n".join(lines[start:n]))
            start, length = n, 0
        length += len(line) + 1
    out.append("\n".join(lines[start:]))
    return out


def source_url(text: str) -> tuple[str | None, str]:
    """The address on the first non-blank line ("*Source: https://…*"), and the text without
    that line; (None, text) when it holds none."""
    lines = text.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return None, text
    m = _SOURCE.match(lines[first].strip())
    if not m:
        return None, text
    return m.group("url") or m.group("bare"), "\n".join(lines[:first] + lines[first + 1:])


def _is_boundary(line: str) -> bool:
    return line.strip() == "|"


def cell_line_tables(lines: list[str]) -> list[str]:
    """Word tables some converters write one cell per block between lines holding only "|"
    ("|" / "TT" / "|" / "Nội dung" / "|" … "|" / "|" where a row ends and the next begins),
    a table opening after a blank line: a data table (two rows or more of at least
    `DATA_TABLE_CELLS` cells) becomes one " | " line per row, each its own paragraph, as a
    pipe table would read; a layout table (the national header, the signature) is left for
    the boundary lines to be dropped."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        if not (_is_boundary(lines[i]) and (i == 0 or not lines[i - 1].strip())):
            out.append(lines[i])
            i += 1
            continue
        rows, blocks, end = _cell_rows(lines, i)
        if sum(len(r) >= DATA_TABLE_CELLS for r in rows) >= 2:
            for row, cells in zip(rows, blocks, strict=True):
                if max(map(len, cells), default=0) > _MAX_CELL_LINES:
                    # A site's page laid out in one table: a "cell" holding the document's
                    # whole text is no cell; its lines are the text, each a line as printed
                    # (such a page has no blank lines to tell its paragraphs by).
                    for cell in cells:
                        for line in cell:
                            out += ["", line]
                        out.append("")
                else:
                    out += ["", " | ".join(row), ""]
        else:
            out += lines[i:end]
        i = end
    return out


_MAX_CELL_LINES = 60
"""A table cell of more lines than this (a task's cell has a few dozen at most) holds a text."""


def _cell_rows(lines: list[str], start: int) -> tuple[list[list[str]], list[list[list[str]]], int]:
    """The rows of the boundary-line table at `start`, each cell's lines as printed, and the
    index after it: a boundary followed by another ends a row, one followed by a blank line
    or the end of the text ends the table; a cell's lines are its paragraphs, a bullet opening
    a new one."""
    rows: list[list[str]] = []
    blocks: list[list[list[str]]] = []
    cells: list[str] = []
    raw: list[list[str]] = []
    block: list[str] = []
    j = start + 1
    while j < len(lines):
        line = lines[j]
        if not _is_boundary(line):
            if line.strip():
                block.append(line.strip())
            j += 1
            continue
        cells.append(_cell(block))
        raw.append(block)
        block = []
        nxt = lines[j + 1] if j + 1 < len(lines) else ""
        if _is_boundary(nxt):
            rows.append(cells)
            blocks.append(raw)
            cells, raw = [], []
            j += 2
        elif not nxt.strip():
            j += 1
            break
        else:
            j += 1
    if cells:
        rows.append(cells)
        blocks.append(raw)
    return rows, blocks, j


def _cell(lines: list[str]) -> str:
    """A cell's lines on one line: agencies one per line ("Sở Khoa học và Công nghệ" / "Sở
    Nội vụ") are a list, joined with ", "; a bullet opens an entry (`cell_text`); other lines
    are a paragraph's wraps."""
    plain = [_MARKUP.sub("", ln).strip() for ln in lines]
    if len(plain) > 1 and all(agencies.is_agency_heading(ln) for ln in plain):
        return ", ".join(ln.rstrip(",;") for ln in lines)
    paragraphs: list[str] = []
    for line in lines:
        if paragraphs and not _BULLET_LINE.match(line):
            paragraphs[-1] += " " + line
        else:
            paragraphs.append(line)
    return cell_text(paragraphs)


_BOLD_BLOCK = re.compile(r"^\*\*(?P<text>[^*].*?)\*\*\s*$", re.DOTALL)


def _join_split_headings(lines: list[str]) -> list[str]:
    """A bold numbered heading a converter cut into two bold paragraphs ("**3. Đề nghị Ủy ban
    Mặt trận …, Hội Liên hiệp**" / "**Phụ nữ Thành phố và các tổ chức …**") is one: the
    first opens with an item marker and ends no clause, the second opens with none."""
    item = re.compile(config.items().item_start)
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    out: list[list[str]] = []
    for block in blocks:
        if out and block and _continues_heading(out[-1], block, item):
            out[-1] = [*out[-1][:-1], out[-1][-1].rstrip()[:-2], block[0].lstrip()[2:], *block[1:]]
            continue
        out.append(block)
    joined: list[str] = []
    for block in out:
        joined += [*block, ""]
    return joined


def _continues_heading(first: list[str], second: list[str], item: re.Pattern[str]) -> bool:
    a, b = _BOLD_BLOCK.match("\n".join(first)), _BOLD_BLOCK.match("\n".join(second))
    if not (a and b):
        return False
    head, tail = a["text"].strip(), b["text"].strip()
    if "**" in head or "**" in tail or "|" in head + tail:
        return False  # several bold runs, or a table row: no one heading
    return (bool(item.match(head)) and head[-1:] not in ".:;" and not item.match(tail)
            and not tail.isupper() and len(head.split()) + len(tail.split()) <= 30)


def _break_before_items(lines: list[str]) -> list[str]:
    """A line opening an item or a heading ("1.", "a)", "-", "Điều 2.") starts a paragraph:
    without Markdown lists, consecutive items would otherwise join into one line. A number
    the converter's fixed-width wrap put at a line's start ("… ưu tiên các địa bàn cấp độ" /
    "1. Cấp ngay mì tôm …") is no item: the line before runs to the wrap width without ending
    a clause, and the number is not the next of the items that opened lines; nor is an article
    the sentence cites ("… khoản 2 Điều 3;" / "Điều 6; khoản 5 Điều 9 …")."""
    item = re.compile(config.items().item_start)
    width = wrap_width([ln.strip() for ln in lines])
    out: list[str] = []
    last: int | None = None
    for line in lines:
        bare = _MARKUP_LEAD.sub("", line)
        number = _ITEM_NUMBER.match(bare)
        if out and out[-1].strip() and item.match(bare):
            if (number and _wrapped_number(out[-1], int(number[1]), last, width)) \
                    or _CITED_ARTICLE.match(bare):
                out.append(line)
                continue
            out.append("")
        if number:
            last = int(number[1])
        out.append(line)
    return out


_ITEM_NUMBER = re.compile(r"(\d{1,2})\.\s")
# "Điều 6; khoản 5 Điều 9 …", "Điều 3 của Luật …": an article cited in a sentence the wrap cut.
_CITED_ARTICLE = re.compile(r"(?:Điều|Chương|Mục)\s+\d{1,3}"
                            r"(?:\s*[;,)]|\s+(?:của|và|khoản|điểm|Luật|Bộ luật|Nghị định)\b)")


def _wrapped_number(before: str, number: int, last: int | None, width: int | None) -> bool:
    """Whether `number` at a line's start is the wrap's, not an item's (`_break_before_items`)."""
    prev = before.strip()
    return (width is not None and last is not None and number != last + 1
            and len(prev) >= width - 8 and prev[-1:].islower())


def _keep_attribute_lines(lines: list[str]) -> list[str]:
    """An attribute line ends its paragraph, so consecutive ones are not joined into one."""
    out: list[str] = []
    for line in lines:
        out.append(line)
        if line.strip() and label_line(_MARKUP.sub("", line).strip()):
            out.append("")
    return out
