"""An HTML tree as text lines, the way the readers and the site readers see it: a block
element starts a new line, a data table's row is one line with its cells joined by " | ".

Vietnamese documents lay out their header (issuing body beside the national motto, number
beside place and date, Decree 30/2020/NĐ-CP) and signature block as a two-column table; in
Word's "Save as HTML" pages and Markdown conversions that is an HTML table too. Such a layout
table (no row with DATA_TABLE_CELLS filled cells) gives each cell's paragraphs as lines, cell
after cell, as the DOCX reader does; only a data table gives " | " rows."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..lexicon.textnorm import UPPER

_BLOCK_TAGS = {
    "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
    "section", "article", "header", "footer", "blockquote", "pre", "dd", "dt", "dl", "br",
    "hr", "title", "main", "figure", "figcaption", "center",
}
_TABLE_PARTS = {"table", "thead", "tbody", "tfoot", "tr"}
DATA_TABLE_CELLS = 3
"""A row with this many filled cells makes a data (task) table, not a layout table."""


_BULLET = re.compile(rf"^(?:[-–•+]|\.(?=\s+[{UPPER}]))\s+")
"""A cell's bullet: a dash, a plus or a dot before a capital (". Tiếp tục hỗ trợ …", a list
under a "+" item in a table)."""


def cell_text(paragraphs: Iterable[str]) -> str:
    """One table cell's paragraphs on one line. A cell written as a bulleted list ("- Đ/c
    Vinh - PCT" / "- Đ/c Thắng - PCT") keeps its entries apart with "; " and drops the
    bullets, since a hyphen inside an entry would run two entries into one; other paragraphs
    run on with a space."""
    parts = [" ".join(p.split()) for p in paragraphs if p.strip()]
    if any(_BULLET.match(p) for p in parts):
        return "; ".join(_BULLET.sub("", p) for p in parts)
    return " ".join(parts)


def _cell_paragraphs(cell) -> list[str]:
    """A <td>'s paragraphs, where its text is all in <p>/<li> blocks (Word's HTML); else its
    text as one paragraph."""
    blocks = [b.get_text(" ") for b in cell.find_all(["p", "li"]) if not b.find(["p", "li"])]
    whole = cell.get_text(" ")
    if len(blocks) > 1 and "".join("".join(blocks).split()) == "".join(whole.split()):
        return blocks
    return [whole]


def _is_layout_table(table) -> bool:
    rows = _own(table, ("tr",))
    filled = [sum(1 for c in tr.find_all(["td", "th"], recursive=False) if c.get_text(strip=True))
              for tr in rows]
    return bool(filled) and max(filled) < DATA_TABLE_CELLS


def _own(table, names: tuple[str, ...]) -> list:
    """The elements named `names` whose nearest table is `table` (not those of a table
    nested in it), in document order: a walk that skips nested tables, so tables nested
    a thousand deep cost their size, not its square."""
    from bs4 import Tag

    found = []
    stack = list(reversed([c for c in table.children if isinstance(c, Tag)]))
    while stack:
        el = stack.pop()
        if el.name in names:
            found.append(el)
        if el.name != "table":
            stack.extend(reversed([c for c in el.children if isinstance(c, Tag)]))
    return found


def flatten_deep(soup, limit: int) -> int:
    """Replace each element `limit` levels down the parsed page `soup` by its text lines
    (a line break between them), and say how many were: a page nested thousands deep (a
    broken editor, a hostile page) would otherwise cost the square of its depth in every
    walk that asks an element for its text. Real pages nest a few dozen levels."""
    from bs4 import NavigableString, Tag

    deep = []
    stack = [(soup, 0)]
    while stack:
        el, depth = stack.pop()
        for child in el.children:
            if isinstance(child, Tag):
                # A table's rows and cells keep their structure, so the text lands in a cell.
                if depth + 1 >= limit and child.name not in _TABLE_PARTS:
                    deep.append(child)
                else:
                    stack.append((child, depth + 1))
    for el in deep:
        lines = _plain_lines(el)
        el.clear()
        for n, line in enumerate(lines):
            if n:
                el.append(soup.new_tag("br"))
            el.append(NavigableString(line))
    return len(deep)


def _plain_lines(el) -> list[str]:
    """The text of `el`, a line per block element (no table layout), walked without recursion."""
    from bs4 import NavigableString

    lines: list[str] = []
    buf: list[str] = []
    stack: list = [el]  # elements, strings, and None: end the current line
    while stack:
        node = stack.pop()
        if node is None:
            lines.append(" ".join("".join(buf).split()))
            buf.clear()
        elif isinstance(node, NavigableString):
            if node.__class__.__name__ not in ("Comment", "Doctype", "Declaration", "CData"):
                buf.append(str(node))
        else:
            children = list(reversed(node.contents))
            stack.extend([None, *children, None] if node.name in _BLOCK_TAGS else children)
    lines.append(" ".join("".join(buf).split()))
    return [line for line in lines if line]


def html_lines(root) -> list[str]:
    """Walk the tree; block elements start new lines, table cells are joined with ' | '.

    The walk keeps its own stack rather than recursing, so a page nested thousands of
    elements deep (a broken editor's output, or a hostile page) reads like any other."""
    from bs4 import NavigableString, Tag

    lines: list[str] = []
    buf: list[str] = []
    flush = object()  # a stack entry: end the current line

    def end_line() -> None:
        text = " ".join("".join(buf).split())
        if text:
            lines.append(text)
        buf.clear()

    # Entries: `flush`, a string for the current line, or an element whose children are to
    # be walked; each element's entries are pushed in reverse, so they pop in document order.
    stack: list = [root]
    while stack:
        node = stack.pop()
        if node is flush:
            end_line()
        elif isinstance(node, str):
            buf.append(node)
        else:
            todo: list = []
            for child in node.children:
                if isinstance(child, NavigableString):
                    if child.__class__.__name__ not in ("Comment", "Doctype", "Declaration", "CData"):
                        todo.append(str(child))
                elif isinstance(child, Tag):
                    if child.name == "table" and _is_layout_table(child):
                        for cell in _own(child, ("td", "th")):
                            todo += [flush, cell, flush]
                    elif child.name in ("td", "th"):
                        # A cell is one value even when Word or a portal wraps it in <p>/<div>.
                        todo.append(cell_text(_cell_paragraphs(child)) + " | ")
                    elif child.name in _BLOCK_TAGS:
                        todo += [flush, child, flush]
                    else:
                        todo.append(child)
            stack.extend(reversed(todo))
    end_line()
    return [strip_cell_separators(line) for line in lines if line.strip(" |")]


def _is_separator(c: str) -> bool:
    return c == "|" or c.isspace()  # `\s` of a str pattern is str.isspace()


def strip_cell_separators(line: str) -> str:
    r"""The line without the leading and trailing ' | ' of empty cells, in linear time.

    It is what `re.sub(r"^(\s*\|\s*)+|(\s*\|\s*)+$", "", line)` did, but that pattern
    backtracks exponentially on a row of empty cells followed by text (22 cells: 6.8 s, 26:
    over 100 s, issue 14): whitespace between two pipes can end one repetition or start the
    next."""
    start, end = 0, len(line)
    while start < end and _is_separator(line[start]):
        start += 1
    if "|" not in line[:start]:
        start = 0
    stop = end
    while stop > start and _is_separator(line[stop - 1]):
        stop -= 1
    if "|" in line[stop:]:
        end = stop
    return line[start:end]
