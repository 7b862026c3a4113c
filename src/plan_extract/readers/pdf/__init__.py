"""PDF: pages laid out by coordinates (`layout`), running lines dropped (`running_lines`),
text drawn in signature widgets placed where it is drawn (`widgets`), pages with no text
layer read by OCR where tesseract is installed (`ocr`)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from ... import config
from ...document import OcrPage, PageRead, Warning
from ...errors import OcrError, ReadError
from ..registry import Reading, reader
from . import ocr, repair
from .layout import (
    LayoutStats,
    Line,
    continue_tables,
    document_margins,
    join_wrapped,
    ocr_page_lines,
    page_lines,
    upright_page,
)
from .plausibility import image_cover, unusable_reason
from .running_lines import running_lines, running_warning
from .widgets import widget_chars


@reader("pdf", suffixes=(".pdf",), media_types=("application/pdf",))
def read_pdf(data: bytes) -> Reading:
    """Lines laid out by coordinates (see `pdf_layout`), running lines dropped, wrapped
    lines joined; text drawn in signature widgets placed where it is drawn; pages with no
    text layer OCRed where tesseract is installed. A PDF pdfminer cannot open or read
    (a lost cross-reference table, a cut download) is read from a copy pdfium repairs."""
    warnings: list[Warning] = []
    with _quiet("pdfminer"):
        try:
            read = _read_layout(data)
        except _Unreadable as exc:
            repaired = repair.repaired_copy(data, exc.cause)
            if repaired is None:
                raise ReadError(exc.message) from exc.cause
            try:
                read = _read_layout(repaired.data)
            except _Unreadable:
                raise ReadError(exc.message) from exc.cause
            data = repaired.data
            warnings.append(Warning(stage="ingest", code="pdf-repaired", removed=[],
                                    message=f"{exc.message}; read from a copy {repaired.how}"))
    pages, widgets, widths, covers, stats = read
    unusable = _drop_unusable_text(pages, covers, warnings)
    ocr = _ocr_blank_pages(data, pages, warnings, unusable, widths, stats)
    read_by_ocr = {p.page - 1: p.confidence for p in ocr}
    methods = [PageRead(page=n + 1, method="text-layer") if n not in read_by_ocr else
               PageRead(page=n + 1, method="ocr-fallback" if n in unusable else "ocr",
                        confidence=read_by_ocr[n]) for n in range(len(pages))]
    # Table rows stay out of the running-line count: a header row repeated on every page of
    # a long table is the table's, and `continue_tables` drops the repeats.
    text_lines = [[ln for ln in p if ln.kind != "table"] for p in pages]
    running = {id(text_lines[n][i]) for n, i in running_lines([[ln.text for ln in p] for p in text_lines])}
    dropped = [ln.text for p in text_lines for ln in p if id(ln) in running]
    kept_pages = [[ln for ln in p if id(ln) not in running] for p in pages]
    continue_tables(kept_pages, stats)
    lines = join_wrapped([ln for p in kept_pages for ln in p], document_margins(kept_pages), stats)
    if dropped:
        warnings.append(running_warning(dropped))
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
    return Reading("\n".join(lines), warnings, attributes=attributes, ocr=ocr, pages=methods)


@contextmanager
def _quiet(name: str) -> Iterator[None]:
    """Logger `name` at ERROR while a PDF is read: pdfminer logs a warning per damaged
    operator of a broken file ("Cannot set gray level …") to stderr, beside the batch's
    progress; what the damage costs is in the record (an error, or the text read)."""
    logger = logging.getLogger(name)
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


class _Unreadable(Exception):
    """pdfminer could not open the PDF or read one of its pages: `message` says which."""

    def __init__(self, message: str, cause: BaseException):
        super().__init__(message)
        self.message, self.cause = message, cause


def _read_layout(data: bytes) -> tuple[list[list[Line]], list[str], list[float], list[float], LayoutStats]:
    """Each page's lines by coordinates, the signature widgets' texts, each page's width
    and image cover; `_Unreadable` when the file cannot be opened or a page read."""
    import io

    import pdfplumber

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises many unrelated types on broken files
        if repair.encrypted(exc):
            raise ReadError(repair.ENCRYPTED) from exc
        raise _Unreadable(f"cannot open PDF: {repair.describe(exc)}", exc) from exc
    widgets: list[str] = []
    stats = LayoutStats()
    pages: list[list] = []
    widths: list[float] = []
    covers: list[float] = []
    with pdf:
        try:
            count = len(pdf.pages)
        except Exception as exc:  # a damaged page tree
            raise _Unreadable(f"cannot list the PDF's pages: {repair.describe(exc)}", exc) from exc
        most = config.limits().max_pdf_pages
        if count > most:
            raise ReadError(f"PDF has {count} pages, over the limit of {most} (extract --max-pages; "
                            "limits.max_pdf_pages in data/readers/formats.toml)")
        try:
            for n, as_stored in enumerate(pdf.pages):
                page = upright_page(pdf, as_stored, n, stats)
                drawn = widget_chars(page)
                widgets += [" ".join(c["text"] for c in group) for group in drawn]
                pages.append(page_lines(page, [c for group in drawn for c in group], n, stats))
                widths.append(float(page.width))
                covers.append(image_cover(page))
        except Exception as exc:  # a damaged content stream: say which page failed
            raise _Unreadable(f"cannot read PDF page {len(pages) + 1}: {repair.describe(exc)}", exc) from exc
    if not pages:
        raise _Unreadable("PDF has no pages that can be found (damaged page tree)", ReadError("no pages"))
    return pages, widgets, widths, covers, stats


def _drop_unusable_text(pages: list[list[Line]], covers: list[float],
                        warnings: list[Warning]) -> dict[int, str]:
    """Empty the pages whose text layer is no usable Vietnamese (see `plausibility`), so they
    are read like pages without one; page index -> why."""
    unusable = {n: why for n, page in enumerate(pages)
                if (why := unusable_reason("\n".join(ln.text for ln in page), covers[n]))}
    for n in unusable:
        pages[n] = []
    if unusable:
        warnings.append(Warning(stage="ingest", code="text-layer-unusable", removed=[],
                                message="text layer not used, read as a page without one: " + "; ".join(
                                    f"page {n + 1}: {why}" for n, why in unusable.items())))
    return unusable


def _ocr_blank_pages(data: bytes, pages: list[list], warnings: list[Warning],
                     unusable: dict[int, str], widths: list[float], stats: LayoutStats) -> list[OcrPage]:
    """OCR the pages that have no (usable) text layer, in place, where tesseract with
    Vietnamese data is installed; a PDF with no usable page without it is an error naming the
    install command, a partly scanned one a warning."""
    blank = [n for n, p in enumerate(pages) if not any(ln.text.strip() for ln in p)]
    if not blank:
        return []
    reason = ocr.available()
    if reason is not None:
        if len(blank) == len(pages):
            what = "no usable text layer" if unusable else "no text layer (scanned PDF)"
            raise ReadError(f"{what}; OCR is not available: {reason} ({ocr.INSTALL_HINT})")
        warnings.append(Warning(stage="ingest", code="no-text-layer", removed=[],
                                message=f"page(s) {', '.join(str(n + 1) for n in blank)} have no text "
                                        f"layer and were skipped; OCR is not available: {reason}"))
        return []
    try:
        read = ocr.ocr_pdf(data, pages=blank)
    except OcrError as exc:
        raise ReadError(f"no text layer (scanned PDF) and OCR failed: {exc}") from exc
    if len(blank) == len(pages) and not any(p.text.strip() for p in read):
        raise ReadError(f"no text layer (scanned PDF) and OCR found no text on its {len(pages)} page(s)")
    fixed: list[str] = []
    stamps: list[str] = []
    for page in read:
        boxes, stamp = ocr.drop_stamp(page.boxes)
        stamps += stamp
        lines = [ln for ln in ocr_page_lines(boxes, page.page - 1, widths[page.page - 1], stats)
                 if not ocr.is_speck(ln.text)]
        if page.page == 1:
            marks = set(ocr.header_specks([ln.text for ln in lines]))
            stamps += [ln.text for i, ln in enumerate(lines) if i in marks]
            lines = [ln for i, ln in enumerate(lines) if i not in marks]
        for line in lines:
            text = ocr.fix_header_words(line.text)
            if text != line.text:
                fixed.append(line.text)
                line.text = text
                line.parts = [(x0, x1, ocr.fix_header_words(t)) for x0, x1, t in line.parts]
        pages[page.page - 1] = lines
    # A heading is one segment; a line of several (two columns) keeps its numeral as read.
    ocr_lines = [ln for page in read for ln in pages[page.page - 1]]
    for restore in (ocr.restore_roman_markers, ocr.restore_item_markers):
        for i, text in restore([ln.text if len(ln.parts) <= 1 else "" for ln in ocr_lines]).items():
            line = ocr_lines[i]
            fixed.append(line.text)
            line.text = text
            line.parts = [(x0, x1, text) for x0, x1, _ in line.parts]
    warnings.append(Warning(
        stage="ingest", code="ocr", removed=[],
        message=f"OCR ({', '.join(sorted({p.engine for p in read}))}, vie) of page(s) with no text layer: "
        + "; ".join(
            f"page {p.page}: {p.words} words, mean confidence {p.confidence:.1f}" for p in read)
        + ". OCR text can misread diacritics: check values taken from it."))
    if stamps:
        warnings.append(Warning(stage="ingest", code="signature-stamp-removed", removed=stamps,
                                message=f"removed the {len(stamps)} line(s) of an e-signature stamp "
                                        "printed onto the scan: " + "; ".join(stamps[:6])))
    if fixed:
        warnings.append(Warning(stage="ingest", code="ocr-fixes", removed=fixed,
                                message=f"fixed known OCR misreadings of header words in {len(fixed)} "
                                        "line(s) (data/ocr_fixes.toml); the lines as read are listed"))
    return [OcrPage(page=p.page, words=p.words, confidence=round(p.confidence, 1)) for p in read]
