"""An HTML tree as text lines, the way the readers and the site readers see it: a block
element starts a new line, a table row is one line with its cells joined by " | "."""

from __future__ import annotations

import re

_BLOCK_TAGS = {
    "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
    "section", "article", "header", "footer", "blockquote", "pre", "dd", "dt", "dl", "br",
    "hr", "title", "main", "figure", "figcaption", "center",
}
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
                if child.name in ("td", "th"):
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
    return [re.sub(r"^(\s*\|\s*)+|(\s*\|\s*)+$", "", line) for line in lines if line.strip(" |")]
