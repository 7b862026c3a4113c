"""Read one input file (txt, HTML, PDF, DOCX) into a `RawDocument`: text, one block per line.

Only this module and the CLI touch files. Everything it cannot read raises `IngestError`
with a message a researcher can act on; the batch turns that into an error record.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .docx_reader import read_docx
from .errors import IngestError
from .models import Format, OcrPage, RawDocument, Source, Warning

__all__ = ["IngestError", "read_bytes", "read_document", "strip_running_lines"]

SUFFIXES: dict[str, Format] = {
    ".txt": "txt",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
    ".docx": "docx",
}


def read_document(path: Path) -> RawDocument:
    """Read `path` by its extension; the bytes are hashed so outputs can be traced."""
    fmt = SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise IngestError(f"unsupported file type {path.suffix!r} (expected .txt, .html, .pdf, .docx)")
    data = path.read_bytes()
    source = Source(
        path=str(path), format=fmt, sha256=hashlib.sha256(data).hexdigest(), bytes=len(data),
        url=_sidecar(path).get("url"),
    )
    return read_bytes(data, source)


def _sidecar(path: Path) -> dict:
    """`plan-extract fetch` writes `<name>.meta.json` beside each page (url, dates, adapter)."""
    for candidate in (path.with_name(path.stem + ".meta.json"), path.with_name(path.name + ".meta.json")):
        if candidate.exists():
            try:
                return json.loads(candidate.read_text("utf-8"))
            except (OSError, ValueError):
                return {}
    return {}


@dataclass
class Reading:
    """What a format reader gives back: the text, what it changed, and what it learnt."""

    text: str
    warnings: list[Warning] = field(default_factory=list)
    adapter: str | None = None
    attributes: dict[str, str] = field(default_factory=dict)
    ocr: list[OcrPage] = field(default_factory=list)


def read_bytes(data: bytes, source: Source) -> RawDocument:
    readers = {"txt": _read_txt, "html": _read_html, "pdf": _read_pdf, "docx": _read_docx}
    reading = readers[source.format](data)
    if not reading.text.strip():
        raise IngestError("document has no text")
    if reading.adapter or reading.ocr:
        source = source.model_copy(update={"adapter": reading.adapter, "ocr": reading.ocr})
    return RawDocument(source=source, text=reading.text, warnings=reading.warnings,
                       attributes=reading.attributes)


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM) or UTF-16 (BOM, or NUL-heavy without one); else an error.

    Legacy Vietnamese encodings (TCVN3, VNI) are not guessed: a wrong guess would produce
    plausible-looking garbage, so they are reported instead.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise IngestError(f"invalid UTF-16 text: {exc.reason} at byte {exc.start}") from exc
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if len(data) >= 4 and data.count(0) > len(data) // 4:
            even_nuls = data[0::2].count(0) > data[1::2].count(0)
            try:
                return data.decode("utf-16-be" if even_nuls else "utf-16-le")
            except UnicodeDecodeError:
                pass
        raise IngestError(
            f"not UTF-8 or UTF-16 text (undecodable byte 0x{data[exc.start]:02x} at offset "
            f"{exc.start}); re-save the file as UTF-8"
        ) from exc


def _read_txt(data: bytes) -> Reading:
    return Reading(decode_text(data))


def _read_docx(data: bytes) -> Reading:
    return Reading(*read_docx(data))


# --- HTML -------------------------------------------------------------------------------

_BLOCK_TAGS = {
    "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
    "section", "article", "header", "footer", "blockquote", "pre", "dd", "dt", "dl", "br",
    "hr", "title", "main", "figure", "figcaption", "center",
}
# Not "form": ASP.NET portals (the legal database among them) wrap the whole page in one.
_DROP_TAGS = ["script", "style", "noscript", "template", "iframe", "svg", "button", "select",
              "input", "nav"]
# Containers known to hold the document text on Vietnamese legal/portal sites, best first.
_MAIN_SELECTORS = ["#toanvancontent", ".toanvancontent", ".fulltext", "article", "main",
                   "#content", ".content"]
# A container is taken as the main text only if it holds this share of the page's text.
_MAIN_MIN_SHARE = 0.3


def _read_html(data: bytes) -> Reading:
    """A site adapter's reading when one recognises the page, else the main content."""
    from bs4 import BeautifulSoup

    from .adapters import adapt

    soup = BeautifulSoup(data, "lxml")
    warnings: list[Warning] = []
    for tag in soup(_DROP_TAGS):
        tag.decompose()
    adapted = adapt(soup)
    if adapted is not None:
        warnings.append(Warning(stage="ingest", code="site-adapter",
                                message=f"read by the {adapted.adapter} adapter"))
        return Reading("\n".join(adapted.lines), warnings, adapted.adapter, adapted.attributes)
    body = soup.body or soup
    total = len(body.get_text(" ", strip=True))
    root = body
    for selector in _MAIN_SELECTORS:
        found = soup.select_one(selector)
        if found is not None and len(found.get_text(" ", strip=True)) >= _MAIN_MIN_SHARE * total:
            root = found
            break
    lines: list[str] = []
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    if title and root.name == "body":
        lines.append(title)
    lines.extend(html_lines(root))
    if root.name not in ("body", "[document]"):
        warnings.append(Warning(stage="ingest", code="html-main-content",
                                message=f"kept the main content container <{root.name}> only"))
    return Reading("\n".join(lines), warnings)


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


