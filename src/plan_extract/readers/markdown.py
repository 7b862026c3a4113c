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
from ..lexicon.attributes import label_line
from .markup import html_lines
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
# Emphasis markers CommonMark leaves as text: "**Điều 2. **Quyết định …" (a space before the
# closing run), "* *" (emphasis of nothing). Legal texts use no asterisks of their own but a
# footnote's "(*)", which is not next to a space and stays.
_STRAY_EMPHASIS = re.compile(r"(?:(?<=\s)|^)\*{1,3}|\*{1,3}(?=\s|$)")


@reader("md", suffixes=(".md", ".markdown"), media_types=("text/markdown",))
def read_markdown(data: bytes) -> Reading:
    from bs4 import BeautifulSoup
    from markdown_it import MarkdownIt

    text, warnings = decode_text(data)
    url, text = source_url(text)
    text = _CELL_BOUNDARY.sub("", text)
    text = "\n".join(_break_before_items(_keep_attribute_lines(text.split("\n"))))
    # Lists are not parsed: "1." and "-" are the outline's markers and stay in the text.
    md = MarkdownIt("commonmark", {"html": False}).enable("table").disable("list")
    lines = []
    for piece in pieces(text, _PIECE_CHARS):
        soup = BeautifulSoup(md.render(piece), "lxml")
        lines += [line for raw in html_lines(soup.body or soup)
                  if (line := _STRAY_EMPHASIS.sub("", raw).strip())]
    notice = Warning(stage="ingest", code="markdown",
                     message="read as Markdown: markup removed, paragraphs joined, pipe tables as rows"
                             + (f"; source URL {url}" if url else ""))
    return Reading("\n".join(lines), [*warnings, notice], url=url)


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


def _break_before_items(lines: list[str]) -> list[str]:
    """A line opening an item or a heading ("1.", "a)", "-", "Điều 2.") starts a paragraph:
    without Markdown lists, consecutive items would otherwise join into one line."""
    item = re.compile(config.items().item_start)
    out: list[str] = []
    for line in lines:
        if out and out[-1].strip() and item.match(_MARKUP_LEAD.sub("", line)):
            out.append("")
        out.append(line)
    return out


def _keep_attribute_lines(lines: list[str]) -> list[str]:
    """An attribute line ends its paragraph, so consecutive ones are not joined into one."""
    out: list[str] = []
    for line in lines:
        out.append(line)
        if line.strip() and label_line(_MARKUP.sub("", line).strip()):
            out.append("")
    return out
