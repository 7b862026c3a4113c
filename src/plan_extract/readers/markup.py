"""An HTML tree as text lines, the way the readers and the site readers see it: a block
element starts a new line, a data table's row is one line with its cells joined by " | ".

Vietnamese documents lay out their header (issuing body beside the national motto, number
beside place and date, Decree 30/2020/NĐ-CP) and signature block as a two-column table; in
Word's "Save as HTML" pages and Markdown conversions that is an HTML table too. Such a layout
table (no row with DATA_TABLE_CELLS filled cells) gives each cell's paragraphs as lines, cell
after cell, as the DOCX reader does; only a data table gives " | " rows."""

from __future__ import annotations

_BLOCK_TAGS = {
    "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
    "section", "article", "header", "footer", "blockquote", "pre", "dd", "dt", "dl", "br",
    "hr", "title", "main", "figure", "figcaption", "center",
}
DATA_TABLE_CELLS = 3
"""A row with this many filled cells makes a data (task) table, not a layout table."""


def _is_layout_table(table) -> bool:
    rows = [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]
    filled = [sum(1 for c in tr.find_all(["td", "th"], recursive=False) if c.get_text(strip=True))
              for tr in rows]
    return bool(filled) and max(filled) < DATA_TABLE_CELLS


def html_lines(root) -> list[str]:
    """Walk the tree; block elements start new lines, table cells are joined with ' | '."""
    from bs4 import NavigableString, Tag

    lines: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        text = " ".join("".join(buf).split())
        if text:
            lines.append(text)
        buf.clear()

    def walk(node) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if child.__class__.__name__ in ("Comment", "Doctype", "Declaration", "CData"):
                    continue
                buf.append(str(child))
            elif isinstance(child, Tag):
                if child.name == "table" and _is_layout_table(child):
                    for cell in (c for c in child.find_all(["td", "th"]) if c.find_parent("table") is child):
                        flush()
                        walk(cell)
                        flush()
                elif child.name in ("td", "th"):
                    # A cell is one value even when Word or a portal wraps it in <p>/<div>.
                    buf.append(" ".join(child.get_text(" ").split()) + " | ")
                elif child.name in _BLOCK_TAGS:
                    flush()
                    walk(child)
                    flush()
                else:
                    walk(child)

    walk(root)
    flush()
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