# --- PDF --------------------------------------------------------------------------------

_PAGE_NUMBER = re.compile(r"^\s*(?:-\s*)?(?:trang\s+)?\d{1,4}(?:\s*/\s*\d{1,4})?(?:\s*-)?\s*$",
                          re.IGNORECASE)
_GAZETTE_HEADER = re.compile(r"^\s*CÔNG BÁO\s*/\s*Số\b.*$")


def _read_pdf(data: bytes) -> Reading:
    """Lines laid out by coordinates (see `pdf_layout`), running lines dropped, wrapped
    lines joined; text drawn in signature widgets placed where it is drawn; pages with no
    text layer OCRed where tesseract is installed."""
    import io

    import pdfplumber

    from .pdf_layout import (
        LayoutStats,
        continue_tables,
        document_margins,
        join_wrapped,
        page_lines,
        upright_page,
    )

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises many unrelated types on broken files
        raise IngestError(f"cannot open PDF: {type(exc).__name__}: {exc}") from exc
    widgets: list[str] = []
    stats = LayoutStats()
    pages: list[list] = []
    with pdf:
        try:
            for n, as_stored in enumerate(pdf.pages):
                page = upright_page(pdf, as_stored, n, stats)
                drawn = _widget_chars(page)
                widgets += [" ".join(c["text"] for c in group) for group in drawn]
                pages.append(page_lines(page, [c for group in drawn for c in group], n, stats))
        except Exception as exc:  # a damaged content stream: say which page failed
            raise IngestError(f"cannot read PDF page {len(pages) + 1}: {type(exc).__name__}: {exc}") from exc
    warnings: list[Warning] = []
    ocr = _ocr_blank_pages(data, pages, warnings)
    # Table rows stay out of the running-line count: a header row repeated on every page of
    # a long table is the table's, and `continue_tables` drops the repeats.
    text_lines = [[ln for ln in p if ln.kind != "table"] for p in pages]
    running = {id(text_lines[n][i]) for n, i in running_lines([[ln.text for ln in p] for p in text_lines])}
    dropped = [ln.text for p in text_lines for ln in p if id(ln) in running]
    kept_pages = [[ln for ln in p if id(ln) not in running] for p in pages]
    continue_tables(kept_pages, stats)
    lines = join_wrapped([ln for p in kept_pages for ln in p], document_margins(kept_pages), stats)
    if dropped:
        warnings.append(_running_warning(dropped))
    warnings.append(Warning(
        stage="ingest", code="pdf-layout", removed=stats.repeated_headers,
        message=f"read by coordinates: {stats.columns} two-column block(s) put column by column, "
                f"{stats.tables} table(s) as {stats.rows} ' | ' row(s), {stats.continued} "
                f"continued on the next page, {len(stats.repeated_headers)} repeated header row(s) "
                f"dropped, {stats.joined} wrapped line(s) joined"
                + (f"; sideways text read turned: {', '.join(stats.turned)}" if stats.turned else "")))
    if widgets:
        warnings.append(Warning(stage="ingest", code="signature-widget", removed=[],
                                message="placed text drawn in signature widgets where it is drawn: "
                                        + "; ".join(repr(w) for w in widgets)))
    attributes = {"signature_widgets": " | ".join(widgets)} if widgets else {}
    return Reading("\n".join(lines), warnings, attributes=attributes, ocr=ocr)


