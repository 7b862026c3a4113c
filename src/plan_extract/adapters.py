"""Site adapters: a fetched page -> the document's text plus the attributes the site states.

The national legal database shows a document as tabs: "Thuộc tính" (attributes: Số ký hiệu,
Ngày ban hành, Loại văn bản, Ngày có hiệu lực, Cơ quan ban hành / Người ký, Tình trạng) and
"Toàn văn" (the text, in `div#toanvancontent` on the old layout); the 2026 layout renders
tabs as `rc-tabs-*` panels under an `h1` title and effective/updated dates. Provincial
portals publish articles as a title, a date line and a body between navigation and
related-news lists. Anything else goes to the generic reader. Attribute names are metadata
field names; values are as printed (dates ISO where they parse).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from . import dates
from .textnorm import fold


@dataclass
class AdapterResult:
    adapter: str
    lines: list[str]
    title: str | None = None
    attributes: dict[str, str] = field(default_factory=dict)


# Attribute labels on the database's pages -> metadata fields; "-" drops a cell.
_LABELS = {
    "số ký hiệu": ("doc_number",), "số hiệu": ("doc_number",),
    "ngày ban hành": ("issue_date",), "loại văn bản": ("doc_type",),
    "ngày có hiệu lực": ("effective_date",), "ngày hiệu lực": ("effective_date",),
    "cơ quan ban hành/ chức danh / người ký": ("issuer", "-", "signer"),
    "cơ quan ban hành": ("issuer",), "người ký": ("signer",), "lĩnh vực": ("field",),
    "ngày đăng công báo": ("gazette_date",), "tình trạng hiệu lực": ("status",),
    "ngày cập nhật": ("updated_date",), "hiệu lực": ("status",),
}
_DATE_FIELDS = {"issue_date", "effective_date", "gazette_date", "updated_date", "published_date"}


def _text(node) -> str:
    return " ".join(node.get_text(" ").split())


def _put(attrs: dict[str, str], name: str, value: str) -> None:
    value = " ".join(value.split()).strip(" :|")
    if not value or name == "-" or name in attrs:
        return
    if name in _DATE_FIELDS:
        value = dates.parse_date(value) or value
    attrs[name] = value


def _label_cells(cells: list[str], attrs: dict[str, str]) -> None:
    """"Key | value | Key | value" rows, and "Key: value" cells."""
    i = 0
    while i < len(cells):
        cell = cells[i]
        key = fold(cell).rstrip(":")
        if key in _LABELS:
            names = _LABELS[key]
            for j, name in enumerate(names, start=1):
                if i + j < len(cells):
                    _put(attrs, name, cells[i + j])
            i += 1 + len(names)
            continue
        m = re.match(r"^([^:]{3,40}):\s*(\S.*)$", cell)
        if m and fold(m.group(1)) in _LABELS:
            _put(attrs, _LABELS[fold(m.group(1))][0], m.group(2))
        i += 1


def vbpl_old_thuoctinh(soup) -> AdapterResult | None:
    """Old layout, "Thuộc tính" tab: the attribute table; the page carries no text."""
    table = next((t for t in soup.find_all("table") if "Số ký hiệu" in t.get_text()), None)
    if table is None or soup.select_one("#toanvancontent"):
        return None
    attrs: dict[str, str] = {}
    lines = []
    for row in table.find_all("tr"):
        cells = [_text(c) for c in row.find_all(["td", "th"]) if _text(c)]
        _label_cells(cells, attrs)
        if cells:
            lines.append(" | ".join(cells))
    crumb = soup.select_one(".box-map")
    title = crumb.get_text(" ", strip=True).split("»")[-1].strip() if crumb else None
    title_cell = table.select_one("td.title")
    subject = _text(title_cell) if title_cell else None
    if title and subject:
        title = f"{title} {subject}"
    return AdapterResult("vbpl-old-thuoctinh", ([title] if title else []) + lines, title, attrs)


def vbpl_old_toanvan(soup) -> AdapterResult | None:
    """Old layout, "Toàn văn" tab: the text is `div#toanvancontent`."""
    body = soup.select_one("#toanvancontent")
    if body is None:
        return None
    from .ingest import html_lines

    attrs: dict[str, str] = {}
    info = soup.select_one(".vbInfo")
    if info:
        _label_cells([_text(li) for li in info.find_all("li") if _text(li)], attrs)
    crumb = soup.select_one(".box-map")
    title = crumb.get_text(" ", strip=True).split("»")[-1].strip() if crumb else None
    if title:
        _title_attributes(title, attrs)
    return AdapterResult("vbpl-old-toanvan", html_lines(body), title or None, attrs)


def _title_attributes(title: str, attrs: dict[str, str]) -> None:
    """The breadcrumb's last part names the document: "Bộ luật 101/2015/QH13", "Hiến pháp
    Không số" (no number)."""
    from .header import doc_type_word

    doc_type = doc_type_word(title)
    if doc_type:
        _put(attrs, "doc_type", doc_type)
        rest = title[len(doc_type):].split()
        if rest and any(c.isdigit() for c in rest[0]):
            _put(attrs, "doc_number", rest[0])


