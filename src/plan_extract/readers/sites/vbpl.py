"""The national legal database (vbpl): the old layout's "Thuộc tính" (attributes) and
"Toàn văn" (full text, `div#toanvancontent`) tabs, and the 2026 layout (an `h1` title, status
and dates above `rc-tabs` panels)."""

from __future__ import annotations

import re

from ...lexicon.doc_types import doc_type_word
from ..markup import html_lines
from .base import AdapterResult, label_cells, put, site, text_of


@site(10)
def vbpl_old_toanvan(soup) -> AdapterResult | None:
    """Old layout, "Toàn văn" tab: the text is `div#toanvancontent`."""
    body = soup.select_one("#toanvancontent")
    if body is None:
        return None
    attrs: dict[str, str] = {}
    info = soup.select_one(".vbInfo")
    if info:
        label_cells([text_of(li) for li in info.find_all("li") if text_of(li)], attrs)
    crumb = soup.select_one(".box-map")
    title = crumb.get_text(" ", strip=True).split("»")[-1].strip() if crumb else None
    if title:
        _title_attributes(title, attrs)
    return AdapterResult("vbpl-old-toanvan", html_lines(body), title or None, attrs)


@site(20)
def vbpl_old_thuoctinh(soup) -> AdapterResult | None:
    """Old layout, "Thuộc tính" tab: the attribute table; the page carries no text."""
    table = next((t for t in soup.find_all("table") if "Số ký hiệu" in t.get_text()), None)
    if table is None or soup.select_one("#toanvancontent"):
        return None
    attrs: dict[str, str] = {}
    lines = []
    for row in table.find_all("tr"):
        cells = [text_of(c) for c in row.find_all(["td", "th"]) if text_of(c)]
        label_cells(cells, attrs)
        if cells:
            lines.append(" | ".join(cells))
    crumb = soup.select_one(".box-map")
    title = crumb.get_text(" ", strip=True).split("»")[-1].strip() if crumb else None
    title_cell = table.select_one("td.title")
    subject = text_of(title_cell) if title_cell else None
    if title and subject:
        title = f"{title} {subject}"
    return AdapterResult("vbpl-old-thuoctinh", ([title] if title else []) + lines, title, attrs)


def _title_attributes(title: str, attrs: dict[str, str]) -> None:
    """The breadcrumb's last part names the document: "Bộ luật 101/2015/QH13", "Hiến pháp
    Không số" (no number)."""
    doc_type = doc_type_word(title)
    if doc_type:
        put(attrs, "doc_type", doc_type)
        rest = title[len(doc_type):].split()
        if rest and any(c.isdigit() for c in rest[0]):
            put(attrs, "doc_number", rest[0])


@site(30)
def vbpl_new(soup) -> AdapterResult | None:
    """2026 layout: an `h1` title, status and dates above `rc-tabs` panels; the text panel is
    the one of the "toàn văn" tab."""
    panel = soup.select_one("[id$=panel-toan-van]")
    if panel is None:
        return None
    h1 = soup.find("h1")
    title = text_of(h1) if h1 else None
    attrs: dict[str, str] = {}
    if h1 is not None:
        header = h1.find_parent(lambda t: t.name == "div" and "Ngày có hiệu lực" in t.get_text())
        if header is not None:
            cells = [s.strip() for s in header.get_text("|").split("|") if s.strip()]
            label_cells(cells, attrs)
            status = next((c for c in cells if c in ("Còn hiệu lực", "Hết hiệu lực",
                                                     "Hết hiệu lực một phần", "Chưa có hiệu lực")),
                          None)
            if status:
                put(attrs, "status", status)
    if title:
        m = re.match(r"^(.+?)\s+số\s+(\S+)", title)
        if m:
            put(attrs, "doc_type", m.group(1))
            put(attrs, "doc_number", m.group(2))
    return AdapterResult("vbpl-2026", html_lines(panel), title, attrs)