def _ocr_blank_pages(data: bytes, pages: list[list], warnings: list[Warning]) -> list[OcrPage]:
    """OCR the pages that have no text layer, in place, where tesseract with Vietnamese data
    is installed; a fully scanned PDF without it is an error, a partly scanned one a warning."""
    from . import ocr
    from .pdf_layout import Line

    blank = [n for n, p in enumerate(pages) if not any(ln.text.strip() for ln in p)]
    if not blank:
        return []
    reason = ocr.available()
    if reason is not None:
        if len(blank) == len(pages):
            raise IngestError(f"no text layer (scanned PDF); OCR is not available: {reason}")
        warnings.append(Warning(stage="ingest", code="no-text-layer", removed=[],
                                message=f"page(s) {', '.join(str(n + 1) for n in blank)} have no text "
                                        f"layer and were skipped; OCR is not available: {reason}"))
        return []
    try:
        read = ocr.ocr_pdf(data, pages=blank)
    except ocr.OcrError as exc:
        raise IngestError(f"no text layer (scanned PDF) and OCR failed: {exc}") from exc
    if len(blank) == len(pages) and not any(p.text.strip() for p in read):
        raise IngestError(f"no text layer (scanned PDF) and OCR found no text on its {len(pages)} page(s)")
    fixed: list[str] = []
    for page in read:
        lines = []
        for before in page.text.splitlines():
            text = ocr.fix_header_words(before)
            if text != before:
                fixed.append(before)
            if text.strip():
                lines.append(Line(text, 0.0, 0.0, float(len(lines)), float(len(lines)), 0.0,
                                  page.page - 1, "ocr"))
        pages[page.page - 1] = lines
    warnings.append(Warning(
        stage="ingest", code="ocr", removed=[],
        message="OCR (tesseract, vie) of page(s) with no text layer: " + "; ".join(
            f"page {p.page}: {p.words} words, mean confidence {p.confidence:.1f}" for p in read)
        + ". OCR text can misread diacritics: check values taken from it."))
    if fixed:
        warnings.append(Warning(stage="ingest", code="ocr-fixes", removed=fixed,
                                message=f"fixed known OCR misreadings of header words in {len(fixed)} "
                                        "line(s) (data/ocr_fixes.toml); the lines as read are listed"))
    return [OcrPage(page=p.page, words=p.words, confidence=round(p.confidence, 1)) for p in read]