def vbpl_new(soup) -> AdapterResult | None:
    """2026 layout: an `h1` title, status and dates above `rc-tabs` panels; the text panel is
    the one of the "toàn văn" tab."""
    panel = soup.select_one("[id$=panel-toan-van]")
    if panel is None:
        return None
    from .ingest import html_lines

    h1 = soup.find("h1")
    title = _text(h1) if h1 else None
    attrs: dict[str, str] = {}
    if h1 is not None:
        header = h1.find_parent(lambda t: t.name == "div" and "Ngày có hiệu lực" in t.get_text())
        if header is not None:
            cells = [s.strip() for s in header.get_text("|").split("|") if s.strip()]
            _label_cells(cells, attrs)
            status = next((c for c in cells if c in ("Còn hiệu lực", "Hết hiệu lực",
                                                     "Hết hiệu lực một phần", "Chưa có hiệu lực")),
                          None)
            if status:
                _put(attrs, "status", status)
    if title:
        m = re.match(r"^(.+?)\s+số\s+(\S+)", title)
        if m:
            _put(attrs, "doc_type", m.group(1))
            _put(attrs, "doc_number", m.group(2))
    return AdapterResult("vbpl-2026", html_lines(panel), title, attrs)


_DATE_CLASS = re.compile(r"date|time|published|ngay", re.IGNORECASE)
_RELATED = re.compile(r"related|other|lienquan|tin-?khac|tinkhac|more|sidebar|share|comment|tag",
                      re.IGNORECASE)


def portal_news(soup) -> AdapterResult | None:
    """A portal article: `h1` title, the date element next to it, and the body of the article
    container, without related-news lists, share bars or comments."""
    h1 = soup.find("h1")
    if h1 is None:
        return None
    article = h1.find_parent("article") or h1.find_parent(
        lambda t: t.name == "div" and len(t.get_text(strip=True)) > 400)
    if article is None:
        return None
    from .ingest import html_lines

    attrs: dict[str, str] = {}
    for node in article.find_all(class_=_DATE_CLASS):
        value = dates.parse_date(_text(node))
        if value:
            attrs["published_date"] = value
            node.decompose()
            break
    for node in article.find_all(class_=_RELATED):
        node.decompose()
    for node in article.find_all(["figure", "figcaption", "img", "nav", "aside"]):
        node.decompose()
    title = _text(h1)
    h1.decompose()
    lines = html_lines(article)
    if attrs.get("published_date"):
        lines.insert(0, attrs["published_date"])
    return AdapterResult("portal-news", [title, *lines], title, attrs)


ADAPTERS: list[Callable] = [vbpl_old_toanvan, vbpl_old_thuoctinh, vbpl_new, portal_news]


def adapt(soup) -> AdapterResult | None:
    """The first adapter that recognises the page, or None (the generic reader then)."""
    for adapter in ADAPTERS:
        result = adapter(soup)
        if result is not None and any(line.strip() for line in result.lines):
            return result
    return None


def adapter_name(url: str, body: bytes, content_type: str) -> str | None:
    """For `fetch`: which adapter will read this page (recorded in the manifest)."""
    if "html" not in (content_type or ""):
        return None
    from bs4 import BeautifulSoup

    result = adapt(BeautifulSoup(body, "lxml"))
    return result.adapter if result else "generic"