def _widget_chars(page) -> list[list[dict]]:
    """Characters drawn by signature widgets' appearance streams, in page coordinates.

    E-signed provincial PDFs leave "Số:   /KH-UBND" and "ngày   tháng" blank in the text
    layer and draw the number and day in the signing software's widgets; pdfminer can
    interpret a widget's form XObject like a page, and its characters are then moved to the
    widget's rectangle (assuming the usual identity matrix, BBox at the rectangle's size).
    """
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LTChar, LTContainer
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdftypes import resolve1

    def walk(obj):
        if isinstance(obj, LTChar):
            yield obj
        elif isinstance(obj, LTContainer):
            for child in obj:
                yield from walk(child)

    out = []
    manager = PDFResourceManager()
    for annot in page.annots:
        data = annot.get("data") or {}
        try:
            if str(resolve1(data.get("FT"))) != "/'Sig'":
                continue
            stream = resolve1((resolve1(data.get("AP")) or {}).get("N"))
            if stream is None:
                continue
            bbox = [float(v) for v in resolve1(stream.attrs.get("BBox", [0, 0, 0, 0]))]
            device = PDFPageAggregator(manager, laparams=None)
            interpreter = PDFPageInterpreter(manager, device)

            class _Form:
                pageid, rotate = 0, 0
                mediabox = cropbox = bbox
                resources = resolve1(stream.attrs.get("Resources")) or {}
                contents = [stream]

            interpreter.process_page(_Form)
            glyphs = [c for c in walk(device.get_result()) if c.get_text().strip()]
        except Exception:  # a widget we cannot read is no worse than no widget
            continue
        if not glyphs:
            continue
        # One synthetic "character" per run of glyphs (a day and a month drawn in one widget
        # are two runs), so the page's text extraction spaces them as words.
        runs: list[list] = []
        for g in sorted(glyphs, key=lambda g: g.x0):
            if runs and g.x0 - runs[-1][-1].x1 <= 1.5 * max(g.width, 1.0):
                runs[-1].append(g)
            else:
                runs.append([g])
        group = []
        for run in runs:
            x0 = annot["x0"] + (run[0].x0 - bbox[0])
            x1 = annot["x0"] + (run[-1].x1 - bbox[0])
            top = annot["top"] + (bbox[3] - max(g.y1 for g in run))
            height = max(g.height for g in run)
            group.append({"text": "".join(g.get_text() for g in run), "x0": x0, "x1": x1,
                          "top": top, "bottom": top + height, "upright": True,
                          "size": run[0].size, "width": x1 - x0, "height": height,
                          "fontname": run[0].fontname, "doctop": top, "object_type": "char"})
        out.append(group)
    return out


def strip_running_lines(pages: list[list[str]]) -> tuple[str, list[Warning]]:
    """Join pages, dropping running headers/footers and bare page numbers."""
    running = running_lines(pages)
    kept = [ln for n, lines in enumerate(pages) for i, ln in enumerate(lines) if (n, i) not in running]
    dropped = [ln for n, lines in enumerate(pages) for i, ln in enumerate(lines) if (n, i) in running]
    return "\n".join(kept), [_running_warning(dropped)] if dropped else []


def running_lines(pages: list[list[str]]) -> set[tuple[int, int]]:
    """(page, line) positions of running headers/footers and bare page numbers.

    A running line is one printed at the top or bottom of at least half the pages (and at
    least two) or a gazette header ("CÔNG BÁO/Số …/Ngày …"); digits are masked so that
    "Trang 3" and "Trang 4" count as the same line.
    """
    def key(line: str) -> str:
        return re.sub(r"\d+", "#", " ".join(line.split()))

    def edges(lines: list[str]) -> set[str]:
        body = [ln for ln in lines if ln.strip()]
        return set(body[:2] + body[-2:])

    edge = Counter(k for lines in pages for k in {key(ln) for ln in edges(lines)})
    threshold = max(2, (len(pages) + 1) // 2)
    running = {k for k, n in edge.items() if n >= threshold and len(pages) >= 2}
    found = set()
    for n, lines in enumerate(pages):
        at_edge = edges(lines)
        for i, ln in enumerate(lines):
            if (ln in at_edge and (key(ln) in running or _PAGE_NUMBER.match(ln))) \
                    or _GAZETTE_HEADER.match(ln):
                found.add((n, i))
    return found


def _running_warning(dropped: list[str]) -> Warning:
    return Warning(stage="ingest", code="running-lines-removed", removed=dropped,
                   message=f"removed {len(dropped)} running header/footer/page-number lines")
